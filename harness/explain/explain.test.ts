import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { parsePing } from '../expect/ping.js';
import { parseEvidence } from './evidence.js';
import { explainFlow, parseRouteGet } from './explain.js';
import { flowOfCommand, type Flow } from './flow.js';

/** Explanation of a broken recipe from evidence captured before and after its failing step. */
function explainCaptured(name: string, flow: Flow): string[] {
  return explainFlow(flow, parseEvidence(captured(`explain-${name}-before`).stdout), parseEvidence(captured(`explain-${name}-after`).stdout));
}

describe('explainFlow on captured evidence', () => {
  it('names the FORWARD policy DROP whose counter grew in the host', () => {
    expect(explainCaptured('forward-drop', flowOfCommand('netns0', 'ping -c 2 -i 0.2 -W 1 203.0.113.10')!)).toEqual([
      'FORWARD policy DROP (+2 packets) in host (filter table)',
    ]);
  });

  it('names the reverse-path filter and the unanswered ARP of the route conflict', () => {
    const lines = explainCaptured('rp-filter', flowOfCommand('netns1', 'ping -c 2 -w 5 172.18.0.21')!);
    expect(lines[0]).toBe(
      'reverse-path filter in host: 172.18.0.20 comes in on veth1 but host routes it back via veth0, and rp_filter=1 (strict) on veth1 drops it (ARP included)',
    );
    expect(lines[1]).toMatch(/^ARP for 172\.18\.0\.21 on ceth1 went unanswered in netns1 \(neighbour (FAILED|INCOMPLETE)\)$/);
  });

  it('says the source left the uplink untranslated when the internet has no route back', () => {
    expect(explainCaptured('no-masquerade', flowOfCommand('netns0', 'ping -c 2 -i 0.2 -W 1 203.0.113.10')!)).toEqual([
      'no reply: world received 2 packets but has no route back to 172.18.0.10 (ip route get: Network is unreachable); 172.18.0.10 left host via eth0 untranslated (no SNAT or MASQUERADE rule counted a packet)',
    ]);
  });

  it('follows the DNAT rule that counted the packet to a port nobody listens on', () => {
    expect(explainCaptured('dnat-no-listener', flowOfCommand('client', 'curl -sS -i --max-time 3 http://10.0.2.15:5000/')!)).toEqual([
      'no socket listening on 5001 in netns0 (10.0.2.15:5000 is DNATed to 172.18.0.10:5001 in host)',
    ]);
  });

  it('with the same evidence before and after, no counter grew and no drop is named', () => {
    const after = parseEvidence(captured('explain-forward-drop-after').stdout);
    expect(explainFlow(flowOfCommand('netns0', 'ping 203.0.113.10')!, after, after)).toEqual([]);
  });

  it('stops at a missing route in the source namespace', () => {
    const after = parseEvidence('=== netns0\n--- route-dst\nRTNETLINK answers: Network is unreachable\n');
    expect(explainFlow({ from: 'netns0', dst: '203.0.113.10', proto: 'icmp' }, new Map(), after)).toEqual([
      'no route to 203.0.113.10 in netns0 (ip route get: Network is unreachable)',
    ]);
  });
});

describe('parseRouteGet', () => {
  it('reads the route from captured ip -j route get', () => {
    expect(parseRouteGet(captured('ip-route-get-json').stdout)).toHaveProperty('route.dev');
  });
  it("keeps iproute2's error", () => {
    expect(parseRouteGet('RTNETLINK answers: No route to host\n')).toEqual({ error: 'No route to host' });
  });
});

describe('explainFlow looks where the packet died', () => {
  /** Evidence around a replayed probe, and what the failed ping itself printed. */
  const withReply = (name: string, flow: Flow) => {
    const p = parsePing(captured(`ping-${name}-probe`));
    const reply = p.from ? { kind: p.kind, from: p.from, ...(p.mtu !== undefined ? { mtu: p.mtu } : {}) } : undefined;
    return explainFlow(flow, parseEvidence(captured(`explain-${name}-before`).stdout), parseEvidence(captured(`explain-${name}-after`).stdout), reply);
  };
  it('"Net Unreachable" from a router: the router\'s own missing route', () => {
    expect(withReply('router-net-unreachable', flowOfCommand('a', 'ping -c 1 -W 1 10.3.0.2')!)[0]).toBe(
      '10.1.0.1 (r) sent back network-unreachable: no route to 10.3.0.2 in r (ip route get: Network is unreachable)',
    );
  });
  it('"Frag needed" from a router: the link it routes out of and its MTU', () => {
    expect(withReply('router-frag-needed', flowOfCommand('a', 'ping -M do -s 1450 -c 1 -W 1 10.2.0.2')!)[0]).toBe(
      '10.1.0.1 (r) sent back frag-needed (mtu 1400): r routes 10.2.0.2 out of r1, whose MTU is 1400, and the packet may not be fragmented',
    );
  });
  it('IPv6: forwarding off on the router the source sends through', () => {
    expect(withReply('v6-forwarding-off', flowOfCommand('a', 'ping -6 -c 1 -W 1 fd00:2::2')!)).toContain(
      'forwarding is off in r (net.ipv6.conf.all.forwarding=0): it drops what a routes through fd00:1::1',
    );
  });
});
