// A QEMU guest's run folder (serial console log, agent socket) lives in the temp folder, named
// after the harness's pid. vm/qemu-watch.sh removes it if the harness dies; the harness removes
// it when the guest shuts down; and the first boot of a run sweeps folders whose harness is
// gone (killed before either could), like the container reaper does for containers.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../../exec/kill-tree.js';

const PREFIX = 'netrecipes-qemu-';
const OWNED = new RegExp(`^${PREFIX}(\\d+)-`);

/** Removes run folders in `dir` whose harness pid no longer exists; returns their paths. */
export async function sweepStaleRunDirs(dir = tmpdir()): Promise<string[]> {
  const stale = (await readdir(dir).catch(() => []))
    .filter((name) => {
      const pid = OWNED.exec(name)?.[1];
      return pid !== undefined && !isAlive(Number(pid));
    })
    .map((name) => join(dir, name));
  await Promise.all(stale.map((p) => rm(p, { recursive: true, force: true })));
  return stale;
}

let swept: Promise<unknown> | undefined;

/** A fresh run folder owned by this harness (sweeping stale ones first, once per process). */
export async function makeRunDir(): Promise<string> {
  await (swept ??= sweepStaleRunDirs());
  return mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
}
