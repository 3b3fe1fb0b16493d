import { describe, expect, it } from 'vitest';
import { diffStates, hostState, probe } from './host-state.js';

describe('host fingerprint', () => {
  it('covers links, routes, iptables, /run/netns and net sysctls, and reads them', () => {
    const s = hostState();
    expect(Object.keys(s)).toEqual(['links', 'addresses', 'routes', 'rules', 'iptables', 'netns', 'sysctls']);
    expect(s.links).toMatch(/^1: lo: /);
    expect(s.sysctls).toMatch(/^net\.ipv4\.ip_forward = [01]$/m);
  });
  it('names what changed', () => {
    const before = { links: 'lo', netns: '' };
    expect(diffStates(before, { links: 'lo', netns: '' })).toEqual([]);
    expect(diffStates(before, { links: 'lo', netns: 'leaked' })[0]).toMatch(/^netns changed:/);
  });
});

describe('a host probe that fails (bug 8)', () => {
  it('throws, naming the command, instead of yielding the same "(failed...)" text before and after', () => {
    expect(() => probe('ip -o link show dev no-such-link-here')).toThrow(/host fingerprint probe failed: ip -o link show dev no-such-link-here/);
    expect(() => probe('false | cat')).toThrow(/probe failed/);
    expect(probe('echo fine')).toBe('fine\n');
  });
});
