import { describe, expect, it } from 'vitest';
import { flowOfCommand } from './flow.js';

describe('flowOfCommand', () => {
  it('reads ping, curl and nc destinations', () => {
    expect(flowOfCommand('netns0', 'ping -c 1 -W 1 203.0.113.10')).toEqual({ from: 'netns0', dst: '203.0.113.10', proto: 'icmp' });
    expect(flowOfCommand('client', 'curl -sS -i --max-time 3 http://10.0.2.15:5005/')).toEqual({ from: 'client', dst: '10.0.2.15', proto: 'tcp', dport: 5005 });
    expect(flowOfCommand('host', 'curl -s http://172.18.0.10/')).toMatchObject({ dport: 80 });
    expect(flowOfCommand('host', 'echo hi | nc -u -w1 172.18.0.10 9000')).toEqual({ from: 'host', dst: '172.18.0.10', proto: 'udp', dport: 9000 });
  });
  it('finds the ping after other commands on the line', () => {
    expect(flowOfCommand('netns1', 'ip neigh flush all && ping -c 2 -i 0.2 -W 1 172.18.0.21')?.dst).toBe('172.18.0.21');
  });
  it('reads IPv6 destinations of ping, ping6, curl and nc, and a sudo in front', () => {
    expect(flowOfCommand('a', 'ping -6 -c 1 -W 1 fd00:2::2')).toEqual({ from: 'a', dst: 'fd00:2::2', proto: 'icmp', family: 6 });
    expect(flowOfCommand('a', 'sudo ping6 -c 1 fe80::1%eth0')).toMatchObject({ dst: 'fe80::1', family: 6 });
    expect(flowOfCommand('a', 'curl -s http://[fd00::10]:8080/')).toMatchObject({ dst: 'fd00::10', dport: 8080, family: 6 });
    expect(flowOfCommand('a', 'nc -6 -z fd00::10 22')).toMatchObject({ dst: 'fd00::10', dport: 22, proto: 'tcp', family: 6 });
  });
  it('gives nothing for a name or a command that sends nothing', () => {
    expect(flowOfCommand('host', 'ping -c 1 example.invalid')).toBeUndefined();
    expect(flowOfCommand('host', 'ip route show')).toBeUndefined();
  });
});
