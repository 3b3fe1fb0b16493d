// The resident executor, for real, in netns sandboxes: what every step, background and query
// runs through (exit statuses, separate streams, the output cap, input, deadlines that kill a
// whole tree, stops that let a process flush), and the shell sessions the docs replay types into.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsBackend } from '../../harness/backends/netns/netns-backend.js';
import type { Sandbox } from '../../harness/backends/backend.js';
import { MAX_OUTPUT } from '../../harness/exec/command-result.js';
import { ShellSession } from '../../harness/exec/shell-session.js';

const backend = new NetnsBackend();
const sh = (sb: Sandbox, script: string, timeoutMs = 10_000) => sb.exec(['bash', '-c', script], { timeoutMs });
let sb: Sandbox;

beforeAll(async () => {
  await backend.prepare();
  sb = await backend.create();
});
afterAll(async () => {
  await sb?.close();
  await backend.close();
});

describe('the executor', () => {
  it("runs a command inside as the sandbox's root, with its exit status and both streams apart", async () => {
    const r = await sh(sb, 'echo out; echo err >&2; id -u; hostname; exit 3');
    expect(r).toMatchObject({ exitCode: 3, signal: undefined, stdout: 'out\n0\nsandbox-1\n', stderr: 'err\n', timedOut: false });
  });

  it('says 127 with the reason when a command cannot start', async () => {
    const r = await sb.exec(['no-such-command-here'], { timeoutMs: 5000 });
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/no-such-command-here: No such file or directory/);
  });

  it('keeps 4 MiB of a flood, says it cut, and the command still runs to its end', async () => {
    const r = await sh(sb, 'head -c 6000000 /dev/zero | tr "\\0" x; echo done >&2');
    expect(r.stdout.length).toBe(MAX_OUTPUT);
    expect(r.outputCut).toBe(true);
    expect(r.stderr).toBe('done\n');
  });

  it('kills the whole tree at the deadline, grandchildren too', async () => {
    const r = await sh(sb, 'sleep 300 & (sleep 301; true) & sleep 302', 500);
    expect(r.timedOut).toBe(true);
    expect((await sh(sb, 'pgrep -c sleep || true')).stdout.trim()).toBe('0');
  });

  it('stops a background with SIGTERM first, so it can print what it holds', async () => {
    const p = sb.spawn(['bash', '-c', 'trap "echo flushed; exit 0" TERM; echo started; while :; do sleep 0.05; done'], 'bg');
    while (!p.stdout.includes('started')) await new Promise((r) => setTimeout(r, 20));
    const r = await p.stop(2000);
    expect(r.stdout).toBe('started\nflushed\n');
  });

  it('does not wait for what a command left running with its output (cmd &, setsid), nor lose a stop to it', async () => {
    const t0 = performance.now();
    const r = await sh(sb, 'echo before; setsid sleep 31 & sleep 30 & echo after', 10_000);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stdout: 'before\nafter\n' });
    const bg = sb.spawn(['bash', '-c', 'setsid sleep 32'], 'setsid in a background');
    await new Promise((r) => setTimeout(r, 200));
    await bg.stop(500);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('puts back its own soft limits that a step lowered on PID 1 (prlimit --pid 1)', async () => {
    await using own = await backend.create();
    await sh(own, 'prlimit --pid 1 --nofile=4: --nproc=1:');
    const r = await sh(own, 'echo still works');
    expect(r).toMatchObject({ exitCode: 0, stdout: 'still works\n' });
  });

  it('decodes UTF-8 split across chunks', async () => {
    const r = await sh(sb, 'for i in $(seq 40000); do printf "ü"; done');
    expect(r.stdout).toBe('ü'.repeat(40000));
  });

  it('costs a fork: a hundred commands in well under a second', async () => {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) expect((await sb.exec(['true'], { timeoutMs: 5000 })).exitCode).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000); // a generous bound: the bench prints the real figure
  });
});

describe('a shell session', () => {
  it('keeps variables, cd, functions and exports from one command to the next, each with its exit status', async () => {
    const s = await ShellSession.open(sb);
    try {
      expect(await s.run('NS_IP=10.0.0.2; cd /tmp; export TOKEN=t1', 5000)).toMatchObject({ output: '', exitCode: 0 });
      expect(await s.run('greet() { echo "hi $1"; }', 5000)).toMatchObject({ exitCode: 0 });
      expect(await s.run('echo "$NS_IP $PWD $TOKEN"; greet you', 5000)).toMatchObject({ output: '10.0.0.2 /tmp t1\nhi you\n', exitCode: 0 });
      expect(await s.run('false', 5000)).toMatchObject({ exitCode: 1 });
      expect(await s.run('echo $?', 5000)).toMatchObject({ output: '1\n', exitCode: 0 }); // as a reader's terminal shows it
      expect(await s.run('cat <<EOF\none $NS_IP\nEOF', 5000)).toMatchObject({ output: 'one 10.0.0.2\n', exitCode: 0 });
      expect(await s.run('printf no-newline', 5000)).toMatchObject({ output: 'no-newline', exitCode: 0 });
    } finally {
      await s.close();
    }
  });

  it('runs what is typed after `ip netns exec X bash` inside X, until exit', async () => {
    const s = await ShellSession.open(sb);
    try {
      await s.run('ip netns add blue && ip netns exec blue ip link add b0 type veth peer name b1', 5000);
      expect((await s.run('ip netns exec blue bash', 5000)).exitCode).toBe(0);
      const inside = await s.run('ip -br link | cut -d" " -f1 | sort | tr "\\n" " "; exit 4', 5000);
      expect(inside.output).toMatch(/^b0@b1 b1@b0 lo exit\n$/);
      expect(inside.exitCode).toBe(4); // the exit status of the shell that ran `ip netns exec blue bash`
      expect((await s.run('ip -br link show b0 2>&1 | head -1', 5000)).output).toMatch(/does not exist/);
    } finally {
      await s.close();
    }
  });

  it('delivers Ctrl-C to what runs in the foreground, and ends a command at its deadline the same way', async () => {
    const s = await ShellSession.open(sb);
    try {
      const ping = await s.run('ping -i 0.2 127.0.0.1', 900);
      expect(ping.timedOut).toBe(true);
      expect(ping.output).toMatch(/packets transmitted, \d+ received, 0% packet loss/); // ping's own summary after SIGINT
      expect(ping.exitCode).toBe(0);
      const sleep = await s.run('sleep 100', 300);
      expect(sleep).toMatchObject({ timedOut: true, exitCode: 130 });
      expect(await s.run('echo still here', 5000)).toMatchObject({ output: 'still here\n', exitCode: 0 });
    } finally {
      await s.close();
    }
  });

  it('outlives more than 4 MiB on its terminal', async () => {
    const s = await ShellSession.open(sb);
    try {
      const flood = await s.run('head -c 5000000 /dev/zero | tr "\\0" x; echo', 20_000);
      expect(flood.outputCut).toBe(true);
      expect(await s.run('echo ALIVE-$((6*7))', 5000)).toMatchObject({ output: 'ALIVE-42\n', exitCode: 0 });
    } finally {
      await s.close();
    }
  });

  it('gives each session its own shell: two terminals side by side', async () => {
    const [a, b] = await Promise.all([ShellSession.open(sb), ShellSession.open(sb)]);
    try {
      await a.run('X=in-a', 5000);
      expect((await b.run('echo "[$X]"', 5000)).output).toBe('[]\n');
      expect((await a.run('echo "[$X]"', 5000)).output).toBe('[in-a]\n');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
