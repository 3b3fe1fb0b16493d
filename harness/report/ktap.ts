// KTAP (the kernel selftests' TAP dialect): one subtest per scenario, one test point per step;
// skips carry "# SKIP reason", expected failures "# XFAIL reason".
import type { RunSummary, StepResult } from '../run/results.js';

const clean = (s: string) => s.replace(/[#\n]/g, ' ').trim();

function stepLine(s: StepResult, i: number): string {
  const ok = s.outcome === 'pass' || s.outcome === 'skip' || s.outcome === 'xfail';
  const directive = s.outcome === 'skip' ? ` # SKIP ${clean(s.message ?? '')}` : s.outcome === 'xfail' ? ` # XFAIL ${clean(s.message ?? '')}` : '';
  return `    ${ok ? 'ok' : 'not ok'} ${i + 1} ${clean(s.step.name)}${directive}`;
}

export function ktap(summary: RunSummary): string {
  const lines = ['KTAP version 1', `1..${summary.results.length}`];
  summary.results.forEach((r, i) => {
    const name = `${r.scenario.id}${r.cell ? `[${r.cell}]` : ''}`;
    lines.push(`    KTAP version 1`, `    # Subtest: ${name}`, `    1..${r.steps.length}`);
    r.steps.forEach((s, j) => {
      lines.push(stepLine(s, j));
      if (s.outcome === 'fail' || s.outcome === 'error')
        for (const v of s.verdicts.filter((x) => !x.ok)) lines.push(`    # ${r.scenario.file}:${s.step.pos.line}: ${clean(`${v.kind}: expected ${v.expected}`)}`);
    });
    const ok = r.outcome === 'pass' || r.outcome === 'skip';
    lines.push(`${ok ? 'ok' : 'not ok'} ${i + 1} ${name}${r.outcome === 'skip' ? ` # SKIP ${clean(r.message ?? '')}` : ''}`);
  });
  const n = (o: string) => summary.results.filter((r) => r.outcome === o).length;
  lines.push(`# Totals: pass:${n('pass')} fail:${n('fail')} xfail:0 xpass:0 skip:${n('skip')} error:${n('error')}`);
  return `${lines.join('\n')}\n`;
}
