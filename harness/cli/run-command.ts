// `netrecipes run`: load, run in parallel sandboxes, print progress, write JUnit, exit 0/1/2/3.
import { interactiveShell } from './interactive-shell.js';
import { printable } from '../text/printable.js';
import pc from 'picocolors';
import { backendCells, type CellOptions } from '../backends/registry.js';
import { DEFAULT_BACKEND, isVmBackend } from '../backends/choices.js';
import type { Sandbox } from '../backends/backend.js';
import { UsageError } from '../errors.js';
import { consoleEvents, summaryText } from '../report/console.js';
import { reportToGitHub } from '../report/github.js';
import { ktap } from '../report/ktap.js';
import { checkReportPaths } from '../report/report-file.js';
import { reportPaths, writeReports } from '../report/write-reports.js';
import { describeModules } from '../backends/kernel-modules.js';
import { describeMemoryLimit } from '../backends/memory-limit.js';
import { cellTable } from '../report/matrix-table.js';
import { isFailure, type RunSummary, type ScenarioResult } from '../run/results.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { defaultJobs } from '../run/concurrency.js';
import { runCells } from '../run/run-cells.js';
import type { LoadResult } from '../scenario/load.js';
import { onInterrupt, watchInterrupts } from './interrupt.js';
import type { Project } from '../config/project-config.js';
import { selectScenarios, type SelectOptions, type Selection } from './select.js';
import { Bail } from '../run/bail.js';
import { closest, distance } from 'fastest-levenshtein';
import type { Scenario } from '../scenario/scenario.js';

export interface RunOptions extends SelectOptions, Omit<CellOptions, 'log'> {
  backend: string;
  jobs?: string;
  junit?: string;
  out: string;
  keep?: boolean;
  /** Record what each step changed (--state-diff). */
  stateDiff?: boolean;
  verbose?: boolean;
  /** Reruns of a failed scenario (--retries N). */
  retries?: string;
  /** Stop after N failures (--bail [N]; true is 1). */
  bail?: string | boolean;
  /** KTAP output: a file, or "-" for standard output. */
  tap?: string;
  /** What the reports are called (write-reports.ts): docs run's are docs-run-*. */
  reportName?: string;
  /** More to say and write once the reports are out (docs run); a number replaces the exit code. */
  afterRun?: (summary: RunSummary, human: NodeJS.WritableStream) => Promise<number | undefined>;
}

/** A count option (--jobs, --retries, --bail N): a whole number >= `min`; `hint` follows the refusal of anything else. */
function wholeNumber(option: string, text: string, min: number, hint = ''): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min)
    throw new UsageError(`${option} takes a whole number >= ${min}, not "${text}"${/^\s*\d+\s*$/.test(text) ? '' : hint}`);
  return n;
}

/** `--jobs`: a whole number >= 1; by default several sandboxes per core (run/concurrency.ts), said on stderr. */
export function parseJobs(text: string | undefined, backend = DEFAULT_BACKEND): number {
  if (text === undefined) {
    if (isVmBackend(backend)) return Number.MAX_SAFE_INTEGER; // as many as the guest has cores
    const { jobs, why } = defaultJobs();
    process.stderr.write(`${pc.dim(`jobs: ${jobs} (${why}; --jobs N to change)`)}\n`);
    return jobs;
  }
  return wholeNumber('--jobs', text, 1);
}

/** --retries, --bail and the config's `quarantine`, as the suite runner takes them. */
function ciOptions(opts: RunOptions, project: Project | undefined) {
  const retries = opts.retries === undefined ? 0 : wholeNumber('--retries', opts.retries, 0);
  // `--bail PATH` reads PATH as its count (commander's optional value): the refusal says how to write it.
  const bail =
    opts.bail === undefined
      ? undefined
      : new Bail(opts.bail === true ? 1 : wholeNumber('--bail', String(opts.bail), 1, ' (before a path, write --bail 1, or put --bail last)'));
  const quarantine = new Set(project?.config.quarantine ?? []);
  return { retries, ...(bail ? { bail } : {}), ...(quarantine.size ? { quarantine } : {}) };
}

/** A quarantined id that names none of the project's scenarios (a typo quarantines nothing): said, with the nearest id. */
function warnUnknownQuarantine(project: Project, scenarios: Scenario[]): void {
  const ids = scenarios.map((s) => s.id);
  for (const id of (project.config.quarantine ?? []).filter((q) => !ids.includes(q))) {
    const near = ids.length ? closest(id, ids) : undefined;
    const hint = near && distance(id, near) <= Math.max(2, id.length / 4) ? ` (did you mean "${near}"?)` : '';
    process.stderr.write(`${pc.yellow('warning')}: ${printable(project.source ?? 'config')}: quarantine names no scenario "${printable(id)}"${hint}\n`);
  }
}

