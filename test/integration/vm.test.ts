// The VM backends, for real (TCG here), in one file so that they run one after another. Their
// "no QEMU left" checks count only the processes of the run they started (by its run folder):
// kernel-path.test.ts boots guests beside them.
// qemu: the seed suite on Debian's 6.1 and 6.12 kernels, the kernel release in JUnit, a kernel x
// distro run (trixie's user space) merged with the first bad kernel named, a clear error for a
// kernel package that does not exist, a guest killed mid-step reported as an
// infrastructure error with its console, and no QEMU left when the harness itself is killed.
// vagrant: vagrant-libvirt brings the guest up from vm/Vagrantfile in a libvirtd of the run's
// own (inside a netns sandbox), scenarios pass there, and nothing is left: no libvirtd, no
// QEMU, nothing written under the host's /etc/libvirt or /var/lib/libvirt.
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepStaleRunDirs } from '../../harness/backends/run-dir.js';
import { guestsAtOnce } from '../../harness/backends/sandbox-budget.js';
import { availableMemory } from '../../harness/run/concurrency.js';
import { parseKernel, ensureKernel, ensureRootfs } from '../../harness/backends/guest/vm-assets.js';
import { CLI, HEAD, ROOT, cli, scenarioDir, tempDir, titled, unavailable, validateJunit, eventually } from './helpers.js';

const noQemu = unavailable('QEMU', ['qemu-system-x86_64', '--version']);
const noVagrant = noQemu ?? unavailable('vagrant', ['vagrant', '--version']);

const VM_PROCESSES = /^(qemu-system|libvirtd|virtlogd)/;

/** What /proc says of a process, or '' once it is gone. */
const procText = (pid: string, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * The QEMU, libvirtd and virtlogd processes of the harness run `harnessPid`: those whose command
 * line or mounts name its run folder (netrecipes-qemu-PID-..., netrecipes-vagrant-PID-...), so
 * that the guests another test file boots beside this one never count.
 */
function vmProcessesOf(harnessPid: number, comm = VM_PROCESSES): number[] {
  const mark = new RegExp(`netrecipes-(qemu|vagrant)-${harnessPid}-`);
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid) && comm.test(procText(pid, 'comm').trim()))
    .filter((pid) => mark.test(procText(pid, 'cmdline')) || mark.test(procText(pid, 'mountinfo')))
    .map(Number);
}

/** Waits up to 30 s for the run's VM processes to be gone; returns those still there. */
async function vmProcessesLeft(harnessPid: number): Promise<number[]> {
  await eventually(() => vmProcessesOf(harnessPid).length === 0, 30_000);
  return vmProcessesOf(harnessPid);
}

