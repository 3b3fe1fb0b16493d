import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT } from '../../exec/command-result.js';
import { GuestProcess, type GuestAgent } from './guest-agent.js';

describe('GuestProcess', () => {
  it('keeps output up to the cap, drops the rest, and keeps the exit status', async () => {
    const p = new GuestProcess({} as GuestAgent, 1, 'loud');
    const chunk = Buffer.from('x'.repeat(1024 * 1024)).toString('base64');
    for (let i = 0; i < 6; i++) p.onMessage({ id: 1, out: chunk });
    p.onMessage({ id: 1, err: Buffer.from('done\n').toString('base64') });
    p.onMessage({ id: 1, exit: 0 });
    const r = await p.done;
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBe(MAX_OUTPUT);
    expect(r.stderr).toBe('done\n');
    expect(r.outputCut).toBe(true);
  });
});
