import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { diffStates, parseSnapshot } from './state-diff.js';

const before = parseSnapshot(captured('state-before').stdout);
const after = parseSnapshot(captured('state-after').stdout);

describe('per-step state diff on captured snapshots', () => {
  it('reads links, addresses, routes, rules, iptables, sysctls per namespace', () => {
    const host = after.get('host')!;
    expect(host.get('link br0')).toMatch(/^bridge /);
    expect(host.get('sysctl net.ipv4.ip_forward')).toBe('1');
    expect([...host.keys()]).toContainEqual(expect.stringMatching(/^rule 32766 from all lookup main$/));
  });
  it('shows what the step added, removed and changed, grouped by namespace', () => {
    const d = diffStates(before, after);
    expect(d).toContain('netns0: + route default via 172.18.0.1 dev ceth0');
    expect(d).toContain('host: ~ sysctl net.ipv4.ip_forward 0 -> 1');
    expect(d).toContain('host: + iptables nat -A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE');
    expect(d).toContain('host: + iptables filter FORWARD policy DROP');
    expect(d.filter((l) => l.endsWith('policy ACCEPT'))).toEqual([]);
  });
  it('nothing changed: no lines', () => {
    expect(diffStates(after, after)).toEqual([]);
  });
});
