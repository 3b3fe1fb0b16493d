// Checks a schema cannot express: references between steps (netns names, background ids) and
// expectations that need a command's output. Each problem carries the path it is about.
import { HOST, WORLD_NAMES, backgroundId, isWorldName, stepAction, type Step } from './scenario.js';
import { DEFAULT_STEP_TIMEOUT_MS, type ScenarioData } from './schema.js';
import { refsIn } from './substitute.js';
import type { Path } from './positions.js';
import { variableChecks } from './variable-checks.js';
import { patternProblem, userPattern, type UserPattern } from '../text/user-pattern.js';
import { KINDS, OUTPUT_KINDS, written } from '../expect/kinds.js';

export interface PathProblem {
  path: (string | number)[];
  message: string;
}

const NETNS_ADD = /\bip\s+netns\s+add\s+([A-Za-z0-9_.${}-]+)/g;

/** How often `ping`/`curl` appears as a word outside comments: a ping or curl expectation judges one. */
function commandsNamed(tool: string, script: string): number {
  const word = new RegExp(`(?<![\\w./-])${tool}(?![\\w./:=-])`, 'g');
  return script
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .reduce((n, l) => n + (l.match(word)?.length ?? 0), 0);
}

/** A kind that parses one command (ping:, curl:) judges one run of it: a step that runs it twice is split. */
function checkOneToolRun(step: Step, base: (string | number)[], out: PathProblem[]): void {
  if (step.run === undefined) return;
  for (const { kind } of written(OUTPUT_KINDS, step.expect ?? {})) {
    const tool = kind.tool?.command;
    const n = tool === undefined ? 0 : commandsNamed(tool, step.run);
    if (n > 1)
      out.push({
        path: [...base, 'expect', kind.key],
        message: `this step runs ${n} ${tool} commands, but a ${kind.key}: expectation judges one: split it into one step per ${tool}`,
      });
  }
}

function netnsCreatedBy(text: string | undefined): string[] {
  return text ? [...text.matchAll(NETNS_ADD)].map((m) => m[1]!) : [];
}

/** Names made in a loop (`ip netns add netns$i`) stand for any text in place of the variable. */
class NetnsNames {
  private readonly exact = new Set<string>();
  private readonly patterns: UserPattern[] = [];
  add(name: string): void {
    if (!name.includes('$')) this.exact.add(name);
    else {
      const parts = name.split(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/).map((p) => p.replace(/[.*+?^()|[\]\\]/g, '\\$&'));
      this.exact.add(name);
      this.patterns.push(userPattern(`^${parts.join('.+')}$`));
    }
  }
  has(name: string): boolean {
    return this.exact.has(name) || this.patterns.some((p) => p.test(name));
  }
  list(): string[] {
    return [...this.exact];
  }
}

const TEXT_KINDS = new Set(['stdout', 'stderr', 'output', 'body']);

/** Why a pattern of the scenario cannot run (see text/user-pattern.ts), or undefined. */
const compiles = (source: string, flags: '' | 'm'): string | undefined => patternProblem(source, { multiline: flags === 'm' });

/**
 * Every regular expression of an expectation, wherever it sits: `regex`/`not_regex` of a text
 * match, a transcript line ending in ` (re)`, and any pattern value written "/re/" (list
 * patterns, conntrack tuples, capture packets, iptables rules).
 */
function* regexesIn(value: unknown, path: Path): Generator<[Path, string, '' | 'm']> {
  if (typeof value === 'string') {
    const re = /^\/(.+)\/$/s.exec(value);
    if (re) yield [path, re[1]!, ''];
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* regexesIn(v, [...path, i]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'transcript' && v && typeof v === 'object')
        for (const [i, line] of (Array.isArray(v) ? (v as string[]) : (v as { lines: string[] }).lines).entries()) {
          if (line.endsWith(' (re)')) yield [[...path, k, i], line.slice(0, -5), ''];
        }
      else if (TEXT_KINDS.has(k) && v && typeof v === 'object')
        for (const r of ['regex', 'not_regex'] as const)
          for (const [i, src] of ((v as Record<string, string[]>)[r] ?? []).entries()) yield [[...path, k, r, i], src, 'm'];
      else if (!TEXT_KINDS.has(k) && k !== 'args') yield* regexesIn(v, [...path, k]);
    }
  }
}

