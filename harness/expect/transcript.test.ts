import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { checkTranscript, matchLines, normaliseLine } from './transcript.js';

describe('normaliseLine', () => {
  it('hides what varies between runs', () => {
    expect(normaliseLine('64 bytes from 172.18.0.11: icmp_seq=1 ttl=64 time=0.038 ms')).toBe('64 bytes from 172.18.0.11: icmp_seq=1 ttl=64 time=<t> ms');
    expect(normaliseLine('5: ceth0@if6: <BROADCAST> mtu 1500 link/ether 66:2d:24:e3:49:3f brd ff:ff:ff:ff:ff:ff link-netnsid 0')).toBe(
      '<n>: ceth0@if<n>: <BROADCAST> mtu 1500 link/ether <mac> brd <mac> link-netnsid <n>',
    );
    expect(normaliseLine('tcp      6 119 TIME_WAIT src=192.0.2.20 dst=10.0.2.15 sport=35524 dport=5000')).toBe('tcp 6 <timer> TIME_WAIT src=192.0.2.20 dst=10.0.2.15 sport=<port> dport=5000');
  });
});

describe('matchLines', () => {
  it('matches a real ping against the article-style transcript with ... and (re)', () => {
    const expected = [
      'PING 172.18.0.11 (172.18.0.11) 56(84) bytes of data.',
      '64 bytes from 172.18.0.11: icmp_seq=1 ttl=64 time=0.038 ms',
      '...',
      '2 packets transmitted, 2 received, 0% packet loss, time 58ms',
      'rtt min/avg/max/mdev = [0-9./]+ ms (re)',
    ];
    expect(checkTranscript(expected, captured('ping-ok').stdout).ok).toBe(true);
  });
  it('fails on a wrong line and shows both sides', () => {
    const v = checkTranscript(['2 packets transmitted, 1 received, 50% packet loss'], captured('ping-ok').stdout);
    expect(v.ok).toBe(false);
    expect(v.actual).toContain('- 2 packets transmitted, 1 received, 50% packet loss');
    expect(v.actual).toContain('+ 2 packets transmitted, 2 received, 0% packet loss, time 201ms');
  });
  it('supports globs and needs every actual line accounted for', () => {
    expect(matchLines(['veth* (glob)'], ['veth0@veth1'])).toBe(true);
    expect(matchLines(['a'], ['a', 'b'])).toBe(false);
    expect(matchLines(['a', '...'], ['a', 'b', 'c'])).toBe(true);
  });
});
