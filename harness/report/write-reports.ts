// Every report file of a run in one call: JUnit, the HTML page, the Markdown summary and, when
// asked for, KTAP. Used by `netrecipes run` and the programmatic API.
import { join, resolve } from 'node:path';
import type { RunSummary } from '../run/results.js';
import { writeHtmlReport } from './html/html-report.js';
import { writeJunit } from './junit.js';
import { ktap } from './ktap.js';
import { markdownSummary } from './markdown.js';
import { writeReportFile } from './report-file.js';

export interface ReportOptions {
  /** Folder for index.html and summary.md (and junit.xml unless `junit` says otherwise). */
  out: string;
  /**
   * What the reports are called, so that two commands' reports can share a folder: with
   * "docs-run", docs-run-junit.xml, docs-run.html and docs-run-summary.md.
   * @default junit.xml, index.html and summary.md
   */
  name?: string;
  /** JUnit XML path. @default `<out>/junit.xml` */
  junit?: string;
  /** KTAP file; "-" is left to the caller (standard output). */
  tap?: string;
}

export type ReportPaths = {
  junit: string;
  html: string;
  markdown: string;
  tap?: string;
};

/** Where the reports of a run go (absolute paths): checked before the run, written after it. */
export function reportPaths(opts: ReportOptions): ReportPaths {
  const named = (own: string, plain: string) => resolve(join(opts.out, opts.name ? `${opts.name}${own}` : plain));
  return {
    junit: opts.junit ? resolve(opts.junit) : named('-junit.xml', 'junit.xml'),
    html: named('.html', 'index.html'),
    markdown: named('-summary.md', 'summary.md'),
    ...(opts.tap && opts.tap !== '-' ? { tap: resolve(opts.tap) } : {}),
  };
}

/** Writes the reports of `summary`, each atomically; returns where each went. */
export async function writeReports(summary: RunSummary, opts: ReportOptions): Promise<ReportPaths> {
  const paths = reportPaths(opts);
  await writeJunit(summary, paths.junit);
  await writeHtmlReport(summary, paths.html);
  await writeReportFile(paths.markdown, markdownSummary(summary));
  if (paths.tap) await writeReportFile(paths.tap, ktap(summary));
  return paths;
}
