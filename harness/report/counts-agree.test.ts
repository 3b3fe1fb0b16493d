// Every report counts and names a run the same way: JUnit's totals, the console, summary.md,
// the HTML page, KTAP and the cell table.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ScenarioFileError } from '../errors.js';
import type { Outcome, RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import type { Scenario } from '../scenario/scenario.js';
import { consoleEvents, summaryText } from './console.js';
import { htmlReport } from './html/html-report.js';
import { junitXml } from './junit.js';
import { ktap } from './ktap.js';
import { markdownSummary } from './markdown.js';
import { cellTable } from './matrix-table.js';

const step = (index: number, outcome: Outcome, message?: string) =>
  ({
    step: { index, name: `step ${index + 1}`, pos: { line: 4 + index, col: 3 }, in: 'host' },
    outcome,
    durationMs: 1,
    verdicts: [],
    attempts: 1,
    ...(message ? { message } : {}),
  }) as unknown as StepResult;
const scenario = (id: string) => ({ id, title: id, file: `${id}.yaml`, pos: { line: 1, col: 1 }, tags: [], steps: [] }) as unknown as Scenario;
const run = (id: string, outcome: ScenarioResult['outcome'], steps: StepResult[], cell?: string): ScenarioResult => ({
  scenario: scenario(id),
  outcome,
  steps,
  durationMs: 5,
  startedAt: new Date(0),
  ...(cell ? { cell } : {}),
});

/** A matrix run: one cell whose backend never came up, a scenario with a step skipped inside a pass, a bad file. */
const summary: RunSummary = {
  backend: 'container',
  durationMs: 9,
  results: [
    run('skips-one', 'pass', [step(0, 'pass'), step(1, 'skip', 'skipped: the kernel cannot log here'), step(2, 'pass')], 'bookworm/nft'),
    run('fails', 'fail', [step(0, 'fail', 'ping: expected ping ok'), step(1, 'skip', 'skipped: step 1 failed')], 'bookworm/nft'),
    run('errs', 'error', [step(0, 'error', 'the sandbox died')], 'bookworm/nft'),
  ],
  fileErrors: [new ScenarioFileError([{ file: 'bad.yaml', line: 1, col: 1, message: 'unknown key "pign"' }])],
  brokenCells: [{ cell: 'trixie/nft', message: 'the image could not be built' }],
};

const junitRoot = () =>
  (
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junitXml(summary)) as {
      testsuites: Record<string, string> & {
        testsuite: { name: string; tests: string; errors: string; testcase: { classname: string } | { classname: string }[] }[];
      };
    }
  ).testsuites;

describe('reports that agree', () => {
  it("JUnit's root totals are the sums of its testsuites, broken backend cells included", () => {
    const root = junitRoot();
    const sum = (k: 'tests' | 'errors') => root.testsuite.reduce((n, s) => n + Number(s[k]), 0);
    expect(root.testsuite.some((s) => s.name === 'backend trixie/nft')).toBe(true);
    expect(Number(root.tests)).toBe(sum('tests'));
    expect(Number(root.errors)).toBe(sum('errors'));
  });

  it('names a scenario run of a cell "id [cell]" in JUnit class names, KTAP, the console and summary.md', () => {
    const classes = junitRoot().testsuite.flatMap((s) => [s.testcase].flat().map((t) => t.classname));
    expect(classes).toContain('skips-one [bookworm/nft]');
    expect(classes.some((c) => /\w\[/.test(c))).toBe(false);
    expect(ktap(summary)).toContain('# Subtest: skips-one [bookworm/nft]');
    expect(summaryText(summary)).toContain('fails [bookworm/nft]');
    expect(markdownSummary(summary)).toContain('skips-one \\[bookworm/nft\\]'); // Markdown-escaped: reads "skips-one [bookworm/nft]"
  });

  it('heads summary.md, the HTML page and the console with the same totals, bad files and broken cells included', () => {
    const totals = '1 passed, 1 failed, 0 skipped, 1 errored, 1 bad file, 1 broken backend cell';
    expect(markdownSummary(summary).split('\n')[0]).toBe(`## netrecipes: ${totals}`);
    expect(htmlReport(summary)).toContain(totals);
    expect(summaryText(summary)).toContain(`${totals} (3 scenario runs`);
  });

  it('says when a passing scenario skipped a step, in the console and summary.md', () => {
    const lines: string[] = [];
    consoleEvents({ write: (l) => lines.push(l) }).scenarioEnd!(summary.results[0]!);
    expect(lines.join('\n')).toContain('2/3 steps, 1 skipped');
    expect(markdownSummary(summary)).toMatch(/\| skips-one \\\[bookworm\/nft\\\] \| 2\/3, 1 skipped \|/);
  });

  it('counts an errored scenario as errored, not failed, in the cell table', () => {
    expect(cellTable(summary)).toMatch(/bookworm +1\/3 passed, 1 failed, 1 errored/);
  });
});
