// Which netfilter rules and chain policies counted packets during a step (`iptables-save -c`
// before and after, compared rule by rule), and what a counted rule says: whether it drops,
// where it DNATs to, whether it translates the source.
import { count } from '../text/words.js';

export interface Counted {
  table: string;
  chain: string;
  /** "policy DROP" or the rule as iptables-save prints it after `-A CHAIN`. */
  what: string;
  packets: number;
  drops: boolean;
}

const DROPPING = /(?:^| )-j (DROP|REJECT)(?: |$)/;

export function parseCounters(text: string): Counted[] {
  const out: Counted[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const pol = /^:(\S+) (ACCEPT|DROP) \[(\d+):\d+\]/.exec(line);
    if (pol) out.push({ table, chain: pol[1]!, what: `policy ${pol[2]}`, packets: Number(pol[3]), drops: pol[2] === 'DROP' });
    const rule = /^\[(\d+):\d+\] -A (\S+) (.*)$/.exec(line);
    if (rule) out.push({ table, chain: rule[2]!, what: rule[3]!, packets: Number(rule[1]), drops: DROPPING.test(rule[3]!) });
  }
  return out;
}

export interface Growth extends Counted {
  grew: number;
}

/** Policies and rules whose packet counters grew between `before` and `after`. */
export function grownCounters(before: string, after: string): Growth[] {
  const seen = new Map<string, number>();
  const key = (c: Counted, n: number) => `${c.table}/${c.chain}/${c.what}#${n}`;
  const nth = (list: Counted[]) => {
    const times = new Map<string, number>();
    return list.map((c) => {
      const k = `${c.table}/${c.chain}/${c.what}`;
      const n = (times.get(k) ?? 0) + 1;
      times.set(k, n);
      return { c, k: key(c, n) };
    });
  };
  for (const { c, k } of nth(parseCounters(before))) seen.set(k, c.packets);
  return nth(parseCounters(after))
    .map(({ c, k }) => ({ ...c, grew: c.packets - (seen.get(k) ?? 0) }))
    .filter((g) => g.grew > 0);
}

/** Where a grown DNAT rule sent the packets: its `--to-destination IP[:PORT]`. */
export function dnatTarget(g: Counted): { ip: string; port?: number } | undefined {
  const m = /-j DNAT --to-destination (\d+\.\d+\.\d+\.\d+)(?::(\d+))?/.exec(g.what);
  return m ? { ip: m[1]!, ...(m[2] ? { port: Number(m[2]) } : {}) } : undefined;
}

/** A source-translating rule (SNAT or MASQUERADE). */
export function translatesSource(g: Counted): boolean {
  return g.table === 'nat' && /-j (SNAT|MASQUERADE)(?: |$)/.test(g.what);
}

export function describeGrowth(g: Growth, ns: string): string {
  const what = g.what.startsWith('policy ') ? `${g.chain} ${g.what}` : `rule -A ${g.chain} ${g.what}`;
  return `${what} (+${count(g.grew, 'packet')}) in ${ns} (${g.table} table)`;
}
