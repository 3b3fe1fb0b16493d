// `${NAME}` references a loaded scenario still holds after its vars and repeats were expanded:
// values steps save. In an expectation each must be saved by this step or an earlier one; in a
// field nothing substitutes (name, in, stop, id, ready) none may remain; in shell text (run,
// background) one saved only by a later step is a mistake, other names may be the shell's own.
// A document's step names quote its commands as written: their `${X}` are the shell's too.
import type { Path } from './positions.js';
import type { Step } from './scenario.js';
import type { PathProblem } from './static-checks.js';
import { refsIn } from './substitute.js';

function* stringsIn(value: unknown, path: Path): Generator<[Path, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, [...path, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k]);
}

const NOT_SUBSTITUTED = ['name', 'in', 'stop', 'id', 'ready'] as const;
const SHELL = ['run', 'background'] as const;

export function variableChecks(steps: Step[], vars: Record<string, string>, namesQuoteCommands = false): PathProblem[] {
  const out: PathProblem[] = [];
  const savedAt = new Map<string, number>();
  for (const s of steps) for (const name of Object.keys(s.save ?? {})) if (!savedAt.has(name)) savedAt.set(name, s.index);
  const unknown = (name: string) => {
    const later = savedAt.get(name);
    return later === undefined
      ? `unknown variable \${${name}}: not in vars:, a repeat: item or an earlier step's save:`
      : `\${${name}} is saved only later, by step ${later + 1}`;
  };
  for (const step of steps) {
    const base = ['steps', step.index];
    for (const name of Object.keys(step.save ?? {}))
      if (name in vars)
        out.push({ path: [...base, 'save', name], message: `"${name}" is a scenario var too: a saved value would hide it; rename one of them` });
    for (const [path, text] of stringsIn(step.expect ?? {}, [...base, 'expect']))
      for (const name of refsIn(text)) if ((savedAt.get(name) ?? Infinity) > step.index) out.push({ path, message: unknown(name) });
    for (const key of NOT_SUBSTITUTED.filter((k) => !(namesQuoteCommands && k === 'name')))
      for (const [path, text] of stringsIn(step[key], [...base, key]))
        for (const name of refsIn(text))
          out.push({ path, message: `unknown variable \${${name}}: ${key} takes vars and repeat items only (saved values are for commands and expectations)` });
    for (const key of SHELL)
      for (const name of refsIn(step[key] ?? '')) if ((savedAt.get(name) ?? -1) >= step.index) out.push({ path: [...base, key], message: unknown(name) });
  }
  return out;
}
