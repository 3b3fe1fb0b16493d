// `docs run --update`: rewrites a document's printed outputs with what the machine printed, as
// cram -i, trycmd's overwrite and moby's -update do. Lines that still match stay as written
// (their markers `...`, `(re)`, `(glob)`, their old MACs and times), `^C` lines and directives
// stay, only the differing lines change; the file keeps its line ends.
import { alignTranscript, machineLines, type TranscriptSpec } from '../expect/transcript.js';
import type { StepResult } from '../run/results.js';

/** One output to rewrite: the document's spec and what the machine printed. */
export interface OutputUpdate {
  spec: TranscriptSpec & { line: number };
  output: string;
}

/** The lines that replace `spec`'s non-blank core. */
function rewrittenLines(u: OutputUpdate): string[] {
  const end = u.spec.line + u.spec.lines.length;
  return alignTranscript(u.spec, u.output)
    .filter((d) => d.side !== 'document' || ((d.elided || d.optional) && d.line < end)) // not the virtual `...` of a first-lines-only output
    .map((d) => (d.side === 'machine' ? d.text.trimEnd() : d.text));
}

/** Where the core (without blank lines at either end) of an output sits, 0-based, end exclusive. */
function coreRange(spec: TranscriptSpec & { line: number }): [number, number] {
  let from = 0;
  let to = spec.lines.length;
  while (to > from && !spec.lines[to - 1]!.trim()) to--;
  while (from < to && !spec.lines[from]!.trim()) from++;
  return [spec.line - 1 + from, spec.line - 1 + to];
}

/** The document with every output of `updates` rewritten. */
export function updateDocument(text: string, updates: OutputUpdate[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.replace(/\r$/gm, '').split('\n');
  for (const u of [...updates].sort((a, b) => b.spec.line - a.spec.line)) {
    const [from, to] = coreRange(u.spec);
    lines.splice(from, to - from, ...rewrittenLines(u));
  }
  return lines.join(eol);
}

/** The outputs of one document's replay that differ from what it printed. */
export function outputUpdates(steps: StepResult[]): OutputUpdate[] {
  const out: OutputUpdate[] = [];
  for (const r of steps) {
    const spec = r.step.expect?.transcript;
    // Only outputs that differ from a command that otherwise did as the document says.
    const bad = r.verdicts.some((v) => v.kind === 'transcript' && !v.ok) && r.verdicts.every((v) => v.ok || v.kind === 'transcript');
    if (!bad || !r.result || !spec || Array.isArray(spec) || spec.line === undefined) continue;
    const output = machineLines(r.result.stdout + r.result.stderr).join('\n');
    out.push({ spec: { ...spec, line: spec.line }, output });
  }
  return out;
}
