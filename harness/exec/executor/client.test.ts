// The client's bookkeeping against a scripted executor (no process): the output cap, a deadline
// whose kill the executor never confirms, a channel that closes under running commands, and
// answers that belong to nobody.
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../errors.js';
import { MAX_OUTPUT } from '../command-result.js';
import { ExecutorClient, type Channel } from './client.js';

/** A channel whose other side is the test: `sent` holds the requests, `answer` feeds lines. */
function fakeChannel() {
  const sent: string[] = [];
  let onData: (chunk: string) => void = () => {};
  let onEnd: () => void = () => {};
  const channel: Channel = {
    write: (text) => void sent.push(text),
    listen: (d, e) => ((onData = d), (onEnd = e)),
    close: () => onEnd(),
  };
  return { channel, sent, answer: (text: string) => onData(text), end: () => onEnd() };
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('ExecutorClient', () => {
  it('keeps output up to the cap, drops the rest, and keeps the exit status', async () => {
    const f = fakeChannel();
    const client = new ExecutorClient(f.channel, () => 'gone');
    const p = client.start(['loud'], 'loud');
    const chunk = b64('x'.repeat(1024 * 1024));
    for (let i = 0; i < 6; i++) f.answer(`out 1 ${chunk}\n`);
    f.answer(`err 1 ${b64('done\n')}\nexit 1 0 -\n`);
    const r = await p.done;
    expect(r).toMatchObject({ exitCode: 0, stderr: 'done\n', outputCut: true });
    expect(r.stdout.length).toBe(MAX_OUTPUT);
  });

  it('takes lines split anywhere, and ignores answers for nobody', async () => {
    const f = fakeChannel();
    const client = new ExecutorClient(f.channel, () => 'gone');
    const p = client.start(['x'], 'x');
    for (const piece of ['MAP\nou', `t 1 ${b64('h')}`, `\nout 99 ${b64('forged')}\nexit 99 0 -\nou`, `t 1 ${b64('i')}\nexi`, 't 1 3 -\n']) f.answer(piece);
    expect(await p.done).toMatchObject({ exitCode: 3, stdout: 'hi' });
  });

  it('kills a command at its deadline, and ends it itself when the executor never answers', async () => {
    const f = fakeChannel();
    const client = new ExecutorClient(f.channel, () => 'gone');
    const r = await Promise.race([client.run(['hang'], { timeoutMs: 50, label: 'hang' }), new Promise((resolve) => setTimeout(() => resolve('stuck'), 7000))]);
    expect(f.sent.some((l) => l === 'signal 1 SIGKILL tree\n')).toBe(true);
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
  }, 10_000);

  it('ends what runs, marked lost, when the channel closes: run() throws an infrastructure error with the reason', async () => {
    const f = fakeChannel();
    const client = new ExecutorClient(f.channel, () => 'the guest died: kernel panic');
    const running = client.run(['sleep', '9'], { timeoutMs: 5000, label: 'sleep 9' });
    const bg = client.start(['tcpdump'], 'tcpdump');
    f.end();
    await expect(running).rejects.toThrow(InfrastructureError);
    await expect(running).rejects.toThrow(/went away while running "sleep 9":\nthe guest died: kernel panic/);
    expect((await bg.done).stderr).toContain('[the sandbox is gone]');
    expect(client.alive).toBe(false);
    expect(client.start(['late'], 'late').result?.stderr).toContain('[the sandbox is gone]');
  });

  it('gives up on a channel that sends a line without end', () => {
    const f = fakeChannel();
    const client = new ExecutorClient(f.channel, () => 'gone');
    f.answer('x'.repeat(2 * 1024 * 1024));
    expect(client.alive).toBe(false);
  });

  it('fails to connect with what the place said when no hello comes', async () => {
    const f = fakeChannel();
    const connecting = ExecutorClient.connect(f.channel, { timeoutMs: 5000, deathReason: () => 'python3: not found', what: 'the netns sandbox' });
    f.end();
    await expect(connecting).rejects.toThrow(/the netns sandbox did not start: it exited\npython3: not found/);
  });
});
