// Where a problem of a scenario read from a Markdown transcript is written: on the line of the
// directive that set the value, on the output line a transcript line came from, else on the
// command's line (what a YAML node's position is for a scenario file).
import type { Path, Position } from '../scenario/positions.js';

/** A command as far as positions go: its line, its output's first line, its directives' lines. */
export interface PlacedCommand {
  line: number;
  outputLine: number;
  directiveLines: Map<string, number>;
}

/** The directive keys that write the value at a path (of a step, of the scenario); specific paths first. */
type DirectiveTable = [string, string[]][];
const STEP_DIRECTIVES: DirectiveTable = [
  ['expect.exit', ['expect-exit']],
  ['expect.within', ['within']],
  ['interrupt_after', ['interrupt-after']],
  ['skip_unless', ['requires']],
  ['ready', ['ready-port', 'ready-output', 'ready-file']],
  ['background', ['background']],
  ['timeout', ['timeout']],
  ['in', ['in']],
  ['terminal', ['terminal']],
  ['save', ['bind']],
  ['id', ['id']],
];
const DOC_DIRECTIVES: DirectiveTable = [
  ['world.uplink.name', ['uplink']],
  ['world.uplink.address', ['address']],
  ['world.uplink.gateway', ['gateway']],
  ['world.internet', ['internet']],
  ['world.client', ['client']],
  ['world', ['world']],
  ['requires.commands', ['requires']],
  ['requires.kernel', ['kernel']],
  ['tags', ['tags']],
  ['id', ['id']],
];

function directiveLine(table: DirectiveTable, path: Path, lines: Map<string, number>): number | undefined {
  const written = path.join('.');
  const keys = table.find(([prefix]) => written === prefix || written.startsWith(`${prefix}.`))?.[1] ?? [];
  return keys.map((k) => lines.get(k)).find((l) => l !== undefined);
}

/** Maps a path into the scenario built from `commands` (step i is command i) to its line in the document. */
export function transcriptLocator(commands: PlacedCommand[], docDirectiveLines: Map<string, number>): (path: Path) => Position {
  const at = (line: number): Position => ({ line, col: 1 });
  return (path) => {
    const c = path[0] === 'steps' && typeof path[1] === 'number' ? commands[path[1]] : undefined;
    if (!c) return at(directiveLine(DOC_DIRECTIVES, path, docDirectiveLines) ?? 1);
    const [key, kind, ...rest] = path.slice(2);
    if (key === 'expect' && kind === 'transcript') {
      // A static check names the line (transcript.N), the schema the lines list (transcript.lines.N).
      const i = rest[0] === 'lines' ? rest[1] : rest[0];
      return at(c.outputLine + (typeof i === 'number' ? i : 0));
    }
    return at(directiveLine(STEP_DIRECTIVES, path.slice(2), c.directiveLines) ?? c.line);
  };
}
