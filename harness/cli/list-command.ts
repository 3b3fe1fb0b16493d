// `netrecipes list` and `netrecipes check`: what the suite holds, and whether its files are valid.
import { formatProblem } from '../errors.js';
import { printable } from '../text/printable.js';
import { EXIT } from './exit-codes.js';
import type { Scenario } from '../scenario/scenario.js';
import { selectScenarios, type SelectOptions } from './select.js';
import { count, padEnd, width } from '../text/words.js';

function scenarioListing(s: Scenario) {
  return { id: s.id, title: s.title, tags: s.tags, source: s.source, requires: s.requires, file: s.file, steps: s.steps.length };
}

export async function listCommand(paths: string[], opts: SelectOptions & { json?: boolean }): Promise<number> {
  const { scenarios, errors, origin, shardNote } = await selectScenarios(paths, opts);
  if (origin && !opts.json) process.stderr.write(`scenarios: ${origin}\n`);
  if (shardNote && !opts.json) process.stderr.write(`${shardNote}\n`);
  if (opts.json) {
    const problems = errors.flatMap((e) => e.problems);
    process.stdout.write(`${JSON.stringify({ scenarios: scenarios.map(scenarioListing), errors: problems }, null, 2)}\n`);
  } else {
    const idWidth = Math.max(0, ...scenarios.map((s) => width(s.id)));
    for (const s of scenarios) process.stdout.write(printable(`${padEnd(s.id, idWidth)}  [${s.tags.join(',')}]  ${s.title}\n`));
    for (const e of errors) process.stderr.write(`${printable(e.message)}\n`);
  }
  return errors.length ? EXIT.USAGE : EXIT.OK;
}

export async function checkCommand(paths: string[], opts: SelectOptions = {}): Promise<number> {
  const { scenarios, errors, origin } = await selectScenarios(paths, opts);
  if (origin) process.stderr.write(`scenarios: ${origin}\n`);
  for (const e of errors) for (const p of e.problems) process.stderr.write(`${printable(formatProblem(p))}\n`);
  process.stdout.write(`${scenarios.length} valid, ${count(errors.length, 'file')} with errors\n`);
  return errors.length ? EXIT.USAGE : EXIT.OK;
}
