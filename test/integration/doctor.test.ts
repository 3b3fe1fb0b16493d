// `netrecipes doctor` asks every backend what this machine lacks (Backend.check()) and lists
// each shortfall with its fix, without building or booting anything.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers.js';

/** Runs doctor, under `runAs` (a setpriv prefix) when given. */
const doctor = (runAs: string[] = []) => {
  const [cmd, ...args] = [...runAs, 'node', CLI, 'doctor'];
  return execa(cmd, args, { cwd: ROOT, reject: false, all: true, env: { NO_COLOR: '1', HOME: '/tmp' } });
};

describe('doctor', () => {
  it('as root: the netns backend can run here, and its sandbox probes the kernel features', async () => {
    const r = await doctor();
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/^✓ netns backend/m);
    expect(r.all).toMatch(/^✓ kernel +veth$/m);
    for (const name of ['container', 'qemu', 'vagrant']) expect(r.all).toMatch(new RegExp(`^[✓-] ${name} backend`, 'm'));
  }, 60_000);

  it('as an unprivileged user: every backend lists all it lacks, each with its fix, and doctor exits 3', async () => {
    const r = await doctor(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    expect(r.exitCode, r.all).toBe(3);
    const block = (name: string) => r.all.split(/\n(?=\S)/).find((b) => b.startsWith(`✗ ${name} backend`) || b.startsWith(`- ${name} backend`)) ?? '';
    expect(block('netns')).toMatch(/^✗ netns backend.*\n {4}needs root \(.*\): run as root or with sudo$/);
    // the container backend names both what it cannot reach and what it needs, not the first only
    expect(block('container')).toMatch(/\n {4}cannot reach the Docker daemon .*: start it with "dockerd &"/);
    expect(block('container')).toMatch(
      /\n {4}needs root \(it loads the kernel modules the scenarios name, for the containers \(they share this kernel\)\): run as root or with sudo/,
    );
    for (const vm of ['qemu', 'vagrant']) expect(block(vm)).toMatch(/\n {4}needs root \(it builds images with debootstrap\)/);
    expect(r.all).not.toMatch(/kernel +veth/); // nothing was started
  }, 60_000);
});
