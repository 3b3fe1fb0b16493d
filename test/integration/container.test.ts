// The container backend, for real: the seed suite on Debian bookworm and trixie with both
// iptables flavours, no container left by a killed run, and a clear exit 3 without Docker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureImage } from '../../harness/backends/container/image.js';
import { HEAD, ROOT, cli, scenarioDir, tempDir, validateJunit } from './helpers.js';

const containers = async (label: string) =>
  String((await execa('docker', ['ps', '-aq', '--filter', `label=${label}`], { reject: false })).stdout)
    .split('\n')
    .filter(Boolean);

describe('container backend', () => {
  beforeAll(async () => {
    // Build (or find cached) both images at once rather than one per cell.
    await Promise.all([ensureImage('bookworm'), ensureImage('trixie')]);
  }, 600_000);

  it('runs the seed suite on bookworm and trixie with nft and legacy iptables', async () => {
    const out = await tempDir();
    const r = await cli(['run', '--backend', 'container', '--distro', 'bookworm,trixie', '--iptables', 'nft,legacy', '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^bookworm\s+24\/24 passed\s+24\/24 passed\s*$/m);
    expect(r.stdout).toMatch(/^trixie\s+24\/24 passed\s+24\/24 passed\s*$/m);
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
    let running = false;
    for (let i = 0; i < 300 && !running; i++) {
      await sleep(100);
      running = (await containers(label)).length === 1 && (await stepRunning());
    }
    expect(running).toBe(true);
    child.kill('SIGKILL');
    await child;
    let left = await containers(label);
    for (let i = 0; i < 50 && left.length; i++) {
      await sleep(200);
      left = await containers(label);
    }
    expect(left).toEqual([]);
    expect(await stepRunning()).toBe(false);
  }, 120_000);

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
