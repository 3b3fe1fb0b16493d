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
import { displayPath, fileError, readScenarioText, validateScenario } from '../scenario/validate.js';
import { setDirectives, splitBlocks, type Block } from './markdown-blocks.js';
import { pendingEnd } from './shell-continuation.js';
import { scenarioInput, type Command } from './transcript-steps.js';
import { transcriptLocator } from './transcript-positions.js';
import { patternProblem, userPattern, type UserPattern } from '../text/user-pattern.js';
import { afterPrompt, isComment, readsAsCommand, withoutContinuationPrompt, withoutSudo } from './prompts.js';

export const BLOCK_KEYS = ['in', 'timeout', 'skip', 'requires'];
export const COMMAND_KEYS = ['command', 'expect-exit', 'ignore-output', 'background', 'id', 'ready-port', 'ready-output', 'ready-file', 'within', 'interrupt-after', 'head'];
export const DOC_KEYS = ['world', 'uplink', 'address', 'gateway', 'internet', 'client', 'requires', 'kernel', 'id', 'tags', 'prompt'];

const TRANSCRIPT_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal', 'shell', 'sh', 'bash', 'zsh', '', 'text', 'plaintext', 'txt']);
const SCRIPT_LANGS = new Set(['shell', 'sh', 'bash', 'zsh']);
const SESSION_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal']);
/** Commands that open an interactive shell: what the document types next runs inside it. */
const INTERACTIVE = /^(?:ip netns exec \S+|nsenter(?: --?\S+)*|docker exec -it? \S+|unshare(?: --?\S+)*)\s+(?:ba|z)?sh\s*$|^nsenter(?: --?\S+)*\s*$/;

/** A block skipped with its reason, or a line the reader did not understand. */
export interface DocNote {
  file: string;
  line: number;
  kind: 'skipped' | 'not understood';
  why: string;
}

export interface TranscriptDocument {
  /** As shown in reports (relative to the working folder when inside it). */
  file: string;
  /** As given, to read and rewrite. */
  path: string;
  scenarios: Scenario[];
  notes: DocNote[];
}

/** Commands of one block, with their output lines. */
function blockCommands(block: Block, customPrompt: UserPattern | undefined, note: (line: number, kind: DocNote['kind'], why: string) => void): Command[] {
  const { lang, lines } = block;
  const script = SCRIPT_LANGS.has(lang);
  const prompted = lines.map((l) => afterPrompt(l.text, lang, customPrompt));
  const anyPrompt = prompted.some((p) => p !== undefined);
  if (!anyPrompt && !script) {
    if (lines.some((l) => l.text.trim()))
      note(block.line, SESSION_LANGS.has(lang) ? 'not understood' : 'skipped', SESSION_LANGS.has(lang) ? `a \`\`\`${lang} block without a prompt (output without its command?)` : `no prompt in a \`\`\`${lang || '(plain)'} block: output or a file`);
    return [];
  }
  const out: Command[] = [];
  let current: Command | undefined;
  let open: string | undefined;
  const start = (n: number, text: string, shown: boolean) => {
    current = { line: n, text, output: [], outputLine: n + 1, shown, directive: new Map(), block: block.directive, directiveLines: new Map(block.directiveLines) };
    out.push(current);
    open = pendingEnd(text);
  };
  lines.forEach(({ n, text }, i) => {
    if (current && open) {
      // A pasted session shows the shell's continuation prompt `> `.
      current.text += `\n${current.shown ? withoutContinuationPrompt(text) : text}`;
      current.outputLine = n + 1;
      open = pendingEnd(current.text);
      return;
    }
    const p = prompted[i];
    if (p !== undefined) {
      if (isComment(p)) current = undefined;
      else start(n, p, true);
      return;
    }
    const beforeFirstPrompt = !out.some((c) => c.shown);
    if ((beforeFirstPrompt || (script && readsAsCommand(text))) && (!current?.shown || readsAsCommand(text))) {
      if (!isComment(text)) start(n, text.trim(), false);
      return;
    }
    if (current?.shown) {
      if (!current.output.length) current.outputLine = n;
      current.output.push(text);
    } else if (text.trim()) note(n, 'not understood', `"${text.trim().slice(0, 60)}" is neither a command nor the output of one`);
  });
  if (open && current) note(current.line, 'not understood', `the command still waits for ${open} at the end of the block`);
  return out;
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
  const problem = (line: number, message: string) => problems.push({ file: shown, line, col: 1, message });
  const note = (line: number, kind: DocNote['kind'], why: string) => notes.push({ file: shown, line, kind, why });
  const doc = splitBlocks(raw, { doc: DOC_KEYS, block: BLOCK_KEYS, command: COMMAND_KEYS }, problem, note);
  const custom = customPrompt(doc.directive.get('prompt'), (message) => problem(doc.directiveLines.get('prompt') ?? 1, message));
  const parts: Command[][] = [[]];
  for (const block of doc.blocks) {
    if (block.reset && parts.at(-1)!.length) parts.push([]);
    if (!TRANSCRIPT_LANGS.has(block.lang)) {
      note(block.line, 'skipped', `a \`\`\`${block.lang} block is not a shell transcript`);
      continue;
    }
    if (block.directive.has('skip')) {
      const why = block.directive.get('skip');
      note(block.line, 'skipped', `skip directive${why && why !== 'true' ? `: ${why}` : ''}`);
      continue;
    }
    const commands = blockCommands(block, custom, note).filter((c) => {
      if (!INTERACTIVE.test(withoutSudo(c.text).trim())) return true;
      note(c.line, 'not understood', `"${c.text}" opens an interactive shell; write the commands after it with ip netns exec, or in=NS`);
      return false;
    });
    direct(commands, block, problem);
    parts.at(-1)!.push(...commands);
  }
  if (!parts.flat().length) problem(1, 'no commands found: write them after a "$ " prompt in a ```console block');
  if (problems.length) throw fileError(problems);

  const scenarios = parts
    .filter((p) => p.length)
    .flatMap((commands, i, all) => {
      const result = validateScenario({ file: shown, data: scenarioInput(doc, commands, file, all.length > 1 ? i + 1 : undefined, problem), locate: transcriptLocator(commands, doc.directiveLines) });
      if ('problems' in result) problems.push(...result.problems);
      return 'scenario' in result ? [result.scenario] : [];
    });
  if (problems.length) throw fileError(problems);
  return { file: shown, path: file, scenarios, notes };
}

export async function loadTranscriptDocuments(files: string[]): Promise<{ documents: TranscriptDocument[]; errors: ScenarioFileError[] }> {
  const documents: TranscriptDocument[] = [];
  const errors: ScenarioFileError[] = [];
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
