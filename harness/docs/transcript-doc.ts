// Turns a Markdown document written as shell transcripts into scenarios: each command after a
// prompt (or a prompt-less line of a script block) is a step, the lines under it are its
// expected output. HTML-comment directives say what a transcript cannot:
//   <!-- netrecipes: world uplink=eth0 address=10.0.2.15/24 gateway=10.0.2.2 requires=ip,ping -->
//   <!-- netrecipes: in=netns0 expect-exit=2 -->   (in, timeout, skip, requires: the next block;
//                                                    the others: its first command, or command=N)
//   <!-- netrecipes: reset -->                      (what follows starts in a fresh sandbox)
// Every block is replayed, skipped with a reason or listed as not understood (`notes`).
import { ScenarioFileError, type FileProblem } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import { displayPath, fileError, readScenarioText, refusedFile, validateScenario } from '../scenario/validate.js';
import { findFiles } from '../scenario/find-files.js';
import { readBlock, type Reading } from './block-reading.js';
import { setDirectives, splitBlocks, type Block } from './markdown-blocks.js';
import { leavesShell } from '../run/terminals.js';
import { opensShell, readsInput } from './nested-shells.js';
import { bindingOf, fillPlaceholders, needsValue, placeholdersIn } from './placeholders.js';
import { withoutSudo } from './prompts.js';
import { patternProblem, userPattern, type UserPattern } from '../text/user-pattern.js';
import { scenarioInput, terminalOf, type Command } from './transcript-steps.js';
import { transcriptLocator } from './transcript-positions.js';

const BLOCK_KEYS = ['in', 'timeout', 'skip', 'requires', 'terminal'];
const COMMAND_KEYS = [
  'command',
  'expect-exit',
  'ignore-output',
  'background',
  'id',
  'ready-port',
  'ready-output',
  'ready-file',
  'within',
  'interrupt-after',
  'head',
  'bind',
];
const DOC_KEYS = ['world', 'uplink', 'address', 'gateway', 'internet', 'client', 'requires', 'kernel', 'id', 'tags', 'prompt'];

const SHELL_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal', 'shell', 'sh', 'bash', 'zsh', '', 'text', 'plaintext', 'txt']);

/** A block skipped with its reason, a line the reader did not understand, or a command that needs a value first. */
export interface DocNote {
  file: string;
  line: number;
  kind: 'skipped' | 'not understood' | 'needs a value';
  why: string;
}

/** How one fenced block was read, for an author to see what the tool understood. */
export interface BlockReading {
  file: string;
  line: number;
  how: Reading;
  why: string;
  /** Commands it gave to the replay. */
  commands: number;
}

export interface TranscriptDocument {
  /** As shown in reports (relative to the working folder when inside it). */
  file: string;
  /** As given, to read and rewrite. */
  path: string;
  scenarios: Scenario[];
  notes: DocNote[];
  /** Every fenced block, in order, with how it was read. */
  blocks: BlockReading[];
}

/** Applies the directives written before a block to its commands: block keys to all, the others to one. */
function direct(commands: Command[], block: Block, problem: (line: number, message: string) => void) {
  for (const d of block.commandDirectives) {
    const k = Number(d.directive.get('command') ?? '1');
    const target = commands[k - 1];
    if (!target) problem(d.line, `command=${k}: the block below has ${commands.length} commands`);
    else setDirectives(target, d.directive, d.line, (key) => key === 'command');
  }
}

/** Why a block is not replayed at all, or undefined: its language, a skip directive, its section. */
function skipReason(block: Block, includes: boolean): string | undefined {
  if (!SHELL_LANGS.has(block.lang)) return `a \`\`\`${block.lang} block is not a shell transcript`;
  if (block.directive.has('skip')) {
    const why = block.directive.get('skip');
    return `skip directive${why && why !== 'true' ? `: ${why}` : ''}`;
  }
  const { skipped, included } = block.section;
  if (skipped) return `section "${skipped.title}" skipped (line ${skipped.line}): ${skipped.why}`;
  if (includes && !included) return 'not in a section the document includes (include-section)';
  return undefined;
}

/**
 * What the document's commands are typed into: the first terminal a `# Terminal N` comment names
 * is the document's own, others are terminals of their own. A Ctrl-D ends the shell it is typed
 * into (a shell the command before it opened, or one opened earlier) unless that command reads
 * its input from the terminal.
 */
