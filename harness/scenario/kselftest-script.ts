// Where a `kselftest:` step's script is, found when the scenario file loads: a path relative to
// the scenario file that must stay inside its project (the nearest folder with package.json or
// .git, else the scenario's folder), also through links; so must the C source of each helper
// it names (NAME.c beside it, as in the kernel tree). Sandboxes see the project read-only at
// the same path and read it as an unprivileged user of this machine, so those files and the
// folders above them must be open to other users; all of that is a problem of the file, said
// at the step's line before any sandbox starts.
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { isInside, projectRootOf } from './find-files.js';

export interface KselftestFile {
  /** The script's real path. */
  path: string;
  /** The folder it runs in: its own, as kselftest's runner does. */
  dir: string;
  /** Its file name, run as `./name`. */
  name: string;
  /** The project it lies in: what the sandboxes are shown. */
  project: string;
  /** Its `#!` line's interpreter and argument (the file need not be executable), else bash. */
  interpreter: string[];
  /** The C helpers it calls, each built in the sandbox from its source. */
  helpers: { name: string; source: string }[];
}

/** The interpreter a script's first line names, or bash. */
function interpreterOf(path: string): string[] {
  const buf = Buffer.alloc(256);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('utf8').split('\n')[0]!;
    const m = /^#!\s*(\S+)(?:\s+(\S.*?))?\s*$/.exec(first);
    return m ? [m[1]!, ...(m[2] ? [m[2]] : [])] : ['bash'];
  } finally {
    closeSync(fd);
  }
}

/** The first folder on the way to `path` that other users cannot enter, or the file itself when they cannot read it. */
function closedToOthers(path: string): string | undefined {
  const parts = path.split(sep).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const p = sep + parts.slice(0, i).join(sep);
    if (!(statSync(p).mode & 0o001)) return p;
  }
  return statSync(path).mode & 0o004 ? undefined : path;
}

/** `written` (a path of the project), really there, inside it and readable by other users; or why not. */
function projectFile(written: string, project: string, what: string, missing: string): { path: string } | { problem: string } {
  let path: string;
  try {
    path = realpathSync(written);
  } catch {
    return { problem: missing };
  }
  if (!isInside(path, project)) return { problem: `${what} is outside the project (${project}): copy it into the project` };
  if (!statSync(path).isFile()) return { problem: `${what} is not a file` };
  const closed = closedToOthers(path);
  if (closed)
    return {
      problem: `${what} cannot be read in the sandbox, which reads the project as an unprivileged user: ${closed} is closed to other users (chmod o+r${closed === path ? '' : 'x'} ${closed})`,
    };
  return { path };
}

/** The script `script` of a scenario in `scenarioFile` and its `helpers`, or why it cannot be a selftest of it. */
export function findKselftest(scenarioFile: string, script: string, helpers: readonly string[] = []): KselftestFile | { problem: string } {
  if (/[\n\0]/.test(script)) return { problem: 'a selftest path has no newline in it' };
  const here = dirname(resolve(scenarioFile));
  let project: string;
  try {
    project = realpathSync(projectRootOf(here) ?? here);
  } catch {
    return { problem: `cannot find the project of ${scenarioFile}` };
  }
  const written = resolve(here, script);
  // Said before looking whether it exists: a path out of the project is refused, never probed.
  if (!isInside(written, resolve(projectRootOf(here) ?? here)) && !isInside(written, project))
    return { problem: `selftest ${script} is outside the project (${project}): copy it into the project` };
  const found = projectFile(written, project, `selftest ${script}`, `selftest ${script} does not exist (looked for ${written})`);
  if ('problem' in found) return found;
  const dir = dirname(found.path);
  const sources: { name: string; source: string }[] = [];
  for (const name of helpers) {
    const source = projectFile(
      join(dir, `${name}.c`),
      project,
      `helper ${name}'s source`,
      `helper ${name} has no source ${name}.c beside the selftest (${dir}): copy it from the kernel tree's folder of the selftest (Debian's linux-source-X packages hold the tree)`,
    );
    if ('problem' in source) return source;
    sources.push({ name, source: source.path });
  }
  return { path: found.path, dir, name: basename(found.path), project, interpreter: interpreterOf(found.path), helpers: sources };
}
