// Escape attempts from a netns sandbox, each as a hostile or careless step would make it. Every
// one must fail or stay inside; the host's files, hostname, /run/netns, links, modules and
// processes are compared before and after the whole file.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsBackend, SANDBOX_PIDS_MAX } from '../../harness/backends/netns/netns-backend.js';
import type { Sandbox } from '../../harness/backends/backend.js';
import { statFields } from '../../harness/exec/kill-tree.js';
import { hostFingerprint } from '../host-fingerprint.js';
import { execa } from 'execa';
import { HEAD, ROOT, VETH_STEP, cli, scenarioDir } from './helpers.js';

const netns = new NetnsBackend();
/**
 * The user namespaces of the sandboxes this file made, and when each was closed: no process may
 * be left in one. The kernel gives a freed namespace's number to the next one made (a CLI run's
 * sandbox, a spare), so a process counts as a sandbox's only if it started before that sandbox
 * was closed.
 */
const userNamespaces: { ns: string; closedAt?: number }[] = [];
const TICKS_PER_SECOND = 100; // USER_HZ, what /proc/PID/stat counts start times in
const uptime = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
const backend = {
  prepare: () => netns.prepare(),
  close: () => netns.close(),
  async create(): Promise<Sandbox> {
    const sb = await netns.create();
    // a namespace's inode is the same seen from inside and from the host
    const entry: { ns: string; closedAt?: number } = { ns: (await sh(sb, 'readlink /proc/self/ns/user')).stdout.trim() };
    userNamespaces.push(entry);
    const close = sb.close.bind(sb);
    sb.close = async () => {
      await close();
      entry.closedAt ??= uptime();
    };
    return sb;
  },
};
const sh = (sb: Sandbox, script: string, timeoutMs = 10_000) => sb.exec(['bash', '-c', script], { timeoutMs });
/** Processes of this file's sandboxes still alive. */
function leftovers(): string[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const ns = readlinkSync(`/proc/${pid}/ns/user`);
        const startedAt = Number(statFields(Number(pid))?.[19]) / TICKS_PER_SECOND; // starttime, the 22nd field
        return userNamespaces.some((u) => u.ns === ns && (u.closedAt === undefined || startedAt < u.closedAt));
      } catch {
        return false;
      }
    });
}
let before: Record<string, string>;
/** A process of the host's that no sandbox may see or end. */
const bystander = spawn('sleep', ['600'], { stdio: 'ignore', env: { ...process.env, NETRECIPES_ESCAPE_MARKER: 'host-secret-4711' } });
/** What a sandbox that could write the checkout would leave: a file, not a folder, so eslint and prettier (run beside the tests) have nothing to walk into. */
const treeProbe = join(ROOT, 'escape-probe-from-sandbox');

beforeAll(async () => {
  before = hostFingerprint();
  await backend.prepare();
});

afterAll(async () => {
  bystander.kill();
  await backend.close();
  await rm(treeProbe, { force: true });
  expect(hostFingerprint()).toEqual(before);
  expect(userNamespaces.length).toBeGreaterThan(5);
  expect(leftovers()).toEqual([]);
});

