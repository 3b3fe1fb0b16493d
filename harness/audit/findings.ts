// What taking a command away did: the first checked step whose outcome changed, or nothing.
import type { ScenarioResult, StepResult } from '../run/results.js';
import type { Mutant } from './mutants.js';

export interface AuditFinding {
  scenario: string;
  file: string;
  line: number;
  /** 1-based, in the scenario as written. */
  step: number;
  command: string;
  verdict: 'needed' | 'unchecked';
  /** The first step that behaves differently without it. */
  breaks?: { step: number; name: string; line: number; outcome: string; message?: string };
  explanation: string;
}

/** What a step's result says, without what varies between runs (times, MACs, raw output). */
function signature(r: StepResult | undefined): string {
  if (!r) return 'absent';
  const bad = r.verdicts
    .filter((v) => !v.ok)
    .map((v) =>
      v.kind === 'transcript'
        ? `transcript ${v.actual
            .split('\n')
            .filter((l) => l.startsWith('@@'))
            .join(',')}`
        : `${v.kind}: ${v.expected}`,
    );
  return `${r.outcome} ${bad.join('; ')}`;
}

/**
 * The step differs only because a listing no longer prints the removed command itself (the
 * document's `iptables -S` showing the rule just added): that is not a check of what it does.
 */
function onlyListsItself(r: StepResult, command: string): boolean {
  const bad = r.verdicts.filter((v) => !v.ok);
  if (!bad.length || !bad.every((v) => v.kind === 'transcript')) return false;
  const changed = bad.flatMap((v) => v.actual.split('\n').filter((l) => /^[-+] /.test(l)));
  return changed.length > 0 && changed.every((l) => l.startsWith('- ') && l.slice(2).trim().length > 0 && command.includes(l.slice(2).trim()));
}

export function finding(baseline: ScenarioResult, taken: Mutant, mutant: ScenarioResult): AuditFinding {
  const { removed } = taken;
  const base = {
    scenario: baseline.scenario.id,
    file: baseline.scenario.file,
    line: taken.line,
    step: removed.index + 1,
    command: taken.command,
  };
  const listings: string[] = [];
  for (const m of mutant.steps) {
    const original = !taken.kept && m.step.index >= removed.index ? m.step.index + 1 : m.step.index;
    const b = baseline.steps[original];
    if (signature(b) === signature(m)) continue;
    if (b?.outcome === 'pass' && onlyListsItself(m, taken.text)) {
      listings.push(`step ${original + 1} (${baseline.scenario.file}:${m.step.pos.line})`);
      continue;
    }
    const breaks = { step: original + 1, name: m.step.name, line: m.step.pos.line, outcome: m.outcome, ...(m.message ? { message: m.message } : {}) };
    const what =
      m.outcome === 'pass'
        ? 'passes (it fails with it)'
        : m.outcome === 'skip'
          ? `is skipped (${m.message ?? ''})`
          : `${m.outcome === 'error' ? 'errors' : 'fails'}: ${m.message ?? ''}`;
    return {
      ...base,
      verdict: 'needed',
      breaks,
      explanation: `needed: without it step ${breaks.step} "${m.step.name}" (${baseline.scenario.file}:${breaks.line}) ${what}`,
    };
  }
  if (mutant.outcome === 'error' && baseline.outcome !== 'error')
    return { ...base, verdict: 'needed', explanation: `needed: without it the replay errors: ${mutant.message ?? ''}` };
  const shown = listings.length ? ` (only a listing shows it: ${listings.join(', ')})` : '';
  return { ...base, verdict: 'unchecked', explanation: `changes nothing that is checked${shown}` };
}
