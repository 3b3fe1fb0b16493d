import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { checkConntrack, parseConntrack } from './conntrack.js';

describe('parseConntrack', () => {
  it('splits the original and reply tuples of an ICMP entry', () => {
    const [e] = parseConntrack(captured('masq').stdout);
    expect(e).toMatchObject({
      proto: 'icmp',
      orig: { src: '172.18.0.10', dst: '203.0.113.10', type: '8' },
      reply: { src: '203.0.113.10', dst: '10.0.2.15', type: '0' },
      flags: [],
    });
    expect(e!.state).toBeUndefined();
  });
  it('reads TCP state, ports and [ASSURED]', () => {
    const entries = parseConntrack(captured('curl-ok').stdout);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      proto: 'tcp',
      state: 'TIME_WAIT',
      orig: { src: '192.0.2.20', dst: '10.0.2.15', dport: '5000' },
      reply: { src: '172.18.0.10', dst: '192.0.2.20', sport: '5000' },
      flags: ['ASSURED'],
    });
  });
  it('reads [UNREPLIED]', () => {
    const line =
      'icmp     1 29 src=172.18.0.10 dst=203.0.113.10 type=8 code=0 id=7 [UNREPLIED] src=203.0.113.10 dst=172.18.0.10 type=0 code=0 id=7 mark=0 use=1';
    expect(parseConntrack(line)[0]).toMatchObject({ flags: ['UNREPLIED'], reply: { dst: '172.18.0.10' } });
  });
});

describe('checkConntrack', () => {
  const ctx = (stdout: string) => ({ query: async () => ({ ...captured('masq'), stdout }), background: () => undefined });
  it('finds an entry by partial tuples', async () => {
    const [v] = await checkConntrack([{ proto: 'icmp', reply: { dst: '10.0.2.15' } }], ctx(captured('masq').stdout));
    expect(v!.ok).toBe(true);
  });
  it('fails, listing the entries, when none matches', async () => {
    const [v] = await checkConntrack([{ reply: { dst: '192.0.2.99' } }], ctx(captured('masq').stdout));
    expect(v!.ok).toBe(false);
    expect(v!.actual).toContain('src=172.18.0.10');
  });
  it('supports absent', async () => {
    const [v] = await checkConntrack([{ proto: 'tcp', absent: true }], ctx(captured('masq').stdout));
    expect(v!.ok).toBe(true);
  });
});

describe('checkConntrack in the failing direction', () => {
  const ctx = (stdout: string, exitCode = 0, stderr = '') => ({
    query: async () => ({ ...captured('masq'), stdout, exitCode, stderr }),
    background: () => undefined,
  });
  it('absent fails when a matching entry exists', async () => {
    const [v] = await checkConntrack([{ proto: 'icmp', reply: { dst: '10.0.2.15' }, absent: true }], ctx(captured('masq').stdout));
    expect(v!.ok).toBe(false);
    expect(v!.actual).toContain('dst=10.0.2.15');
  });
  it('absent fails, saying why, when conntrack -L itself failed (bug 1 audit)', async () => {
    const [v] = await checkConntrack([{ proto: 'tcp', absent: true }], ctx('', 1, 'conntrack v1.4.7 (conntrack-tools): Operation failed: invalid parameters'));
    expect(v!.ok).toBe(false);
    expect(v!.actual).toContain('Operation failed');
  });
});
