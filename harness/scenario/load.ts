// Reads scenario files: YAML with positions, then the checks every scenario gets (validate.ts).
// Every problem of a file is reported at once as file:line:col, and a bad file never stops the others.
import { LineCounter, isAlias, parseDocument, visit, type Document } from 'yaml';
import { ScenarioFileError, type FileProblem } from '../errors.js';
import { findFiles, staysInside, type Refused } from './find-files.js';
import { yamlHint } from './key-hints.js';
import { readKernelConfigFragment } from './kernel-config-fragment.js';
import { positionOf, textLineOf } from './positions.js';
import type { Scenario } from './scenario.js';
import { displayPath, fileError, readScenarioText, refusedFile, validateScenario } from './validate.js';

/** Expanded values aliases may add to a document (yaml's own default): more is an alias bomb. */
const MAX_ALIAS_COUNT = 100;

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
  let hinted = false;
  for (const err of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lc.linePos(err.pos[0]);
    const hint: string = hinted ? '' : yamlHint(err.code);
    hinted ||= hint !== '';
    problems.push({ file: shown, line, col, message: err.message.split('\n')[0]! + hint });
  }
  if (doc.errors.length) throw fileError(problems);

  const locate = (path: (string | number)[], key?: string) => positionOf(doc, lc, path, key);
  const result = validateScenario({ file: shown, data: toData(doc, lc, shown), locate, locateText: (path) => textLineOf(doc, lc, path) });
  if ('problems' in result) throw fileError([...problems, ...result.problems]);
  const cited = result.scenario.source?.doc;
  if (cited !== undefined && !staysInside(cited))
    problems.push({
      file: shown,
      ...locate(['source', 'doc']),
      message: 'source.doc is a path inside the docs folder (docs check --docs DIR): no leading / and no ../ out of it',
    });
  const fragment = result.scenario.requires.kernel_config;
  if (fragment !== undefined) {
    const read = readKernelConfigFragment(file, fragment, locate(['requires', 'kernel_config']));
    if ('problems' in read) problems.push(...read.problems);
    else result.scenario.kernelConfig = read.fragment;
  }
  if (problems.length) throw fileError(problems);
  return result.scenario;
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  return parseScenario(await readScenarioText(file), file);
}

/** Expands files and folders (recursively) into scenario files; links out of the project are refused. */
function findScenarioFiles(paths: string[]): Promise<{ files: string[]; refused: Refused[] }> {
  return findFiles(paths, (name) => /\.ya?ml$/.test(name));
}

export interface LoadResult {
  scenarios: Scenario[];
  errors: ScenarioFileError[];
}

/** Loads every scenario below `paths`; bad files land in `errors`, never thrown. */
export async function loadScenarios(paths: string[]): Promise<LoadResult> {
  const { files, refused } = await findScenarioFiles(paths);
  const scenarios: Scenario[] = [];
  const errors: ScenarioFileError[] = refused.map(refusedFile);
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
