// Turns a Markdown document written as shell transcripts into a scenario: each command after a
// prompt in a ```console (or ```shell) block is a step, the lines under it are its expected
// output. HTML-comment directives say what a transcript cannot:
//   <!-- netrecipes: world uplink=eth0 address=10.0.2.15/24 gateway=10.0.2.2 requires=ip,ping -->
//   <!-- netrecipes: in=netns0 expect-exit=2 -->   (applies to the next block)
import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { ScenarioFileError, type FileProblem } from '../errors.js';
import type { Scenario, Step } from '../scenario/scenario.js';
import { scenarioSchema, type ScenarioInput } from '../scenario/schema.js';
import { staticChecks } from '../scenario/static-checks.js';

const DIRECTIVE = /<!--\s*netrecipes:\s*(.*?)\s*-->/;
const FENCE = /^\s*```\s*([\w-]*)\s*$/;
const PROMPT = /^(?:\[[^\]]*\])?[$#] /;
const TRANSCRIPT_LANGS = new Set(['console', 'shell-session', 'sh-session', 'shell', 'sh', 'bash']);

export const BLOCK_KEYS = ['in', 'expect-exit', 'timeout', 'skip', 'ignore-output', 'background', 'id', 'ready-port', 'ready-output', 'ready-file', 'within'];
export const DOC_KEYS = ['world', 'uplink', 'address', 'gateway', 'internet', 'client', 'requires', 'kernel', 'id', 'tags'];

type Directive = Map<string, string>;

function parseDirective(body: string): Directive {
  const d: Directive = new Map();
  for (const m of body.matchAll(/([\w-]+)(?:=("[^"]*"|\S+))?/g)) d.set(m[1]!, (m[2] ?? 'true').replace(/^"|"$/g, ''));
  return d;
}

interface Command {
  line: number;
  text: string;
  output: string[];
  directive: Directive;
}

const list = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);

export function parseTranscript(text: string, file: string): Scenario {
  const shown = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
  const lines = text.split('\n');
  const problems: FileProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file: shown, line, col: 1, message });
  const commands: Command[] = [];
  let docDirective: Directive = new Map();
  let pending: Directive | undefined;
  let title = basename(file);
  let lang: string | undefined;
  let block: Directive = new Map();
  let current: Command | undefined;

  lines.forEach((raw, i) => {
    const n = i + 1;
    const fence = FENCE.exec(raw);
    if (fence) {
      if (lang === undefined) {
        lang = fence[1] ?? '';
        block = pending ?? new Map();
        pending = undefined;
      } else {
        lang = undefined;
        current = undefined;
      }
      return;
    }
    if (lang === undefined) {
      const h = /^#\s+(.+)$/.exec(raw);
      if (h && title === basename(file)) title = h[1]!.trim();
      const d = DIRECTIVE.exec(raw);
      if (d) {
        const parsed = parseDirective(d[1]!);
        const isDoc = parsed.has('world') || parsed.has('requires') || parsed.has('kernel') || parsed.has('tags');
        const allowed = isDoc ? DOC_KEYS : BLOCK_KEYS;
        for (const k of parsed.keys()) if (!allowed.includes(k)) problem(n, `unknown directive "${k}" (${isDoc ? 'document' : 'block'} directives: ${allowed.join(', ')})`);
        if (isDoc) docDirective = new Map([...docDirective, ...parsed]);
        else pending = parsed;
      }
      return;
    }
    if (!TRANSCRIPT_LANGS.has(lang) || block.has('skip')) return;
    const hasPrompt = PROMPT.test(raw);
    const promptless = lang !== 'console' && lang !== 'shell-session' && lang !== 'sh-session';
    if (hasPrompt || (promptless && raw.trim() && !raw.trim().startsWith('#') && !current?.text.endsWith('\\'))) {
      current = { line: n, text: raw.replace(PROMPT, ''), output: [], directive: promptless && !hasPrompt ? new Map([...block, ['ignore-output', 'true']]) : block };
      commands.push(current);
    } else if (current?.text.endsWith('\\')) current.text = `${current.text.slice(0, -1)}\n${raw}`;
    else if (current) current.output.push(raw);
  });
  if (!commands.length) problem(1, 'no commands found: write them after a "$ " prompt in a ```console block');

  const world = docDirective.has('world')
    ? {
        uplink: {
          ...(docDirective.get('uplink') ? { name: docDirective.get('uplink') } : {}),
          ...(docDirective.get('address') ? { address: docDirective.get('address') } : {}),
          ...(docDirective.get('gateway') ? { gateway: docDirective.get('gateway') } : {}),
        },
        ...(docDirective.get('internet') ? { internet: list(docDirective.get('internet')) } : {}),
        ...(docDirective.get('client') ? { client: docDirective.get('client') } : {}),
      }
    : undefined;
  const exitOf = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);
  const input: ScenarioInput = {
    id: docDirective.get('id') ?? `doc-${basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
    title,
    tags: ['transcript', ...list(docDirective.get('tags'))],
    source: { doc: shown, section: title },
    requires: { commands: list(docDirective.get('requires')), kernel: list(docDirective.get('kernel')) as never },
    ...(world ? { world } : {}),
    steps: commands.map((c) => {
      const d = c.directive;
      const name = `$ ${c.text.split('\n')[0]!.slice(0, 100)}`;
      const common = { name, in: d.get('in') ?? 'host', ...(d.get('timeout') ? { timeout: d.get('timeout') } : {}) };
      if (d.has('background')) {
        const ready = d.get('ready-port') ? { port: Number(d.get('ready-port')) } : d.get('ready-output') ? { output: d.get('ready-output') } : d.get('ready-file') ? { file: d.get('ready-file') } : undefined;
        return { ...common, background: c.text, ...(d.get('id') ? { id: d.get('id') } : {}), ...(ready ? { ready } : {}) };
      }
      return {
        ...common,
        run: c.text,
        expect: {
          ...(d.has('expect-exit') ? { exit: exitOf(d.get('expect-exit')) } : {}),
          ...(d.has('ignore-output') ? {} : { transcript: c.output }),
          ...(d.get('within') ? { within: d.get('within') } : {}),
        },
      };
    }) as never,
  };
  if (problems.length) throw new ScenarioFileError(problems);
  const parsed = scenarioSchema.safeParse(input);
  const lineOf = (path: (string | number)[]) => (path[0] === 'steps' && typeof path[1] === 'number' ? (commands[path[1]]?.line ?? 1) : 1);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(lineOf(issue.path), `${issue.path.slice(2).join('.') || issue.path.join('.')}: ${issue.message}`);
    throw new ScenarioFileError(problems);
  }
  const steps: Step[] = parsed.data.steps.map((s, index) => ({ ...s, index, pos: { line: commands[index]!.line, col: 1 } }));
  for (const p of staticChecks(parsed.data, steps)) problem(lineOf(p.path), p.message);
  if (problems.length) throw new ScenarioFileError(problems);
  return { ...parsed.data, steps, file: shown, pos: { line: 1, col: 1 } };
}

export async function loadTranscripts(files: string[]): Promise<{ scenarios: Scenario[]; errors: ScenarioFileError[] }> {
  const scenarios: Scenario[] = [];
  const errors: ScenarioFileError[] = [];
  for (const f of files) {
    try {
      scenarios.push(parseTranscript(await readFile(f, 'utf8'), f));
    } catch (err) {
      if (err instanceof ScenarioFileError) errors.push(err);
      else errors.push(new ScenarioFileError([{ file: f, line: 1, col: 1, message: `cannot read: ${(err as Error).message}` }]));
    }
  }
  return { scenarios, errors };
}
