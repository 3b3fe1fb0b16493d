// `netrecipes list` and `netrecipes check`: what the suite holds, and whether its files are valid.
import { formatProblem } from '../errors.js';
import { EXIT } from '../run/results.js';
import type { Scenario } from '../scenario/scenario.js';
import { selectScenarios, type SelectOptions } from './select.js';

export function scenarioListing(s: Scenario) {
  return { id: s.id, title: s.title, tags: s.tags, source: s.source, requires: s.requires, file: s.file, steps: s.steps.length };
}

export async function listCommand(paths: string[], opts: SelectOptions & { json?: boolean }): Promise<number> {
  const { scenarios, errors } = await selectScenarios(paths, opts);
  if (opts.json) {
    const problems = errors.flatMap((e) => e.problems);
    process.stdout.write(`${JSON.stringify({ scenarios: scenarios.map(scenarioListing), errors: problems }, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...scenarios.map((s) => s.id.length));
    for (const s of scenarios) process.stdout.write(`${s.id.padEnd(width)}  [${s.tags.join(',')}]  ${s.title}\n`);
    for (const e of errors) process.stderr.write(`${e.message}\n`);
  }
  return errors.length ? EXIT.USAGE : EXIT.OK;
}

export async function checkCommand(paths: string[]): Promise<number> {
  const { scenarios, errors } = await selectScenarios(paths, {});
  for (const e of errors) for (const p of e.problems) process.stderr.write(`${formatProblem(p)}\n`);
  process.stdout.write(`${scenarios.length} valid, ${errors.length} with errors\n`);
  return errors.length ? EXIT.USAGE : EXIT.OK;
}
