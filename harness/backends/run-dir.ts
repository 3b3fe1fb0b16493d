// A run folder of the harness's own in the temp folder (a QEMU guest's console log and agent
// socket, a container's executor and channel socket, a vagrant run's libvirt state and disks),
// named after the harness's pid:
// netrecipes-KIND-PID-XXXXXX, mode 0700. The harness removes it when it is done with it; the
// first folder made of a kind sweeps that kind's folders whose harness is gone (killed before
// it could), like the container reaper does for containers. vm/qemu-watch.sh removes a guest's
// when the harness dies.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../exec/kill-tree.js';

export type RunDirKind = 'qemu' | 'container' | 'vagrant';

const owned = (kind: RunDirKind) => new RegExp(`^netrecipes-${kind}-(\\d+)-`);

/** Removes `kind`'s run folders in `dir` whose harness pid no longer exists; returns their paths. */
export async function sweepStaleRunDirs(kind: RunDirKind, dir = tmpdir()): Promise<string[]> {
  const stale = (await readdir(dir).catch(() => []))
    .filter((name) => {
      const pid = owned(kind).exec(name)?.[1];
      return pid !== undefined && !isAlive(Number(pid));
    })
    .map((name) => join(dir, name));
  await Promise.all(stale.map((p) => rm(p, { recursive: true, force: true })));
  return stale;
}

const swept = new Map<RunDirKind, Promise<unknown>>();

/** A fresh run folder owned by this harness (sweeping stale ones of its kind first, once per process). */
export async function makeRunDir(kind: RunDirKind): Promise<string> {
  if (!swept.has(kind)) swept.set(kind, sweepStaleRunDirs(kind));
  await swept.get(kind);
  return mkdtemp(join(tmpdir(), `netrecipes-${kind}-${process.pid}-`));
}
