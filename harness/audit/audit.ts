// `netrecipes audit`: which commands of a scenario or a document matter. Each command that
// changes state is taken away in a replay of its own (in parallel sandboxes); a command is
// "needed" when a checked step then behaves differently, else it "changes nothing that is
// checked". For scenarios this is mutation testing; for documents it finds the fix that only
// some hosts need.
import type { Cell } from '../backends/registry.js';
import type { ScenarioFileError } from '../errors.js';
import { firstFailingStep, isFailure, type ScenarioResult } from '../run/results.js';
import { runCells } from '../run/run-cells.js';
import type { Scenario } from '../scenario/scenario.js';
import { finding, type AuditFinding } from './findings.js';
import { mutantsOf } from './mutants.js';

export interface AuditReport {
  findings: AuditFinding[];
  /** Scenarios whose own replay failed: their findings compare against that failure. */
  baselineFailures: { scenario: string; message?: string }[];
  replays: number;
  durationMs: number;
}

export interface AuditOptions {
  backend: string;
  jobs: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export async function audit(cells: Cell[], scenarios: Scenario[], errors: ScenarioFileError[], opts: AuditOptions): Promise<AuditReport> {
  const t0 = performance.now();
  const plans = scenarios.map((s) => ({ baseline: s, mutants: mutantsOf(s) }));
  const all = plans.flatMap((p) => [p.baseline, ...p.mutants.map((m) => m.scenario)]);
  let done = 0;
  const summary = await runCells(cells.slice(0, 1), all, errors, {
    backend: opts.backend,
    jobs: opts.jobs,
    signal: opts.signal,
    events: { scenarioEnd: () => opts.onProgress?.(++done, all.length) },
  });
  const byId = new Map<string, ScenarioResult>(summary.results.map((r) => [r.scenario.id, r]));
  const findings: AuditFinding[] = [];
  const baselineFailures: AuditReport['baselineFailures'] = [];
  for (const p of plans) {
    const baseline = byId.get(p.baseline.id);
    if (!baseline) continue;
    if (isFailure(baseline.outcome)) {
      const bad = firstFailingStep(baseline);
      baselineFailures.push({ scenario: p.baseline.id, ...(bad?.message ? { message: bad.message } : {}) });
    }
    for (const m of p.mutants) {
      const r = byId.get(m.scenario.id);
      if (r) findings.push(finding(baseline, m, r));
    }
  }
  return { findings, baselineFailures, replays: all.length, durationMs: performance.now() - t0 };
}
