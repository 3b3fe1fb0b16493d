// reports/index.html: one self-contained page (no network fetches). Failures first, at the top,
// with the failing step's command, expected and actual; then every scenario with its steps,
// outputs, verdicts, timings, the topology picture and, on failure, the diagnostics dump.
import { formatProblem } from '../../errors.js';
import { outputCutNote } from '../../exec/command-result.js';
import type { RunSummary, ScenarioResult, StepResult } from '../../run/results.js';
import { VERSION } from '../../version.js';
import { embed, MAX_PREVIEW, stepCommand } from '../embed.js';
import { writeReportFile } from '../report-file.js';
import { el, trusted, type Markup } from './element.js';
import { topologySvg } from './topology-svg.js';
import { whyLines } from '../explanation.js';
import { limitedLine, reportedSubtestList } from '../subtests.js';
import { sourceLinker, type SourceLink } from '../source-link.js';
import { MARK, duration, failedResults, firstFailingStep, earlierRuns, isFailure, outcomeCounts, runName, totalsLine } from '../summary.js';

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:12px 20px;background:#24292f;color:#fff}header h1{font-size:18px;margin:0 0 4px}
main{padding:12px 20px}pre{background:#f0f0f0;padding:6px 8px;overflow:auto;max-height:320px;margin:4px 0;font:12px/1.35 ui-monospace,monospace;white-space:pre-wrap}
.pass{color:#1a7f37}.fail,.error{color:#cf222e}.skip,.xfail,.flaky{color:#9a6700}.limited{color:#9a6700;font-style:italic}
.failure{border:2px solid #cf222e;background:#fff;border-radius:6px;padding:8px 12px;margin:8px 0}
.failure h3{margin:0 0 4px;font-size:15px}.where{color:#57606a;font-size:12px}
details.scenario{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:8px 0;padding:6px 10px}
details.scenario>summary{cursor:pointer;font-weight:600}
table.steps{border-collapse:collapse;width:100%;margin:6px 0}table.steps td,table.steps th{border-top:1px solid #eaeef2;padding:4px;vertical-align:top;text-align:left}
tr.step-fail,tr.step-error{background:#ffebe9}.verdicts{margin:0;padding-left:16px}
.topology{background:#fff;border:1px solid #eaeef2;margin:6px 0;max-width:100%}
.changes pre{font-size:12px}
.legend{font-size:12px;color:#57606a;margin:.2em 0 .6em}.topology .route{fill:#8250df;font-size:11px}
input.filter{display:none}.filters label{cursor:pointer;margin-right:.8em;text-decoration:underline}
#show-fail:checked~main details.scenario:not(.outcome-fail):not(.outcome-error),#show-pass:checked~main details.scenario:not(.outcome-pass),
#show-skip:checked~main details.scenario:not(.outcome-skip),#show-flaky:checked~main details.scenario:not(.outcome-flaky),
#show-pass:checked~main .failure,#show-skip:checked~main .failure,#show-flaky:checked~main .failure{display:none}
.explanation{margin:.3em 0;padding:.3em .3em .3em 1.6em;background:#fff8c5;border-left:3px solid #bf8700;font:13px ui-monospace,monospace}
.topology rect{fill:#f6f8fa;stroke:#8c959f}.ns-host rect{fill:#ddf4ff}.ns-world rect{fill:#fff8c5}
.topology text{font:12px ui-monospace,monospace}.topology .ns-name{font-weight:700}.topology .addr{fill:#57606a;font-size:11px}
.topology .veth{stroke:#0969da;stroke-width:2;fill:none}.topology .up circle{fill:#1a7f37}.topology .down circle{fill:#cf222e}
`;

const commandOf = (s: StepResult, max?: number) => embed(stepCommand(s) ?? '(check)', max);

/** `file:line` as a link to that line (GitHub in Actions, else a relative path). */
const lineLink = (link: SourceLink, file: string, line: number, text = `${file}:${line}`) => el('a', { href: link(file, line) }, text);

function failureCard(r: ScenarioResult, link: SourceLink): Markup {
  const bad = firstFailingStep(r);
  const verdicts = bad?.verdicts.filter((v) => !v.ok) ?? [];
  return el(
    'section',
    { class: 'failure failing-step', id: `fail-${r.scenario.id}${r.cell ? `-${r.cell.replace('/', '-')}` : ''}` },
    el('h3', {}, `${MARK[r.outcome].html} ${runName(r)}: ${bad ? `step ${bad.step.index + 1} "${bad.step.name}"` : (r.message ?? r.outcome)}`),
    el(
      'div',
      { class: 'where' },
      bad
        ? [lineLink(link, r.scenario.file, bad.step.pos.line, `${r.scenario.file}:${bad.step.pos.line}:${bad.step.pos.col}`), `, in ${bad.step.in}`]
        : lineLink(link, r.scenario.file, 1, r.scenario.file),
    ),
    whyLines(bad).length
      ? el(
          'ul',
          { class: 'explanation' },
          whyLines(bad).map((why) => el('li', {}, why)),
        )
      : null,
    bad?.changes?.length
      ? el(
          'details',
          { class: 'changes', open: true },
          el('summary', {}, `what the step changed (${bad.changes.length})`),
          el('pre', {}, bad.changes.join('\n')),
        )
      : null,
    bad ? el('pre', {}, commandOf(bad, MAX_PREVIEW)) : null,
    verdicts.map((v) => el('div', {}, el('b', {}, `${v.kind}: expected ${v.expected}`), el('pre', {}, embed(v.actual)))),
    bad && !verdicts.length ? el('pre', {}, bad.message ?? '') : null,
  );
}

function stepRow(s: StepResult, file: string, link: SourceLink): Markup {
  const cut = outputCutNote(s.result);
  const out = s.result ? `${embed(s.result.stdout)}${s.result.stderr ? `\n[stderr]\n${embed(s.result.stderr)}` : ''}`.trim() + (cut ? `\n[${cut}]` : '') : '';
  return el(
    'tr',
    { class: `step-${s.outcome}` },
    el('td', { class: s.outcome }, MARK[s.outcome].html),
    el(
      'td',
      {},
      `${s.step.index + 1}. ${s.step.name}`,
      el('div', { class: 'where' }, lineLink(link, file, s.step.pos.line, `line ${s.step.pos.line}`), `, in ${s.step.in}`),
    ),
    el('td', {}, el('pre', {}, commandOf(s)), out ? el('details', { open: isFailure(s.outcome) }, el('summary', {}, 'output'), el('pre', {}, out)) : null),
    el(
      'td',
      {},
      s.verdicts.length
        ? el(
            'ul',
            { class: 'verdicts' },
            s.verdicts.map((v) => el('li', { class: v.ok ? 'pass' : 'fail' }, `${v.kind}: ${v.expected}`)),
          )
        : null,
      s.message && s.outcome !== 'pass' ? el('div', { class: s.outcome }, s.message) : null,
      limitedLine(s) ? el('div', { class: 'limited' }, limitedLine(s)) : null,
      s.subtests?.length
        ? el(
            'ul',
            { class: 'verdicts subtests' },
            reportedSubtestList(s).map((t) =>
              el(
                'li',
                { class: t.outcome === 'fail' ? 'fail' : t.outcome === 'pass' ? 'pass' : 'skip' },
                `${MARK[t.outcome].html} ${t.name} (${duration(t.durationMs)})${t.reason ? ` — ${t.reason}` : ''}`,
              ),
            ),
          )
        : null,
      whyLines(s).length
        ? el(
            'ul',
            { class: 'explanation' },
            whyLines(s).map((why) => el('li', {}, why)),
          )
        : null,
      s.changes?.length
        ? el(
            'details',
            { class: 'changes', open: s.outcome === 'fail' },
            el('summary', {}, `changed (${s.changes.length})`),
            el('pre', {}, s.changes.join('\n')),
          )
        : null,
    ),
    el('td', {}, duration(s.durationMs)),
  );
}

const LEGEND =
  "sandbox host (blue): the machine the recipe configures · world and client (yellow): the hidden outside network the harness builds, with the uplink's gateway, the internet addresses and an outside client · other boxes: the namespaces the scenario made · lines: veth pairs · dots: link up (green) or down (red) · → default route";

function scenarioSection(r: ScenarioResult, link: SourceLink): Markup {
  const machine = r.info?.machine
    ? `, ${Object.entries(r.info.machine)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`
    : '';
  const info = r.info ? `${r.info.backend}, kernel ${r.info.kernel}, ${r.info.distro}, iptables ${r.info.iptables}${machine}` : '';
  return el(
    'details',
    { class: `scenario outcome-${r.outcome}`, open: isFailure(r.outcome) },
    el('summary', { class: r.outcome }, `${MARK[r.outcome].html} ${runName(r)} — ${r.scenario.title} (${duration(r.durationMs)})`),
    el(
      'div',
      { class: 'where' },
      lineLink(link, r.scenario.file, r.scenario.pos.line, r.scenario.file),
      ` · ${r.scenario.source ? `${r.scenario.source.doc} § ${r.scenario.source.section} · ` : ''}${info}`,
    ),
    r.message ? el('div', { class: r.outcome }, r.message) : null,
    r.earlier?.length
      ? el(
          'ul',
          { class: 'flaky' },
          earlierRuns(r).map((run) => el('li', {}, run)),
        )
      : null,
    r.quarantined ? el('div', { class: 'skip' }, 'quarantined: its failure does not fail the run') : null,
    r.topology ? [topologySvg(r.topology), el('div', { class: 'legend' }, LEGEND)] : null,
    el(
      'table',
      { class: 'steps' },
      el(
        'tr',
        {},
        ['', 'step', 'command and output', 'expectations', 'time'].map((h) => el('th', {}, h)),
      ),
      r.steps.map((s) => stepRow(s, r.scenario.file, link)),
    ),
    r.diagnostics ? el('details', {}, el('summary', {}, 'diagnostics after the failure'), el('pre', {}, embed(r.diagnostics))) : null,
  );
}

/** Radio buttons before <main> that show only failed, passed or skipped scenarios (CSS only). */
const FILTERS = [
  ['all', 'all'],
  ['fail', 'failed'],
  ['pass', 'passed'],
  ['skip', 'skipped'],
  ['flaky', 'flaky'],
] as const;

export function htmlReport(summary: RunSummary, link: SourceLink = sourceLinker('index.html')): string {
  const counts = outcomeCounts(summary);
  const failures = failedResults(summary);
  const ordered = [...failures, ...summary.results.filter((r) => !failures.includes(r))];
  const page = el(
    'html',
    { lang: 'en' },
    el(
      'head',
      {},
      el('meta', { charset: 'utf-8' }),
      el('title', {}, `netrecipes: ${failures.length ? `${failures.length} failing` : 'all passed'}`),
      el('style', {}, trusted(CSS)),
    ),
    el(
      'body',
      {},
      FILTERS.map(([id]) => el('input', { type: 'radio', name: 'show', id: `show-${id}`, class: 'filter', checked: id === 'all' })),
      el(
        'header',
        {},
        el('h1', {}, 'netrecipes report'),
        el(
          'nav',
          { class: 'filters' },
          'show: ',
          FILTERS.map(([id, label]) => el('label', { for: `show-${id}` }, id === 'all' ? `${label} (${summary.results.length})` : `${label} (${counts[id]})`)),
        ),
        `${totalsLine(counts)} — ${summary.results.length} scenario runs on the ${summary.backend} backend in ${duration(summary.durationMs)} · netrecipes ${VERSION}`,
      ),
      el(
        'main',
        {},
        summary.fileErrors.length
          ? el(
              'section',
              { class: 'failure' },
              el('h3', {}, 'scenario files with errors'),
              el('pre', {}, summary.fileErrors.flatMap((e) => e.problems.map(formatProblem)).join('\n')),
            )
          : null,
        (summary.brokenCells ?? []).map((b) => el('section', { class: 'failure' }, el('h3', {}, `backend ${b.cell} could not run`), el('pre', {}, b.message))),
        failures.map((r) => failureCard(r, link)),
        ordered.map((r) => scenarioSection(r, link)),
      ),
    ),
  );
  return `<!DOCTYPE html>\n${page.html}\n`;
}

export async function writeHtmlReport(summary: RunSummary, file: string): Promise<void> {
  await writeReportFile(file, htmlReport(summary, sourceLinker(file)));
}
