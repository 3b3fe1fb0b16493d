// Whether a file that configures a run (and may be executed: netrecipes.config.mjs) can only
// have been written by those who own the project: it and every folder above it are writable by
// their owner alone (no group or other write bit), but for a folder with the sticky bit (/tmp),
// where others may not rename or remove what is not theirs; and the file belongs to you, root,
// or the owner of its folder (a checkout made by the CI user and run with sudo is fine).
import { lstatSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

const ours = (st: Stats) => st.uid === (process.getuid?.() ?? 0) || st.uid === 0;

/** Why `file` cannot be trusted to configure this run, or undefined when it can. */
export function untrustedBecause(file: string): string | undefined {
  const path = resolve(file);
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return undefined; // nothing there: nothing to trust or refuse
  }
  const folder = lstatSync(dirname(path));
  if (!ours(st) && st.uid !== folder.uid) return `${path} belongs to uid ${st.uid}, neither you, root nor the owner of its folder`;
  if (st.mode & GROUP_OR_OTHER_WRITE) return `${path} is writable by others`;
  let below = st;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const d = lstatSync(dir);
    const protectsBelow = (d.mode & STICKY) !== 0 && ours(below);
    if (d.mode & GROUP_OR_OTHER_WRITE && !protectsBelow) return `${dir} (above ${path}) is writable by others`;
    if (dirname(dir) === dir) return undefined;
    below = d;
  }
}
