// `record` and `shell --record` as a person uses them: commands piped in, run in a real
// sandbox, a scenario written with the checks inferred from what happened, which `check`
// accepts and `run` passes in a fresh sandbox; and `init` followed by `docs check`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempDir } from './helpers.js';

/**
 * Eight commands typed the way a public tutorial writes its bridge lab (two namespaces, veth
 * pairs, a bridge, addresses, links up, ping), with a ping before the links are up and the
 * listings a reader types to look around.
 */
const BRIDGE_LAB = [
  '# two namespaces and a bridge',
  'ip netns add ns1 && ip netns add ns2 && ip link add virbr0 type bridge',
  'ip link add veth1 netns ns1 type veth peer name vethbr1 && ip link add veth2 netns ns2 type veth peer name vethbr2',
  'ip link set vethbr1 master virbr0 && ip link set vethbr2 master virbr0 && ip netns exec ns1 ip addr add 192.168.0.10/24 dev veth1 && ip netns exec ns2 ip addr add 192.168.0.20/24 dev veth2',
  '# the links are still down: no route yet',
  'ip netns exec ns1 ping -c 1 192.168.0.20',
  'ip netns exec ns1 ip link set veth1 up && ip netns exec ns2 ip link set veth2 up && ip link set vethbr1 up && ip link set vethbr2 up && ip link set virbr0 up',
  'ip netns exec ns1 ping -c 2 192.168.0.20',
  'ip netns exec ns1 ip route',
  'ip link show master virbr0',
];

/** A server, curl, iptables listings and a command that fails. */
const WEB_LAB = [
  'ip netns add web && ip link add veth0 type veth peer name eth0 netns web && mkdir -p /tmp/site && echo hello from web > /tmp/site/index.html',
  'ip addr add 10.9.0.1/24 dev veth0 && ip link set veth0 up && ip -n web addr add 10.9.0.2/24 dev eth0 && ip -n web link set eth0 up',
  'ip -n web addr show eth0',
  'ip netns exec web python3 -m http.server 8080 --bind 10.9.0.2 --directory /tmp/site &',
  'curl -s -i http://10.9.0.2:8080/',
  'iptables -t nat -A OUTPUT -d 10.9.0.100 -p tcp --dport 80 -j DNAT --to-destination 10.9.0.2:8080',
  'iptables -P FORWARD DROP',
  'iptables -t nat -S OUTPUT',
  'iptables -L FORWARD -n',
  'ip link set vethbr9 up',
];

type Written = {
  id: string;
  requires: { commands: string[]; kernel?: string[] };
  world?: unknown;
  steps: { name: string; in?: string; run?: string; background?: string; ready?: unknown; expect?: Record<string, unknown> }[];
};

const netrecipes = (args: string[], cwd: string, input?: string) =>
  execa('node', [CLI, ...args], { cwd, input: input ?? '', reject: false, all: true, env: { NO_COLOR: '1' } });

const CONTINUED = [
  'ip netns exec ns1 ip link set veth1 up && ip netns exec ns2 ip link set veth2 up && ip link set vethbr1 up && ip link set vethbr2 up && ip link set virbr0 up',
  'ip netns exec ns2 ping -c 1 192.168.0.10',
];

