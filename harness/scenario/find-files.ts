// Which files a command may read when it is given paths: scenario files and documents of a
// repository nobody here wrote, read by root. A symbolic link is followed only while it stays
// inside the project it belongs to (the nearest folder above with package.json or .git, else
// the folder given), so a link to /etc/shadow or to a folder elsewhere is refused before anything
// is read; whether its target exists is never told. Each folder is walked once (a link loop
// costs nothing).
import { existsSync } from 'node:fs';
import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';

/** The nearest folder at or above `dir` that holds package.json or .git. */
export function projectRootOf(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) || existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Whether `path` is `root` or lies below it (both absolute and normalised). */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** A relative path that stays inside the folder it is relative to (no `..` out of it, not absolute). */
export function staysInside(relative: string): boolean {
  const n = normalize(relative);
  return !isAbsolute(n) && n !== '..' && !n.startsWith(`..${sep}`);
}

/**
 * Where `path` really leads, or undefined when it cannot be said; a link whose target does not
 * exist is still placed by its text, so that a link out of the project is refused whether or
 * not its target exists.
 */
async function whereItLeads(path: string): Promise<string | undefined> {
  const real = await realpath(path).catch(() => undefined);
  if (real) return real;
  const text = await readlink(path).catch(() => undefined);
  return text === undefined ? undefined : resolve(dirname(path), text);
}

export interface Refused {
  file: string;
  why: string;
}

export interface FoundFiles {
  files: string[];
  refused: Refused[];
}

/** What refusing a link says (never where it leads). */
const LINK_OUT = 'a symbolic link out of the project: not read (copy the file into the project instead)';

/**
 * The files below `paths` whose names `wanted` accepts (a file given itself is always taken),
 * never through a link that leads out of its project. A path that does not exist is returned
 * as it is, for the reader to say it cannot be read.
 */
export async function findFiles(paths: string[], wanted: (name: string) => boolean): Promise<FoundFiles> {
  const files = new Set<string>();
  const refused: Refused[] = [];
  for (const p of paths) {
    const given = resolve(p);
    const st = await stat(given).catch(() => undefined);
    const folder = st?.isDirectory() ? given : dirname(given);
    const root = await realpath(projectRootOf(folder) ?? folder).catch(() => folder);
    const walked = new Set<string>();
    const visit = async (path: string, explicit: boolean): Promise<void> => {
      const real = await whereItLeads(path);
      if (real === undefined) {
        if (explicit) files.add(path);
        return;
      }
      if (!isInside(real, root)) {
        refused.push({ file: path, why: LINK_OUT });
        return;
      }
      const s = await stat(real).catch(() => undefined);
      if (!s?.isDirectory()) {
        if (explicit || wanted(path)) files.add(path);
        return;
      }
      if (walked.has(real)) return;
      walked.add(real);
      for (const e of (await readdir(real)).sort()) if (!e.startsWith('.')) await visit(join(path, e), false);
    };
    await visit(given, true);
  }
  return { files: [...files], refused };
}
