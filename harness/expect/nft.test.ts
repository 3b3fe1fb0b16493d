import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { checkNft } from './nft.js';
import { parseNftJson, parseNftText } from './nft-ruleset.js';

const json = captured('nft-ruleset-json').stdout;
const text = captured('nft-ruleset-text').stdout;
const ctx = { query: async (q: string) => captured(q.includes('-j') ? 'nft-ruleset-json' : 'nft-ruleset-text'), background: () => undefined };

describe('parseNftJson', () => {
  it('reads tables, chain policies and rules with handle, comment, counter and text', () => {
    const s = parseNftJson(json, text);
    expect([...s.tables]).toEqual(['inet filter', 'ip nat']);
    expect(s.chains.get('inet filter/forward')).toBe('drop');
    expect(s.chains.has('inet filter/custom')).toBe(true);
    expect(s.chains.get('inet filter/custom')).toBeUndefined();
    expect(s.rules.find((r) => r.handle === 5)).toMatchObject({
      table: 'inet filter',
      chain: 'input',
      counter: { packets: 4, bytes: 336 },
      text: 'ip protocol icmp counter',
    });
    expect(s.rules.find((r) => r.comment === 'masq')).toMatchObject({ table: 'ip nat', chain: 'postrouting', handle: 2 });
    expect(s.rules.find((r) => r.handle === 6)!.counter).toBeUndefined();
  });
  it('keys rule texts by table and handle, leaving chain and set headers out', () => {
    expect(parseNftText(text).get('ip nat/2')).toBe('ip saddr 172.18.0.0/16 oifname != "br0" counter packets 0 bytes 0 masquerade comment "masq"');
    expect(parseNftText(text).size).toBe(5);
  });
});

describe('checkNft', () => {
  it('checks tables, chains, policies, rules by handle, comment and text, and counters', async () => {
    const vs = await checkNft(
      [
        { table: 'inet filter' },
        { table: 'ip6 filter', absent: true },
        { table: 'inet filter', chain: 'forward', policy: 'drop' },
        { table: 'inet filter', chain: 'custom' },
        { table: 'inet filter', chain: 'nosuch', absent: true },
        { table: 'inet filter', chain: 'input', handle: 5, packets: '>0', bytes: 336 },
        { table: 'inet filter', chain: 'input', comment: 'allow-5000', rule: 'iifname "lo" tcp dport 5000 counter accept comment "allow-5000"', packets: 0 },
        { table: 'nat', chain: 'postrouting', rule: '/masquerade/', comment: '/^ma/' },
        { table: 'inet filter', chain: 'input', rule: '/dport 22/', absent: true },
      ],
      ctx,
    );
    expect(vs.filter((v) => !v.ok)).toEqual([]);
    expect(vs).toHaveLength(12); // each counter is a verdict of its own
  });
});

describe('checkNft in the failing direction', () => {
  it('a wrong policy, a missing rule and a counter that did not move fail', async () => {
    const vs = await checkNft(
      [
        { table: 'inet filter', chain: 'forward', policy: 'accept' },
        { table: 'inet filter', chain: 'input', comment: 'allow-22' },
        { table: 'inet filter', chain: 'custom', handle: 7, packets: '>0' },
        { table: 'inet filter', chain: 'forward', handle: 6, packets: 0 },
        { table: 'ip nat', absent: true },
      ],
      ctx,
    );
    expect(vs.map((v) => v.ok)).toEqual([false, false, true, false, true, false, false]);
    expect(vs[0]!.actual.split('\n')[0]).toBe('policy drop');
    expect(vs[3]!.actual).toContain('[handle 7] ip saddr 10.0.0.0/24 counter packets 0 bytes 0 drop');
    expect(vs[5]!.actual).toMatch(/^the rule has no counter/);
  });
  it('absent fails when the rule is there, and shows it', async () => {
    const [v] = await checkNft([{ table: 'ip nat', chain: 'postrouting', comment: 'masq', absent: true }], ctx);
    expect(v!.ok).toBe(false);
    expect(v!.actual.split('\n')[0]).toBe('found: [handle 2] ip saddr 172.18.0.0/16 oifname != "br0" counter packets 0 bytes 0 masquerade comment "masq"');
  });
  it('a missing rule written as text shows the closest rule of the chain first', async () => {
    const [v] = await checkNft([{ table: 'ip nat', chain: 'postrouting', rule: 'ip saddr 172.18.0.0/16 oifname "eth0" counter masquerade' }], ctx);
    expect(v!.ok).toBe(false);
    expect(v!.actual.split('\n')[0]).toMatch(/^closest: \[handle 2\] ip saddr 172\.18\.0\.0\/16/);
  });
  it('every check fails, absent included, when nft -j list ruleset itself fails, with the reason', async () => {
    const denied = { query: async () => captured('nft-denied'), background: () => undefined };
    const vs = await checkNft(
      [
        { table: 'inet filter', chain: 'input', rule: '/dport 22/', absent: true },
        { table: 'ip nat', absent: true },
      ],
      denied,
    );
    expect(vs.map((v) => v.ok)).toEqual([false, false]);
    expect(vs[0]!.actual).toMatch(/^nft -j list ruleset: exit 1: .*Operation not permitted/s);
  });
  it("JSON that is not nft's fails with the reason", async () => {
    const odd = { query: async () => ({ ...captured('nft-ruleset-json'), stdout: '{"other": []}' }), background: () => undefined };
    const [v] = await checkNft([{ table: 'inet filter', absent: true }], odd);
    expect(v).toMatchObject({ ok: false, actual: expect.stringContaining('no "nftables" list') });
  });
});