describe('record', () => {
  let dir: string;
  type Cli = Awaited<ReturnType<typeof netrecipes>>;
  const cli: Record<string, Cli> = {};
  const written: Record<string, Written> = {};

  // Three recordings (the last continues the first from its third step), then one check and one run of all three.
  beforeAll(async () => {
    dir = await tempDir('netrecipes-record-');
    cli.bridge = await netrecipes(['record', '--out', 'bridge-lab.yaml'], dir, `${BRIDGE_LAB.join('\n')}\n`);
    cli.web = await netrecipes(['record', '--out', 'web.yaml', '--no-world'], dir, `${WEB_LAB.join('\n')}\n`);
    cli.continued = await netrecipes(['shell', 'bridge-lab.yaml', '--until', '3', '--record', 'continued.yaml'], dir, `${CONTINUED.join('\n')}\n`);
    for (const name of ['bridge', 'web', 'continued']) {
      expect(cli[name]!.exitCode, cli[name]!.all).toBe(0);
      written[name] = parse(readFileSync(join(dir, `${name === 'bridge' ? 'bridge-lab' : name}.yaml`), 'utf8')) as Written;
    }
    cli.check = await netrecipes(['check', 'bridge-lab.yaml', 'web.yaml', 'continued.yaml'], dir);
    cli.run = await netrecipes(['run', 'bridge-lab.yaml', 'web.yaml', 'continued.yaml', '--out', 'reports', '--jobs', '3'], dir);
  }, 120_000);

  it('eight commands piped in become eight steps, each with the checks its outcome supports', () => {
    const bridge = written.bridge!;
    expect(cli.bridge!.stdout).toContain(
      '$ ip netns exec ns1 ping -c 1 192.168.0.20\nping: connect: Network is unreachable\n# recorded with { ping: network-unreachable }',
    );
    expect(bridge.id).toBe('bridge-lab');
    expect(bridge.requires).toEqual({ commands: ['ip', 'ping'], kernel: ['bridge', 'veth'] });
    expect(bridge.world).toBeDefined();
    expect(bridge.steps).toHaveLength(8);
    const [made, , , unreachable, up, reached, routes, links] = bridge.steps;
    expect(made).toEqual({ name: 'two namespaces and a bridge', run: 'ip netns add ns1 && ip netns add ns2 && ip link add virbr0 type bridge' });
    expect(unreachable).toMatchObject({
      name: 'the links are still down: no route yet',
      in: 'ns1',
      run: 'ping -c 1 192.168.0.20',
      expect: { ping: 'network-unreachable' },
    });
    // a chain that starts in ns1 runs on the host
    expect(up!.in).toBeUndefined();
    expect(reached).toMatchObject({ in: 'ns1', run: 'ping -c 2 192.168.0.20', expect: { ping: { received: 2 } } });
    expect(routes).toMatchObject({ in: 'ns1', run: 'ip route', expect: { routes: { has: [{ dst: '192.168.0.0/24', dev: 'veth1' }] } } });
    expect(links!.expect).toEqual({
      links: {
        has: [
          { ifname: 'vethbr1', operstate: 'UP', master: 'virbr0' },
          { ifname: 'vethbr2', operstate: 'UP', master: 'virbr0' },
        ],
      },
    });
  });

  it("infers curl from a background server, addresses, iptables rules and policies, and a failure's exit and stderr", () => {
    const web = written.web!;
    expect(web.world).toBeUndefined();
    expect(web.requires.commands).toEqual(['ip', 'python3', 'curl', 'iptables']);
    expect(web.requires.kernel).toEqual(['veth', 'nf_nat']);
    const [, , addr, server, curl, , , rules, policy, failed] = web.steps;
    expect(addr).toMatchObject({ in: 'web', run: 'ip addr show eth0', expect: { addresses: { has: [{ ifname: 'eth0', address: '10.9.0.2/24' }] } } });
    expect(server).toMatchObject({ in: 'web', background: 'python3 -m http.server 8080 --bind 10.9.0.2 --directory /tmp/site', ready: { port: 8080 } });
    expect(curl!.expect).toEqual({ curl: { status: 200, body: { contains: 'hello from web' } } });
    expect(rules!.expect).toEqual({
      iptables: { table: 'nat', chain: 'OUTPUT', rule: '-d 10.9.0.100/32 -p tcp --dport 80 -j DNAT --to-destination 10.9.0.2:8080' },
    });
    expect(policy!.expect).toEqual({ iptables: { chain: 'FORWARD', policy: 'DROP' } });
    expect(failed!.expect).toEqual({ exit: 1, stderr: { contains: 'Cannot find device "vethbr9"' } });
  });

  it('shell --record replays a scenario up to a step and writes it with the recorded steps after', () => {
    const continued = written.continued!;
    expect(continued.id).toBe('continued');
    expect(continued.steps.map((s) => s.run)).toEqual([...written.bridge!.steps.slice(0, 3).map((s) => s.run), CONTINUED[0], 'ping -c 1 192.168.0.10']);
    expect(continued.steps[4]).toMatchObject({ in: 'ns2', expect: { ping: { received: 1 } } });
  });

  it('writes scenarios that check accepts and run passes, each in a fresh sandbox', () => {
    expect(cli.check!.exitCode, cli.check!.all).toBe(0);
    expect(cli.check!.stdout).toContain('3 valid, 0 files with errors');
    expect(cli.run!.exitCode, cli.run!.all).toBe(0);
    expect(cli.run!.stdout).toContain('✓ bridge-lab 8/8 steps');
    expect(cli.run!.stdout).toContain('3 passed, 0 failed, 0 skipped');
  });
});

