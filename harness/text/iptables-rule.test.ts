import { describe, expect, it } from 'vitest';
import { normalizeRule } from './iptables-rule.js';

describe('normalizeRule', () => {
  it('adds /32 to bare addresses and drops the implied -m tcp', () => {
    expect(normalizeRule('-d 10.0.2.15 -p tcp -m tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5000')).toBe(
      '-d 10.0.2.15/32 -p tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5000',
    );
    expect(normalizeRule('-A FORWARD   -j   DOCKER-USER')).toBe('-j DOCKER-USER');
  });
});
