// Turns a Markdown document written as shell transcripts into scenarios: each command after a
// prompt (or a prompt-less line of a script block) is a step, the lines under it are its
// expected output. HTML-comment directives say what a transcript cannot:
//   <!-- netrecipes: world uplink=eth0 address=10.0.2.15/24 gateway=10.0.2.2 requires=ip,ping -->
//   <!-- netrecipes: in=netns0 expect-exit=2 -->   (in, timeout, skip, requires: the next block;
//                                                    the others: its first command, or command=N)
//   <!-- netrecipes: reset -->                      (what follows starts in a fresh sandbox)
// Every block is replayed, skipped with a reason or listed as not understood (`notes`).
import { basename } from 'node:path';
import { ScenarioFileError, type FileProblem } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { displayPath, fileError, readScenarioText, validateScenario } from '../scenario/validate.js';
import { splitBlocks, type Block, type Directive, type MarkdownTranscript } from './markdown-blocks.js';
import { shellQuote } from '../exec/shell-quote.js';
import { pendingEnd } from './shell-continuation.js';
import { transcriptLocator } from './transcript-positions.js';
import { afterPrompt, isComment, readsAsCommand, withoutContinuationPrompt, withoutSudo } from './prompts.js';

export const BLOCK_KEYS = ['in', 'timeout', 'skip', 'requires'];
export const COMMAND_KEYS = ['command', 'expect-exit', 'ignore-output', 'background', 'id', 'ready-port', 'ready-output', 'ready-file', 'within', 'interrupt-after', 'head'];
export const DOC_KEYS = ['world', 'uplink', 'address', 'gateway', 'internet', 'client', 'requires', 'kernel', 'id', 'tags', 'prompt'];

const TRANSCRIPT_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal', 'shell', 'sh', 'bash', 'zsh', '', 'text', 'plaintext', 'txt']);
const SCRIPT_LANGS = new Set(['shell', 'sh', 'bash', 'zsh']);
const SESSION_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal']);
/** Show commands whose output settles a moment after a change (IPv6 DAD, carrier): retried briefly. */
const SHOW = /^(?:ip(?:\s+-\S+)*\s+(?:a|addr|address|r|route|l|link|n|neigh|neighbour)(?:\s+(?:show|list|ls|sh)\b.*)?|bridge(?:\s+-\S+)*\s+(?:fdb|link)(?:\s+show\b.*)?)\s*$/;
const SETTLE = '3s';
/** Commands that open an interactive shell: what the document types next runs inside it. */
const INTERACTIVE = /^(?:ip netns exec \S+|nsenter(?: --?\S+)*|docker exec -it? \S+|unshare(?: --?\S+)*)\s+(?:ba|z)?sh\s*$|^nsenter(?: --?\S+)*\s*$/;

/** A block skipped with its reason, or a line the reader did not understand. */
export interface DocNote {
  file: string;
  line: number;
  kind: 'skipped' | 'not understood';
  why: string;
}

interface Command {
  line: number;
  text: string;
  output: string[];
  /** Document line of the first output line (or where it would go). */
  outputLine: number;
  shown: boolean;
  directive: Directive;
  block: Directive;
  /** The line each directive key that applies to the command is written on. */
  directiveLines: Map<string, number>;
}

type StepInput = ScenarioInput['steps'][number];

export interface TranscriptDocument {
  /** As shown in reports (relative to the working folder when inside it). */
  file: string;
  /** As given, to read and rewrite. */
  path: string;
  scenarios: Scenario[];
  notes: DocNote[];
}

const list = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);

/** Commands of one block, with their output lines. */
function blockCommands(block: Block, customPrompt: RegExp | undefined, note: (line: number, kind: DocNote['kind'], why: string) => void): Command[] {
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
    else
      for (const [key, v] of d.directive) {
        if (key === 'command') continue;
        target.directive.set(key, v);
        target.directiveLines.set(key, d.line);
      }
  }
}

/**
 * When the author pressed Ctrl-C (a `^C` line): after as many seconds as the output shows
 * replies, less half a second (ping's default interval is 1s), else after 2s.
 */
function ctrlCAfter(output: string[]): string | undefined {
  if (!output.some((l) => /^\s*\^C\s*$/.test(l))) return undefined;
  const replies = output.filter((l) => /\bicmp_seq=\d+/.test(l)).length;
  return replies ? `${replies * 1000 - 500}ms` : '2s';
}

/** How a block's `requires=` is checked: a running Docker daemon for docker, else the command on PATH. */
const probe = (what: string) => (what === 'docker' ? 'docker info >/dev/null 2>&1' : `command -v ${shellQuote(what)} >/dev/null`);