describe('record interrupted', () => {
  it('ends at once on SIGINT, the running command and its sandbox with it, and writes what came before', async () => {
    const dir = await tempDir('netrecipes-record-int-');
    const sleeper = `sleep ${50_000 + (process.pid % 9000)}`;
    const rec = execa('node', [CLI, 'record', '--out', 'cut.yaml'], { cwd: dir, reject: false, all: true, stdin: 'pipe', env: { NO_COLOR: '1' } });
    let out = '';
    rec.all.on('data', (d: Buffer) => (out += d.toString()));
    rec.stdin.write(`ip netns add a\n${sleeper}\n`); // stdin stays open: more could be typed
    for (let t = 0; t < 300 && (await execa('pgrep', ['-x', '-f', sleeper], { reject: false })).exitCode !== 0; t++)
      await new Promise((r) => setTimeout(r, 100));
    rec.kill('SIGINT');
    const r = await rec;
    expect(r.exitCode, out).toBe(130);
    expect((await execa('pgrep', ['-x', '-f', sleeper], { reject: false })).exitCode).toBe(1);
    expect((parse(readFileSync(join(dir, 'cut.yaml'), 'utf8')) as Written).steps).toEqual([{ name: 'ip netns add a', run: 'ip netns add a' }]);
  }, 60_000);
});

describe('record on a terminal', () => {
  it('prompts, runs each line typed, and ends on Ctrl-D', async () => {
    const dir = await tempDir('netrecipes-record-tty-');
    // script(1) gives the CLI a terminal of its own and relays what this test types into it
    const rec = execa('script', ['-qfec', `node ${CLI} record --out tty.yaml`, '/dev/null'], {
      cwd: dir,
      reject: false,
      all: true,
      stdin: 'pipe',
      env: { NO_COLOR: '1' },
    });
    let out = '';
    rec.all.on('data', (d: Buffer) => (out += d.toString()));
    const seen = async (text: string, times = 1) => {
      for (let t = 0; t < 300 && out.split(text).length <= times; t++) await new Promise((r) => setTimeout(r, 100));
    };
    await seen('record # ');
    rec.stdin.write('ip -br link show lo\r');
    await seen('record # ', 2);
    rec.stdin.write('\x04');
    const r = await rec;
    expect(r.exitCode, out).toBe(0);
    expect(out).toContain('# recorded with { links: { has: [ { ifname: lo, operstate: UNKNOWN } ] } }');
    expect((parse(readFileSync(join(dir, 'tty.yaml'), 'utf8')) as Written).steps).toEqual([
      { name: 'ip -br link show lo', run: 'ip -br link show lo', expect: { links: { has: [{ ifname: 'lo', operstate: 'UNKNOWN' }] } } },
    ]);
  }, 60_000);
});

describe('init', () => {
  it('gives a new project whose example passes docs check, with reports/ ignored', async () => {
    const dir = await tempDir('netrecipes-init-');
    const init = await netrecipes(['init'], dir);
    expect(init.exitCode, init.all).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('reports/\n');
    expect(readFileSync(join(dir, '.github/workflows/netrecipes.yml'), 'utf8')).toContain('Locally, as root');
    const docs = await netrecipes(['docs', 'check'], dir);
    expect(docs.exitCode, docs.all).toBe(0);
    expect(docs.stdout).toContain('0 drifted, 0 stale commands, 0 coverage gaps');
  });
});
