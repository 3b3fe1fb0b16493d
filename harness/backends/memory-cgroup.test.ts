import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMemoryCgroup, memoryCgroupSupport } from './memory-cgroup.js';

const MOUNTS_HYBRID = [
  '30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw',
  '34 25 0:30 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory',
].join('\n');

describe('findMemoryCgroup', () => {
  it("cgroup v1 (a hybrid machine): the memory hierarchy, at the harness's own cgroup", () => {
    const selfCgroup = '9:name=systemd:/\n4:memory:/process_api/6ab7\n0::/\n';
    expect(findMemoryCgroup({ selfCgroup, mountinfo: MOUNTS_HYBRID })).toEqual({ version: 1, dir: '/sys/fs/cgroup/memory/process_api/6ab7' });
  });
  it("cgroup v2 (GitHub's ubuntu runners): the unified hierarchy", () => {
    const mountinfo = '25 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot';
    expect(findMemoryCgroup({ selfCgroup: '0::/system.slice/runner.service\n', mountinfo })).toEqual({
      version: 2,
      dir: '/sys/fs/cgroup/system.slice/runner.service',
    });
  });
  it('a hierarchy mounted from a sub-folder (a container) shows only the cgroups below that folder', () => {
    const mountinfo = '40 30 0:30 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory';
    expect(findMemoryCgroup({ selfCgroup: '4:memory:/docker/abc/x\n', mountinfo })).toEqual({ version: 1, dir: '/sys/fs/cgroup/memory/x' });
    expect(findMemoryCgroup({ selfCgroup: '4:memory:/other\n', mountinfo })).toEqual({
      why: expect.stringContaining('not mounted where this process can see it'),
    });
  });
});

describe('memoryCgroupSupport on cgroup v2', () => {
  const made: string[] = [];
  afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));
  async function v2(controllers: string, subtree: string) {
    const root = await mkdtemp(join(tmpdir(), 'netrecipes-cg-'));
    made.push(root);
    await mkdir(join(root, 'runner.service'));
    await writeFile(join(root, 'runner.service', 'cgroup.controllers'), controllers);
    await writeFile(join(root, 'runner.service', 'cgroup.subtree_control'), subtree);
    const view = { selfCgroup: '0::/runner.service\n', mountinfo: `25 22 0:23 / ${root} rw - cgroup2 cgroup2 rw` };
    return { dir: join(root, 'runner.service'), support: await memoryCgroupSupport(view) };
  }
  it('says why not when the memory controller is not delegated', async () => {
    expect((await v2('cpu io pids\n', '')).support).toEqual({
      why: expect.stringMatching(/^cgroup v2: the memory controller is not delegated to the harness's cgroup/),
    });
  });
  it("hands the memory controller down to the sandboxes' cgroups when it may", async () => {
    const { dir, support } = await v2('cpu memory pids\n', '');
    expect(support).toEqual({ version: 2, dir });
    expect(await readFile(join(dir, 'cgroup.subtree_control'), 'utf8')).toBe('+memory');
  });
});
