import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { checkEbtables, normalizeEbRule, parseEbtablesList } from './ebtables.js';

const ctx = { query: async () => captured('ebtables-filter'), background: () => undefined };

describe('parseEbtablesList', () => {
  it('reads chains, policies and rules with packet and byte counters', () => {
    const s = parseEbtablesList(captured('ebtables-filter').stdout);
    expect(s.policies.get('filter/FORWARD')).toBe('DROP');
    expect(s.policies.get('filter/custom')).toBe('RETURN');
    expect(s.rules.find((r) => r.chain === 'FORWARD')).toEqual({
      table: 'filter',
      chain: 'FORWARD',
      spec: '-p IPv4 --ip-src 10.0.0.1 -j ACCEPT',
      packets: 0,
      bytes: 0,
    });
  });
  it('writes MACs with two digits per byte, as ebtables prints them', () => {
    expect(normalizeEbRule('-s 0:1:2:3:4:A  -j snat --to-src 0:1:2:3:4:6')).toBe('-s 00:01:02:03:04:0a -j snat --to-src 00:01:02:03:04:06');
  });
});

describe('checkEbtables', () => {
  it('checks policy, presence, absence, place and counters', async () => {
    const vs = await checkEbtables(
      [
        { table: 'filter', chain: 'FORWARD', policy: 'DROP' },
        { table: 'filter', chain: 'FORWARD', rule: '-p IPv4 --ip-src 10.0.0.1 -j ACCEPT', position: 1, packets: 0, bytes: '<1' },
        { table: 'filter', chain: 'INPUT', rule: '/-j DROP/', absent: true },
      ],
      ctx,
    );
    expect(vs.filter((v) => !v.ok)).toEqual([]);
    expect(vs).toHaveLength(6);
  });
  it('fails a counter that did not move, a wrong policy and absent on a present rule', async () => {
    const vs = await checkEbtables(
      [
        { table: 'filter', chain: 'FORWARD', policy: 'ACCEPT' },
        { table: 'filter', chain: 'FORWARD', rule: '-p IPv4 --ip-src 10.0.0.1 -j ACCEPT', packets: '>0' },
        { table: 'filter', chain: 'INPUT', rule: '-p ARP -j ACCEPT', absent: true },
      ],
      ctx,
    );
    expect(vs.map((v) => v.ok)).toEqual([false, true, false, false]);
    expect(vs[2]!.actual.split('\n')[0]).toBe('rule: FORWARD: -p IPv4 --ip-src 10.0.0.1 -j ACCEPT , pcnt = 0 -- bcnt = 0');
  });
  it('fails, absent included, when the table cannot be listed, with the reason', async () => {
    const broken = { query: async () => captured('ebtables-broute'), background: () => undefined };
    const [v] = await checkEbtables([{ table: 'broute', chain: 'BROUTING', absent: true }], broken);
    expect(v!.ok).toBe(false);
    expect(v!.actual).toMatch(/^ebtables -t broute -L --Lc: exit 3: .*table 'broute' does not exist/);
  });
});
