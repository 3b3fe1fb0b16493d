// `run --watch` as a person uses it: the first run, a save that reruns the file, and Ctrl-C in
// the middle of that rerun, which ends everything: the process, its sandbox and what ran in it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir } from './helpers.js';

/** Waits until `test` holds, checking every 100 ms; fails after `ms`. */
async function until(what: string, test: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`not ${what} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A process on this machine whose command line is exactly `args` (pgrep -x -f). */
const running = async (args: string) => (await execa('pgrep', ['-x', '-f', args], { reject: false })).exitCode === 0;

describe('run --watch', () => {
  it('reruns a saved scenario file and ends on Ctrl-C mid-run with nothing of its sandbox left', async () => {
    const dir = await tempDir('netrecipes-watch-');
    const file = join(dir, 'scenarios', 'w.yaml');
    await execa('mkdir', ['-p', join(dir, 'scenarios')]);
    writeFileSync(file, 'id: w\ntitle: w\nsteps:\n  - name: quick\n    run: "true"\n');
    const watch = execa('node', [CLI, 'run', '--watch', 'scenarios', '--out', 'reports'], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1' } });
    let out = '';
    watch.all.on('data', (d: Buffer) => (out += d.toString()));
    await until('watching', () => out.includes('watching scenarios'));
    expect(out).toContain('✓ w 1/1 steps');
    // a marker no other process has: the sleeper is the sandbox's, seen from the host
    const sleeper = `sleep ${40_000 + (process.pid % 9000)}`;
    writeFileSync(
      file,
      `id: w\ntitle: w\nsteps:\n  - name: a sleeper\n    background: ${sleeper}\n    ready: { started: true }\n  - name: slow\n    run: sleep 30\n    timeout: 40s\n`,
    );
    await until('rerun', () => running(sleeper));
    expect(out).toContain(`changed: ${join('scenarios', 'w.yaml')}`);
    watch.kill('SIGINT');
    const r = await watch;
    expect(r.exitCode, r.all).toBe(130);
    expect(r.all).toContain('run interrupted');
    expect(await running(sleeper)).toBe(false);
  }, 60_000);
});
