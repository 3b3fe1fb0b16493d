// `netrecipes docs`: `check --docs DIR` (do the scenarios still replay what the articles they
// cite say? a table and JUnit), `extract` (scenario skeletons from an article's commands) and
// `run` (replay Markdown transcripts through `run`, every mismatch listed; `--update` rewrites
// their outputs with what the machine printed, `--frozen` fails where it would).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { printable } from '../text/printable.js';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { checkDrift } from '../docs/drift.js';
import { extractSkeletons } from '../docs/extract.js';
import { driftJunitXml } from '../report/docs-junit.js';
import { writeReportFile } from '../report/report-file.js';
import { UsageError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { fit as clip } from '../text/words.js';
import { selectScenarios, type SelectOptions } from './select.js';
import { runCommand, type RunOptions } from './run-command.js';
import { loadTranscriptDocuments, type TranscriptDocument } from '../docs/transcript-doc.js';
import { documentReplay, replayConsoleText, replayMarkdown } from '../docs/replay-report.js';
import { outputUpdates, updateDocument } from '../docs/transcript-update.js';
import { createTwoFilesPatch } from 'diff';
import { DIFF_LIMITS, tooLargeToDiff } from '../text/diff-limits.js';
import { type RunSummary } from '../run/results.js';
import { exitCodeOf } from './exit-codes.js';

export interface DocsCheckOptions extends SelectOptions {
  docs: string;
  junit: string;
}

export async function docsCheckCommand(paths: string[], opts: DocsCheckOptions): Promise<number> {
  const { scenarios, errors } = await selectScenarios(paths, opts);
  for (const e of errors) process.stderr.write(`${printable(e.message)}\n`);
  const report = await checkDrift(scenarios, opts.docs);
  const w = (l = '') => process.stdout.write(`${l}\n`);
  w(`${clip('scenario', 38)} ${clip('article § section', 44)} replayed  stale  acknowledged`);
  for (const e of report.entries) {
    const stale = e.stale.filter((s) => !s.acknowledged).length;
    const mark = e.problem || stale ? pc.red('✗') : pc.green('✓');
    w(
      `${mark} ${clip(e.scenario.id, 36)} ${clip(`${e.doc.replace(/^seeds\//, '')} § ${e.scenario.source.section}`, 44)} ${String(e.replayed.length).padStart(8)}  ${String(stale).padStart(5)}  ${String(e.stale.length - stale).padStart(12)}`,
    );
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
  w(
    `\n${report.entries.length} scenarios checked against ${opts.docs}: ${problems.length + new Set(stale.map((x) => x.e)).size} drifted, ${stale.length} stale commands, ${gaps} coverage gaps`,
  );
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

/** What --frozen prints: the change --update would make, as a patch, or that it is too large to diff. */
function frozenPatch(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(file, file, before, after, 'document', 'machine', DIFF_LIMITS);
  const lines = (text: string) => text.split('\n').length;
  return patch ?? `${tooLargeToDiff('document', lines(before), 'updated', lines(after))}\n`;
}

export interface DocsRunOptions extends RunOptions {
  /** Rewrite the documents' outputs with what the machine printed. */
  update?: boolean;
  /** Fail when --update would change a document (and leave it as it is). */
  frozen?: boolean;
}

/** `netrecipes docs run FILE.md...`: replay, list every mismatch, and with --update/--frozen rewrite or guard the outputs. */
export async function docsRunCommand(files: string[], opts: DocsRunOptions): Promise<number> {
  if (opts.update && opts.frozen) throw new UsageError('--update rewrites the documents, --frozen forbids changing them: choose one');
  let documents: TranscriptDocument[] = [];
  const load = async (paths: string[]) => {
    const loaded = await loadTranscriptDocuments(paths);
    documents = loaded.documents;
    return { scenarios: documents.flatMap((d) => d.scenarios), errors: loaded.errors };
  };
  const afterRun = async (summary: RunSummary, human: NodeJS.WritableStream) => {
    const replays = documents.map((d) => documentReplay(d, summary.results));
    for (const r of replays) {
      const text = replayConsoleText(r, opts.verbose);
      if (text) human.write(`\n${printable(text)}\n`);
    }
    await writeReportFile(join(opts.out, 'docs-run.md'), replayMarkdown(replays));
    await writeReportFile(join(opts.out, 'docs-run.json'), `${JSON.stringify(replays, null, 2)}\n`);
    // Spliced outputs fail the run even when every output matched on its own.
    const spliced = replays.some((r) => r.macConflicts.length) && exitCodeOf(summary) === EXIT.OK ? EXIT.FAILED : undefined;
    if (!opts.update && !opts.frozen) return spliced;
    let changed = 0;
    for (const doc of documents) {
      const steps = summary.results.filter((res) => doc.scenarios.some((s) => s.id === res.scenario.id)).flatMap((res) => res.steps);
      const updates = outputUpdates(steps);
      if (!updates.length) continue;
      const path = doc.path;
      const before = await readFile(path, 'utf8');
      const after = updateDocument(before, updates);
      if (after === before) continue;
      changed++;
      if (opts.update) {
        await writeFile(path, after);
        human.write(`${pc.yellow('updated')} ${doc.file}: ${updates.length} outputs rewritten with what the machine printed\n`);
      } else
        human.write(
          `${pc.red('frozen')} ${printable(doc.file)} would change:\n${printable(frozenPatch(doc.file, before.replace(/\r$/gm, ''), after.replace(/\r$/gm, '')))}`,
        );
    }
    if (opts.frozen && changed) return EXIT.FAILED;
    return spliced ?? exitCodeOf(summary);
  };
  return runCommand(files, { ...opts, reportName: 'docs-run', afterRun }, load);
}
