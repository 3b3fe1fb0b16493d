import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { matchesPacket, parseTcpdump } from './capture.js';
import { checkCapture } from './capture.js';
import type { SandboxProcess } from '../exec/process.js';

const packets = parseTcpdump(captured('tcpdump-bridge').stdout);

describe('parseTcpdump', () => {
  it('reads ARP requests and replies, ICMP and other IP', () => {
    expect(packets.map((p) => p.proto)).toEqual(['ip', 'arp', 'arp', 'icmp', 'icmp']);
    expect(packets[1]).toMatchObject({ proto: 'arp', src: '172.18.0.10', dst: '172.18.0.20' });
    expect(packets[3]).toMatchObject({ proto: 'icmp', src: '172.18.0.10', dst: '172.18.0.20' });
  });
  it('splits ports from TCP endpoints and reads -i any prefixes', () => {
    const [p] = parseTcpdump('12:00:00.000001 eth0  Out IP 192.0.2.20.45678 > 10.0.2.15.5000: Flags [S], seq 1, length 0');
    expect(p).toMatchObject({ proto: 'tcp', src: '192.0.2.20', sport: '45678', dst: '10.0.2.15', dport: '5000' });
  });
});

describe('checkCapture', () => {
  const bg = { stdout: captured('tcpdump-bridge').stdout, stderr: 'listening on br0, link-type EN10MB' } as SandboxProcess;
  const ctx = { query: async () => captured('masq'), background: () => bg };
  it('checks order: ARP before ICMP', () => {
    const [v] = checkCapture({ from: 'x', order: [{ proto: 'arp' }, { proto: 'icmp', text: 'echo reply' }] }, ctx);
    expect(v!.ok).toBe(true);
    const [w] = checkCapture({ from: 'x', order: [{ proto: 'icmp' }, { proto: 'arp' }] }, ctx);
    expect(w!.ok).toBe(false);
  });
  it('checks has and lacks', () => {
    const vs = checkCapture({ from: 'x', has: [{ src: '172.18.0.20', proto: 'icmp' }], lacks: [{ src: '10.0.2.15' }] }, ctx);
    expect(vs.map((v) => v.ok)).toEqual([true, true]);
    expect(matchesPacket(packets[4]!, { dst: '172.18.0.20' })).toBe(false);
  });
});

describe('checkCapture in the failing direction', () => {
  const ctxOf = (bg: Partial<SandboxProcess>) => ({ query: async () => captured('masq'), background: () => bg as SandboxProcess });
  const ctx = ctxOf({ stdout: captured('tcpdump-bridge').stdout, stderr: 'listening on br0, link-type EN10MB' });
  it('lacks fails when such a packet was seen', () => {
    const [v] = checkCapture({ from: 'x', lacks: [{ src: '172.18.0.20', proto: 'icmp' }] }, ctx);
    expect(v!.ok).toBe(false);
  });
  it('lacks fails when tcpdump never captured (exited with an error) (bug 1 audit)', () => {
    const dead = ctxOf({ stdout: '', stderr: 'tcpdump: nosuch: No such device exists', result: { exitCode: 1 } as never, running: false });
    const [v] = checkCapture({ from: 'x', lacks: [{ proto: 'icmp' }] }, dead);
    expect(v!.ok).toBe(false);
    expect(v!.actual).toContain('No such device');
  });
});

describe('capture patterns (bug 2)', () => {
  const ctx = {
    query: async () => captured('masq'),
    background: () => ({ stdout: captured('tcpdump-bridge').stdout, stderr: 'listening on br0' }) as SandboxProcess,
  };
  it('reads text: "/re/" as a regular expression, as every other pattern does', () => {
    const [lacks] = checkCapture({ from: 'x', lacks: [{ text: '/echo request/' }] }, ctx);
    expect(lacks!.ok).toBe(false);
    const [has] = checkCapture({ from: 'x', has: [{ text: '/ICMP echo (request|reply)/', src: '/^172\\.18\\.0\\.1\\d$/' }] }, ctx);
    expect(has!.ok).toBe(true);
  });
  it('keeps plain text a substring', () => {
    expect(matchesPacket(packets[3]!, { text: 'echo request' })).toBe(true);
    expect(matchesPacket(packets[3]!, { text: 'echo nothing' })).toBe(false);
  });
});
