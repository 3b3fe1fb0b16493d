// What a person watching the terminal (or a CI log) sees: a line per step as it finishes (with
// -v, its command and output too), a line per scenario and per rerun, a live block of what is
// running (a terminal only), and a short summary with the failing steps and where they are.
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import { formatProblem } from '../errors.js';
import { count } from '../text/words.js';
import { printable } from '../text/printable.js';
import { whyLines } from './explanation.js';
import { mismatchLines } from './mismatch-lines.js';
import { limitedLine, reportedSubtestList } from './subtests.js';
import { MAX_PREVIEW, embed, stepCommand } from './embed.js';
import { MARK, duration, howItFailed, isFailure, failedResults, firstFailingStep, outcomeCounts, runName, stepTally, totalsLine } from './summary.js';
import type { RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import type { Scenario, Step } from '../scenario/scenario.js';
import type { SuiteEvents } from '../run/suite-runner.js';

export interface ConsoleOptions {
  write?: (line: string) => void;
  /** Show every step, not only the ones that did not pass. */
  verbose?: boolean;
  /** Keep a live block of the running scenarios at the bottom of a terminal (log-update), never in CI. */
  live?: boolean;
  /** Where lines go. @default process.stdout */
  stream?: NodeJS.WriteStream;
}

/** A run this short shows no live block: it would only flicker. */
const LIVE_AFTER_MS = 3000;

/** Whether a live block belongs on `stream`: a terminal, and not a CI job's log (CI is set by GitHub, GitLab, Jenkins...). */
const liveAllowed = (stream: NodeJS.WriteStream, env = process.env): boolean => !!stream.isTTY && !env.CI;

/** The scenarios in flight and the step each is at, redrawn in place on a terminal once the run has lasted LIVE_AFTER_MS. */
class LiveStatus {
  private readonly running = new Map<string, string>();
  private readonly logUpdate: ReturnType<typeof createLogUpdate>;
  private shown = false;
  constructor(
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.logUpdate = createLogUpdate(stream);
    if (enabled)
      setTimeout(() => {
        this.shown = true;
        this.render();
      }, LIVE_AFTER_MS).unref();
  }
  set(id: string, text: string | undefined): void {
    if (!this.enabled) return;
    if (text === undefined) this.running.delete(id);
    else this.running.set(id, text);
    this.render();
  }
  /** Prints a permanent line above the live block. */
  print(line: string): void {
    if (this.enabled && this.shown) this.logUpdate.clear();
    this.stream.write(`${line}\n`);
    this.render();
  }
  private render(): void {
    if (!this.enabled || !this.shown) return;
    if (!this.running.size) this.logUpdate.clear();
    else this.logUpdate([...this.running].map(([id, t]) => `${pc.dim('…')} ${id} ${pc.dim(t)}`).join('\n'));
  }
}

export function consoleEvents(opts: ConsoleOptions = {}): SuiteEvents {
  const stream = opts.stream ?? process.stdout;
  const live = new LiveStatus(!opts.write && !!opts.live && liveAllowed(stream), stream);
  const write = opts.write ?? ((l: string) => live.print(l));
  return {
    scenarioStart: (s: Scenario, cell?: string) => {
      live.set(runName({ scenario: s, cell }), 'starting sandbox');
      if (opts.verbose) write(`${pc.dim('▶')} ${runName({ scenario: s, cell })}`);
    },
    stepStart: (s: Scenario, step: Step, cell?: string) =>
      live.set(runName({ scenario: s, cell }), `step ${step.index + 1}/${s.steps.length}: ${printable(step.name)}`),
    step: (s: Scenario, r: StepResult, cell?: string) => {
      if (r.step.index === s.steps.length - 1 || isFailure(r.outcome)) live.set(runName({ scenario: s, cell }), 'tearing down');
      const limited = limitedLine(r);
      if (!opts.verbose && (r.outcome === 'pass' || r.outcome === 'skip') && !limited) return;
      const msg = r.message && r.outcome !== 'pass' ? ` ${pc.dim('—')} ${printable(r.message)}` : '';
      write(`  ${MARK[r.outcome].terminal} ${pc.dim(`${s.id}#${r.step.index + 1}`)} ${printable(r.step.name)} ${pc.dim(`(${duration(r.durationMs)})`)}${msg}`);
      if (limited) write(`      ${pc.yellow('!')} ${printable(limited)}`);
      if (opts.verbose) for (const line of commandAndOutput(r)) write(`      ${line}`);
      // A selftest's results: all of them with --verbose, else the ones that failed.
      for (const t of reportedSubtestList(r).filter((t) => opts.verbose || t.outcome === 'fail'))
        write(
          `      ${MARK[t.outcome].terminal} ${printable(t.name)} ${pc.dim(`(${duration(t.durationMs)})`)}${t.reason ? ` ${pc.dim('—')} ${printable(t.reason)}` : ''}`,
        );
      for (const why of [...mismatchLines(r), ...whyLines(r)]) write(`      ${printable(why)}`);
    },
    scenarioRetry: (failed: ScenarioResult, attempt: number, of: number) => {
      live.set(runName(failed), `rerun ${attempt - 1}/${of - 1}: starting sandbox`);
      write(
        `${pc.yellow('↻')} ${runName(failed)} ${pc.dim(`attempt ${attempt - 1} of ${of} ${failed.outcome === 'error' ? 'errored' : 'failed'}: rerunning in a fresh sandbox (attempt ${attempt} of ${of})`)}`,
      );
    },
    scenarioEnd: (r: ScenarioResult) => {
      live.set(runName(r), undefined);
      const why = r.message ? ` ${pc.dim('—')} ${printable(r.message)}` : '';
      const tries = r.earlier?.length
        ? ` ${pc.dim('—')} ${r.outcome === 'flaky' ? 'flaky: passed' : 'failed'} on attempt ${r.earlier.length + 1} after ${count(r.earlier.length, 'failed run')}`
        : '';
      const quarantined = r.quarantined ? ` ${pc.yellow('(quarantined)')}` : '';
      write(`${MARK[r.outcome].terminal} ${runName(r)}${quarantined} ${pc.dim(`${stepTally(r.steps, ' steps')}, ${duration(r.durationMs)}`)}${why}${tries}`);
    },
  };
}

/** -v: the command a step ran and what it printed, as bats --verbose-run shows them. */
function commandAndOutput(r: StepResult): string[] {
  const cmd = stepCommand(r);
  const out = [r.result?.stdout, r.result?.stderr].filter((t): t is string => !!t?.trim()).map((t) => embed(t.trimEnd(), MAX_PREVIEW));
  return [
    ...(cmd
      ? embed(cmd.trimEnd(), MAX_PREVIEW)
          .split('\n')
          .map((l) => pc.dim(`$ ${printable(l)}`))
      : []),
    ...out.flatMap((t) => t.split('\n').map(printable)),
  ];
}

export function summaryText(summary: RunSummary): string {
  const counts = outcomeCounts(summary);
  const lines: string[] = [];
  for (const e of summary.fileErrors) lines.push(...e.problems.map((p) => `${pc.red('file error')} ${printable(formatProblem(p))}`));
  for (const r of failedResults(summary)) {
    const bad = firstFailingStep(r);
    const where = bad ? `${r.scenario.file}:${bad.step.pos.line}` : r.scenario.file;
    const quarantined = r.quarantined ? ` ${pc.yellow('(quarantined)')}` : '';
    lines.push(
      `${MARK[r.outcome].terminal} ${runName(r)}${quarantined} ${pc.dim(printable(where))}${bad ? ` step ${bad.step.index + 1} "${printable(bad.step.name)}": ${printable(bad.message ?? '')}` : `: ${printable(r.message ?? '')}`}`,
    );
    lines.push(...[...mismatchLines(bad), ...whyLines(bad)].map((why) => `    ${printable(why)}`));
  }
  for (const r of summary.results.filter((x) => x.outcome === 'flaky'))
    for (const [n, e] of (r.earlier ?? []).entries()) lines.push(`${MARK.flaky.terminal} ${runName(r)} flaky: attempt ${n + 1} ${printable(howItFailed(e))}`);
  for (const b of summary.brokenCells ?? []) lines.push(`${MARK.error.terminal} backend ${b.cell}: ${printable(b.message)}`);
  for (const r of summary.results)
    for (const s of r.steps) {
      const limited = limitedLine(s);
      if (limited) lines.push(`${pc.yellow('!')} ${runName(r)} step ${s.step.index + 1} "${printable(s.step.name)}" passed, ${printable(limited)}`);
    }
  lines.push(`${totalsLine(counts)} (${count(summary.results.length, 'scenario run')}, ${summary.backend} backend, ${duration(summary.durationMs)})`);
  return lines.join('\n');
}
