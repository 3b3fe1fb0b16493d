// Scenario <-> article drift: every command a scenario replays should still be in its
// article (else the article changed and the scenario may be stale), and every command of the
// article's section should be replayed by some scenario (else there is a coverage gap).
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside, staysInside } from '../scenario/find-files.js';
import { hasSource, type Scenario, type SourcedScenario, type Step } from '../scenario/scenario.js';
import { canonical, commandOnLine, extractCommands, type DocCommand } from './commands.js';
import { findSection, splitSections } from './sections.js';

export interface ScenarioCommand {
  step: Step;
  text: string;
  canonical: string;
}

export interface Stale extends ScenarioCommand {
  /** Where else in the article a similar command is, when it moved. */
  why: string;
  /** The step says why it departs from the article (`from_doc: "reason"`): reported, not failed. */
  acknowledged?: string;
}

export interface DriftEntry {
  scenario: SourcedScenario;
  doc: string;
  /** Problem with the article itself (missing file, missing section). */
  problem?: string;
  replayed: ScenarioCommand[];
  stale: Stale[];
}

export interface DriftReport {
  entries: DriftEntry[];
  /** Article section commands that no scenario replays, per doc and section. */
  gaps: { doc: string; section: string; commands: DocCommand[] }[];
}

/** What a state expectation runs, in the article's words (for coverage, not for staleness). */
function queriesOf(step: Step): string[] {
  const e = step.expect ?? {};
  const out: string[] = [];
  if (e.links) out.push('ip link show');
  if (e.addresses) out.push('ip addr show');
  if (e.routes) out.push('ip route show');
  if (e.neighbours) out.push('ip neigh show');
  if (e.fdb) out.push('bridge fdb show');
  for (const t of new Set((e.iptables ?? []).map((i) => i.table))) out.push(`iptables list ${t}`);
  return out;
}

/** The commands a scenario's steps run, one per line, that read like an article's commands. */
function scenarioCommands(s: Scenario): ScenarioCommand[] {
  const out: ScenarioCommand[] = [];
  for (const step of s.steps) {
    if (step.from_doc === false) continue;
    for (const line of [step.run, step.background].filter(Boolean).join('\n').split('\n')) {
      if (line.includes('$')) continue; // loops and saved variables are the scenario's own
      for (const part of line.split(/\s*(?:&&|;)\s*/)) {
        const cmd = commandOnLine(part, true);
        const canon = cmd && canonical(cmd);
        if (cmd && canon) out.push({ step, text: cmd, canonical: canon });
      }
    }
  }
  return out;
}

const similarity = (a: string, b: string) => {
  const ta = new Set(a.split(' '));
  const tb = b.split(' ');
  return tb.filter((t) => ta.has(t)).length / Math.max(ta.size, tb.length);
};

/**
 * An article of the docs folder, or undefined when there is none: a `source.doc` is a path inside
 * `docsDir` (the schema says so), and a link that leads out of it is not followed.
 */
async function readArticle(docsDir: string, doc: string): Promise<string | undefined> {
  const root = await realpath(docsDir).catch(() => undefined);
  const real = await realpath(join(docsDir, doc)).catch(() => undefined);
  if (!root || !real || !staysInside(doc) || !isInside(real, root)) return undefined;
  return readFile(real, 'utf8').catch(() => undefined);
}

/** Compares the scenarios that cite an article (`source:`) with it; the others are plain regression tests. */
export async function checkDrift(all: Scenario[], docsDir: string): Promise<DriftReport> {
  const scenarios = all.filter(hasSource);
  const entries: DriftEntry[] = [];
  const texts = new Map<string, string | undefined>();
  const replayedByDoc = new Map<string, Set<string>>();
  for (const s of scenarios) {
    const doc = s.source.doc;
    if (!texts.has(doc)) texts.set(doc, await readArticle(docsDir, doc));
    const text = texts.get(doc);
    const replayed = scenarioCommands(s);
    const seen = replayedByDoc.get(doc) ?? new Set<string>();
    replayed.forEach((c) => seen.add(c.canonical));
    s.steps.flatMap(queriesOf).forEach((q) => seen.add(q));
    replayedByDoc.set(doc, seen);
    if (text === undefined) {
      entries.push({ scenario: s, doc, problem: `no such article: ${join(docsDir, doc)}`, replayed, stale: [] });
      continue;
    }
    const section = findSection(text, s.source.section);
    if (!section) {
      entries.push({ scenario: s, doc, problem: `the article has no section titled "${s.source.section}"`, replayed, stale: [] });
      continue;
    }
    const subs = s.source.substitutes ?? {};
    const inSection = new Set(extractCommands(section.lines, subs).map((c) => c.canonical));
    const anywhere = extractCommands(
      splitSections(text).flatMap((x) => x.lines),
      subs,
    );
    const inDoc = new Set(anywhere.map((c) => c.canonical));
    const stale: Stale[] = [];
    for (const c of replayed) {
      if (inSection.has(c.canonical) || inDoc.has(c.canonical)) continue;
      const near = anywhere.map((d) => ({ d, score: similarity(d.canonical, c.canonical) })).sort((a, b) => b.score - a.score)[0];
      const why = near && near.score >= 0.5 ? `closest in the article, line ${near.d.line}: ${near.d.text.trim()}` : 'not in the article';
      const reason = c.step.from_doc;
      stale.push({ ...c, why, ...(typeof reason === 'string' ? { acknowledged: reason } : {}) });
    }
    entries.push({ scenario: s, doc, replayed, stale });
  }
  const gaps: DriftReport['gaps'] = [];
  const sectionsByDoc = new Map<string, Set<string>>();
  for (const s of scenarios) sectionsByDoc.set(s.source.doc, (sectionsByDoc.get(s.source.doc) ?? new Set()).add(s.source.section));
  for (const [doc, sections] of sectionsByDoc) {
    const text = texts.get(doc);
    if (!text) continue;
    const seen = replayedByDoc.get(doc)!;
    for (const title of sections) {
      const section = findSection(text, title);
      if (!section) continue;
      const subs = scenarios.find((s) => s.source.doc === doc && s.source.section === title)?.source.substitutes ?? {};
      const missing = extractCommands(section.lines, subs).filter((c) => !seen.has(c.canonical));
      if (missing.length) gaps.push({ doc, section: title, commands: missing });
    }
  }
  return { entries, gaps };
}
