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
    expect(parsePing({ stdout: text, stderr: '' })).toEqual({
      kind: 'host-unreachable',
      transmitted: 3,
      received: 0,
      loss: 100,
      errors: 3,
      from: '172.18.0.20',
    });
  });
  it('reads ICMP net unreachable from a gateway as network-unreachable', () => {
    const text =
      'From 10.0.2.2 icmp_seq=1 Destination Net Unreachable\n\n--- x ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 3ms\n';
    expect(parsePing({ stdout: text, stderr: '' })).toMatchObject({ kind: 'network-unreachable', from: '10.0.2.2' });
  });
  it('reads busybox ping', () => {
    const text = '3 packets transmitted, 3 packets received, 0% packet loss\nround-trip min/avg/max = 0.121/0.149/0.164 ms\n';
    expect(parsePing({ stdout: text, stderr: '' })).toMatchObject({ kind: 'ok', received: 3 });
  });
});

describe('every ICMP error and local error ping prints has its kind; timeout is none of them', () => {
  it('reads "Frag needed and DF set" and "local error: message too long" as frag-needed with the MTU, not timeout', () => {
    expect(parsePing(captured('ping-frag-needed'))).toEqual({
      kind: 'frag-needed',
      transmitted: 3,
      received: 0,
      loss: 100,
      errors: 3,
      from: '10.1.0.1',
      mtu: 1400,
    });
    expect(parsePing(captured('ping6-packet-too-big'))).toMatchObject({ kind: 'frag-needed', mtu: 1280, from: 'fd00:1::1' });
    // only the local errors (the route cache already holds the smaller MTU)
    expect(
      parsePing({
        stdout: '--- x ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1ms\n',
        stderr: 'ping: local error: message too long, mtu=1500\n',
      }),
    ).toMatchObject({ kind: 'frag-needed', mtu: 1500 });
  });
  it.each([
    ['ping-net-unreachable-from-router', 'network-unreachable', '10.1.0.1'],
    ['ping6-no-route-from-router', 'network-unreachable', 'fd00:1::1'],
    ['ping-host-unreachable-from-router', 'host-unreachable', '10.1.0.1'],
    ['ping6-address-unreachable', 'host-unreachable', 'fd00:1::1'],
    ['ping-port-unreachable', 'port-unreachable', '10.1.0.1'],
    ['ping6-port-unreachable', 'port-unreachable', 'fd00:1::1'],
    ['ping-protocol-unreachable', 'protocol-unreachable', '10.1.0.1'],
    ['ping-admin-prohibited', 'prohibited', '10.1.0.1'],
    ['ping-host-prohibited', 'prohibited', '10.1.0.1'],
    ['ping6-admin-prohibited', 'prohibited', 'fd00:1::1'],
    ['ping-ttl-exceeded', 'ttl-exceeded', '10.1.0.1'],
    ['ping6-hop-limit', 'ttl-exceeded', 'fd00:1::1'],
    ['ping-redirect', 'redirect', '10.1.0.1'],
  ])('reads %s as %s from %s', (fixture, kind, from) => {
    expect(parsePing(captured(fixture))).toMatchObject({ kind, from, received: 0 });
  });
  it('reads IPv6 replies and "connect: Network is unreachable"', () => {
    expect(parsePing(captured('ping6-ok'))).toMatchObject({ kind: 'ok', received: 1 });
    expect(parsePing(captured('ping6-network-unreachable')).kind).toBe('network-unreachable');
  });
  it('fails ping: timeout on a ping answered only by errors, and judges the MTU', () => {
    expect(checkPing('timeout', captured('ping-frag-needed'))[0]).toMatchObject({ ok: false, expected: 'ping timeout' });
    expect(checkPing('timeout', captured('ping-frag-needed'))[0]!.actual).toMatch(/^frag-needed \(mtu 1400\): 3 transmitted, 0 received/);
    expect(checkPing({ kind: 'frag-needed', mtu: 1400 }, captured('ping-frag-needed')).every((v) => v.ok)).toBe(true);
    expect(checkPing({ kind: 'frag-needed', mtu: '<1400' }, captured('ping-frag-needed')).some((v) => !v.ok)).toBe(true);
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
