// `netrecipes report merge`: many runs' JUnit files (netns, containers, kernels...) into one
// compatibility matrix: scenario x (backend, kernel, distro, iptables), as Markdown, HTML and
// JSON, with what changed since a previous merge.
import { readFile } from 'node:fs/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { el, trusted } from './html/element.js';
import { isFailure, markdownMark } from './summary.js';
import { mdText } from '../text/markdown-text.js';

export interface MatrixCell {
  scenario: string;
  column: string;
  outcome: string;
  /** The kernel release and the rest of the column ("qemu · trixie · nft"), for the first-bad-kernel view. */
  kernel?: string;
  userspace?: string;
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

/** What of a JUnit file the matrix reads: each testsuite's properties, as `netrecipes run` writes them. */
const junitShape = z.object({
  testsuites: z.object({
    testsuite: z
      .union([z.array(z.unknown()), z.unknown()])
      .optional()
      .transform((v) => asArray(v)),
  }),
});
const suiteShape = z.object({
  properties: z
    .object({ property: z.union([z.array(z.object({ name: z.string(), value: z.string() })), z.object({ name: z.string(), value: z.string() })]).optional() })
    .optional(),
});

/** The text of a JUnit file, refused with a usage error naming the file when it cannot be one of ours. */
async function junitText(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  // JUnit needs no document type; one brings entities (external files, expansion bombs).
  if (/<!DOCTYPE/i.test(text)) throw new UsageError(`${file}: has a <!DOCTYPE> (entities are not read): not a JUnit file written by netrecipes run`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new UsageError(`${file}:${valid.err.line}: not well-formed XML: ${valid.err.msg}`);
  return text;
}

/** Reads the scenario suites of JUnit files written by `netrecipes run`; a file that is none is a usage error. */
export async function readRuns(files: string[]): Promise<MatrixCell[]> {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: false, parseAttributeValue: false, parseTagValue: false });
  const cells: MatrixCell[] = [];
  for (const file of files) {
    const doc = junitShape.safeParse(parser.parse(await junitText(file)));
    if (!doc.success) throw new UsageError(`${file}: no <testsuites> in it: not a JUnit file written by netrecipes run`);
    for (const raw of doc.data.testsuites.testsuite) {
      const suite = suiteShape.safeParse(raw);
      if (!suite.success) throw new UsageError(`${file}: a testsuite's properties are not name/value pairs`);
      const props = Object.fromEntries(asArray(suite.data.properties?.property).map((p) => [p.name, p.value]));
      if (!props.scenario) continue;
      const userspace = `${props.backend} · ${codename(props.distro ?? '?')} · ${props.iptables}`;
      const column = `${props.backend} · ${props.kernel} · ${codename(props.distro ?? '?')} · ${props.iptables}`;
      cells.push({ scenario: props.scenario, column, outcome: props.outcome ?? 'unknown', kernel: props.kernel ?? '?', userspace });
    }
  }
  return cells;
}

const matrixShape = z.object({
  columns: z.array(z.string()),
  scenarios: z.array(z.string()),
  cells: z.array(z.object({ scenario: z.string(), column: z.string(), outcome: z.string() })),
});

/** A matrix.json of an earlier merge; anything else is a usage error saying what is wrong. */
export function parseMatrix(text: string, what: string): Matrix {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what}: not JSON (${(err as Error).message})`);
  }
  const m = matrixShape.safeParse(data);
  if (!m.success) {
    const issue = m.error.issues[0]!;
    throw new UsageError(`${what}: not a matrix.json of report merge: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return m.data;
}

export function buildMatrix(cells: MatrixCell[]): Matrix {
  return { columns: [...new Set(cells.map((c) => c.column))].sort(), scenarios: [...new Set(cells.map((c) => c.scenario))].sort(), cells };
}

const key = (c: { scenario: string; column: string }) => `${c.scenario}\u0000${c.column}`;

/** A cell the previous matrix did not have, as a change's `from`. */
const ABSENT = 'absent';

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
  const lines = ['## Compatibility matrix', '', `| scenario | ${m.columns.map(mdText).join(' | ')} |`, `|---|${m.columns.map(() => '---').join('|')}|`];
  for (const s of m.scenarios) lines.push(`| ${mdText(s)} | ${m.columns.map((c) => markdownMark(outcomeOf(m, s, c) ?? '') ?? '·').join(' | ')} |`);
  const failing = newlyFailing(diff);
  const newlyPassing = diff.filter((d) => d.to === 'pass' && isFailure(d.from));
  if (diff.length) {
    lines.push('', '### Changes since the previous merge', '');
    const t = mdText;
    for (const d of failing) lines.push(`- newly failing: **${t(d.scenario)}** on ${t(d.column)} (${t(d.from)} → ${t(d.to)})`);
    for (const d of newlyPassing) lines.push(`- newly passing: **${t(d.scenario)}** on ${t(d.column)}`);
    for (const d of diff.filter((x) => !failing.includes(x) && !newlyPassing.includes(x)))
      lines.push(`- ${t(d.scenario)} on ${t(d.column)}: ${t(d.from)} → ${t(d.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** How often a scenario was flaky in one column over the merged runs. */
export interface FlakeRate {
  scenario: string;
  column: string;
  /** Runs of the scenario in that column. */
  runs: number;
  /** Those that failed and then passed on a rerun. */
  flaky: number;
  /** Those that failed for good. */
  failed: number;
}

/** The cells that were flaky at least once, the flakiest first (then by scenario and column). */
export function flakeRates(cells: MatrixCell[]): FlakeRate[] {
  const rates = new Map<string, FlakeRate>();
  for (const c of cells) {
    const r = rates.get(key(c)) ?? { scenario: c.scenario, column: c.column, runs: 0, flaky: 0, failed: 0 };
    r.runs += 1;
    if (c.outcome === 'flaky') r.flaky += 1;
    if (isFailure(c.outcome)) r.failed += 1;
    rates.set(key(c), r);
  }
  const rate = (r: FlakeRate) => r.flaky / r.runs;
  return [...rates.values()].filter((r) => r.flaky).sort((a, b) => rate(b) - rate(a) || key(a).localeCompare(key(b)));
}

/** The flake rates as a Markdown section (nothing when no run was flaky). */
export function flakeMarkdown(rates: FlakeRate[]): string {
  if (!rates.length) return '';
  const lines = [
    '',
    '### Flaky (failed, then passed on a rerun)',
    '',
    '| scenario | column | flaky | failed | runs | flake rate |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rates)
    lines.push(`| ${mdText(r.scenario)} | ${mdText(r.column)} | ${r.flaky} | ${r.failed} | ${r.runs} | ${Math.round((100 * r.flaky) / r.runs)}% |`);
  return `${lines.join('\n')}\n`;
}

export function matrixHtml(m: Matrix, diff: MatrixChange[] = []): string {
  const css =
    'body{font:14px system-ui,sans-serif;margin:20px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:center}td:first-child{text-align:left}.pass{background:#dafbe1}.fail,.error{background:#ffebe9}.skip{background:#fff8c5}.changed{outline:3px solid #0969da}';
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
        el(
          'tr',
          {},
          el('th', {}, 'scenario'),
          m.columns.map((c) => el('th', {}, c)),
        ),
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
      diff.length
        ? el(
            'ul',
            {},
            diff.map((d) => el('li', {}, `${d.scenario} on ${d.column}: ${d.from} → ${d.to}`)),
          )
        : null,
    ),
  );
  return `<!DOCTYPE html>\n${page.html}\n`;
}
