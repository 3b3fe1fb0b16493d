// Ryuk cannot be pulled here, so cleanup is ours: containers carry labels naming the run and
// the harness pid; a detached watcher removes a run's containers as soon as the harness is
// gone (even after SIGKILL), and every start sweeps containers whose harness no longer lives.
import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { isAlive } from '../../exec/kill-tree.js';
import { scriptBeside } from '../../exec/script-file.js';

const RUN_ID = randomUUID().slice(0, 8);
export const LABELS = { netrecipes: '1', 'netrecipes.run': RUN_ID, 'netrecipes.harness-pid': String(process.pid) };

const WATCHER_SCRIPT = scriptBeside(import.meta.url, './reaper.sh');
let watching = false;

/** Starts the watcher once per harness process. */
export function watchForHarnessDeath(): void {
  if (watching) return;
  watching = true;
  // detached: execa neither waits for it nor ends it when the harness exits
  execa('bash', ['-c', WATCHER_SCRIPT, 'reaper', String(process.pid), RUN_ID], { detached: true, stdio: 'ignore', reject: false }).unref();
}

/** Removes containers left by harness processes that no longer exist. */
export async function sweepLeftovers(): Promise<number> {
  const r = await execa('docker', ['ps', '-a', '--filter', 'label=netrecipes=1', '--format', '{{.ID}} {{.Label "netrecipes.harness-pid"}}'], { reject: false });
  const stale = String(r.stdout)
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter(([id, pid]) => id && !(pid && isAlive(Number(pid))))
    .map(([id]) => id!);
  if (stale.length) await execa('docker', ['rm', '-f', ...stale], { reject: false });
  return stale.length;
}
