import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { checkPing, parsePing, pingExitHolds, pingRuns } from './ping.js';

describe('parsePing', () => {
  it('reads a successful ping', () => {
    expect(parsePing(captured('ping-ok'))).toEqual({ kind: 'ok', transmitted: 2, received: 2, loss: 0, errors: 0 });
  });
  it('reads "connect: Network is unreachable" (no route)', () => {
    expect(parsePing(captured('ping-network-unreachable')).kind).toBe('network-unreachable');
  });
  it('reads silence as timeout', () => {
    expect(parsePing(captured('ping-timeout'))).toMatchObject({ kind: 'timeout', transmitted: 2, received: 0, loss: 100 });
  });
  it('reads ICMP host unreachable with its sender and error count', () => {
    const text = `PING 172.18.0.21 (172.18.0.21) 56(84) bytes of data.
From 172.18.0.20 icmp_seq=1 Destination Host Unreachable
From 172.18.0.20 icmp_seq=2 Destination Host Unreachable

--- 172.18.0.21 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2027ms
pipe 3
`;
    expect(parsePing({ stdout: text, stderr: '' })).toEqual({ kind: 'host-unreachable', transmitted: 3, received: 0, loss: 100, errors: 3, from: '172.18.0.20' });
  });
  it('reads ICMP net unreachable from a gateway as network-unreachable', () => {
    const text = 'From 10.0.2.2 icmp_seq=1 Destination Net Unreachable\n\n--- x ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 3ms\n';
    expect(parsePing({ stdout: text, stderr: '' })).toMatchObject({ kind: 'network-unreachable', from: '10.0.2.2' });
  });
  it('reads busybox ping', () => {
    const text = '3 packets transmitted, 3 packets received, 0% packet loss\nround-trip min/avg/max = 0.121/0.149/0.164 ms\n';
    expect(parsePing({ stdout: text, stderr: '' })).toMatchObject({ kind: 'ok', received: 3 });
  });
});

describe('checkPing', () => {
  it('fails with expected and actual when the kind differs', () => {
    const [v] = checkPing('ok', captured('ping-timeout'));
    expect(v).toMatchObject({ ok: false, expected: 'ping ok' });
    expect(v!.actual).toContain('timeout: 2 transmitted, 0 received');
  });
  it('compares counts with operators', () => {
    expect(checkPing({ received: '>=2', loss: 0 }, captured('ping-ok')).every((v) => v.ok)).toBe(true);
    expect(checkPing({ received: '>2' }, captured('ping-ok'))[0]!.ok).toBe(false);
  });
});

describe('one ping per step, and the exit status it implies', () => {
  it('fails a step whose output holds the statistics of two pings', () => {
    const two = captured('ping-ok').stdout + captured('ping-ok').stdout;
    const vs = checkPing('ok', { ...captured('ping-ok'), stdout: two });
    expect(pingRuns({ stdout: two, stderr: '' })).toBe(2);
    expect(vs.some((v) => !v.ok && /one ping per step/.test(v.expected))).toBe(true);
  });
  it('needs exit 0 for all replies, non-zero for none, and allows 1 for some under -w', () => {
    const p = parsePing(captured('ping-ok'));
    expect(pingExitHolds(p, 0).ok).toBe(true);
    expect(pingExitHolds(p, 1).ok).toBe(false);
    const none = parsePing(captured('ping-timeout'));
    expect(pingExitHolds(none, 0).ok).toBe(false);
    expect(pingExitHolds(none, 1).ok).toBe(true);
    expect(pingExitHolds({ ...p, received: 1, transmitted: 2 }, 1).ok).toBe(true);
  });
});
