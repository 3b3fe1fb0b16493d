import { describe, expect, it } from 'vitest';
import { PatternError, globPattern, patternProblem, userPattern } from './user-pattern.js';

describe('userPattern', () => {
  it('reads the JavaScript syntax scenarios use: classes, groups, named groups, escaped slashes', () => {
    expect(userPattern('peer_ifindex: (\\d+)').exec('NIC statistics:\n     peer_ifindex: 12')?.[1]).toBe('12');
    expect(userPattern('^(?<n>[0-9a-f]{2}:){5}[0-9a-f]{2}$').test('22:7d:46:1f:65:d6')).toBe(true);
    expect(userPattern('a\\/b').test('a/b')).toBe(true);
    expect(userPattern('-j MASQUERADE$').test('-A POSTROUTING -j MASQUERADE\n-A X')).toBe(false);
    expect(userPattern('-j MASQUERADE$', { multiline: true }).test('-A POSTROUTING -j MASQUERADE\n-A X')).toBe(true);
  });
  it('matches in linear time: ^(a+)+$ against 10 000 characters', () => {
    const t0 = performance.now();
    expect(userPattern('^(a+)+$').test(`${'a'.repeat(10_000)}!`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
  it('refuses lookaround and backreferences in plain words, and says what else is wrong', () => {
    expect(() => userPattern('a(?=b)')).toThrow(PatternError);
    expect(patternProblem('a(?!b)')).toMatch(/has a lookahead.*linear-time engine \(RE2\)/);
    expect(patternProblem('(?<=a)b')).toMatch(/has a lookbehind/);
    expect(patternProblem('(a)\\1')).toMatch(/has a backreference/);
    expect(patternProblem('(?<n>a)\\k<n>')).toMatch(/has a backreference/);
    expect(patternProblem('[')).toBe('invalid regex /[/: missing closing ]: `[`');
    expect(patternProblem('ok')).toBeUndefined();
  });
});

describe('globPattern', () => {
  it('is a whole-line wildcard, with regex characters taken literally', () => {
    expect(globPattern('veth* (x?)').test('veth0@if2 (x1)')).toBe(true);
    expect(globPattern('a.b').test('axb')).toBe(false);
  });
});
