// Expands a scenario before it is validated: `${name}` of the top-level `vars:` is replaced in
// every step, and a `repeat:` step becomes its steps once per item, each item's values replacing
// `${key}`. Every expanded step remembers where it is written, so errors point at the YAML.
import { z } from 'zod';
import { varsSchema } from './schema.js';
import type { PathProblem } from './static-checks.js';
import type { Path } from './positions.js';
import { refsIn, substitute } from './substitute.js';

const repeatSchema = z
  .object({
    repeat: z
      .object({
        for: z.array(varsSchema).min(1),
        steps: z.array(z.unknown()).min(1),
      })
      .strict(),
  })
  .strict();

export interface Expanded {
  /** The document with `vars` replaced and `repeat` steps unrolled. */
  data: unknown;
  /** For each expanded step, its path in the YAML document. */
  stepPaths: Path[];
  /** Problems of `repeat` steps, at their paths in the YAML document. */
  problems: PathProblem[];
  /** The zod issues of `repeat` steps, at their paths in the YAML document. */
  issues: z.ZodIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What a repeat's items and steps get wrong: keys that differ or go unused, copies nobody can tell apart. */
function repeatProblems(items: Record<string, string>[], steps: unknown[], vars: Record<string, string>, at: Path): PathProblem[] {
  const out: PathProblem[] = [];
  const keys = Object.keys(items[0]!);
  for (const [n, item] of items.entries()) {
    const these = Object.keys(item);
    if (these.length !== keys.length || these.some((k) => !keys.includes(k)))
      out.push({
        path: [...at, 'for', n],
        message: `every item needs the same keys: this one has ${these.join(', ') || 'none'}, the first ${keys.join(', ')}`,
      });
  }
  const used = new Set(refsIn(JSON.stringify(steps)));
  for (const k of keys) {
    if (k in vars) out.push({ path: [...at, 'for', 0, k], message: `"${k}" is also a scenario var: rename one of them` });
    else if (!used.has(k)) out.push({ path: [...at, 'for', 0, k], message: `"${k}" is never used as \${${k}} in the repeated steps` });
  }
  if (items.length > 1)
    for (const [j, step] of steps.entries())
      if (isObject(step) && typeof step.name === 'string' && !refsIn(step.name).some((r) => keys.includes(r)))
        out.push({ path: [...at, 'steps', j, 'name'], message: `the copies of this step need different names: use an item key in it, like \${${keys[0]}}` });
  return out;
}

export function expandScenario(raw: unknown): Expanded {
  const result: Expanded = { data: raw, stepPaths: [], problems: [], issues: [] };
  if (!isObject(raw) || !Array.isArray(raw.steps)) return result;
  const parsedVars = varsSchema.safeParse(raw.vars ?? {});
  const vars = parsedVars.success ? parsedVars.data : {};
  const steps: unknown[] = [];
  for (const [i, step] of raw.steps.entries()) {
    if (!isObject(step) || !('repeat' in step)) {
      steps.push(substitute(step, (k) => vars[k]));
      result.stepPaths.push(['steps', i]);
      continue;
    }
    const parsed = repeatSchema.safeParse(step);
    if (!parsed.success) {
      result.issues.push(...parsed.error.issues.map((issue) => ({ ...issue, path: ['steps', i, ...issue.path] })));
      continue;
    }
    const { for: items, steps: inner } = parsed.data.repeat;
    result.problems.push(...repeatProblems(items, inner, vars, ['steps', i, 'repeat']));
    for (const item of items)
      for (const [j, s] of inner.entries()) {
        steps.push(substitute(s, (k) => item[k] ?? vars[k]));
        result.stepPaths.push(['steps', i, 'repeat', 'steps', j]);
      }
  }
  result.data = { ...raw, steps };
  return result;
}
