// `netrecipes report merge JUNIT...`: the compatibility matrix of many runs (or of one run's
// shards), with each cell's flake rate over the runs; exit 1 when a cell passed in --previous and
// fails now (unless --no-fail-on-regression), so a job can gate on it.
// With --kernel-order, also the first bad kernel of each scenario that regressed along it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import {
  buildMatrix,
  changes,
  flakeMarkdown,
  flakeRates,
  matrixHtml,
  matrixMarkdown,
  newlyFailing,
  parseMatrix,
  readRuns,
  type Matrix,
} from '../report/merge.js';
import { writeReportFile } from '../report/report-file.js';
import { firstBadKernels, firstBadMarkdown } from '../report/first-bad-kernel.js';
import { count } from '../text/words.js';
import { EXIT } from './exit-codes.js';

export async function reportMergeCommand(
  files: string[],
  opts: { out: string; previous?: string; failOnRegression?: boolean; kernelOrder?: string },
): Promise<number> {
  if (!files.length) throw new UsageError('give the JUnit files of the runs to merge');
  const matrix = buildMatrix(await readRuns(files));
  if (!matrix.cells.length) throw new UsageError('no netrecipes scenario results in those files (were they written by netrecipes run?)');
  let previous: Matrix | undefined;
  if (opts.previous) {
    const what = `--previous ${opts.previous}`;
    const text = await readFile(opts.previous, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`${what}: cannot read it (${err.code ?? err.message})`);
    });
    previous = parseMatrix(text, what);
  }
  const diff = previous ? changes(previous, matrix) : [];
  const order = opts.kernelOrder
    ?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (opts.kernelOrder !== undefined && !order?.length) throw new UsageError('--kernel-order takes kernels oldest first, e.g. 6.1,6.12,7.2');
  const bisect = order
    ? firstBadMarkdown(
        firstBadKernels(
          matrix.cells.map((c) => ({ ...c, kernel: c.kernel ?? '?', userspace: c.userspace ?? c.column })),
          order,
        ),
        order,
      )
    : '';
  const md = `${matrixMarkdown(matrix, diff)}${flakeMarkdown(flakeRates(matrix.cells))}${bisect ? `\n${bisect}` : ''}`;
  await writeReportFile(join(opts.out, 'matrix.md'), md);
  await writeReportFile(join(opts.out, 'matrix.html'), matrixHtml(matrix, diff));
  await writeReportFile(join(opts.out, 'matrix.json'), JSON.stringify(matrix, null, 2));
  process.stdout.write(
    `${md}\n${count(matrix.scenarios.length, 'scenario')} x ${count(matrix.columns.length, 'column')} from ${count(files.length, 'file')}; written to ${opts.out}/matrix.{md,html,json}\n`,
  );
  const regressions = newlyFailing(diff);
  if (!regressions.length || opts.failOnRegression === false) return EXIT.OK;
  process.stderr.write(`${count(regressions.length, 'cell')} newly failing since ${opts.previous}\n`);
  return EXIT.FAILED;
}
