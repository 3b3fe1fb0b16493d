// `netrecipes report merge JUNIT...`: the compatibility matrix of many runs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { buildMatrix, changes, matrixHtml, matrixMarkdown, readRuns, type Matrix } from '../report/merge.js';
import { writeReportFile } from '../report/report-file.js';
import { EXIT } from '../run/results.js';

export async function reportMergeCommand(files: string[], opts: { out: string; previous?: string }): Promise<number> {
  if (!files.length) throw new UsageError('give the JUnit files of the runs to merge');
  const matrix = buildMatrix(await readRuns(files));
  if (!matrix.cells.length) throw new UsageError('no netrecipes scenario results in those files (were they written by netrecipes run?)');
  let previous: Matrix | undefined;
  if (opts.previous) {
    try {
      previous = JSON.parse(await readFile(opts.previous, 'utf8')) as Matrix;
    } catch (err) {
      throw new UsageError(`--previous ${opts.previous}: ${(err as Error).message}`);
    }
  }
  const diff = previous ? changes(previous, matrix) : [];
  const md = matrixMarkdown(matrix, diff);
  await writeReportFile(join(opts.out, 'matrix.md'), md);
  await writeReportFile(join(opts.out, 'matrix.html'), matrixHtml(matrix, diff));
  await writeReportFile(join(opts.out, 'matrix.json'), JSON.stringify(matrix, null, 2));
  process.stdout.write(`${md}\n${matrix.scenarios.length} scenarios x ${matrix.columns.length} columns from ${files.length} files; written to ${opts.out}/matrix.{md,html,json}\n`);
  return EXIT.OK;
}
