// Turns a Markdown document written as shell transcripts into scenarios: each command after a
// prompt (or a prompt-less line of a script block) is a step, the lines under it are its
// expected output. HTML-comment directives say what a transcript cannot:
//   <!-- netrecipes: world uplink=eth0 address=10.0.2.15/24 gateway=10.0.2.2 requires=ip,ping -->
//   <!-- netrecipes: in=netns0 expect-exit=2 -->   (in, timeout, skip, requires: the next block;
//                                                    the others: its first command, or command=N)
//   <!-- netrecipes: reset -->                      (what follows starts in a fresh sandbox)
// Every block is replayed, skipped with a reason or listed as not understood (`notes`).
import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { ScenarioFileError, type FileProblem } from '../errors.js';
import type { Scenario, Step } from '../scenario/scenario.js';
import { scenarioSchema, type ScenarioInput } from '../scenario/schema.js';
import { staticChecks } from '../scenario/static-checks.js';
import { splitBlocks, type Block, type Directive } from './markdown-blocks.js';
import { shellQuote } from '../exec/shell-quote.js';
import { pendingEnd } from './shell-continuation.js';
import { afterPrompt, isComment, readsAsCommand, withoutSudo } from './prompts.js';

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
}

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
    current = { line: n, text, output: [], outputLine: n + 1, shown, directive: new Map(), block: block.directive };
    out.push(current);
    open = pendingEnd(text);
  };
  lines.forEach(({ n, text }, i) => {
    if (current && open) {
      // A pasted session shows the shell's continuation prompt `> `.
      current.text += `\n${current.shown ? text.replace(/^> ?/, '') : text}`;
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
    else for (const [key, v] of d.directive) if (key !== 'command') target.directive.set(key, v);
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

function stepOf(c: Command, file: string): Record<string, unknown> {
  const d = new Map([...c.block, ...c.directive]);
  const run = withoutSudo(c.text);
  const name = `$ ${c.text.split('\n')[0]!.slice(0, 100)}`;
  const interrupted = d.get('interrupt-after') ?? ctrlCAfter(c.output);
  const requires = list(c.block.get('requires'));
  const common = {
    name,
    in: d.get('in') ?? 'host',
    ...(d.get('timeout') ? { timeout: d.get('timeout') } : {}),
    ...(interrupted ? { interrupt_after: interrupted } : {}),
    ...(requires.length ? { skip_unless: { run: requires.map(probe).join(' && '), reason: `the document's block needs ${requires.join(', ')} (${file}:${c.line})` } } : {}),
  };
  if (d.has('background')) {
    const ready = d.get('ready-port') ? { port: Number(d.get('ready-port')) } : d.get('ready-output') ? { output: d.get('ready-output') } : d.get('ready-file') ? { file: d.get('ready-file') } : undefined;
    return { ...common, background: run, ...(d.get('id') ? { id: d.get('id') } : {}), ...(ready ? { ready } : {}) };
  }
  const exit = d.get('expect-exit');
  const compare = c.shown && !d.has('ignore-output');
  const within = d.get('within') ?? (compare && SHOW.test(run.trim()) ? SETTLE : undefined);
  return {
    ...common,
    run,
    expect: {
      ...(exit !== undefined ? { exit: /^\d+$/.test(exit) ? Number(exit) : exit } : {}),
      ...(compare ? { transcript: { lines: c.output, file, line: c.outputLine, ...(d.has('head') ? { head: true } : {}) } } : {}),
      ...(within ? { within } : {}),
    },
  };
}

export function parseTranscriptDocument(raw: string, file: string): TranscriptDocument {
  const shown = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
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
  if (problems.length) throw new ScenarioFileError(problems);

  const d = doc.directive;
  const world = d.has('world')
    ? {
        uplink: { ...(d.get('uplink') ? { name: d.get('uplink') } : {}), ...(d.get('address') ? { address: d.get('address') } : {}), ...(d.get('gateway') ? { gateway: d.get('gateway') } : {}) },
        ...(d.get('internet') ? { internet: list(d.get('internet')) } : {}),
        ...(d.get('client') ? { client: d.get('client') } : {}),
      }
    : undefined;
  const baseId = d.get('id') ?? `doc-${basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  const scenarios = parts.filter((p) => p.length).map((commands, i, all) => {
    const input: ScenarioInput = {
      id: all.length > 1 ? `${baseId}-part-${i + 1}` : baseId,
      title: all.length > 1 ? `${doc.title ?? basename(file)} (part ${i + 1}, after a reset)` : (doc.title ?? basename(file)),
      tags: ['transcript', ...list(d.get('tags'))],
      source: { doc: shown, section: doc.title ?? basename(file) },
      requires: { commands: list(d.get('requires')), kernel: list(d.get('kernel')) as never },
      ...(world ? { world } : {}),
      steps: commands.map((c) => stepOf(c, shown)) as never,
    };
    return toScenario(input, commands, shown, problem);
  });
  if (problems.length) throw new ScenarioFileError(problems);
  return { file: shown, path: file, scenarios, notes };
}

function toScenario(input: ScenarioInput, commands: Command[], shown: string, problem: (line: number, message: string) => void): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  const lineOf = (path: (string | number)[]) => (path[0] === 'steps' && typeof path[1] === 'number' ? (commands[path[1]]?.line ?? 1) : 1);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(lineOf(issue.path), `${issue.path.slice(2).join('.') || issue.path.join('.')}: ${issue.message}`);
    return undefined as never;
  }
  const steps: Step[] = parsed.data.steps.map((s, index) => ({ ...s, index, pos: { line: commands[index]!.line, col: 1 } }));
  for (const p of staticChecks(parsed.data, steps)) problem(lineOf(p.path), p.message);
  return { ...parsed.data, steps, file: shown, pos: { line: 1, col: 1 } };
}

export async function loadTranscriptDocuments(files: string[]): Promise<{ documents: TranscriptDocument[]; errors: ScenarioFileError[] }> {
  const documents: TranscriptDocument[] = [];
  const errors: ScenarioFileError[] = [];
  for (const f of files) {
    try {
      documents.push(parseTranscriptDocument(await readFile(f, 'utf8'), f));
    } catch (err) {
      if (err instanceof ScenarioFileError) errors.push(err);
      else errors.push(new ScenarioFileError([{ file: f, line: 1, col: 1, message: `cannot read: ${(err as Error).message}` }]));
    }
  }
  return { documents, errors };
}
