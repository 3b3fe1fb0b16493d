// Reads scenario files: YAML with positions, schema validation and cross-step checks. Every
// problem of a file is reported at once as file:line:col, and a bad file never stops the others.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { LineCounter, isAlias, parseDocument, visit, type Document } from 'yaml';
import type { ZodIssue } from 'zod';
import { ScenarioFileError, type FileProblem } from '../errors.js';
import { expandScenario } from './expand.js';
import { didYouMean, yamlHint } from './key-hints.js';
import { positionOf } from './positions.js';
import type { Scenario, Step } from './scenario.js';
import { scenarioSchema } from './schema.js';
import { staticChecks } from './static-checks.js';

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function issueMessage(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `missing required key "${issue.path.at(-1)}"`;
  if (issue.code === 'invalid_union' && issue.unionErrors.length) {
    const first = issue.unionErrors.flatMap((e) => e.issues).find((i) => i.code !== 'invalid_type');
    if (first) return issueMessage(first);
  }
  return issue.message;
}

/** Expanded values aliases may add to a document (yaml's own default): more is an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/** Where an alias expansion blew up: the first alias whose anchor holds aliases itself, else the first alias. */
function aliasBombAt(doc: Document): number {
  let first: number | undefined;
  let nested: number | undefined;
  const anchored = new Map<string, boolean>();
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) {
        first ??= node.range?.[0];
        if (anchored.get(node.source)) nested ??= node.range?.[0];
      } else if (node.anchor) {
        let holdsAliases = false;
        visit(node, { Alias: () => ((holdsAliases = true), visit.BREAK) });
        anchored.set(node.anchor, holdsAliases);
      }
    },
  });
  return nested ?? first ?? 0;
}

/** The document as plain data; an alias bomb or a bad alias is a problem of the file, not a crash. */
function toData(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const { line, col } = lc.linePos(aliasBombAt(doc));
    const message = /Excessive alias count/.test(err.message)
      ? `aliases expand to more than ${MAX_ALIAS_COUNT} values (an alias bomb?): write the values out`
      : err.message;
    throw new ScenarioFileError([{ file, line, col, message }]);
  }
}

/** Parses one scenario from text; `file` is used for messages only. */
export function parseScenario(text: string, file: string): Scenario {
  const shown = displayPath(file);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const at = (path: (string | number)[], message: string, key?: string) => {
    const { line, col } = positionOf(doc, lc, path, key);
    // The copies of a repeated step share their YAML: one problem is said once.
    if (!seen.has(`${line}:${col}:${message}`)) problems.push({ file: shown, line, col, message });
    seen.add(`${line}:${col}:${message}`);
  };

  let hinted = false;
  for (const err of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lc.linePos(err.pos[0]);
    const hint: string = hinted ? '' : yamlHint(err.code);
    hinted ||= hint !== '';
    problems.push({ file: shown, line, col, message: err.message.split('\n')[0]! + hint });
  }
  const fail = () => {
    problems.sort((a, b) => a.line - b.line || a.col - b.col);
    return new ScenarioFileError(problems);
  };
  if (doc.errors.length) throw fail();

  const expanded = expandScenario(toData(doc, lc, shown));
  // A path into the expanded steps, as a path into the YAML that wrote them.
  const inYaml = (path: (string | number)[]) => {
    const written = path[0] === 'steps' && typeof path[1] === 'number' ? expanded.stepPaths[path[1]] : undefined;
    return written ? [...written, ...path.slice(2)] : path;
  };
  const parsed = scenarioSchema.safeParse(expanded.data);
  // A malformed repeat adds no steps: "steps must not be empty" would only repeat its problem.
  const schemaIssues = (parsed.success ? [] : parsed.error.issues).filter((i) => !(expanded.issues.length && i.path.join('.') === 'steps'));
  const issues = [...expanded.issues.map((i) => ({ ...i, written: true })), ...schemaIssues];
  for (const issue of issues) {
    const path = 'written' in issue ? issue.path : inYaml(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) at(path, `unknown key "${key}"${didYouMean(scenarioSchema, issue.path, key)}`, key);
    } else at(path, issueMessage(issue));
  }
  for (const p of expanded.problems) at(p.path, p.message);
  if (!parsed.success) throw fail();

  const steps: Step[] = parsed.data.steps.map((s, index) => ({ ...s, index, pos: positionOf(doc, lc, expanded.stepPaths[index] ?? ['steps', index]) }));
  for (const p of staticChecks(parsed.data, steps)) at(inYaml(p.path), p.message);
  if (problems.length) throw fail();

  return { ...parsed.data, steps, file: shown, pos: positionOf(doc, lc, []) };
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioFileError([{ file: displayPath(file), line: 1, col: 1, message: `cannot read: ${(err as Error).message}` }]);
  }
  return parseScenario(text, file);
}

/** Expands files and folders (recursively) into scenario file paths, sorted. */
export async function findScenarioFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const st = await stat(p).catch(() => undefined);
    if (!st) {
      out.push(p); // reported as unreadable by the loader
      return;
    }
    if (st.isDirectory()) {
      const entries = (await readdir(p)).sort();
      for (const e of entries) if (!e.startsWith('.')) await walk(join(p, e));
    } else if (/\.ya?ml$/.test(p) || paths.includes(p)) out.push(p);
  };
  for (const p of paths) await walk(resolve(p));
  return [...new Set(out)];
}

export interface LoadResult {
  scenarios: Scenario[];
  errors: ScenarioFileError[];
}

/** Loads every scenario below `paths`; bad files land in `errors`, never thrown. */
export async function loadScenarios(paths: string[]): Promise<LoadResult> {
  const files = await findScenarioFiles(paths);
  const scenarios: Scenario[] = [];
  const errors: ScenarioFileError[] = [];
  const seen = new Map<string, Scenario>();
  for (const file of files) {
    try {
      const s = await loadScenarioFile(file);
      const dup = seen.get(s.id);
      if (dup) {
        errors.push(
          new ScenarioFileError([{ file: s.file, line: s.pos.line, col: s.pos.col, message: `scenario id "${s.id}" is already used by ${dup.file}` }]),
        );
        continue;
      }
      seen.set(s.id, s);
      scenarios.push(s);
    } catch (err) {
      if (err instanceof ScenarioFileError) errors.push(err);
      else throw err;
    }
  }
  return { scenarios, errors };
}