describe('a netns sandbox keeps its steps away from the host', () => {
  it('lets recipes write /etc (hosts, iproute2/rt_tables, netns/NAME/resolv.conf), /root, /tmp, /var/tmp and /run inside only', async () => {
    await using sb = await backend.create();
    const r = await sh(
      sb,
      `set -e
      echo '192.0.2.99 escape-test' >> /etc/hosts
      getent hosts escape-test
      mkdir -p /etc/netns/x && echo 'nameserver 192.0.2.53' > /etc/netns/x/resolv.conf
      mkdir -p /etc/iproute2 && echo '100 escapetest' >> /etc/iproute2/rt_tables
      ip route add 198.51.100.0/24 dev lo table escapetest && ip route show table escapetest
      for d in /root /tmp /var/tmp /run /home /mnt /dev/shm; do echo x > $d/escape-test; done
      echo wrote`,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('192.0.2.99      escape-test');
    expect(r.stdout).toContain('198.51.100.0/24 dev lo');
    expect(r.stdout).toContain('wrote');
    expect(readFileSync('/etc/hosts', 'utf8')).not.toContain('escape-test');
    expect(existsSync('/etc/netns')).toBe(false);
    for (const f of ['/root/escape-test', '/tmp/escape-test', '/var/tmp/escape-test', '/run/escape-test']) expect(existsSync(f)).toBe(false);
    // and the next sandbox starts clean
    await using next = await backend.create();
    expect((await sh(next, 'grep -c escape-test /etc/hosts; ls /etc/netns 2>&1; ls /root')).stdout).toMatch(/^0\n.*No such file/);
  });

  it('cannot write the host tree beside them, nor read what only host root may read', async () => {
    await using sb = await backend.create();
    const r = await sh(
      sb,
      `touch ${treeProbe}; echo "touch=$?"; cat /etc/shadow; echo "shadow=$?"; ls /etc/ssl/private 2>&1; echo x >> /usr/bin/escape-test; echo "usr=$?"`,
    );
    expect(r.stdout).toContain('touch=1');
    expect(r.stdout).toContain('shadow=1');
    expect(r.stdout).toContain('usr=1');
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(existsSync(treeProbe)).toBe(false);
    expect(existsSync('/usr/bin/escape-test')).toBe(false);
  });

  it('renames only its own host: hostname, and the name resolves', async () => {
    await using sb = await backend.create();
    const host = execFileSync('hostname', { encoding: 'utf8' });
    const r = await sh(sb, 'hostname; getent hosts "$(hostname)" >/dev/null && echo resolves; hostname escaped; hostname');
    expect(r.stdout).toMatch(/^sandbox-\d+\nresolves\nescaped\n$/);
    expect(execFileSync('hostname', { encoding: 'utf8' })).toBe(host);
  });

  it('cannot unmount /run or /proc to reach the host behind them', async () => {
    await using sb = await backend.create();
    const r = await sh(
      sb,
      'touch /run/mine; umount -l /run; umount -l /run; ip netns add escapetest; ls /run/mine; umount -l /proc; ls /proc | grep -c "^[0-9]"',
    );
    expect(r.stdout).toMatch(/^\/run\/mine\n/); // /run is still the sandbox's own
    expect(Number(r.stdout.split('\n')[1])).toBeLessThan(10);
    expect(existsSync('/run/netns/escapetest')).toBe(false);
  });

  it('cannot enter the host namespaces: none of its processes is visible, and nsenter -t 1 is the sandbox itself', async () => {
    await using sb = await backend.create();
    const r = await sh(
      sb,
      `ps -e -o pid= | wc -l
      grep -l host-secret-4711 /proc/[0-9]*/environ 2>/dev/null | wc -l
      nsenter -t 1 -a ip link add escape0 type bridge && echo "made escape0 in pid 1's namespaces"
      umount -l /proc 2>/dev/null; nsenter --net=/proc/${bystander.pid}/ns/net ip link add escape1 type bridge; echo "by-pid=$?"
      nsenter --net=/proc/1/root/proc/1/ns/net true; echo "root-walk=$?"`,
    );
    expect(Number(r.stdout.split('\n')[0])).toBeLessThan(10);
    expect(r.stdout.split('\n')[1]).toBe('0');
    expect(r.stdout).toContain('by-pid=1');
    const hostLinks = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' });
    expect(hostLinks).not.toMatch(/escape[01]/);
  });

  it('cannot mount over the host, make devices, open the host disk, or write host-global sysctls', async () => {
    await using sb = await backend.create();
    const disk = execFileSync('findmnt', ['-no', 'SOURCE', '/'], { encoding: 'utf8' }).trim();
    const globals = ['kernel/core_pattern', 'kernel/panic', 'kernel/modprobe', 'kernel/sysrq', 'net/core/rmem_max'].filter((k) => existsSync(`/proc/sys/${k}`));
    const values = globals.map((k) => readFileSync(`/proc/sys/${k}`, 'utf8'));
    const r = await sh(
      sb,
      `test -b ${disk}; echo "disk=$?"
      ls /dev | grep -vxE 'null|zero|full|random|urandom|tty|net|pts|shm|ptmx|fd|stdin|stdout|stderr'
      mknod /tmp/disk b 8 0; echo "mknod=$?"
      mknod /dev/shm/disk c 1 3; echo "mknodc=$?"
      mount -t tmpfs x / && echo "tmpfs on / (its own mount namespace)"
      for k in ${globals.join(' ')}; do echo 12345 > /proc/sys/$k 2>/dev/null; echo "$k=$?"; done`,
    );
    for (const key of ['mknod', 'mknodc', 'disk', ...globals]) expect(r.stdout).toContain(`${key}=1`);
    expect(globals.map((k) => readFileSync(`/proc/sys/${k}`, 'utf8'))).toEqual(values);
    expect(globals).toContain('kernel/core_pattern');
  });

  it("cannot reach a root-owned unix socket of the host (dockerd's, or one beside the tree it can read)", async () => {
    await using sb = await backend.create();
    // The socket must lie where the sandbox sees the host's files (read-only): /var/cache is
    // such a place; the checkout may not be (a clone in /tmp), and tests write nothing there.
    const dir = await mkdtemp('/var/cache/netrecipes-escape-');
    const sock = join(dir, 'root-only.sock');
    const server = spawn(
      'python3',
      [
        '-c',
        `import socket,os,time\ns=socket.socket(socket.AF_UNIX)\ns.bind('${sock}')\nos.chmod('${sock}',0o660)\ns.listen()\nprint('up',flush=True)\ntime.sleep(60)`,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise((ok) => server.stdout.once('data', ok));
    try {
      const connect = (path: string) => `python3 -c "import socket; socket.socket(socket.AF_UNIX).connect('${path}')" 2>&1 | tail -1`;
      const r = await sh(sb, `${connect(sock)}; ${connect('/run/docker.sock')}; ${connect('/var/run/docker.sock')}`);
      expect(r.stdout).toMatch(/PermissionError.*\n.*(FileNotFoundError|ConnectionRefused).*\n.*(FileNotFoundError|ConnectionRefused)/);
    } finally {
      server.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ends only its own processes with kill -9 -1, and its executor (PID 1) outlives it', async () => {
    await using sb = await backend.create();
    await sh(sb, 'sleep 60 & kill -9 -1; true');
    expect(existsSync(`/proc/${bystander.pid}`)).toBe(true);
    expect(bystander.exitCode).toBeNull();
    expect((await sh(sb, "kill -9 1; kill -TERM 1; kill -INT 1; pkill -f 'exe[c]utor.py'; echo alive")).stdout).toBe('alive\n');
  });

  it("cannot reach its executor's channel: no ptrace, no /proc/1/fd, no pidfd_getfd, and pgrep never mistakes it for a step's python3", async () => {
    await using sb = await backend.create();
    const grab = `import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print("seize", libc.ptrace(0x4206, 1, None, None), os.strerror(ctypes.get_errno()))
pidfd = libc.syscall(434, 1, 0)
print("getfd", libc.syscall(438, pidfd, 0, 0), os.strerror(ctypes.get_errno()))`;
    const r = await sh(
      sb,
      `python3 -c '${grab}'; cat /proc/1/fd/0 2>&1 | head -1; ls -l /proc/1/fd/ 2>&1 | head -1; grep CapBnd /proc/self/status; pgrep -x python3; echo "pgrep=$?"`,
    );
    expect(r.stdout).toContain('seize -1 Operation not permitted');
    expect(r.stdout).toContain('getfd -1 Operation not permitted');
    expect(r.stdout).toMatch(/cat: \/proc\/1\/fd\/0: Permission denied/);
    expect(r.stdout).toMatch(/ls: cannot (open directory '\/proc\/1\/fd\/'|read symbolic link '\/proc\/1\/fd\/0'): Permission denied/);
    const bounding = BigInt(`0x${/CapBnd:\s+(\w+)/.exec(r.stdout)![1]}`);
    expect(bounding & (1n << 19n)).toBe(0n); // CAP_SYS_PTRACE
    expect(r.stdout).toContain('pgrep=1');
  });

  it('stops a fork bomb at its task limit, and the harness still ends it', async () => {
    await using sb = await backend.create();
    // threads count against the same limit as processes, and start far faster under a slow fork
    const starter = `import threading, time\nn = 0\ntry:\n    while n < ${SANDBOX_PIDS_MAX + 500}:\n        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n        n += 1\nexcept RuntimeError:\n    print("refused after", n)`;
    const r = await sh(sb, `python3 -c '${starter}'`, 60_000);
    expect(r.stdout).toMatch(/^refused after \d+\n$/);
    expect(Number(r.stdout.split(' ')[2])).toBeLessThan(SANDBOX_PIDS_MAX);
    // The bomb goes on in the background after its step returns (or times out); closing the
    // sandbox still ends it all, quickly, and nothing of the host is touched.
    const bomb = await sh(sb, 'kill -9 -1 2>/dev/null; b() { b | b & }; b', 2000);
    expect(bomb.timedOut || bomb.exitCode === 0).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    await sb.close();
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(existsSync(`/proc/${bystander.pid}`)).toBe(true);
  });

  it('gets none of the descriptors the harness inherited (a directory one would open the host tree)', async () => {
    const dir = await scenarioDir({
      'fd.yaml': `${HEAD('fd')}steps:\n  - name: look for fd 100\n    run: for p in /proc/[0-9]*/fd/100; do [ -e $p ] && echo LEAK $p; done; true\n    expect: { output: { not_contains: LEAK } }\n`,
    });
    const r = await execa('bash', ['-c', `exec 100</; exec node bin/netrecipes.js run ${dir} --out ${dir}/out`], {
      cwd: ROOT,
      reject: false,
      all: true,
      env: { NO_COLOR: '1' },
    });
    expect(r.all).toMatch(/✓ fd 1\/1 steps/);
    expect(r.exitCode, r.all).toBe(0);
  });

  it("gives `netrecipes shell` the sandbox's environment and a terminal of its own, never the host's", async () => {
    const dir = await scenarioDir({ 's.yaml': `${HEAD('s')}steps:\n  - name: nothing\n    run: "true"\n` });
    const r = await execa('node', ['bin/netrecipes.js', 'shell', `${dir}/s.yaml`], {
      cwd: ROOT,
      reject: false,
      all: true,
      input: 'echo "PATH=$PATH"; env | grep -c NETRECIPES_HOST_SECRET; readlink /proc/self/fd/0; exit 3\n',
      env: { NO_COLOR: '1', NETRECIPES_HOST_SECRET: 'leaked', PATH: `/root/.cargo/bin:${process.env.PATH}` },
    });
    expect(r.all).toContain('PATH=/run/netrecipes/bin:/run/sandbox/bin:'); // the steps' own commands first (sudo, tcpdump)
    expect(r.all).not.toContain('/root/.cargo/bin');
    expect(r.all).toMatch(/^0\r?$/m); // no host variable inside
    expect(r.all).toMatch(/^\/dev\/pts\/\d+\r?$/m); // a pty of its own (the caller's stdin is a pipe here)
    expect(r.exitCode, r.all).toBe(3);
  });

  it('cannot load kernel modules, and modprobe says what to declare instead', async () => {
    await using sb = await backend.create();
    const r = await sh(sb, 'modprobe nr_no_such_module; echo "rc=$?"; /sbin/modprobe nr_no_such_module 2>/dev/null; echo "abs=$?"');
    expect(r.stdout).toContain('rc=1');
    expect(r.stdout).toContain('abs=1');
    expect(r.stderr).toContain('requires: { kernel: [nr_no_such_module] }');
  });

  it("cannot change the executor the run's next sandboxes start from (compiled once per run, shared)", async () => {
    const dir = '/run/sandbox/bin/.executor';
    const hashes = `sha256sum ${dir}/executor.py ${dir}/__pycache__/executor.cpython-*.pyc`;
    let before: string;
    {
      await using sb = await backend.create();
      before = (await sh(sb, hashes)).stdout;
      // Even with its own view of the folder made writable, the files belong to the host's root.
      const r = await sh(
        sb,
        `cd ${dir} && mount -o remount,rw,bind /run/sandbox/bin && echo remounted; for f in executor.py __pycache__/*.pyc; do : > $f && echo "wrote $f"; rm -f $f && echo "removed $f"; done; echo x > evil.py && echo planted; echo x > __pycache__/evil.pyc && echo planted; true`,
      );
      expect(r.stdout).toContain('remounted');
      expect(r.stdout).not.toMatch(/wrote|removed|planted/);
    }
    expect(before).toMatch(/^[0-9a-f]{64} .*executor\.py\n[0-9a-f]{64} .*__pycache__\/executor\.cpython-\d+\.pyc\n$/);
    // The spare made while that one ran started before the step: the one after it starts after.
    await (await backend.create()).close();
    await using after = await backend.create();
    expect((await sh(after, hashes)).stdout).toBe(before);
  });
});

// A hostile step that attaches to every new process of its sandbox (ptrace-racer.py) must never
// catch one with the host's credentials: commands start inside, from the sandbox's own executor,
// for steps, backgrounds, the explanations' queries, `shell` and `docs run` alike.
describe("nothing with the host's credentials ever joins a sandbox", () => {
  const racer = readFileSync(join(ROOT, 'test/fixtures/ptrace-racer.py'), 'utf8');
  const writeRacer = `cat > /tmp/racer.py <<'RACER'\n${racer}RACER`;
  const verdict = /racer: attached (\d+), caught (\d+)/;

  it('in a run: steps, a background, expectations that query the sandbox, a failing ping explained', async () => {
    const indent = (text: string) => text.replace(/^/gm, '      ');
    const dir = await scenarioDir({
      'racer.yaml': `${HEAD('racer')}steps:
  - name: write the racer
    run: |
${indent(writeRacer)}
  - name: racer
    id: racer
    background: python3 /tmp/racer.py
    ready: { output: racer ready }
${VETH_STEP('veth')}  - { name: a bridge, run: "ip link add br0 type bridge && ip link set br0 up" }
  - { name: links, run: "ip -br link", expect: { links: { has: [{ ifname: br0 }] } } }
  - { name: a server, background: "nc -l -p 5000", ready: { port: 5000 }, in: ns0 }
  - { name: ping, run: "ping -c 1 -W 1 10.9.0.2" }
  - { name: conntrack, run: "conntrack -L 2>&1 || true" }
  - { name: no route, run: "ping -c 1 -W 1 192.0.2.1", expect: { ping: ok }, xfail: "fails, then is explained from inside" }
  - name: stop the racer
    stop: racer
    expect: { stdout: { regex: "racer: attached [1-9][0-9]*, caught 0" } }
`,
    });
    const r = await cli(['run', dir, '--out', join(dir, 'out'), '-v']);
    expect(r.all).not.toMatch(/caught pid \d+/);
    expect(r.exitCode, r.all).toBe(0);
  });

  it('in `netrecipes shell`', async () => {
    const indent = (text: string) => text.replace(/^/gm, '      ');
    const dir = await scenarioDir({
      's.yaml': `${HEAD('s')}steps:
  - name: a racer that outlives the steps
    run: |
${indent(writeRacer)}
      python3 /tmp/racer.py 60 > /tmp/racer.out 2>&1 &
      until grep -q 'racer ready' /tmp/racer.out; do sleep 0.05; done
`,
    });
    // Three commands that last long enough for the racer's /proc scan to see them, however busy
    // the machine: the short ones it may miss (CI once saw it attach to only 2).
    const input =
      'ip link; ip netns add x; ip netns exec x ip link; sleep 0.5; sleep 0.5; sleep 0.5\npkill -TERM -f "rac[e]r.py"; sleep 0.3; cat /tmp/racer.out\nexit\n';
    const r = await execa('node', ['bin/netrecipes.js', 'shell', `${dir}/s.yaml`], { cwd: ROOT, reject: false, all: true, input, env: { NO_COLOR: '1' } });
    const [, attached, caught] = verdict.exec(r.all) ?? [];
    expect(r.all).not.toMatch(/caught pid \d+/);
    expect(Number(caught), r.all).toBe(0);
    expect(Number(attached)).toBeGreaterThan(2);
  });

  it('in `netrecipes docs run`', async () => {
    // (its comment lines left out: a document's reader takes `#` lines in a here-document for comments)
    const writeRacer = `cat > /tmp/racer.py <<'RACER'\n${racer.replace(/^#.*\n/gm, '')}RACER`;
    const doc = `# A hostile page\n\nFirst, a helper:\n\n\`\`\`sh\n${writeRacer}\npython3 /tmp/racer.py 30 > /tmp/racer.out 2>&1 &\nuntil grep -q 'racer ready' /tmp/racer.out; do sleep 0.05; done\n\`\`\`\n\nThen:\n\n\`\`\`console\n$ ip link show lo | head -1\n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n$ ip netns add red\n$ ip netns exec red ip -br link\nlo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n$ pkill -TERM -f 'rac[e]r.py'; sleep 0.3; grep -E 'attached [1-9][0-9]*, caught 0$' /tmp/racer.out\n...\n\`\`\`\n`;
    const dir = await scenarioDir({ 'hostile.md': doc });
    const r = await cli(['docs', 'run', join(dir, 'hostile.md'), '--out', join(dir, 'out'), '-v']);
    expect(r.all).not.toMatch(/caught pid \d+/);
    expect(r.exitCode, r.all).toBe(0);
  });
});
