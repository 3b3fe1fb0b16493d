// `netrecipes audit FILE...`: which state-changing commands of scenarios or Markdown documents
// a check depends on, as a table and audit.json.
import { join } from 'node:path';
import { printable } from '../text/printable.js';
import pc from 'picocolors';
import { audit } from '../audit/audit.js';
import { backendCells } from '../backends/registry.js';
import { EXIT } from './exit-codes.js';
import { loadScenarios } from '../scenario/load.js';
import { loadTranscriptDocuments } from '../docs/transcript-doc.js';
import { writeReportFile } from '../report/report-file.js';
import { fit } from '../text/words.js';
import { watchInterrupts } from './interrupt.js';
import { parseJobs } from './run-command.js';
import { seconds } from '../text/duration-format.js';

export interface AuditCommandOptions {
  backend: string;
  jobs?: string;
  out: string;
}

export async function auditCommand(paths: string[], opts: AuditCommandOptions): Promise<number> {
  const jobs = parseJobs(opts.jobs);
  const docs = await loadTranscriptDocuments(paths.filter((p) => /\.(md|markdown)$/i.test(p)));
  const yaml = paths.some((p) => !/\.(md|markdown)$/i.test(p))
    ? await loadScenarios(paths.filter((p) => !/\.(md|markdown)$/i.test(p)))
    : { scenarios: [], errors: [] };
  const scenarios = [...docs.documents.flatMap((d) => d.scenarios), ...yaml.scenarios];
  const errors = [...docs.errors, ...yaml.errors];
  for (const e of errors) process.stderr.write(`${printable(e.message)}\n`);
  if (!scenarios.length) return errors.length ? EXIT.USAGE : EXIT.OK;
  const cells = backendCells(opts.backend, { log: (l) => process.stderr.write(`${pc.dim(l)}\n`) });
  const signal = watchInterrupts();
  const report = await audit(cells, scenarios, errors, {
    backend: opts.backend,
    jobs,
    signal,
    onProgress: (done, total) => process.stderr.isTTY && process.stderr.write(`\r${pc.dim(`audit: ${done}/${total} replays`)}`),
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const w = (l = '') => process.stdout.write(`${l}\n`);
  w(`${fit('where', 44)} ${fit('command', 50)} verdict`);
  for (const f of report.findings) {
    const mark = f.verdict === 'needed' ? pc.green('needed') : pc.yellow('unchecked');
    w(
      `${fit(printable(`${f.file}:${f.line}`), 44)} ${fit(printable(f.command), 50)} ${mark}${pc.dim(` ${printable(f.verdict === 'needed' ? f.explanation.replace(/^needed: /, '') : f.explanation)}`)}`,
    );
  }
  for (const b of report.baselineFailures)
    w(pc.dim(`note: ${b.scenario} fails as written (${printable(b.message ?? '')}); its findings compare against that failure`));
  const unchecked = report.findings.filter((f) => f.verdict === 'unchecked').length;
  const file = join(opts.out, 'audit.json');
  await writeReportFile(file, `${JSON.stringify(report, null, 2)}\n`);
  w(
    `\n${report.findings.length} state-changing commands in ${scenarios.length} scenarios or documents: ${report.findings.length - unchecked} needed, ${unchecked} change nothing that is checked (${report.replays} replays, ${seconds(report.durationMs, 1)}, ${jobs} at a time)`,
  );
  w(pc.dim(`JSON: ${file}`));
  if (signal.aborted) return EXIT.INTERRUPTED;
  return errors.length ? EXIT.USAGE : EXIT.OK;
}
