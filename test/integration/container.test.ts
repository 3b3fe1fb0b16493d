// The container backend, for real: the seed suite on Debian bookworm and trixie with both
// iptables flavours, no container left by a killed run, and a clear exit 3 without Docker.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContainerBackend } from '../../harness/backends/container/container-backend.js';
import { ensureImage } from '../../harness/backends/container/image.js';
import { HEAD, ROOT, cli, scenarioDir, tempDir, titled, unavailable, validateJunit, eventually } from './helpers.js';

const containers = async (label: string) =>
  String((await execa('docker', ['ps', '-aq', '--filter', `label=${label}`], { reject: false })).stdout)
    .split('\n')
    .filter(Boolean);

const noDocker = unavailable('Docker', ['docker', 'info']);

describe.skipIf(noDocker)(titled('container backend', noDocker), () => {
  beforeAll(async () => {
    // Build (or find cached) both images at once rather than one per cell.
    await Promise.all([ensureImage('bookworm'), ensureImage('trixie')]);
  }, 600_000);

  it('runs the seed suite on bookworm and trixie with nft and legacy iptables', async () => {
    const out = await tempDir();
    const r = await cli(['run', '--backend', 'container', '--distro', 'bookworm,trixie', '--iptables', 'nft,legacy', '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^bookworm\s+24\/24 passed \(\d+\.\d s\)\s+24\/24 passed \(\d+\.\d s\)\s*$/m);
    expect(r.stdout).toMatch(/^trixie\s+24\/24 passed \(\d+\.\d s\)\s+24\/24 passed \(\d+\.\d s\)\s*$/m);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
    expect(xml).toContain('<property name="cell" value="trixie/legacy"/>');
    expect(xml).toMatch(/<property name="distro" value="Debian GNU\/Linux 13 \(trixie\)"\/>/);
    expect(xml).toContain('<property name="iptables" value="legacy"/>');
    expect(await containers('netrecipes=1')).toEqual([]);
  }, 600_000);

  it('leaves no container when the harness is killed with SIGKILL mid-run', async () => {
    const marker = 'sleep 31.5';
    const dir = await scenarioDir({ 'long.yaml': `${HEAD('long')}steps:\n  - name: a long step\n    run: ${marker}\n` });
    const child = execa('node', ['bin/netrecipes.js', 'run', dir, '--backend', 'container', '--out', await tempDir()], { reject: false, cwd: ROOT });
    const label = `netrecipes.harness-pid=${child.pid}`;
    // The step's command runs in the container's namespaces (entered with nsenter, so `docker
    // top` does not list it): wait until it shows in the process table.
    const stepRunning = async () => String((await execa('ps', ['-eo', 'args'], { reject: false })).stdout).includes(marker);
    expect(await eventually(async () => (await containers(label)).length === 1 && (await stepRunning()))).toBe(true);
    child.kill('SIGKILL');
    await child;
    await eventually(async () => (await containers(label)).length === 0, 30_000, 200);
    expect(await containers(label)).toEqual([]);
    expect(await stepRunning()).toBe(false);
  }, 120_000);

  it("keeps a step's hostname, /etc, /run, /root and /tmp writes in the container, shows no host process, and keeps kernel.* sysctls read-only", async () => {
    const backend = new ContainerBackend('bookworm', 'nft');
    await backend.prepare();
    const host = execFileSync('hostname', { encoding: 'utf8' });
    const hosts = readFileSync('/etc/hosts', 'utf8');
    const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      await using sb = await backend.create();
      const r = await sb.exec(
        [
          'bash',
          '-c',
          `hostname escaped-c; hostname
        echo '192.0.2.99 escape-test' >> /etc/hosts
        for d in /run /root /tmp; do echo x > $d/escape-test; done
        ps -e -o pid= | wc -l
        ls /proc/${bystander.pid} >/dev/null 2>&1 && echo "sees the host's sleep"
        echo 1 > /proc/sys/net/ipv4/ip_forward && echo net-ok
        echo x > /proc/sys/kernel/core_pattern; echo "core=$?"`,
        ],
        { timeoutMs: 10_000 },
      );
      expect(r.stdout).toMatch(/^escaped-c\n/);
      expect(Number(r.stdout.split('\n')[1])).toBeLessThan(10);
      expect(r.stdout).not.toContain("sees the host's sleep");
      expect(r.stdout).toContain('net-ok');
      expect(r.stdout).toContain('core=1');
    } finally {
      bystander.kill();
    }
    expect(execFileSync('hostname', { encoding: 'utf8' })).toBe(host);
    expect(readFileSync('/etc/hosts', 'utf8')).toBe(hosts);
    for (const f of ['/run/escape-test', '/root/escape-test', '/tmp/escape-test']) expect(existsSync(f)).toBe(false);
    expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).not.toBe('x\n');
  }, 120_000);

  it('gives each container a memory limit: 1 GiB, resources.memory changes it; a step past it fails saying so (issue 23)', async () => {
    const dir = await scenarioDir({
      'mem.yaml': `${HEAD('container-mem')}resources: { memory: 256MiB }\nsteps:\n  - name: allocate 512 MiB\n    timeout: 60s\n    run: python3 -c 'b = bytearray(2**29)'\n`,
    });
    const r = await cli(['run', dir, '--backend', 'container', '--distro', 'bookworm', '--iptables', 'nft', '--out', await tempDir()]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).toMatch(/^memory limit: 1 GiB per sandbox .*Docker's memory limit/m);
    expect(r.all).toMatch(/allocate 512 MiB.*memory limit \(256 MiB\) reached/);
  }, 120_000);
});

describe('container backend without Docker', () => {
  it('exits 3 with the fix when the Docker daemon cannot be reached', async () => {
    const r = await execa('node', ['bin/netrecipes.js', 'run', '--backend', 'container', '--filter', 'cnfs-veth', '--out', await tempDir()], {
      reject: false,
      cwd: ROOT,
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', NO_COLOR: '1' },
      all: true,
    });
    expect(r.exitCode, r.all).toBe(3);
    expect(r.all).toMatch(/cannot reach the Docker daemon .*start it with "dockerd &" \(Debian: apt-get install -y docker\.io\)/);
  });
});
