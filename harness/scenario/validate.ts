// The one way from a scenario as written to a loaded Scenario, whatever it was written in (a YAML
// file, a Markdown transcript): expansion, the schema, the static checks, and every problem said
// the same way, at the file:line:col its reader maps it to.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { ZodIssue } from 'zod';
import { ScenarioFileError, type FileProblem } from '../errors.js';
import { expandScenario } from './expand.js';
import { didYouMean } from './key-hints.js';
import type { Path, Position } from './positions.js';
import type { Scenario, Step } from './scenario.js';
import { scenarioSchema } from './schema.js';
import { staticChecks } from './static-checks.js';
import type { Refused } from './find-files.js';
import { findKselftest } from './kselftest-script.js';

/** A scenario as its reader found it, and where each part of it is written. */
export interface WrittenScenario {
  /** The file as shown in messages (see displayPath). */
  file: string;
  /** The scenario as plain data: a YAML document's, or the ScenarioInput a reader built. */
  data: unknown;
  /** Where the value at `path` (a path into `data`) is written; `key`: the key of that name in the map there. */
  locate: (path: Path, key?: string) => Position;
  /** The line where the text of the string at `path` starts (after a YAML `|`); `locate`'s line when not given. */
  locateText?: (path: Path) => number;
  /** Its step names quote the commands as written (a document's): a `${X}` there is the shell's own, not a reference. */
  namesQuoteCommands?: boolean;
}

export type Validated = { scenario: Scenario } | { problems: FileProblem[] };

/** A file as messages show it: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** The text of a scenario file or document; one it cannot read is a problem of that file. */
export async function readScenarioText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioFileError([{ file: displayPath(file), line: 1, col: 1, message: `cannot read: ${(err as Error).message}` }]);
  }
}

/** The file error of a path that was not read (a link out of the project). */
export function refusedFile(r: Refused): ScenarioFileError {
  return new ScenarioFileError([{ file: displayPath(r.file), line: 1, col: 1, message: r.why }]);
}

/** Every problem of a file in one error, in the order of the file. */
export function fileError(problems: FileProblem[]): ScenarioFileError {
  return new ScenarioFileError([...problems].sort((a, b) => a.line - b.line || a.col - b.col));
}

function issueMessage(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `missing required key "${issue.path.at(-1)}"`;
  if (issue.code === 'invalid_union' && issue.unionErrors.length) {
    const first = issue.unionErrors.flatMap((e) => e.issues).find((i) => i.code !== 'invalid_type');
    if (first) return issueMessage(first);
  }
  return issue.message;
}

/** Expands, validates and checks a written scenario: the Scenario, or every problem it has. */
export function validateScenario({ file, data, locate, locateText = (path) => locate(path).line, namesQuoteCommands = false }: WrittenScenario): Validated {
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const at = (path: Path, message: string, key?: string) => {
    const { line, col } = locate(path, key);
    // The copies of a repeated step share their text: one problem is said once.
    if (!seen.has(`${line}:${col}:${message}`)) problems.push({ file, line, col, message });
    seen.add(`${line}:${col}:${message}`);
  };

  const expanded = expandScenario(data);
  // A path into the expanded steps, as a path into what was written.
  const written = (path: Path): Path => {
    const step = path[0] === 'steps' && typeof path[1] === 'number' ? expanded.stepPaths[path[1]] : undefined;
    return step ? [...step, ...path.slice(2)] : path;
  };
  const parsed = scenarioSchema.safeParse(expanded.data);
  // A malformed repeat adds no steps: "steps must not be empty" would only repeat its problem.
  const schemaIssues = (parsed.success ? [] : parsed.error.issues).filter((i) => !(expanded.issues.length && i.path.join('.') === 'steps'));
  // The expansion's own issues carry written paths already.
  const issues = [...expanded.issues.map((issue) => ({ issue, path: issue.path })), ...schemaIssues.map((issue) => ({ issue, path: written(issue.path) }))];
  for (const { issue, path } of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) at(path, `unknown key "${key}"${didYouMean(scenarioSchema, issue.path, key)}`, key);
    } else at(path, issueMessage(issue));
  }
  for (const p of expanded.problems) at(p.path, p.message);
  if (!parsed.success) return { problems };

  const steps: Step[] = parsed.data.steps.map((s, index) => {
    const path = expanded.stepPaths[index] ?? ['steps', index];
    const step: Step = { ...s, index, pos: locate(path), ...(s.run !== undefined ? { runLine: locateText([...path, 'run']) } : {}) };
    if (s.kselftest) {
      const found = findKselftest(file, s.kselftest.script, s.kselftest.helpers);
      if ('problem' in found) at([...path, 'kselftest'], found.problem);
      else step.kselftestFile = found;
    }
    return step;
  });
  for (const p of staticChecks(parsed.data, steps, namesQuoteCommands)) at(written(p.path), p.message);
  if (problems.length) return { problems };
  return { scenario: { ...parsed.data, steps, file, pos: locate([]) } };
}