function checkRegexes(step: Step, base: Path, out: PathProblem[]): void {
  for (const [path, source, flags] of regexesIn(step.expect ?? {}, [...base, 'expect'])) {
    const bad = compiles(source, flags);
    if (bad) out.push({ path, message: bad });
  }
  if (step.ready && 'output' in step.ready) {
    const bad = compiles(step.ready.output, 'm');
    if (bad) out.push({ path: [...base, 'ready', 'output'], message: bad });
  }
  const xfailRe = step.xfail?.failure && /^\/(.+)\/$/s.exec(step.xfail.failure)?.[1];
  const xfailBad = xfailRe ? compiles(xfailRe, '') : undefined;
  if (xfailBad) out.push({ path: [...base, 'xfail', 'failure'], message: xfailBad });
}

/** What the walk over the steps knows so far, and the problems it found. */
interface Walk {
  netns: NetnsNames;
  backgrounds: Set<string>;
  out: PathProblem[];
}

/** A step does one thing (run, kselftest, background, stop) or only checks. */
function checkActions(step: Step, base: Path, out: PathProblem[]): void {
  const actions = (['run', 'kselftest', 'background', 'stop'] as const).filter((k) => step[k] !== undefined);
  if (actions.length > 1) out.push({ path: base, message: `a step does one thing: it has ${actions.join(' and ')}` });
  if (actions.length === 0 && !step.expect) out.push({ path: base, message: 'a step needs run, kselftest, background, stop or expect' });
}

/** `in` names a netns made by an earlier step; the netns a step makes are known after it. */
function checkNetns(step: Step, base: Path, { netns, out }: Walk): void {
  // An unknown ${x} in `in` is said by the variable checks.
  if (!netns.has(step.in) && !refsIn(step.in).length) {
    const hint = isWorldName(step.in) ? ' (declare world: in the scenario)' : '';
    out.push({
      path: [...base, 'in'],
      message: `unknown netns "${step.in}"${hint}: no earlier step runs "ip netns add ${step.in}"; known: ${netns.list().join(', ')}`,
    });
  }
  // `ip netns exec X` runs in a mount namespace of its own: a netns named there is unmounted
  // when the step ends, and later steps get "Invalid argument". The host and the world keep it.
  const persists = step.in === HOST || isWorldName(step.in);
  for (const key of ['run', 'background'] as const) {
    for (const n of netnsCreatedBy(step[key])) {
      if (persists) netns.add(n);
      else
        out.push({
          path: [...base, key],
          message: `netns "${n}" made inside netns "${step.in}" is gone when the step ends: create it in a step on the sandbox host (in: host)`,
        });
    }
  }
}

/** Background ids are unique and stop steps name an earlier one; id and ready belong to a background step. */
function checkBackgrounds(step: Step, base: Path, { backgrounds, out }: Walk): void {
  const action = stepAction(step);
  if ((step.id !== undefined || step.ready !== undefined) && action !== 'background')
    out.push({ path: [...base, step.id !== undefined ? 'id' : 'ready'], message: 'id and ready belong to a background step' });
  if (action === 'background') {
    const id = backgroundId(step);
    if (backgrounds.has(id)) out.push({ path: [...base, 'id'], message: `background id "${id}" is used twice` });
    backgrounds.add(id);
  }
  if (action === 'stop' && !backgrounds.has(step.stop!)) out.push({ path: [...base, 'stop'], message: `no earlier background step has id "${step.stop}"` });
}

