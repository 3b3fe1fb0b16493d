// Issue 23, item 7: every sandbox has a memory limit (1 GiB unless `resources.memory` says
// otherwise). A step that goes past it, by allocating or by filling a tmpfs it mounted itself,
// fails with "memory limit (N) reached"; the sandbox's cgroup is removed after.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SandboxCgroup, findMemoryCgroup, memoryCgroupSupport } from '../../harness/backends/memory-cgroup.js';
import { isAlive } from '../../harness/exec/kill-tree.js';
import { HEAD, cli, scenarioDir, tempDir } from './helpers.js';

const ALLOC = (gib: number) => `python3 -c 'b = bytearray(int(${gib} * 2**30)); print(len(b))'`;

/** Sandbox cgroups that harnesses which have ended left below their cgroup (this test's is the CLI's). */
function leftovers(): string[] {
  const own = findMemoryCgroup({ selfCgroup: readFileSync('/proc/self/cgroup', 'utf8'), mountinfo: readFileSync('/proc/self/mountinfo', 'utf8') });
  return 'why' in own ? [] : readdirSync(own.dir).filter((n) => /^netrecipes-\d+-/.test(n) && !isAlive(Number(n.split('-')[1])));
}

async function run(yaml: string, ...options: string[]) {
  const dir = await scenarioDir({ 'mem.yaml': yaml });
  const out = await tempDir();
  return Object.assign(await cli(['run', dir, '--out', out, ...options]), { junit: () => readFileSync(join(out, 'junit.xml'), 'utf8') });
}

describe.concurrent('the memory limit of a netns sandbox (issue 23)', () => {
  it('the run header states it', async () => {
    const r = await run(`${HEAD('mem-header')}steps:\n  - name: nothing\n    run: 'true'\n`);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toMatch(/^memory limit: 1 GiB per sandbox unless a scenario's resources.memory says otherwise \(cgroup v[12], /m);
  });

  it('a step allocating 3 GiB fails with "memory limit (1 GiB) reached"', async () => {
    const r = await run(`${HEAD('mem-alloc')}steps:\n  - name: allocate 3 GiB\n    timeout: 60s\n    run: ${ALLOC(3)}\n`);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/allocate 3 GiB.*memory limit \(1 GiB\) reached: the kernel killed (a process|\d+ processes) of the sandbox/);
  });

  it('a tmpfs the step mounts itself (size=100g) is charged to the sandbox too', async () => {
    const r = await run(`${HEAD('mem-tmpfs')}steps:
  - name: fill a tmpfs of 100g
    timeout: 60s
    run: |
      mount -t tmpfs -o size=100g big /mnt
      head -c 1536M /dev/zero > /mnt/fill
  - name: the sandbox is still there
    run: 'true'
`);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/fill a tmpfs of 100g.*memory limit \(1 GiB\) reached/);
  });

  it('a step that has the kernel kill the executor (PID 1) at the limit fails for the memory limit, not "the sandbox went away"', async () => {
    // The executor raises what it starts to the OOM killer's first choice, but a step may lower
    // itself back to the executor's score; the biggest of equals then goes: the executor, and the
    // sandbox with it. (Lowering the executor below that takes CAP_SYS_RESOURCE, which host root
    // lacks on some machines, this one among them.)
    const r = await run(
      `${HEAD('mem-executor')}steps:
  - name: fill a tmpfs as the executor's equal
    timeout: 60s
    run: |
      mount -t tmpfs -o size=100g big /mnt
      echo 0 > /proc/self/oom_score_adj
      head -c 1536M /dev/zero > /mnt/fill
  - name: the sandbox is gone
    run: 'true'
`,
      '--state-diff',
    );
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(
      /fill a tmpfs as the executor's equal.*memory limit \(1 GiB\) reached: the kernel killed (a process|\d+ processes) of the sandbox, and the sandbox ended \(its PID 1, the executor, went too\)/,
    );
    expect(r.all).not.toContain('went away');
    // --state-diff does not read the ended sandbox as one whose links, routes and rules all went
    expect(r.junit()).not.toMatch(/host: - (link|rule) /);
  });

  it('resources.memory raises it for one scenario, and lowers it', async () => {
    const raised = await run(
      `${HEAD('mem-raised')}resources: { memory: 2GiB }\nsteps:\n  - name: allocate 1.5 GiB\n    timeout: 60s\n    run: ${ALLOC(1.5)}\n`,
    );
    expect(raised.exitCode, raised.all).toBe(0);
    const lowered = await run(
      `${HEAD('mem-lowered')}resources: { memory: 256MiB }\nsteps:\n  - name: allocate 512 MiB\n    timeout: 60s\n    run: ${ALLOC(0.5)}\n`,
    );
    expect(lowered.exitCode, lowered.all).toBe(1);
    expect(lowered.all).toMatch(/memory limit \(256 MiB\) reached/);
  });

  it('leaves no cgroup behind', async () => {
    await run(`${HEAD('mem-clean')}steps:\n  - name: nothing\n    run: 'true'\n`);
    expect(leftovers()).toEqual([]);
  });
});

describe("removing a sandbox's cgroup", () => {
  it("ends what is still in it (a process that outlived the sandbox's PID 1), then removes it", async () => {
    const support = await memoryCgroupSupport();
    if ('why' in support) return expect(support.why).toMatch(/cgroup/); // nothing to remove where there are none
    const straggler = spawn('sleep', ['300'], { stdio: 'ignore' });
    const cgroup = await SandboxCgroup.make(support, 'straggler-test', straggler.pid!, 2 ** 30);
    const exited = new Promise((r) => straggler.once('exit', r));
    await cgroup.remove();
    expect(await Promise.race([exited.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still running'), 2000))])).toBe('ended');
    expect(readdirSync(support.dir)).not.toContain(cgroup.dir.split('/').pop());
  });
});
