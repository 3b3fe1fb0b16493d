// `netrecipes report merge`: many runs' JUnit files (netns, containers, kernels...) into one
// compatibility matrix: scenario x (backend, kernel, distro, iptables), as Markdown, HTML and
// JSON, with what changed since a previous merge.
import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import { el, trusted } from './html/element.js';
import { isFailure, markdownMark } from './summary.js';

export interface MatrixCell {
  scenario: string;
  column: string;
  outcome: string;
}
export interface Matrix {
  columns: string[];
  scenarios: string[];
  cells: MatrixCell[];
}
export interface MatrixChange {
  scenario: string;
  column: string;
  from: string;
  to: string;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const codename = (distro: string) => /\(([^)]+)\)/.exec(distro)?.[1] ?? distro;

/** Reads the scenario suites of JUnit files written by `netrecipes run`. */
export async function readRuns(files: string[]): Promise<MatrixCell[]> {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  const cells: MatrixCell[] = [];
  for (const file of files) {
    const doc = parser.parse(await readFile(file, 'utf8')) as { testsuites?: { testsuite?: unknown } };
    for (const suite of asArray(doc.testsuites?.testsuite) as { properties?: { property?: unknown } }[]) {
      const props = Object.fromEntries(asArray(suite.properties?.property as { name: string; value: string }[]).map((p) => [p.name, p.value]));
      if (!props.scenario) continue;
      const column = `${props.backend} · ${props.kernel} · ${codename(props.distro ?? '?')} · ${props.iptables}`;
      cells.push({ scenario: props.scenario, column, outcome: props.outcome ?? 'unknown' });
    }
  }
  return cells;
}

export function buildMatrix(cells: MatrixCell[]): Matrix {
  return { columns: [...new Set(cells.map((c) => c.column))].sort(), scenarios: [...new Set(cells.map((c) => c.scenario))].sort(), cells };
}

const key = (c: { scenario: string; column: string }) => `${c.scenario}\u0000${c.column}`;

/** A cell the previous matrix did not have, as a change's `from`. */
export const ABSENT = 'absent';

/**
 * The cells whose outcome changed since `previous`; a cell it did not have (a new scenario, a new
 * column) counts as a change only when it fails now, so that a gate sees it.
 */
export function changes(previous: Matrix, current: Matrix): MatrixChange[] {
  const before = new Map(previous.cells.map((c) => [key(c), c.outcome]));
  return current.cells
    .filter((c) => (before.has(key(c)) ? before.get(key(c)) !== c.outcome : isFailure(c.outcome)))
    .map((c) => ({ scenario: c.scenario, column: c.column, from: before.get(key(c)) ?? ABSENT, to: c.outcome }));
}

const outcomeOf = (m: Matrix, s: string, col: string) => m.cells.find((c) => c.scenario === s && c.column === col)?.outcome;

/** The changes from passing (or skipped) to failing or errored. */
export const newlyFailing = (diff: MatrixChange[]) => diff.filter((d) => isFailure(d.to) && !isFailure(d.from));

export function matrixMarkdown(m: Matrix, diff: MatrixChange[] = []): string {
  const lines = ['## Compatibility matrix', '', `| scenario | ${m.columns.join(' | ')} |`, `|---|${m.columns.map(() => '---').join('|')}|`];
  for (const s of m.scenarios) lines.push(`| ${s} | ${m.columns.map((c) => markdownMark(outcomeOf(m, s, c) ?? '') ?? '·').join(' | ')} |`);
  const failing = newlyFailing(diff);
  const newlyPassing = diff.filter((d) => d.to === 'pass' && isFailure(d.from));
  if (diff.length) {
    lines.push('', '### Changes since the previous merge', '');
    for (const d of failing) lines.push(`- newly failing: **${d.scenario}** on ${d.column} (${d.from} → ${d.to})`);
    for (const d of newlyPassing) lines.push(`- newly passing: **${d.scenario}** on ${d.column}`);
    for (const d of diff.filter((x) => !failing.includes(x) && !newlyPassing.includes(x))) lines.push(`- ${d.scenario} on ${d.column}: ${d.from} → ${d.to}`);
  }
  return `${lines.join('\n')}\n`;
}

export function matrixHtml(m: Matrix, diff: MatrixChange[] = []): string {
  const css = 'body{font:14px system-ui,sans-serif;margin:20px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:center}td:first-child{text-align:left}.pass{background:#dafbe1}.fail,.error{background:#ffebe9}.skip{background:#fff8c5}.changed{outline:3px solid #0969da}';
  const changed = new Set(diff.map(key));
  const page = el(
    'html',
    { lang: 'en' },
    el('head', {}, el('meta', { charset: 'utf-8' }), el('title', {}, 'netrecipes compatibility matrix'), el('style', {}, trusted(css))),
    el(
      'body',
      {},
      el('h1', {}, 'Compatibility matrix'),
      el(
        'table',
        {},
        el('tr', {}, el('th', {}, 'scenario'), m.columns.map((c) => el('th', {}, c))),
        m.scenarios.map((s) =>
          el(
            'tr',
            {},
            el('td', {}, s),
            m.columns.map((c) => {
              const o = outcomeOf(m, s, c) ?? '';
              return el('td', { class: `${o}${changed.has(key({ scenario: s, column: c })) ? ' changed' : ''}`, title: o }, markdownMark(o) ?? '·');
            }),
          ),
        ),
      ),
      diff.length ? el('ul', {}, diff.map((d) => el('li', {}, `${d.scenario} on ${d.column}: ${d.from} → ${d.to}`))) : null,
    ),
  );
  return `<!DOCTYPE html>\n${page.html}\n`;
}
