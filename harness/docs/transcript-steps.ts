// What a transcript's commands become: the steps and the scenario input that scenario/validate.ts
// checks like any scenario file. Directives set a step's keys; a key the author pressed, a command
// a reader stops by hand, a show command, a grep that found nothing and a block's `requires=` add
// what the author did without writing it.
import { basename } from 'node:path';
import { shellQuote } from '../exec/shell-quote.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { displayPath } from '../scenario/validate.js';
import type { Keystroke } from '../text/keystrokes.js';
import type { Directed, Directive, MarkdownTranscript } from './markdown-blocks.js';
import { bindingOf, variableOf } from './placeholders.js';
import { withoutSudo } from './prompts.js';
import { readerStop } from './reader-stops.js';
import { leavesShell } from '../run/terminals.js';

type StepInput = ScenarioInput['steps'][number];

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** Show commands whose output settles a moment after a change (IPv6 DAD, carrier): retried briefly. */
const SHOW =
  /^(?:ip(?:\s+-\S+)*\s+(?:a|addr|address|r|route|l|link|n|neigh|neighbour)(?:\s+(?:show|list|ls|sh)\b.*)?|bridge(?:\s+-\S+)*\s+(?:fdb|link)(?:\s+show\b.*)?)\s*$/;
const SETTLE = '3s';

/** A command of a transcript, with what the document says about it. */
export interface Command extends Directed {
  line: number;
  text: string;
  output: string[];
  /** Document line of the first output line (or where it would go). */
  outputLine: number;
  shown: boolean;
  /** Its block's directives (its own `directive` holds those written for it alone). */
  block: Directive;
  /** The key the document shows pressed after it (`^C`, `Ctrl+C`, `<Ctrl-D>`). */
  keystroke?: Keystroke;
  /** The terminal a `# Terminal 2` comment before it in its block named. */
  terminalComment?: string;
  /** The terminal it is typed into, when not the document's own (set once the whole document is read). */
  terminal?: string;
  /** What is typed when it differs from what the document wrote (placeholders filled in). */
  typed?: string;
}

/** A pipeline that ends in grep: with nothing shown under it, the document shows grep finding nothing (exit 1). */
const ENDS_IN_GREP = /(?:^|\|)\s*(?:e|f)?grep\b[^|]*$/;

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
  const run = withoutSudo(c.typed ?? c.text);
  const name = `$ ${c.text.split('\n')[0]!.slice(0, 100)}`;
  const stop = readerStop(c);
  const interrupted = d.get('interrupt-after') ?? stop?.after;
  const requires = list(c.block.get('requires'));
  const timeout = d.get('timeout');
  const common = {
    name,
    in: d.get('in') ?? 'host',
    ...(timeout ? { timeout } : {}),
    // a background runs until the scenario ends: no one stops it by hand
    ...(interrupted && !d.has('background') ? { interrupt_after: interrupted } : {}),
    ...(requires.length
      ? { skip_unless: { run: requires.map(probe).join(' && '), reason: `the document's block needs ${requires.join(', ')} (${file}:${c.line})` } }
      : {}),
  };
  if (d.has('background')) {
    const id = d.get('id');
    const ready = readinessOf(d);
    return { ...common, background: run, ...(id ? { id } : {}), ...(ready ? { ready } : {}) };
  }
  const written = d.get('expect-exit');
  const grepFoundNothing = written === undefined && ENDS_IN_GREP.test(run) && !c.output.some((l) => l.trim());
  const exit =
    written === undefined
      ? grepFoundNothing
        ? 'any'
        : undefined
      : exitOf(written, () => problem(c.directiveLines.get('expect-exit') ?? c.line, `expect-exit=${written}: write an exit code, ${EXIT_WORDS.join(' or ')}`));
  const bind = d.get('bind');
  const binding = bind === undefined ? undefined : bindingOf(bind);
  if (bind !== undefined && !binding)
    problem(c.directiveLines.get('bind') ?? c.line, `bind=${bind}: write bind="NAME=REGEX", the placeholder's name and a regex whose first group is its value`);
  // a shell that ends says "exit" or "logout" itself: a document may show it or not
  const leaves = leavesShell(run) && c.output.every((l) => /^\s*(?:exit|logout)?\s*$/.test(l));
  const compare = c.shown && !d.has('ignore-output') && !leaves;
  const within = d.get('within') ?? (compare && SHOW.test(run.trim()) ? SETTLE : undefined);
  return {
    ...common,
    run,
    // one shell per terminal for the whole document, as a reader types into theirs
    terminal: terminalOf(c),
    ...(binding ? { save: { [variableOf(binding.name)]: binding.regex } } : {}),
    expect: {
      ...(exit !== undefined ? { exit } : {}),
      // a command the replay stopped: the document shows what the reader saw before stopping it
      ...(compare ? { transcript: { lines: c.output, file, line: c.outputLine, ...(d.has('head') || stop?.byReplay ? { head: true as const } : {}) } } : {}),
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

/** The scenario of one part of a document (`part`: its number when a reset splits the document). */
export function scenarioInput(
  doc: MarkdownTranscript,
  commands: Command[],
  file: string,
  part: number | undefined,
  problem: (line: number, message: string) => void,
): ScenarioInput {
  const d = doc.directive;
  const shown = displayPath(file);
  const title = doc.title ?? basename(file);
  const baseId =
    d.get('id') ??
    `doc-${basename(file)
      .replace(/\.[^.]+$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`;
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

/** The terminal a command is typed into: its directive's, its `# Terminal N` comment's, its block's, else the document's one. */
export function terminalOf(c: Command): string {
  return c.directive.get('terminal') ?? c.terminal ?? c.block.get('terminal') ?? 'main';
}
