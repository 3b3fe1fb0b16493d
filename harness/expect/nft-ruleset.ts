// Reads nftables' ruleset: `nft -j list ruleset` for its structure (tables, chains, policies,
// rules with handles, comments and counters) and `nft -a list ruleset` for each rule as text.
import { field } from '../text/json-field.js';

export interface NftCounter {
  packets: number;
  bytes: number;
}
export interface NftRule {
  /** "family table", e.g. "inet filter". */
  table: string;
  chain: string;
  handle: number;
  comment?: string;
  /** The rule's anonymous `counter`, if it has one. */
  counter?: NftCounter;
  /** As `nft list` prints it, counters with their values, without `# handle N`. */
  shown: string;
  /** `shown` with `counter packets N bytes M` as `counter`: what `rule:` compares with. */
  text: string;
}
export interface NftRuleset {
  tables: Set<string>;
  /** "family table/chain" -> the base chain's policy, or undefined for a regular chain. */
  chains: Map<string, string | undefined>;
  rules: NftRule[];
}

/** "filter" is nft's own shorthand for "ip filter". */
export function tableKey(table: string): string {
  const words = table.trim().split(/\s+/);
  return words.length === 1 ? `ip ${words[0]}` : words.join(' ');
}

export function ruleText(shown: string): string {
  return shown
    .replace(/\bcounter packets \d+ bytes \d+/g, 'counter')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "family table/handle" -> the rule as printed by `nft -a list ruleset`. */
export function parseNftText(text: string): Map<string, string> {
  const rules = new Map<string, string>();
  let table = '';
  for (const line of text.split('\n')) {
    const t = /^table (\S+) (\S+) \{/.exec(line);
    if (t) table = `${t[1]} ${t[2]}`;
    const r = /^\s+(.*?)\s+# handle (\d+)$/.exec(line);
    if (r && !r[1]!.endsWith('{')) rules.set(`${table}/${r[2]}`, r[1]!);
  }
  return rules;
}

type Obj = Record<string, unknown>;

function counterOf(expr: unknown): NftCounter | undefined {
  if (!Array.isArray(expr)) return undefined;
  const c = expr.map((e) => (e as Obj).counter).find((c) => c && typeof c === 'object') as Obj | undefined;
  return c ? { packets: Number(c.packets ?? 0), bytes: Number(c.bytes ?? 0) } : undefined;
}

/** Throws a plain Error with the reason when the JSON is not nft's. */
export function parseNftJson(json: string, text: string): NftRuleset {
  const doc = JSON.parse(json) as Obj;
  if (!Array.isArray(doc.nftables)) throw new Error('no "nftables" list in the JSON');
  const texts = parseNftText(text);
  const set: NftRuleset = { tables: new Set(), chains: new Map(), rules: [] };
  for (const item of doc.nftables as Obj[]) {
    const o = (item.table ?? item.chain ?? item.rule) as Obj | undefined;
    if (!o) continue;
    const table = `${field(o.family)} ${field(item.table ? o.name : o.table)}`;
    if (item.table) set.tables.add(table);
    else if (item.chain) set.chains.set(`${table}/${field(o.name)}`, o.policy as string | undefined);
    else {
      const shown = texts.get(`${table}/${field(o.handle)}`) ?? '(no text)';
      const rule: NftRule = { table, chain: String(o.chain), handle: Number(o.handle), shown, text: ruleText(shown) };
      if (typeof o.comment === 'string') rule.comment = o.comment;
      const counter = counterOf(o.expr);
      if (counter) rule.counter = counter;
      set.rules.push(rule);
    }
  }
  return set;
}
