import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { matchList, matchesPattern } from './pattern.js';

const routes = JSON.parse(captured('ip-route-json').stdout) as unknown[];
const neigh = JSON.parse(captured('ip-neigh-json').stdout) as unknown[];

describe('matchesPattern', () => {
  it('tells "" from a missing key or null, and an object from another (scalars compare as text)', () => {
    expect(matchesPattern({ ifname: 'a' }, { ifname: 'a', master: '' })).toBe(false);
    expect(matchesPattern({ kind: null }, { kind: '' })).toBe(false);
    expect(matchesPattern({ kind: null }, { kind: 'null' })).toBe(true);
    expect(matchesPattern({ state: '' }, { state: '' })).toBe(true);
    expect(matchesPattern({ info: { kind: 'veth' } }, { info: { kind: 'veth' } })).toBe(true);
    expect(matchesPattern({ n: 16 }, { n: '16' })).toBe(true);
  });

  it('matches partial objects, numbers as text, scalars inside arrays, /regex/', () => {
    expect(matchesPattern({ dst: '10.0.2.0/24', dev: 'eth0', prefixlen: 24 }, { dev: 'eth0', prefixlen: '24' })).toBe(true);
    expect(matchesPattern({ state: ['STALE'] }, { state: 'STALE' })).toBe(true);
    expect(matchesPattern({ lladdr: '22:7d:46:1f:65:d6' }, { lladdr: '/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/' })).toBe(true);
    expect(matchesPattern({ flags: ['UP', 'LOWER_UP'] }, { flags: ['UP'] })).toBe(true);
    expect(matchesPattern({ flags: ['LOWER_UP'] }, { flags: ['UP'] })).toBe(false);
  });
});

describe('matchList', () => {
  it('has / lacks / count with where, on real ip -j route output', () => {
    const vs = matchList('routes', routes, {
      has: [{ dst: '172.18.0.0/16', dev: 'veth1' }],
      lacks: [{ dst: '172.18.0.0/16', dev: 'br0' }],
      count: 2,
      where: { dst: '172.18.0.0/16' },
    });
    expect(vs.map((v) => v.ok)).toEqual([true, true, true]);
  });
  it('only fails when an extra item exists', () => {
    const [v] = matchList('neighbours', neigh, { only: [{ dst: '172.18.0.20' }] });
    expect(v!.ok).toBe(false);
    expect(v!.actual).toContain('172.18.0.10');
  });
});

describe('matchList in the failing direction (bug 8)', () => {
  it('lacks fails when an item matches', () => {
    const [v] = matchList('routes', routes, { lacks: [{ dst: '172.18.0.0/16', dev: 'veth1' }] });
    expect(v!.ok).toBe(false);
  });
  it('count fails on a wrong number, and where narrows what is counted', () => {
    expect(matchList('routes', routes, { count: 3 })[0]!.ok).toBe(false);
    expect(matchList('routes', routes, { count: 4 })[0]!.ok).toBe(true);
    expect(matchList('routes', routes, { count: 4, where: { dst: '172.18.0.0/16' } })[0]!.ok).toBe(false);
  });
  it('where keeps has from looking at items it excludes', () => {
    const [v] = matchList('routes', routes, { where: { dev: 'eth0' }, has: [{ dst: '172.18.0.0/16' }] });
    expect(v!.ok).toBe(false);
  });
});

describe('a failed list match shows the closest items first (bug 7)', () => {
  it('has: the item that matches most of the pattern leads the actual text', () => {
    const [v] = matchList('routes', routes, { has: [{ dst: '172.18.0.0/16', dev: 'br0', scope: 'link' }] });
    expect(v!.ok).toBe(false);
    expect(v!.actual.split('\n')[0]).toMatch(/^closest: \{"dst":"172\.18\.0\.0\/16","dev":"veth0","scope":"link"\}/);
  });
  it('lacks: the offending item leads the actual text', () => {
    const [v] = matchList('routes', routes, { lacks: [{ dev: 'veth1' }] });
    expect(v!.actual.split('\n')[0]).toBe('found: {"dev":"veth1"}');
  });
});
