// The netns sandbox itself: private /run, empty resolv.conf, pinned sysctls, the hidden world,
// timeouts that kill process trees, and a teardown that leaves no process behind.
import { existsSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsBackend } from '../../harness/backends/netns/netns-backend.js';
import { descendants } from '../../harness/exec/kill-tree.js';
import { worldSchema } from '../../harness/scenario/schema.js';
import { buildWorld } from '../../harness/world/world.js';

const backend = new NetnsBackend();
const sh = (script: string) => ['bash', '-c', script];

describe('netns sandbox', () => {
  beforeAll(() => backend.prepare());
  afterAll(() => backend.close());

  it('is private: own /run/netns, empty resolv.conf, pinned sysctls, only lo', async () => {
    await using sb = await backend.create();
    const r = await sb.exec(
      sh(
        'ip netns add inside; ip -o link | wc -l; wc -c < /etc/resolv.conf; cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/all/rp_filter; ls /run/netns',
      ),
      { timeoutMs: 5000 },
    );
    expect(r.stdout.split('\n').slice(0, 5)).toEqual(['1', '0', '0', '0', 'inside']);
    expect(existsSync('/run/netns/inside')).toBe(false);
  });

  it("gives its root the sandbox host's own network files: iptables-legacy-save works, lo's sysfs is writable", async () => {
    await using sb = await backend.create();
    const r = await sb.exec(
      sh(
        'iptables-legacy -A INPUT -i lo -j ACCEPT && iptables-legacy-save | grep -c -- "-A INPUT -i lo -j ACCEPT"; echo 1400 > /sys/class/net/lo/mtu && cat /sys/class/net/lo/mtu',
      ),
      { timeoutMs: 5000 },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1\n1400\n');
  });

  it('hides the world from ip netns list but lets the host reach the internet stand-in through it', async () => {
    await using sb = await backend.create();
    await buildWorld(sb, worldSchema.parse({ internet: ['203.0.113.7'] }));
    const r = await sb.exec(sh('ip netns list | wc -l; ping -c 1 -W 1 203.0.113.7 >/dev/null && echo reached; ip route show default'), { timeoutMs: 5000 });
    expect(r.stdout).toBe('0\nreached\ndefault via 10.0.2.2 dev eth0 \n');
    const client = await sb.exec(['nsenter', '--net=/run/sandbox/client', 'ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0'], { timeoutMs: 5000 });
    expect(client.stdout).toContain('192.0.2.20/24');
  });

  it('kills a timed-out command with everything it started', async () => {
    await using sb = await backend.create();
    const r = await sb.exec(sh('sleep 40 & sleep 41 & wait'), { timeoutMs: 300 });
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    const left = await sb.exec(sh("pgrep -c -f 'sleep 4[01]' || true"), { timeoutMs: 2000 });
    expect(left.stdout.trim()).toBe('0');
  });

  it('ends every process it ran when closed, even a background one nobody stopped', async () => {
    await (await backend.create()).close(); // the run's staging area (the first sandbox starts it) outlives sandboxes: not theirs to end
    const sb = await backend.create();
    const bg = sb.spawn(sh('sleep 60'), 'sleep');
    const userns = (await sb.exec(sh('readlink /proc/self/ns/user'), { timeoutMs: 2000 })).stdout.trim();
    // this sandbox's processes (a spare made ahead for the next scenario lives in a namespace of its own)
    const usernsOf = (pid: number) => {
      try {
        return readlinkSync(`/proc/${pid}/ns/user`);
      } catch {
        return '';
      }
    };
    const pids = descendants(process.pid).filter((p) => usernsOf(p) === userns);
    expect(pids.length).toBeGreaterThanOrEqual(3); // unshare, the executor (PID 1), sleep
    await sb.close();
    await bg.done;
    expect(pids.filter((p) => existsSync(`/proc/${p}`))).toEqual([]);
    expect(sb.alive()).toBe(false);
  });
});
