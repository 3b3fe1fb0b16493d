import { describe, expect, it } from 'vitest';
import { flowOfCommand } from './flow.js';

describe('flowOfCommand', () => {
  it('reads ping, curl and nc destinations', () => {
    expect(flowOfCommand('netns0', 'ping -c 1 -W 1 203.0.113.10')).toEqual({ from: 'netns0', dst: '203.0.113.10', proto: 'icmp', tool: 'ping' });
    expect(flowOfCommand('client', 'curl -sS -i --max-time 3 http://10.0.2.15:5005/')).toEqual({ from: 'client', dst: '10.0.2.15', proto: 'tcp', dport: 5005, tool: 'curl' });
    expect(flowOfCommand('host', 'curl -s http://172.18.0.10/')).toMatchObject({ dport: 80 });
    expect(flowOfCommand('host', 'echo hi | nc -u -w1 172.18.0.10 9000')).toEqual({ from: 'host', dst: '172.18.0.10', proto: 'udp', dport: 9000, tool: 'nc' });
  });
  it('finds the ping after other commands on the line', () => {
    expect(flowOfCommand('netns1', 'ip neigh flush all && ping -c 2 -i 0.2 -W 1 172.18.0.21')?.dst).toBe('172.18.0.21');
  });
  it('gives nothing for a name or a command that sends nothing', () => {
    expect(flowOfCommand('host', 'ping -c 1 example.invalid')).toBeUndefined();
    expect(flowOfCommand('host', 'ip route show')).toBeUndefined();
  });
});
