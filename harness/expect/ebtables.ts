// Reads `ebtables -t TABLE -L --Lc` (bridge firewall: chains, policies, rules with counters) and
// checks it as iptables is checked: policy, a rule's presence, absence and place, its counters.
import type { EbtablesExpect } from './kinds/ebtables.js';
import { checkChainRules, type ChainRule, type ChainState, type ChainTool } from './chain-rules.js';
import type { EvalContext, Verdict } from './verdict.js';

export function parseEbtablesList(text: string): ChainState {
  const state: ChainState = { policies: new Map(), rules: [] };
  let table = '';
  let chain = '';
  for (const line of text.split('\n')) {
    const t = /^Bridge table: (\S+)/.exec(line);
    if (t) table = t[1]!;
    const c = /^Bridge chain: ([^,]+), entries: \d+, policy: (\S+)/.exec(line);
    if (c) {
      chain = c[1]!;
      state.policies.set(`${table}/${chain}`, c[2]!);
    }
    const r = /^(.*?)\s*,\s*pcnt = (\d+) -- bcnt = (\d+)\s*$/.exec(line);
    if (r && chain) state.rules.push({ table, chain, spec: normalizeEbRule(r[1]!), packets: Number(r[2]), bytes: Number(r[3]) });
  }
  return state;
}

/** ebtables prints MACs with two digits per byte: `0:1:2:3:4:5` is written `00:01:02:03:04:05`. */
export function normalizeEbRule(spec: string): string {
  return spec
    .replace(/(?<![\w:])([0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5})(?![\w:])/g, (mac) =>
      mac
        .split(':')
        .map((b) => b.padStart(2, '0').toLowerCase())
        .join(':'),
    )
    .replace(/\s+/g, ' ')
    .trim();
}

const EBTABLES: ChainTool = {
  kind: 'ebtables',
  command: (table) => `ebtables -t ${table} -L --Lc`,
  parse: parseEbtablesList,
  normalize: normalizeEbRule,
  line: (r: ChainRule) => `${r.chain}: ${r.spec} , pcnt = ${r.packets} -- bcnt = ${r.bytes}`,
};

export async function checkEbtables(specs: EbtablesExpect[], ctx: EvalContext): Promise<Verdict[]> {
  return checkChainRules(EBTABLES, specs, ctx);
}
