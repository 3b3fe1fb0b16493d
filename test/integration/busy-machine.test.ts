// A machine shared with other work: waits for a sandbox count the time the CPUs had to spare,
// so a server that is slow only because the machine is busy is not reported as broken.
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuContention } from '../../harness/exec/spare-time.js';
import { HEAD, cli, scenarioDir, tempDir } from './helpers.js';

const loops: ReturnType<typeof execa>[] = [];

describe('on a busy machine', () => {
  beforeAll(() => {
    // Niced, so they count as runnable while taking little CPU from the tests running beside.
    for (let i = 0; i < 4 * availableParallelism(); i++) loops.push(execa('nice', ['-n', '19', 'sh', '-c', 'while :; do :; done'], { reject: false }));
  });
  afterAll(async () => {
    for (const l of loops) l.kill('SIGKILL');
    await Promise.all(loops);
  });

  it('cpuContention counts the tasks waiting for a CPU', async () => {
    let most = 0;
    for (let i = 0; i < 20; i++, await sleep(25)) most = Math.max(most, cpuContention());
    expect(most).toBeGreaterThanOrEqual(2);
  });

  it('a readiness wait stretches: a server ready after 2 s passes a 1 s wait, and the verdict says how long it waited when one never comes', async () => {
    const out = await tempDir();
    const dir = await scenarioDir({
      'slow.yaml': `${HEAD('slow-on-busy')}steps:
  - name: a server slow to start
    background: sleep 2; touch /tmp/up; sleep 60
    ready: { file: /tmp/up }
    timeout: 1s
  - name: a server that never starts
    background: sleep 60
    ready: { file: /tmp/never }
    timeout: 300ms
`,
    });
    const r = await cli(['run', dir, '--out', out, '-v']);
    expect(r.all).toMatch(/✓ slow-on-busy#1 a server slow to start/);
    expect(r.all).toMatch(/not ready after 300 ms \(\d+\.\d s on the clock: the machine was busy, so the wait stretched\): waited for file \/tmp\/never/);
  });

  it("a step's timeout stretches: a step of 2 s passes a 1 s timeout, and one that hangs still times out, saying how long it took", async () => {
    const out = await tempDir();
    const dir = await scenarioDir({
      'slow-step.yaml': `${HEAD('slow-step-on-busy')}steps:
  - name: a step slow only because the machine is busy
    run: sleep 2
    timeout: 1s
  - name: a step that hangs
    run: sleep 60
    timeout: 300ms
`,
    });
    const r = await cli(['run', dir, '--out', out, '-v']);
    expect(r.all).toMatch(/✓ slow-step-on-busy#1 a step slow only because the machine is busy/);
    expect(r.all).toMatch(/✗ slow-step-on-busy#2 a step that hangs/);
    expect(r.all).toMatch(/timed out after \d+ ms \(process tree killed; the machine was busy, so the 300 ms timeout stretched\)/);
  });
});
