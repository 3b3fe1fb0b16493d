// What one command typed into `record` becomes: a step that does what it did, where it did it
// (`ip netns exec NS cmd` runs `cmd` with `in: NS`; `cmd &` is a background with a readiness
// condition), and the checks its outcome supports: a failure's exit status and stderr, what
// ping and curl printed, the state an `ip` or `iptables` listing showed. Made from what the
// sandbox printed, with the same readers `docs extract` uses on an article's outputs.
import type { CommandResult } from '../exec/command-result.js';
import { placement } from '../docs/extract.js';
import { boundedCommand, IPTABLES_LIST, iptablesCheck, iptablesTable, listingCheck, toolCheck } from '../docs/proposed-checks.js';

/** A step as it is written into the scenario file (the schema's input keys, in the order a person reads them). */
export interface StepText {
  name: string;
  in?: string;
  run?: string;
  background?: string;
  ready?: { port: number } | { started: true };
  timeout?: string;
  expect?: Record<string, unknown>;
  from_doc?: false;
}

/** What to run for a typed command, and why it differs from what was typed. */
export interface PlannedStep {
  step: StepText;
  note?: string;
}

/** A step name: the command (or the comment typed before it), one line, at most 60 characters. */
function nameOf(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57).replace(/\s+\S*$/, '')} ...` : line;
}

/** A server's port from its command line (`nc -l -p 5000`, `nc -lp 5000`, `python3 -m http.server 8080`). */
function listeningPort(command: string): number | undefined {
  const m =
    /\bhttp\.server(?:\s+--\S+(?:\s+\S+)?)*\s+(\d+)\b/.exec(command) ?? /\s-[a-z]*l[a-z]*p\s*(\d+)\b/.exec(command) ?? /\s-l\b.*\s-p\s*(\d+)\b/.exec(command);
  if (m) return Number(m[1]);
  return /\bhttp\.server\b/.test(command) ? 8000 : undefined;
}

/** A command that only changes the shell it runs in (`cd /x`, `export A=1`, `NS=ns1`). */
const SHELL_STATE = /^(?:cd|export|unset|alias|source|\.)(?:\s|$)|^[A-Za-z_]\w*=\S*$/;

/** The step a typed command (or `name`, a comment typed before it) becomes, before it runs. */
export function planStep(typed: string, name?: string): PlannedStep {
  const text = typed.trim();
  const background = /^(.*[^&])&\s*$/s.exec(text);
  const where = placement((background ? background[1]! : text).trim());
  const at = where.in ? { in: where.in } : {};
  if (background) {
    const port = listeningPort(where.run);
    return { step: { name: name ?? nameOf(text), ...at, background: where.run, ready: port ? { port } : { started: true } } };
  }
  const bounded = boundedCommand(where.run);
  const note =
    bounded.note ??
    (SHELL_STATE.test(text) ? 'each command is a step of its own: cd and variables set here do not reach the next one (chain them with &&)' : undefined);
  return { step: { name: name ?? nameOf(text), ...at, run: bounded.run }, ...(note ? { note } : {}) };
}

/** `iptables [-t T] -L [CHAIN] -n -v`: the same chains as rules, for checks (`-L` prints them in another spelling). */
export function rulesQuery(command: string): string | undefined {
  if (!IPTABLES_LIST.test(command)) return undefined;
  const words = command.split(/\s+/);
  const at = words.findIndex((w) => w === '--list' || /^-[a-zA-Z]*L[a-zA-Z]*$/.test(w));
  const chain = words[at + 1] && !words[at + 1]!.startsWith('-') ? ` ${words[at + 1]}` : '';
  return `${words[0]} -t ${iptablesTable(command)} -S${chain}`;
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');
/** The first line of what a command said on stderr, for `stderr: { contains }`. */
const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim())
    ?.trim();

/**
 * The checks `r` supports for `step`: ping/curl from their output (which also decide the exit
 * status); what a listing showed (`rules`: what `rulesQuery` printed, for `iptables -L`);
 * otherwise a failure's exit status and the first line of its stderr.
 */
export function inferChecks(step: StepText, r: CommandResult, rules?: string): Record<string, unknown> | undefined {
  if (step.run === undefined || r.timedOut || r.exitCode === undefined) return undefined;
  const tool = toolCheck(step.run, lines(`${r.stdout}${r.stderr}`), true);
  if (tool) return tool;
  const failed = r.exitCode !== 0;
  const listing = failed
    ? undefined
    : rules !== undefined
      ? iptablesCheck(`iptables -S -t ${iptablesTable(step.run)}`, lines(rules))
      : listingCheck(step.run, lines(r.stdout));
  if (listing) return listing;
  if (!failed) return undefined;
  const said = firstLine(r.stderr);
  return { exit: r.exitCode, ...(said ? { stderr: { contains: said.length > 120 ? said.slice(0, 120) : said } } : {}) };
}

/** A step that took long while recording gets a deadline that fits it (the default is 10 s). */
export function timeoutFor(durationMs: number): string | undefined {
  return durationMs > 8000 ? `${Math.ceil((durationMs * 1.5) / 1000) + 5}s` : undefined;
}
