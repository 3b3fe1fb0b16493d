import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { checkIptables, parseIptablesSave } from './iptables.js';

const text = captured('iptables-save').stdout;

describe('parseIptablesSave', () => {
  it('reads policies, rules and counters per table', () => {
    const s = parseIptablesSave(text);
    expect(s.policies.get('filter/FORWARD')).toBe('DROP');
    expect(s.policies.get('filter/DOCKER-USER')).toBe('-');
    expect(s.rules.find((r) => r.chain === 'POSTROUTING')).toMatchObject({
      table: 'nat',
      packets: 1,
      bytes: 84,
      spec: '-s 172.18.0.0/16 ! -o br0 -j MASQUERADE',
    });
  });
});

describe('checkIptables', () => {
  const ctx = { query: async () => captured('iptables-save'), background: () => undefined };
  it('checks policy, presence, absence and counters', async () => {
    const vs = await checkIptables(
      [
        { table: 'filter', chain: 'FORWARD', policy: 'DROP' },
        { table: 'nat', chain: 'PREROUTING', rule: '-d 10.0.2.15 -p tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5000' },
        { table: 'nat', chain: 'POSTROUTING', rule: '-s 172.18.0.0/16 ! -o br0 -j MASQUERADE', packets: '>0' },
        { table: 'filter', chain: 'FORWARD', rule: '-j ACCEPT', absent: true },
      ],
      ctx,
    );
    expect(vs).toHaveLength(5); // the counter check is a verdict of its own
    expect(vs.every((v) => v.ok)).toBe(true);
  });
  it('shows the chain listing when a rule is missing', async () => {
    const [v] = await checkIptables([{ table: 'nat', chain: 'POSTROUTING', rule: '-j SNAT --to-source 10.0.2.15' }], ctx);
    expect(v!.ok).toBe(false);
    expect(v!.actual).toContain('[1:84] -A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE');
  });
});

describe('checkIptables in the failing direction', () => {
  const ctx = { query: async () => captured('iptables-save'), background: () => undefined };
  it('absent fails when the rule is there, and when the chain is there', async () => {
    const [v] = await checkIptables([{ table: 'nat', chain: 'POSTROUTING', rule: '-s 172.18.0.0/16 ! -o br0 -j MASQUERADE', absent: true }], ctx);
    expect(v!.ok).toBe(false);
    const [w] = await checkIptables([{ table: 'filter', chain: 'FORWARD', absent: true }], ctx);
    expect(w!.ok).toBe(false);
  });
  it('absent fails when iptables-save itself failed (bug 1 audit)', async () => {
    const broken = {
      query: async () => ({ ...captured('iptables-save'), stdout: '', exitCode: 1, stderr: 'iptables-save: unable to initialize table' }),
      background: () => undefined,
    };
    const [v] = await checkIptables([{ table: 'nat', chain: 'NOSUCH', absent: true }], broken);
    expect(v!.ok).toBe(false);
    expect(v!.actual).toContain('unable to initialize');
  });
});

describe('a missing rule shows the closest rule of the chain first (bug 7)', () => {
  const ctx = { query: async () => captured('iptables-save'), background: () => undefined };
  it('leads with the most similar rule, not the policy', async () => {
    const [v] = await checkIptables([{ table: 'nat', chain: 'POSTROUTING', rule: '-s 172.18.0.0/16 -o eth0 -j MASQUERADE' }], ctx);
    expect(v!.ok).toBe(false);
    expect(v!.actual.split('\n')[0]).toBe('closest: [1:84] -A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE');
  });
  it('a wrong policy says the policy first', async () => {
    const [v] = await checkIptables([{ table: 'filter', chain: 'FORWARD', policy: 'ACCEPT' }], ctx);
    expect(v!.actual.split('\n')[0]).toBe('policy DROP');
  });
});

describe('rule position', () => {
  const ctx = { query: async () => captured('iptables-save'), background: () => undefined };
  it('checks where in the chain a rule sits (1 = first)', async () => {
    const [, first] = await checkIptables([{ table: 'filter', chain: 'FORWARD', rule: '-j DOCKER-USER', position: 1 }], ctx);
    expect(first).toMatchObject({ ok: true, expected: 'filter/FORWARD "-j DOCKER-USER" at position 1' });
    const [, second] = await checkIptables([{ table: 'filter', chain: 'FORWARD', rule: '-j DOCKER-USER', position: 2 }], ctx);
    expect(second!.ok).toBe(false);
    expect(second!.actual.split('\n')[0]).toBe('at position 1: [0:0] -A FORWARD -j DOCKER-USER');
  });
});
