// `requires.kernel_config: FILE`: a kselftest-style config fragment (the `config` file beside a
// selftest), read when its scenario is loaded. FILE is relative to the scenario file and must
// stay inside the project, links included (find-files.ts): a scenario of a repository nobody
// here wrote cannot make the harness read, or tell whether there is, a file elsewhere.
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FileProblem } from '../errors.js';
import { parseKernelConfig, type ConfigLine } from '../text/kernel-config.js';
import { isInside, projectRootOf } from './find-files.js';
import type { Position } from './positions.js';
import { displayPath } from './validate.js';

const OUTSIDE = 'requires.kernel_config is a file inside the project, relative to the scenario file: no link or ../ out of it';

/** Where `path` leads (through links), or its own text placed when it leads nowhere. */
function leadsTo(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(dirname(path), readlinkSync(path));
    } catch {
      return path;
    }
  }
}

/** The fragment `written` in `scenarioFile` names, or the problems that stop it being read. */
export function readKernelConfigFragment(
  scenarioFile: string,
  written: string,
  at: Position,
): { fragment: { file: string; lines: ConfigLine[] } } | { problems: FileProblem[] } {
  const shown = displayPath(scenarioFile);
  const here = dirname(resolve(scenarioFile));
  const root = projectRootOf(here) ?? here;
  const path = resolve(here, written);
  if (!isInside(path, root) || !isInside(leadsTo(path), leadsTo(root))) return { problems: [{ file: shown, ...at, message: OUTSIDE }] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return {
      problems: [
        {
          file: shown,
          ...at,
          message: `requires.kernel_config: cannot read ${displayPath(path)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        },
      ],
    };
  }
  const parsed = parseKernelConfig(text);
  const file = displayPath(path);
  if (parsed.problems.length) return { problems: parsed.problems.map((p) => ({ file, line: p.line, col: 1, message: p.message })) };
  return { fragment: { file, lines: parsed.lines } };
}