/** Waits until the CLI's output shows `text`. */
async function outputShows(child: ResultPromise, text: string, timeoutMs: number): Promise<boolean> {
  let seen = '';
  child.stdout?.on('data', (d: Buffer) => (seen += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (seen += d.toString()));
  return eventually(() => seen.includes(text), timeoutMs);
}

const LONG = (id: string) => `${HEAD(id)}steps:\n  - name: a long step\n    run: sleep 40\n`;

describe.skipIf(noQemu)(titled('qemu backend', noQemu), () => {
  beforeAll(async () => {
    // Fetch both kernels and build the root image once, before the runs time themselves.
    await Promise.all([ensureKernel(parseKernel('6.1')), ensureKernel(parseKernel('6.12')), ensureRootfs()]);
  }, 900_000);

  it('passes the seed suite on Debian kernels 6.1 and 6.12 side by side, says which kernel ran, and scales its waits to the guest', async () => {
    const out = await tempDir();
    // Ready after 6 s, with a step timeout of 3: on the host that fails; in a TCG guest (every
    // command about 4 times slower) the harness waits 4 times as long, as it does for a step.
    const slow = await scenarioDir({
      'slow-ready.yaml': `${HEAD('slow-ready')}steps:\n  - name: a server slow to start\n    background: sleep 6; touch /tmp/up; sleep 60\n    ready: { file: /tmp/up }\n    timeout: 3s\n`,
    });
    const run = cli(['run', 'scenarios', slow, '--backend', 'qemu', '--kernel', '6.1,6.12', '--out', out]);
    const r = await run;
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^linux 6\.1\s+25\/25 passed \(\d+\.\d s\)\s*$/m);
    expect(r.stdout).toMatch(/^linux 6\.12\s+25\/25 passed \(\d+\.\d s\)\s*$/m);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
    expect(xml).toMatch(/<property name="kernel" value="6\.1\.\d+-\d+-amd64"\/>/);
    expect(xml).toMatch(/<property name="kernel" value="6\.12\.\d+\+deb13-amd64"\/>/);
    expect(xml).toMatch(/<property name="machine.accel" value="(tcg|kvm)"\/>/);
    // Two emulated guests at once get a share of the cores each (2 vCPUs on 4 cores, 1 on 2):
    // vCPU threads beyond the cores spin against each other. (Where memory holds one guest at a
    // time, it has the cores to itself.)
    const tcg = xml.includes('<property name="machine.accel" value="tcg"/>');
    const cores = availableParallelism();
    const cpus = tcg ? Math.min(2, Math.floor(cores / Math.min(2, guestsAtOnce(cores, availableMemory()))) || 1) : 2;
    expect(new Set([...xml.matchAll(/<property name="machine.cpus" value="(\d+)"\/>/g)].map((m) => Number(m[1])))).toEqual(new Set([cpus]));
    expect(await vmProcessesLeft(run.pid!)).toEqual([]);
  }, 600_000);

  it('runs kernels x a Debian release, reports both axes and names the first bad kernel', async () => {
    // A scenario that passes on 6.1 only stands in for a regression between two kernels.
    const dir = await scenarioDir({
      'pinned.yaml': `${HEAD('needs-6-1')}steps:\n  - name: the kernel is a 6.1\n    run: uname -r\n    expect:\n      stdout: { regex: '^6\\.1\\.' }\n`,
    });
    const out = await tempDir();
    const r = await cli([
      'run',
      join(ROOT, 'scenarios'),
      dir,
      '--backend',
      'qemu',
      '--kernel',
      '6.1,6.12',
      '--distro',
      'trixie',
      '--filter',
      '^(cnp-veth-pair|needs-6-1)$',
      '--out',
      out,
    ]);
    expect(r.exitCode, r.all).toBe(1); // needs-6-1 fails on 6.12
    expect(r.stderr).toMatch(
      /booted 6\.1\.\S+ from Debian .* with qemu .*, trixie user space, in [\d.]+ s: firmware, kernel load \(and decompression of a bzImage\) [\d.]+ s · kernel init [\d.]+ s · .*executor start/,
    );
    expect(r.stdout).toMatch(/^kernel\s+trixie\s*$/m);
    expect(r.stdout).toMatch(/^linux 6\.1\s+2\/2 passed \(\d+\.\d s\)\s*$/m);
    expect(r.stdout).toMatch(/^linux 6\.12\s+1\/2 passed, 1 failed \(\d+\.\d s\)\s*$/m);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toContain('<property name="distro" value="Debian GNU/Linux 13 (trixie)"/>');
    expect(xml).toMatch(/<property name="kernel-source" value="Debian linux-image-6\.1\.\d+-\d+-amd64 \(bookworm\)"\/>/);
    expect(xml).toMatch(/<property name="kernel" value="6\.12\.\d+\+deb13-amd64"\/>/);
    expect(xml).toContain('<property name="iptables" value="nft"/>');
    expect(xml).toMatch(/<property name="version\.iptables" value="iptables v1\.8\.1\d \(nf_tables\)"\/>/); // trixie's, not bookworm's 1.8.9
    expect(xml).toContain('<property name="machine.boot-entry" value="pvh vmlinux"/>');
    const merged = await cli(['report', 'merge', join(out, 'junit.xml'), '--kernel-order', '6.1,6.12', '--out', await tempDir()]);
    expect(merged.exitCode, merged.all).toBe(0);
    expect(merged.stdout).toMatch(/^\| scenario \| qemu · 6\.1\.\S+ · trixie · nft \| qemu · 6\.12\.\S+ · trixie · nft \|$/m);
    expect(merged.stdout).toMatch(/^- \*\*needs-6-1\*\* \(qemu · trixie · nft\): first bad 6\.12\.\S+ \(fail\), last good 6\.1\.\S+$/m);
    expect(merged.stdout).not.toMatch(/\*\*cnp-veth-pair\*\*/);
  }, 600_000);

  it('names a kernel package that the mirror does not have, and exits 3', async () => {
    const out = await tempDir();
    const r = await cli(['run', '--backend', 'qemu', '--kernel', 'linux-image-9.9.9-99-amd64@bookworm', '--filter', 'cnp-veth-pair', '--out', out]);
    expect(r.exitCode, r.all).toBe(3);
    expect(r.stderr).toContain("kernel package 'linux-image-9.9.9-99-amd64' is not in suite 'bookworm'");
  }, 120_000);

  it('refuses an unknown kernel name before doing anything', async () => {
    const r = await cli(['run', '--backend', 'qemu', '--kernel', '4.4']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown kernel "4\.4".*5\.10, 6\.1, 6\.12, sid/);
  });

  it('reports a guest killed mid-step as an infrastructure error with its console log', async () => {
    const dir = await scenarioDir({ 'long.yaml': LONG('long') });
    const out = await tempDir();
    const child = execa('node', [CLI, 'run', dir, '--backend', 'qemu', '--kernel', '6.1', '--out', out], { reject: false, cwd: ROOT, env: { NO_COLOR: '1' } });
    expect(await outputShows(child, '== linux 6.1', 120_000)).toBe(true);
    await sleep(3000); // the step is running in the guest now
    const [qemu] = vmProcessesOf(child.pid!);
    expect(qemu).toBeDefined();
    process.kill(qemu!, 'SIGKILL');
    const r = await child;
    expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(3);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/went away while running "[^"]+":\s+the guest died/);
    expect(xml).toContain('serial console');
    expect(await vmProcessesLeft(child.pid!)).toEqual([]);
  }, 300_000);

  it('leaves no QEMU behind when the harness is killed with SIGKILL', async () => {
    const dir = await scenarioDir({ 'long.yaml': LONG('long') });
    const child = execa('node', [CLI, 'run', dir, '--backend', 'qemu', '--kernel', '6.1', '--out', await tempDir()], { reject: false, cwd: ROOT });
    expect(await outputShows(child, '== linux 6.1', 120_000)).toBe(true);
    expect(vmProcessesOf(child.pid!)).toHaveLength(1);
    child.kill('SIGKILL');
    await child;
    expect(await vmProcessesLeft(child.pid!)).toEqual([]);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`netrecipes-qemu-${child.pid}-`))).toEqual([]); // its run folder went too
  }, 300_000);
});

