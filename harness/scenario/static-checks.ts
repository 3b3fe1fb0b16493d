// Checks a schema cannot express: references between steps (netns names, background ids) and
// expectations that need a command's output. Each problem carries the path it is about.
import { HOST, WORLD_NAMES, backgroundId, stepAction, type Step } from './scenario.js';
import type { ScenarioData } from './schema.js';

export interface PathProblem {
  path: (string | number)[];
  message: string;
}

const NETNS_ADD = /\bip\s+netns\s+add\s+([A-Za-z0-9_.${}-]+)/g;
const OUTPUT_KINDS = ['exit', 'stdout', 'stderr', 'output', 'ping', 'curl', 'json', 'transcript'] as const;

/** How often `ping`/`curl` appears as a word outside comments: a ping or curl expectation judges one. */
function commandsNamed(tool: string, script: string): number {
  const word = new RegExp(`(?<![\\w./-])${tool}(?![\\w./:=-])`, 'g');
  return script
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .reduce((n, l) => n + (l.match(word)?.length ?? 0), 0);
}

function checkOneToolRun(step: Step, base: (string | number)[], out: PathProblem[]): void {
  for (const tool of ['ping', 'curl'] as const) {
    if (step.expect?.[tool] === undefined || step.run === undefined) continue;
    const n = commandsNamed(tool, step.run);
    if (n > 1)
      out.push({
        path: [...base, 'expect', tool],
        message: `this step runs ${n} ${tool} commands, but a ${tool}: expectation judges one: split it into one step per ${tool}`,
      });
  }
}

function netnsCreatedBy(text: string | undefined): string[] {
  return text ? [...text.matchAll(NETNS_ADD)].map((m) => m[1]!) : [];
}

/** Names made in a loop (`ip netns add netns$i`) stand for any text in place of the variable. */
class NetnsNames {
  private readonly exact = new Set<string>();
  private readonly patterns: RegExp[] = [];
  add(name: string): void {
    if (!name.includes('$')) this.exact.add(name);
    else {
      const parts = name.split(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/).map((p) => p.replace(/[.*+?^()|[\]\\]/g, '\\$&'));
      this.exact.add(name);
      this.patterns.push(new RegExp(`^${parts.join('.+')}$`));
    }
  }
  has(name: string): boolean {
    return this.exact.has(name) || this.patterns.some((p) => p.test(name));
  }
  list(): string[] {
    return [...this.exact];
  }
}

function checkRegexes(step: Step, base: (string | number)[], out: PathProblem[]): void {
  const e = step.expect ?? {};
  for (const key of ['stdout', 'stderr', 'output'] as const) {
    const m = e[key];
    if (m && typeof m === 'object') {
      for (const r of ['regex', 'not_regex'] as const) {
        for (const src of m[r] ?? []) {
          try {
            new RegExp(src, 'm');
          } catch (err) {
            out.push({ path: [...base, 'expect', key, r], message: `invalid regex: ${(err as Error).message}` });
          }
        }
      }
    }
  }
  if (step.ready && 'output' in step.ready) {
    try {
      new RegExp(step.ready.output);
    } catch (err) {
      out.push({ path: [...base, 'ready', 'output'], message: `invalid regex: ${(err as Error).message}` });
    }
  }
}

export function staticChecks(data: ScenarioData, steps: Step[]): PathProblem[] {
  const out: PathProblem[] = [];
  const netns = new NetnsNames();
  netns.add(HOST);
  if (data.world) WORLD_NAMES.forEach((n) => netns.add(n));
  const backgrounds = new Set<string>();

  for (const step of steps) {
    const base = ['steps', step.index];
    const actions = (['run', 'background', 'stop'] as const).filter((k) => step[k] !== undefined);
    if (actions.length > 1) out.push({ path: base, message: `a step does one thing: it has ${actions.join(' and ')}` });
    if (actions.length === 0 && !step.expect)
      out.push({ path: base, message: 'a step needs run, background, stop or expect' });

    if (!netns.has(step.in)) {
      const hint = WORLD_NAMES.includes(step.in as never) ? ' (declare world: in the scenario)' : '';
      out.push({
        path: [...base, 'in'],
        message: `unknown netns "${step.in}"${hint}: no earlier step runs "ip netns add ${step.in}"; known: ${netns.list().join(', ')}`,
      });
    }
    netnsCreatedBy(step.run).forEach((n) => netns.add(n));
    netnsCreatedBy(step.background).forEach((n) => netns.add(n));

    const action = stepAction(step);
    if ((step.id !== undefined || step.ready !== undefined) && action !== 'background')
      out.push({ path: [...base, step.id !== undefined ? 'id' : 'ready'], message: 'id and ready belong to a background step' });
    if (action === 'background') {
      const id = backgroundId(step);
      if (backgrounds.has(id)) out.push({ path: [...base, 'id'], message: `background id "${id}" is used twice` });
      backgrounds.add(id);
    }
    if (action === 'stop' && !backgrounds.has(step.stop!))
      out.push({ path: [...base, 'stop'], message: `no earlier background step has id "${step.stop}"` });

    if (step.save && action !== 'run') out.push({ path: [...base, 'save'], message: 'save reads a command\'s stdout, but this step has no run' });
    for (const [name, re] of Object.entries(step.save ?? {})) {
      try {
        if (new RegExp(re).source && !/\((?!\?:)/.test(re)) out.push({ path: [...base, 'save', name], message: 'the regex needs a (group) to save' });
      } catch (err) {
        out.push({ path: [...base, 'save', name], message: `invalid regex: ${(err as Error).message}` });
      }
    }
    const e = step.expect;
    if (e) {
      // A stop step judges what the stopped process printed; other non-run steps have no output.
      const judged = action === 'stop' ? (['exit', 'ping', 'curl', 'json', 'transcript'] as const) : OUTPUT_KINDS;
      if (action !== 'run') {
        for (const k of judged)
          if (e[k] !== undefined)
            out.push({ path: [...base, 'expect', k], message: `"${k}" judges a command's output, but this step has no run${action === 'stop' ? ' (a stop step allows stdout, stderr, output)' : ''}` });
      }
      if (e.capture && !backgrounds.has(e.capture.from))
        out.push({ path: [...base, 'expect', 'capture', 'from'], message: `no earlier background step has id "${e.capture.from}"` });
    }
    checkRegexes(step, base, out);
    checkOneToolRun(step, base, out);
  }
  return out;
}
