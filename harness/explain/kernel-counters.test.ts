import { expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { parseEvidence } from './evidence.js';
import { counterGrowth, parseNetstat } from './kernel-counters.js';

it('reads /proc/net/netstat and /proc/net/snmp counters by group and name', () => {
  const netstat = parseEvidence(captured('explain-rp-filter-after').stdout).get('host')!.get('netstat')!;
  const c = parseNetstat(netstat);
  expect(c.has('TcpExt.IPReversePathFilter')).toBe(true);
  expect(c.has('Ip.InAddrErrors')).toBe(true);
  expect(counterGrowth('TcpExt: IPReversePathFilter\nTcpExt: 1\n', 'TcpExt: IPReversePathFilter\nTcpExt: 4\n', 'TcpExt.IPReversePathFilter')).toBe(3);
});