/** --keep: a shell inside a failed scenario's sandbox, before it is torn down. */
async function keepOpen(sandbox: Sandbox, r: ScenarioResult): Promise<void> {
  if (!isFailure(r.outcome)) return;
  if (!process.stdin.isTTY) {
    process.stdout.write(`\n${pc.yellow('kept')} ${r.scenario.id}: no terminal to open a shell on: tearing down now\n`);
    return;
  }
  process.stdout.write(`\n${pc.yellow('kept')} ${r.scenario.id}: a shell inside its sandbox follows (exit it to tear the sandbox down)\n`);
  await interactiveShell(sandbox, `[netrecipes ${r.scenario.id}] \\w # `);
}

/** Runs scenarios from files (default) or from what `load` makes of `paths` (docs run). */
export async function runCommand(paths: string[], opts: RunOptions, load?: (paths: string[]) => Promise<LoadResult>, project?: Project): Promise<number> {
  const interrupted = watchInterrupts();
  const forget = onInterrupt(interrupted, (sig) =>
    process.stderr.write(`\n${sig}: run interrupted: no new sandbox starts, running steps stop, reports are written\n`),
  );
  try {
    return await runSelected(paths, opts, interrupted, load, project);
  } finally {
    forget();
  }
}

async function runSelected(
  paths: string[],
  opts: RunOptions,
  interrupted: AbortSignal,
  load?: (paths: string[]) => Promise<LoadResult>,
  project?: Project,
): Promise<number> {
  // With --tap - standard output carries KTAP alone: everything for people goes to stderr.
  const human = opts.tap === '-' ? process.stderr : process.stdout;
  const ci = ciOptions(opts, project); // before anything is said or made: a bad count is a usage error
  const jobs = parseJobs(opts.jobs, opts.backend);
  const cells = backendCells(opts.backend, {
    distro: opts.distro,
    iptables: opts.iptables,
    caps: opts.caps,
    image: opts.image,
    kernel: opts.kernel,
    kernelModules: opts.kernelModules,
    log: (l) => process.stderr.write(`${pc.dim(l)}\n`),
  });
  const { scenarios, errors, origin, shardNote, history }: Selection = load ? await load(paths) : await selectScenarios(paths, opts, project);
  if (origin) process.stderr.write(`${pc.dim(`scenarios: ${origin}`)}\n`);
  if (shardNote) process.stderr.write(`${pc.dim(shardNote)}\n`);
  if (project && !paths.length && !opts.bundled && !opts.filter && !opts.tag?.length && !opts.shard && !errors.length)
    warnUnknownQuarantine(project, scenarios);
  // An empty shard (more jobs than scenarios) is a job with nothing to do, not a mistake.
  if (!scenarios.length && !errors.length && !shardNote) throw new UsageError('no scenario matched (check the paths, --filter and --tag)');

  const reportOptions = { out: opts.out, junit: opts.junit, tap: opts.tap, name: opts.reportName };
  const outputs = reportPaths(reportOptions);
  const { junit } = outputs;
  await checkReportPaths(Object.values<string | undefined>(outputs).filter((p) => p !== undefined));

  const summary = await runCells(cells, scenarios, errors, {
    backend: opts.backend,
    jobs: opts.keep ? 1 : jobs,
    events: consoleEvents({ verbose: opts.verbose, live: !opts.keep, stream: human }),
    signal: interrupted,
    stateDiff: opts.stateDiff ?? false,
    ...(history ? { history } : {}),
    ...ci,
    ...(opts.keep ? { beforeClose: keepOpen } : {}),
    onCell: (label) => label && human.write(`${pc.bold(`== ${label}`)}\n`),
    onModules: (report, backend) =>
      process.stderr.write(`${pc.dim([describeModules(report), ...(backend.memoryLimit ? [describeMemoryLimit(backend.memoryLimit)] : [])].join('\n'))}\n`),
    onKernelConfig: (label, said) => process.stderr.write(`${pc.dim(`${label ? `[${label}] ` : ''}${said}`)}\n`),
    onBrokenCell: (label, message) => process.stderr.write(`${pc.magenta('infrastructure error')}${label ? ` [${label}]` : ''}: ${printable(message)}\n`),
  });
  const { html } = await writeReports(summary, reportOptions);
  if (opts.tap === '-') process.stdout.write(ktap(summary));
  await reportToGitHub(summary, { junit, html });
  const table = cellTable(summary);
  human.write(`\n${summaryText(summary)}\n${table ? `\n${table}\n` : ''}${pc.dim(`JUnit: ${junit}  HTML: ${html}`)}\n`);
  const after = await opts.afterRun?.(summary, human);
  return interrupted.aborted ? EXIT.INTERRUPTED : (after ?? exitCodeOf(summary));
}