/** How a command waits for its background process: the first ready-* directive it has. */
function readinessOf(d: Directive): StepInput['ready'] {
  const port = d.get('ready-port');
  const output = d.get('ready-output');
  const file = d.get('ready-file');
  if (port) return { port: Number(port) };
  if (output) return { output };
  if (file) return { file };
  return undefined;
}

const EXIT_WORDS = ['nonzero', 'any'] as const;
/** `expect-exit=2`, `=nonzero`, `=any`; another word is a problem of its directive. */
function exitOf(value: string, problem: () => void): NonNullable<StepInput['expect']>['exit'] {
  if (/^\d+$/.test(value)) return Number(value);
  const word = EXIT_WORDS.find((w) => w === value);
  if (!word) problem();
  return word;
}

function stepOf(c: Command, file: string, problem: (line: number, message: string) => void): StepInput {
  const d = new Map([...c.block, ...c.directive]);
  const run = withoutSudo(c.text);
  const name = `$ ${c.text.split('\n')[0]!.slice(0, 100)}`;
  const interrupted = d.get('interrupt-after') ?? ctrlCAfter(c.output);
  const requires = list(c.block.get('requires'));
  const timeout = d.get('timeout');
  const common = {
    name,
    in: d.get('in') ?? 'host',
    ...(timeout ? { timeout } : {}),
    ...(interrupted ? { interrupt_after: interrupted } : {}),
    ...(requires.length ? { skip_unless: { run: requires.map(probe).join(' && '), reason: `the document's block needs ${requires.join(', ')} (${file}:${c.line})` } } : {}),
  };
  if (d.has('background')) {
    const id = d.get('id');
    const ready = readinessOf(d);
    return { ...common, background: run, ...(id ? { id } : {}), ...(ready ? { ready } : {}) };
  }
  const written = d.get('expect-exit');
  const exit = written === undefined ? undefined : exitOf(written, () => problem(c.directiveLines.get('expect-exit') ?? c.line, `expect-exit=${written}: write an exit code, ${EXIT_WORDS.join(' or ')}`));
  const compare = c.shown && !d.has('ignore-output');
  const within = d.get('within') ?? (compare && SHOW.test(run.trim()) ? SETTLE : undefined);
  return {
    ...common,
    run,
    expect: {
      ...(exit !== undefined ? { exit } : {}),
      ...(compare ? { transcript: { lines: c.output, file, line: c.outputLine, ...(d.has('head') ? { head: true as const } : {}) } } : {}),
      ...(within ? { within } : {}),
    },
  };
}

/** The world the document's directives declare, or none. */
function worldOf(d: Directive): ScenarioInput['world'] {
  if (!d.has('world')) return undefined;
  const [name, address, gateway, internet, client] = ['uplink', 'address', 'gateway', 'internet', 'client'].map((k) => d.get(k));
  return {
    uplink: { ...(name ? { name } : {}), ...(address ? { address } : {}), ...(gateway ? { gateway } : {}) },
    ...(internet ? { internet: list(internet) } : {}),
    ...(client ? { client } : {}),
  };
}

export function parseTranscriptDocument(raw: string, file: string): TranscriptDocument {
  const shown = displayPath(file);
  const problems: FileProblem[] = [];
  const notes: DocNote[] = [];
  const problem = (line: number, message: string) => problems.push({ file: shown, line, col: 1, message });
  const note = (line: number, kind: DocNote['kind'], why: string) => notes.push({ file: shown, line, kind, why });
  const doc = splitBlocks(raw, { doc: DOC_KEYS, block: BLOCK_KEYS, command: COMMAND_KEYS }, problem, note);
  const custom = doc.directive.get('prompt') ? new RegExp(`^(?:${doc.directive.get('prompt')})`) : undefined;
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

/** The scenario of one part of a document (`part`: its number when a reset splits the document). */
function scenarioInput(doc: MarkdownTranscript, commands: Command[], file: string, part: number | undefined, problem: (line: number, message: string) => void): ScenarioInput {
  const d = doc.directive;
  const shown = displayPath(file);
  const title = doc.title ?? basename(file);
  const baseId = d.get('id') ?? `doc-${basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  const world = worldOf(d);
  return {
    id: part ? `${baseId}-part-${part}` : baseId,
    title: part ? `${title} (part ${part}, after a reset)` : title,
    tags: ['transcript', ...list(d.get('tags'))],
    source: { doc: shown, section: title },
    requires: { commands: list(d.get('requires')), kernel: list(d.get('kernel')) },
    ...(world ? { world } : {}),
    steps: commands.map((c) => stepOf(c, shown, problem)),
  };
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
