// The run folders of QEMU guests never pile up in /tmp: tested with fabricated folders and a
// stand-in for QEMU (booting a real guest takes too long for a unit test).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { VM_DIR } from './guest/vm-assets.js';
import { sweepStaleRunDirs } from './run-dir.js';

const WATCH = join(VM_DIR, 'qemu-watch.sh');
const scratch = await mkdtemp(join(tmpdir(), 'run-dir-test-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function fakeRunDir(name: string): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir);
  await writeFile(join(dir, 'console.log'), 'boot...\n');
  return dir;
}

describe('sweepStaleRunDirs', () => {
  it('removes the folders of harness pids that are gone, and only those', async () => {
    const gone = execa('true');
    await gone;
    const stale = await fakeRunDir(`netrecipes-qemu-${gone.pid}-abc123`);
    const mine = await fakeRunDir(`netrecipes-qemu-${process.pid}-def456`);
    const other = await fakeRunDir('netrecipes-qemu-unowned');
    expect(await sweepStaleRunDirs('qemu', scratch)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});

describe('vm/qemu-watch.sh', () => {
  it('kills "QEMU" and removes its run folder when the harness goes away', async () => {
    const dir = await fakeRunDir('watched-1');
    const watch = execa('bash', [WATCH, dir, 'sleep', '30'], { stdin: 'pipe', reject: false });
    await new Promise((r) => setTimeout(r, 300));
    watch.stdin.end(); // what the kernel does to the harness's end of the pipe when it dies
    const r = await watch;
    expect(r.exitCode).toBe(137);
    expect(existsSync(dir)).toBe(false);
  });

  it('removes the folder when the harness is killed with SIGKILL (its socket closes, not just its write side)', async () => {
    const dir = await fakeRunDir('watched-3');
    const harness = `import { execa } from 'execa';
execa('bash', [${JSON.stringify(WATCH)}, ${JSON.stringify(dir)}, 'sleep', '31.7'], { stdin: 'pipe', stdout: 'ignore', detached: true, buffer: false, reject: false });
setTimeout(() => process.kill(process.pid, 'SIGKILL'), 500);`;
    await execa('node', ['--input-type=module', '-e', harness], { reject: false, cwd: process.cwd() });
    let gone = false;
    for (let i = 0; i < 50 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 100));
      gone = !existsSync(dir);
    }
    expect(gone).toBe(true);
    expect(String((await execa('pgrep', ['-f', 'sleep 31.7'], { reject: false })).stdout)).toBe('');
  });

  it('keeps the folder (the console log) when QEMU ends on its own while the harness lives', async () => {
    const dir = await fakeRunDir('watched-2');
    const watch = execa('bash', [WATCH, dir, 'true'], { stdin: 'pipe', reject: false });
    const r = await watch;
    watch.stdin.end();
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(dir, 'console.log'))).toBe(true);
  });
});