/** Files under the host's libvirt folders (the backend must write none of them). */
function hostLibvirtFiles(): string[] {
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f)));
    } catch {
      return [];
    }
  };
  return [...list('/etc/libvirt'), ...list('/var/lib/libvirt')].sort();
}

describe.skipIf(noVagrant)(titled('vagrant backend', noVagrant), () => {
  beforeAll(async () => {
    await Promise.all([ensureKernel(parseKernel('6.1')), ensureRootfs()]);
  }, 900_000);

  it('brings the guest up with vagrant-libvirt, runs scenarios in it and destroys it', async () => {
    const hostFiles = hostLibvirtFiles();
    const out = await tempDir();
    const run = cli(['run', '--backend', 'vagrant', '--kernel', '6.1', '--filter', '^cnp-', '--out', out]);
    const r = await run;
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^linux 6\.1\s+7\/7 passed \(\d+\.\d s\)\s*$/m);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toContain('<property name="machine.vm" value="vagrant"/>');
    expect(xml).toMatch(/<property name="kernel" value="6\.1\.\d+-\d+-amd64"\/>/);
    expect(await vmProcessesLeft(run.pid!)).toEqual([]);
    expect(hostLibvirtFiles()).toEqual(hostFiles);
  }, 600_000);

  it('leaves no libvirtd or QEMU behind when the harness is killed with SIGKILL', async () => {
    const dir = await scenarioDir({ 'long.yaml': `${HEAD('long')}steps:\n  - name: a long step\n    run: sleep 40\n` });
    const child = execa('node', [CLI, 'run', dir, '--backend', 'vagrant', '--kernel', '6.1', '--out', await tempDir()], {
      reject: false,
      cwd: ROOT,
      all: true,
    });
    let seen = '';
    child.all?.on('data', (d: Buffer) => (seen += d.toString()));
    await eventually(() => seen.includes('== linux 6.1'), 180_000);
    expect(seen).toContain('== linux 6.1');
    expect(vmProcessesOf(child.pid!, /^qemu-system/)).toHaveLength(1);
    for (const daemon of [/^libvirtd$/, /^virtlogd$/]) expect(vmProcessesOf(child.pid!, daemon).length).toBeGreaterThanOrEqual(1); // found by their mounts
    child.kill('SIGKILL');
    await child;
    expect(await vmProcessesLeft(child.pid!)).toEqual([]);
    // Its run folder (libvirt's state, the guest's disks) goes with the next vagrant run's sweep.
    const stale = await sweepStaleRunDirs('vagrant');
    expect(stale.filter((d) => d.includes(`netrecipes-vagrant-${child.pid}-`))).toHaveLength(1);
  }, 600_000);
});