/** interrupt_after, terminal and save belong to a run step; save's regexes need a group. */
function checkRunKeys(step: Step, base: Path, out: PathProblem[]): void {
  const action = stepAction(step);
  if (step.interrupt_after !== undefined) {
    if (action !== 'run') out.push({ path: [...base, 'interrupt_after'], message: 'interrupt_after belongs to a run step (it sends SIGINT to the command)' });
    const timeout = step.timeout ?? DEFAULT_STEP_TIMEOUT_MS;
    if (step.interrupt_after >= timeout)
      out.push({
        path: [...base, 'interrupt_after'],
        message: `interrupt_after (${step.interrupt_after} ms) must be shorter than the step timeout (${timeout} ms)`,
      });
  }
  if (step.terminal !== undefined && action !== 'run')
    out.push({ path: [...base, 'terminal'], message: 'terminal belongs to a run step (its command is typed into that shell)' });
  if (step.save && action !== 'run') out.push({ path: [...base, 'save'], message: "save reads a command's stdout, but this step has no run" });
  for (const [name, re] of Object.entries(step.save ?? {})) {
    const bad = compiles(re, 'm') ?? (/\((?!\?:)/.test(re) ? undefined : 'the regex needs a (group) to save');
    if (bad) out.push({ path: [...base, 'save', name], message: bad });
  }
}

/**
 * The kinds a step may have: a kselftest step's exit status is its verdict (0, 4, else), so only
 * its output and the sandbox's state can be checked besides; a step without a command has no
 * output to judge, but a stop step judges what the stopped process printed.
 */
function checkKindsAllowed(step: Step, base: Path, out: PathProblem[]): void {
  const action = stepAction(step);
  const given = written(OUTPUT_KINDS, step.expect ?? {}).map(({ kind }) => kind);
  if (action === 'kselftest')
    for (const { key } of given.filter((k) => !k.onKselftestStep))
      out.push({
        path: [...base, 'expect', key],
        message: `"${key}" does not apply to a kselftest step: its exit status decides (0 passes, 4 skips, anything else fails)`,
      });
  if (action === 'run' || action === 'kselftest') return;
  const onStop = OUTPUT_KINDS.filter((k) => k.onStopStep).map((k) => k.key);
  for (const { key } of given.filter((k) => action !== 'stop' || !k.onStopStep))
    out.push({
      path: [...base, 'expect', key],
      message: `"${key}" judges a command's output, but this step has no run${action === 'stop' ? ` (a stop step allows ${onStop.join(', ')})` : ''}`,
    });
}

/** What each kind's own rules say of its value (keys that need each other, references to backgrounds). */
function checkKindValues(step: Step, base: Path, { backgrounds, out }: Walk): void {
  for (const { kind, spec } of written(KINDS, step.expect ?? {}))
    for (const p of kind.fileProblems?.(spec, { backgrounds }) ?? []) out.push({ path: [...base, 'expect', kind.key, ...p.path], message: p.message });
}

/** `namesQuoteCommands`: the step names quote their commands (a document's), see variableChecks. */
export function staticChecks(data: ScenarioData, steps: Step[], namesQuoteCommands = false): PathProblem[] {
  const walk: Walk = { netns: new NetnsNames(), backgrounds: new Set<string>(), out: [] };
  walk.netns.add(HOST);
  if (data.world) WORLD_NAMES.forEach((n) => walk.netns.add(n));
  for (const step of steps) {
    const base = ['steps', step.index];
    checkActions(step, base, walk.out);
    checkNetns(step, base, walk);
    checkBackgrounds(step, base, walk);
    checkRunKeys(step, base, walk.out);
    checkKindsAllowed(step, base, walk.out);
    checkKindValues(step, base, walk);
    checkRegexes(step, base, walk.out);
    checkOneToolRun(step, base, walk.out);
  }
  walk.out.push(...variableChecks(steps, data.vars, namesQuoteCommands));
  return walk.out;
}
