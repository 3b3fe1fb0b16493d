// `netrecipes docs check --docs DIR`: do the scenarios still replay what their articles say?
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pc from 'picocolors';
import { checkDrift } from '../docs/drift.js';
import { extractSkeletons } from '../docs/extract.js';
import { driftJunitXml } from '../report/docs-junit.js';
import { writeReportFile } from '../report/report-file.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../run/results.js';
import { fit as clip } from '../report/words.js';
import { selectScenarios, type SelectOptions } from './select.js';

export interface DocsCheckOptions extends SelectOptions {
  docs: string;
  junit: string;
}


export async function docsCheckCommand(paths: string[], opts: DocsCheckOptions): Promise<number> {
  const { scenarios, errors } = await selectScenarios(paths, opts);
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  const report = await checkDrift(scenarios, opts.docs);
  const w = (l = '') => process.stdout.write(`${l}\n`);
  w(`${clip('scenario', 38)} ${clip('article § section', 44)} replayed  stale  acknowledged`);
  for (const e of report.entries) {
    const stale = e.stale.filter((s) => !s.acknowledged).length;
    const mark = e.problem || stale ? pc.red('✗') : pc.green('✓');
    w(`${mark} ${clip(e.scenario.id, 36)} ${clip(`${e.doc.replace(/^seeds\//, '')} § ${e.scenario.source.section}`, 44)} ${String(e.replayed.length).padStart(8)}  ${String(stale).padStart(5)}  ${String(e.stale.length - stale).padStart(12)}`);
  }
  const problems = report.entries.filter((e) => e.problem);
  const stale = report.entries.flatMap((e) => e.stale.filter((s) => !s.acknowledged).map((s) => ({ e, s })));
  if (problems.length || stale.length) {
    w(`\n${pc.red('stale')}: the article no longer contains what the scenario replays (the article changed, or the scenario is out of date)`);
    for (const e of problems) w(`  ${e.scenario.file}: ${e.problem}`);
    for (const { e, s } of stale) {
      w(`  ${e.scenario.file}:${s.step.pos.line} ${e.scenario.id} step ${s.step.index + 1} "${s.step.name}"`);
      w(`    - scenario: ${s.text}`);
      w(`    + article:  ${s.why}`);
    }
  }
  const gaps = report.gaps.reduce((n, g) => n + g.commands.length, 0);
  if (gaps) {
    w(`\n${pc.yellow('coverage gaps')}: commands in a cited section that no scenario replays`);
    for (const g of report.gaps) for (const c of g.commands) w(`  ${g.doc}:${c.line} § ${g.section}: ${c.text.trim()}`);
  }
  const junit = resolve(opts.junit);
  await writeReportFile(junit, driftJunitXml(report, opts.docs));
  w(`\n${report.entries.length} scenarios checked against ${opts.docs}: ${problems.length + new Set(stale.map((x) => x.e)).size} drifted, ${stale.length} stale commands, ${gaps} coverage gaps`);
  w(pc.dim(`JUnit: ${junit}`));
  if (errors.length) return EXIT.USAGE;
  return problems.length || stale.length ? EXIT.FAILED : EXIT.OK;
}

/** `netrecipes docs extract FILE [--out DIR]`: scenario skeletons from an article's commands. */
export async function docsExtractCommand(file: string, opts: { out?: string; as?: string }): Promise<number> {
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new UsageError(`cannot read ${file}: ${err.message}`);
  });
  const skeletons = extractSkeletons(text, opts.as ?? file);
  if (!skeletons.length) throw new UsageError(`no commands found in ${file}`);
  if (!opts.out) {
    process.stdout.write(skeletons.map((s) => s.yaml).join('---\n'));
    return EXIT.OK;
  }
  await mkdir(opts.out, { recursive: true });
  for (const s of skeletons) await writeFile(resolve(opts.out, `${s.id}.yaml`), s.yaml);
  process.stdout.write(`${skeletons.length} skeletons written to ${opts.out}\n`);
  return EXIT.OK;
}
