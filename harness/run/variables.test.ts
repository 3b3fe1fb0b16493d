import { describe, expect, it } from 'vitest';
import { saveVars } from './variables.js';

describe('saveVars', () => {
  it('saves the first group of a multi-line regex', () => {
    const vars = new Map<string, string>();
    expect(saveVars({ PEER: 'peer_ifindex: (\\d+)' }, 'NIC statistics:\n     peer_ifindex: 12\n', vars).map((v) => v.ok)).toEqual([true]);
    expect(vars.get('PEER')).toBe('12');
  });
  it('answers at once for a catastrophic pattern (issue 23)', () => {
    const t0 = performance.now();
    expect(saveVars({ X: '^(a+)+(b)$' }, `${'a'.repeat(27)}!`, new Map()).map((v) => v.ok)).toEqual([false]);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