function placeInTerminals(commands: Command[]): Command[] {
  let first: string | undefined;
  const depth = new Map<string, number>();
  const out: Command[] = [];
  for (const c of commands) {
    if (c.terminalComment !== undefined) {
      first ??= c.terminalComment;
      if (c.terminalComment !== first) c.terminal = c.terminalComment;
    }
    out.push(c);
    const name = terminalOf(c);
    const run = withoutSudo(c.text);
    const level = (depth.get(name) ?? 0) + (opensShell(run) ? 1 : leavesShell(run) ? -1 : 0);
    depth.set(name, Math.max(0, level));
    if (c.keystroke === 'end-of-input' && level > 0 && (opensShell(run) || !readsInput(run))) {
      c.keystroke = undefined;
      out.push({ ...c, text: 'exit', typed: undefined, output: [], shown: false, keystroke: undefined, directive: new Map(), directiveLines: new Map() });
      depth.set(name, level - 1);
    }
  }
  return out;
}

/**
 * Placeholders: a command holding one that no earlier `bind=` fills is not run (a note says what
 * it needs); a bound one is run with the saved value.
 */
function fillValues(commands: Command[], note: (line: number, kind: DocNote['kind'], why: string) => void): Command[] {
  const bound = new Set<string>();
  return commands.filter((c) => {
    const placeholders = placeholdersIn(c.text);
    const missing = placeholders.filter((p) => !bound.has(p.name));
    for (const p of missing) note(c.line, 'needs a value', needsValue(p));
    if (!missing.length && placeholders.length) c.typed = fillPlaceholders(c.text, bound);
    const binding = bindingOf(c.directive.get('bind') ?? '');
    if (binding) bound.add(binding.name);
    return !missing.length;
  });
}

/** A document's `prompt=REGEX`, run like every author's pattern (text/user-pattern.ts). */
function customPrompt(source: string | undefined, problem: (message: string) => void): UserPattern | undefined {
  if (!source) return undefined;
  const bad = patternProblem(source);
  if (bad) return void problem(`prompt=${source}: ${bad}`);
  return userPattern(`^(?:${source})`);
}

export function parseTranscriptDocument(raw: string, file: string): TranscriptDocument {
  const shown = displayPath(file);
  const problems: FileProblem[] = [];
  const notes: DocNote[] = [];
  const blocks: BlockReading[] = [];
  const problem = (line: number, message: string) => problems.push({ file: shown, line, col: 1, message });
  const note = (line: number, kind: DocNote['kind'], why: string) => notes.push({ file: shown, line, kind, why });
  const doc = splitBlocks(raw, { doc: DOC_KEYS, block: BLOCK_KEYS, command: COMMAND_KEYS }, problem, note);
  const custom = customPrompt(doc.directive.get('prompt'), (message) => problem(doc.directiveLines.get('prompt') ?? 1, message));
  const parts: Command[][] = [[]];
  for (const block of doc.blocks) {
    if (block.reset && parts.at(-1)!.length) parts.push([]);
    const skipped = skipReason(block, doc.includes);
    if (skipped) {
      note(block.line, 'skipped', skipped);
      blocks.push({ file: shown, line: block.line, how: 'skipped', why: skipped, commands: 0 });
      continue;
    }
    // A shell a command opens (ip netns exec red bash) reads what the document types next: every
    // command goes to the document's terminal, as a reader types it.
    const read = readBlock(block, custom, note);
    if (read.how === 'output' && read.why !== 'empty') note(block.line, 'skipped', read.why);
    if (read.how === 'not understood') note(block.line, 'not understood', read.why);
    direct(read.commands, block, problem);
    blocks.push({ file: shown, line: block.line, how: read.how, why: read.why, commands: read.commands.length });
    parts.at(-1)!.push(...read.commands);
  }
  const placed = parts.map((p) => fillValues(placeInTerminals(p), note));
  if (!placed.flat().length) problem(1, 'no commands found: write them after a "$ " prompt in a ```console block, or as lines of a ```sh block');
  if (problems.length) throw fileError(problems);

  const scenarios = placed
    .filter((p) => p.length)
    .flatMap((commands, i, all) => {
      const result = validateScenario({
        file: shown,
        data: scenarioInput(doc, commands, file, all.length > 1 ? i + 1 : undefined, problem),
        locate: transcriptLocator(commands, doc.directiveLines),
        namesQuoteCommands: true,
      });
      if ('problems' in result) problems.push(...result.problems);
      return 'scenario' in result ? [result.scenario] : [];
    });
  if (problems.length) throw fileError(problems);
  notes.sort((a, b) => a.line - b.line);
  return { file: shown, path: file, scenarios, notes, blocks };
}

export async function loadTranscriptDocuments(paths: string[]): Promise<{ documents: TranscriptDocument[]; errors: ScenarioFileError[] }> {
  const { files, refused } = await findFiles(paths, (name) => /\.(md|markdown)$/i.test(name));
  const documents: TranscriptDocument[] = [];
  const errors: ScenarioFileError[] = refused.map(refusedFile);
  for (const f of files) {
    try {
      documents.push(parseTranscriptDocument(await readScenarioText(f), f));
    } catch (err) {
      if (err instanceof ScenarioFileError) errors.push(err);
      else throw err;
    }
  }
  return { documents, errors };
}
