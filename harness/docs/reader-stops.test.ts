import { describe, expect, it } from 'vitest';
import { readerStop, runsUntilStopped } from './reader-stops.js';

describe('when a reader stops a command', () => {
  it('knows the commands that run until stopped, through sudo and ip netns exec', () => {
    for (const c of [
      'ping 10.0.0.1',
      'sudo ip netns exec lan ping 203.0.113.1',
      'ping -W 1 10.0.0.1',
      'sudo ip netns exec ns-2 tcpdump -i veth-2 icmp',
      'ip monitor link',
      'tail -f /var/log/syslog',
    ])
      expect(runsUntilStopped(c), c).toBe(true);
    for (const c of ['ping -c 3 10.0.0.1', 'ping -c3 -i 0.2 10.0.0.1', 'ping -w 5 10.0.0.1', 'tcpdump -c 4 -ni any', 'ip link', 'timeout 3 ping 10.0.0.1'])
      expect(runsUntilStopped(c), c).toBe(false);
  });

  it('stops after the replies shown, after a key the document shows, and says when the replay chose the moment', () => {
    const replies = ['PING x', '64 bytes from x: icmp_seq=1 ttl=64 time=1 ms', '64 bytes from x: icmp_seq=2 ttl=64 time=1 ms'];
    expect(readerStop({ text: 'ping x', output: replies })).toEqual({ after: '1500ms', byReplay: true });
    expect(readerStop({ text: 'ping x', output: [...replies, '^C'] })).toEqual({ after: '1500ms', byReplay: false });
    expect(readerStop({ text: 'cat', output: [], keystroke: 'end-of-input' })).toEqual({ after: '2s', byReplay: false });
    expect(readerStop({ text: 'ip link', output: [] })).toBeUndefined();
    // a capture of a ping: a request and a reply a second, one second more to be sure
    const capture = [
      'listening on lan-veth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
      ...[9, 10, 11].flatMap((n) => [
        `IP 192.0.2.1 > 203.0.113.1: ICMP echo request, id 1, seq ${n}, length 64`,
        `IP 203.0.113.1 > 192.0.2.1: ICMP echo reply, id 1, seq ${n}, length 64`,
      ]),
      '...',
    ];
    expect(readerStop({ text: 'tcpdump -tnl -i lan-veth0 icmp', output: capture })).toEqual({ after: '4s', byReplay: true });
  });
});
