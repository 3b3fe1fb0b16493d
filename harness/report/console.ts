// What a person watching the terminal (or a CI log) sees: a line per step as it finishes,
// a line per scenario, and a short summary with the failing steps and where they are.
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import { formatProblem } from '../errors.js';
import { count } from '../text/words.js';
import { printable } from '../text/printable.js';
import { whyLines } from './explanation.js';
import { mismatchLines } from './mismatch-lines.js';
import { limitedLine, reportedSubtestList } from './subtests.js';
import { MARK, duration, failedResults, firstFailingStep, outcomeCounts, runName, stepTally, totalsLine } from './summary.js';
import type { RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import type { Scenario } from '../scenario/scenario.js';
import type { SuiteEvents } from '../run/suite-runner.js';

export interface ConsoleOptions {
  write?: (line: string) => void;
  /** Show every step, not only the ones that did not pass. */
  verbose?: boolean;
  /** Keep a live "running:" block at the bottom of a terminal (log-update). */
  live?: boolean;
  /** Where lines go. @default process.stdout */
  stream?: NodeJS.WriteStream;
}

/** The scenarios in flight and the step each is at, redrawn in place on a terminal. */
class LiveStatus {
  private readonly running = new Map<string, string>();
  private readonly logUpdate: ReturnType<typeof createLogUpdate>;
  constructor(
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.logUpdate = createLogUpdate(stream);
  }
  set(id: string, text: string | undefined): void {
    if (!this.enabled) return;
    if (text === undefined) this.running.delete(id);
    else this.running.set(id, text);
    this.render();
  }
  /** Prints a permanent line above the live block. */
  print(line: string): void {
    if (this.enabled) this.logUpdate.clear();
    this.stream.write(`${line}\n`);
    this.render();
  }
  private render(): void {
    if (!this.enabled) return;
    if (!this.running.size) this.logUpdate.clear();
    else this.logUpdate([...this.running].map(([id, t]) => `${pc.dim('…')} ${id} ${pc.dim(t)}`).join('\n'));
  }
}

export function consoleEvents(opts: ConsoleOptions = {}): SuiteEvents {
  const stream = opts.stream ?? process.stdout;
  const live = new LiveStatus(!opts.write && !!opts.live && !!stream.isTTY, stream);
  const write = opts.write ?? ((l: string) => live.print(l));
  return {
    scenarioStart: (s: Scenario, cell?: string) => {
      live.set(runName({ scenario: s, cell }), 'starting sandbox');
      if (opts.verbose) write(`${pc.dim('▶')} ${runName({ scenario: s, cell })}`);
    },
    step: (s: Scenario, r: StepResult, cell?: string) => {
      const next = s.steps[r.step.index + 1];
      live.set(runName({ scenario: s, cell }), next ? `step ${next.index + 1}/${s.steps.length}: ${printable(next.name)}` : 'tearing down');
      const limited = limitedLine(r);
      if (!opts.verbose && (r.outcome === 'pass' || r.outcome === 'skip') && !limited) return;
      const msg = r.message && r.outcome !== 'pass' ? ` ${pc.dim('—')} ${printable(r.message)}` : '';
      write(`  ${MARK[r.outcome].terminal} ${pc.dim(`${s.id}#${r.step.index + 1}`)} ${printable(r.step.name)} ${pc.dim(`(${duration(r.durationMs)})`)}${msg}`);
      if (limited) write(`      ${pc.yellow('!')} ${printable(limited)}`);
      // A selftest's results: all of them with --verbose, else the ones that failed.
      for (const t of reportedSubtestList(r).filter((t) => opts.verbose || t.outcome === 'fail'))
        write(`      ${MARK[t.outcome].terminal} ${printable(t.name)} ${pc.dim(`(${duration(t.durationMs)})`)}${t.reason ? ` ${pc.dim('—')} ${printable(t.reason)}` : ''}`);
      for (const why of [...mismatchLines(r), ...whyLines(r)]) write(`      ${printable(why)}`);
    },
    scenarioEnd: (r: ScenarioResult) => {
      live.set(runName(r), undefined);
      const why = r.message ? ` ${pc.dim('—')} ${printable(r.message)}` : '';
      write(`${MARK[r.outcome].terminal} ${runName(r)} ${pc.dim(`${stepTally(r.steps, ' steps')}, ${duration(r.durationMs)}`)}${why}`);
    },
  };
}

export function summaryText(summary: RunSummary): string {
  const counts = outcomeCounts(summary);
  const lines: string[] = [];
  for (const e of summary.fileErrors) lines.push(...e.problems.map((p) => `${pc.red('file error')} ${printable(formatProblem(p))}`));
  for (const r of failedResults(summary)) {
    const bad = firstFailingStep(r);
    const where = bad ? `${r.scenario.file}:${bad.step.pos.line}` : r.scenario.file;
    lines.push(`${MARK[r.outcome].terminal} ${runName(r)} ${pc.dim(printable(where))}${bad ? ` step ${bad.step.index + 1} "${printable(bad.step.name)}": ${printable(bad.message ?? '')}` : `: ${printable(r.message ?? '')}`}`);
    lines.push(...[...mismatchLines(bad), ...whyLines(bad)].map((why) => `    ${printable(why)}`));
  }
  for (const b of summary.brokenCells ?? []) lines.push(`${MARK.error.terminal} backend ${b.cell}: ${printable(b.message)}`);
  for (const r of summary.results)
    for (const s of r.steps) {
      const limited = limitedLine(s);
      if (limited) lines.push(`${pc.yellow('!')} ${runName(r)} step ${s.step.index + 1} "${printable(s.step.name)}" passed, ${printable(limited)}`);
    }
  lines.push(`${totalsLine(counts)} (${count(summary.results.length, 'scenario run')}, ${summary.backend} backend, ${duration(summary.durationMs)})`);
  return lines.join('\n');
}
