import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { dnatTarget, grownCounters, parseCounters } from './netfilter-counters.js';

const SAVE = (policy: number, rule: number) => `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [${policy}:${policy * 84}]
[${rule}:0] -A FORWARD -o br0 -j DROP
[${rule}:0] -A FORWARD -o br0 -j DROP
[5:0] -A FORWARD -i br0 -j ACCEPT
COMMIT
`;

describe('netfilter counters', () => {
  it('reads policies and rules with counters from captured iptables-save -c', () => {
    const c = parseCounters(captured('iptables-save').stdout);
    expect(c.length).toBeGreaterThan(0);
    expect(c.every((x) => x.table && x.chain && Number.isInteger(x.packets))).toBe(true);
  });
  it('names dropping policies and rules that grew, a repeated rule once per copy', () => {
    const grownDrops = (before: string, after: string) => grownCounters(before, after).filter((g) => g.drops);
    expect(grownDrops(SAVE(1, 0), SAVE(3, 1)).map((g) => [g.chain, g.what, g.grew])).toEqual([
      ['FORWARD', 'policy DROP', 2],
      ['FORWARD', '-o br0 -j DROP', 1],
      ['FORWARD', '-o br0 -j DROP', 1],
    ]);
    expect(grownDrops(SAVE(3, 1), SAVE(3, 1))).toEqual([]);
  });
  it('reads where a DNAT rule sends packets', () => {
    const [g] = grownCounters('', '*nat\n[1:60] -A PREROUTING -d 10.0.2.15/32 -p tcp -m tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5001\n');
    expect(dnatTarget(g!)).toEqual({ ip: '172.18.0.10', port: 5001 });
  });
});
