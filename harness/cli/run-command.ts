// `netrecipes run`: load, run in parallel sandboxes, print progress, write JUnit, exit 0/1/2/3.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import pc from 'picocolors';
import { describeModules, modulesFor } from '../backends/kernel-modules.js';
import { backendCells } from '../backends/registry.js';
import type { Sandbox } from '../backends/backend.js';
import { InfrastructureError, UsageError } from '../errors.js';
import { consoleEvents, summaryText } from '../report/console.js';
import { reportToGitHub } from '../report/github.js';
import { writeHtmlReport } from '../report/html/html-report.js';
import { writeJunit } from '../report/junit.js';
import { ktap } from '../report/ktap.js';
import { markdownSummary } from '../report/markdown.js';
import { checkReportPaths, writeReportFile } from '../report/report-file.js';
import { cellTable } from '../report/matrix-table.js';
import { EXIT, exitCodeOf, type RunSummary, type ScenarioResult } from '../run/results.js';
import { runSuite } from '../run/suite-runner.js';
import type { LoadResult } from '../scenario/load.js';
import { onInterrupt, watchInterrupts } from './interrupt.js';
import { selectScenarios, type SelectOptions } from './select.js';

export interface RunOptions extends SelectOptions {
  backend: string;
  distro?: string;
  iptables?: string;
  caps?: string;
  image?: string;
  kernel?: string;
  jobs?: string;
  junit?: string;
  out: string;
  keep?: boolean;
  verbose?: boolean;
  /** KTAP output: a file, or "-" for standard output. */
  tap?: string;
}

function parseJobs(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a whole number >= 1, not "${text}"`);
  return n;
}

/** --keep: leave a failed scenario's sandbox up until the user presses Enter. */
async function keepOpen(sandbox: Sandbox, r: ScenarioResult): Promise<void> {
  if (r.outcome !== 'fail' && r.outcome !== 'error') return;
  process.stdout.write(`\n${pc.yellow('kept')} ${r.scenario.id}: enter it with\n  ${sandbox.shellArgv().join(' ')}\n`);
  if (!process.stdin.isTTY) {
    process.stdout.write('(no terminal: tearing down now)\n');
    return;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  await rl.question('press Enter to tear it down ');
  rl.close();
}

/** Runs scenarios from files (default) or from what `load` makes of `paths` (docs run). */
export async function runCommand(paths: string[], opts: RunOptions, load?: (paths: string[]) => Promise<LoadResult>): Promise<number> {
  const interrupted = watchInterrupts();
  onInterrupt(interrupted, (sig) => process.stderr.write(`\n${sig}: run interrupted: no new sandbox starts, running steps stop, reports are written\n`));
  const jobs = parseJobs(opts.jobs);
  if (opts.keep && (opts.backend === 'qemu' || opts.backend === 'vagrant')) throw new UsageError(`--keep needs --backend netns or container: the ${opts.backend} backend has no terminal into its guest yet`);
  const cells = backendCells(opts.backend, { distro: opts.distro, iptables: opts.iptables, caps: opts.caps, image: opts.image, kernel: opts.kernel, log: (l) => process.stderr.write(`${pc.dim(l)}\n`) });
  const { scenarios, errors } = load ? await load(paths) : await selectScenarios(paths, opts);
  const junit = resolve(opts.junit ?? join(opts.out, 'junit.xml'));
  if (!scenarios.length && !errors.length) throw new UsageError('no scenario matched (check the paths, --filter and --tag)');

  const reportFiles = { junit, html: resolve(join(opts.out, 'index.html')), markdown: resolve(join(opts.out, 'summary.md')), ...(opts.tap && opts.tap !== '-' ? { tap: resolve(opts.tap) } : {}) };
  await checkReportPaths(Object.values(reportFiles));

  const summary: RunSummary = { results: [], fileErrors: errors, durationMs: 0, backend: opts.backend, brokenCells: [] };
  for (const { label, backend } of cells) {
    if (!interrupted.aborted) {
      try {
        await backend.probe();
      } catch (err) {
        await backend.close?.();
        if (!(err instanceof InfrastructureError)) throw err;
        process.stderr.write(`${pc.magenta('infrastructure error')}${label ? ` [${label}]` : ''}: ${err.message}\n`);
        summary.brokenCells!.push({ cell: label || backend.name, message: err.message });
        continue;
      }
    }
    if (label) process.stdout.write(`${pc.bold(`== ${label}`)}\n`);
    process.stderr.write(`${pc.dim(describeModules(await backend.loadModules(modulesFor(scenarios))))}\n`);
    try {
      const part = await runSuite(scenarios, [], {
        backend,
        jobs: opts.keep ? 1 : Math.min(jobs, backend.maxJobs ?? jobs),
        events: consoleEvents({ verbose: opts.verbose, live: !opts.keep }),
        signal: interrupted,
        ...(label ? { cell: label } : {}),
        ...(opts.keep ? { beforeClose: keepOpen } : {}),
      });
      summary.results.push(...part.results);
      summary.durationMs += part.durationMs;
    } finally {
      await backend.close?.();
    }
  }
  await writeJunit(summary, reportFiles.junit);
  await writeHtmlReport(summary, reportFiles.html);
  await writeReportFile(reportFiles.markdown, markdownSummary(summary));
  if (opts.tap === '-') process.stdout.write(ktap(summary));
  else if (reportFiles.tap) await writeReportFile(reportFiles.tap, ktap(summary));
  await reportToGitHub(summary, { junit, html: reportFiles.html });
  const table = cellTable(summary);
  process.stdout.write(`\n${summaryText(summary)}\n${table ? `\n${table}\n` : ''}${pc.dim(`JUnit: ${junit}  HTML: ${reportFiles.html}`)}\n`);
  return interrupted.aborted ? EXIT.INTERRUPTED : exitCodeOf(summary);
}
