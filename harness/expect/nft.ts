// Checks nftables: a table or chain's presence or absence, a base chain's policy, a rule found by
// handle, comment or text (its presence or absence) and its counter's packets and bytes.
import { describeExit } from '../exec/command-result.js';
import type { NftExpect } from './kinds/nft.js';
import { closestBy, sharedWords } from './closest.js';
import { matchesNumber } from './number-match.js';
import { parseNftJson, ruleText, tableKey, type NftRule, type NftRuleset } from './nft-ruleset.js';
import { matchesString, regexOf } from './pattern.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

const JSON_QUERY = 'nft -j list ruleset';
const TEXT_QUERY = 'nft -a list ruleset';

/** The ruleset, or why it cannot be read: a ruleset that cannot be read is not an empty one. */
async function readRuleset(ctx: EvalContext): Promise<NftRuleset | Error> {
  const json = await ctx.query(JSON_QUERY);
  if (json.exitCode !== 0) return new Error(`${JSON_QUERY}: ${describeExit(json)}: ${json.stderr.trim()}`);
  const text = await ctx.query(TEXT_QUERY);
  if (text.exitCode !== 0) return new Error(`${TEXT_QUERY}: ${describeExit(text)}: ${text.stderr.trim()}`);
  try {
    return parseNftJson(json.stdout, text.stdout);
  } catch (err) {
    return new Error(`${JSON_QUERY} printed what is not nft's JSON: ${(err as Error).message}`);
  }
}

const line = (r: NftRule) => `[handle ${r.handle}] ${r.shown}`;

function selects(r: NftRule, spec: NftExpect): boolean {
  if (spec.handle !== undefined && r.handle !== spec.handle) return false;
  if (spec.comment !== undefined && !matchesString(r.comment ?? '', spec.comment)) return false;
  return spec.rule === undefined || matchesString(r.text, regexOf(spec.rule) ? spec.rule : ruleText(spec.rule));
}

function selectorText(spec: NftExpect): string {
  const parts = [
    spec.handle !== undefined ? `handle ${spec.handle}` : '',
    spec.comment !== undefined ? `comment "${spec.comment}"` : '',
    spec.rule !== undefined ? `"${regexOf(spec.rule) ? spec.rule : ruleText(spec.rule)}"` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function checkCounter(what: 'packets' | 'bytes', rule: NftRule, spec: NftExpect, where: string, listing: string): Verdict | undefined {
  const want = spec[what];
  if (want === undefined) return undefined;
  const expected = `${where} ${selectorText(spec)} ${what} ${want}`;
  if (!rule.counter) return verdict('nft', false, expected, `the rule has no counter: ${line(rule)}\n${listing}`);
  return verdict('nft', matchesNumber(rule.counter[what], want), expected, `rule: ${line(rule)}\n${listing}`);
}

function checkOne(spec: NftExpect, set: NftRuleset): Verdict[] {
  const table = tableKey(spec.table);
  if (spec.chain === undefined) {
    const tables = [...set.tables].join(', ') || '(no tables)';
    return [verdict('nft', set.tables.has(table) !== !!spec.absent, `${spec.absent ? 'no ' : ''}table ${table}`, tables)];
  }
  const where = `${table}/${spec.chain}`;
  const exists = set.chains.has(where);
  const policy = set.chains.get(where);
  const rules = set.rules.filter((r) => `${r.table}/${r.chain}` === where);
  const head = !exists ? '(no such chain)' : policy !== undefined ? `policy ${policy}` : '(regular chain, no policy)';
  const listing = [head, ...rules.map(line)].join('\n');
  const out: Verdict[] = [];
  if (spec.policy !== undefined) out.push(verdict('nft', policy === spec.policy, `${where} policy ${spec.policy}`, listing));
  if (spec.handle !== undefined || spec.comment !== undefined || spec.rule !== undefined) {
    const want = selectorText(spec);
    const rule = rules.find((r) => selects(r, spec));
    if (spec.absent) return [...out, verdict('nft', !rule, `${where} lacks ${want}`, rule ? `found: ${line(rule)}\n${listing}` : listing)];
    const plain = spec.rule !== undefined && !regexOf(spec.rule) ? ruleText(spec.rule) : undefined;
    const near = rule || plain === undefined ? [] : closestBy(rules, (r) => sharedWords(r.text, plain));
    out.push(verdict('nft', !!rule, `${where} has ${want}`, near.length ? `closest: ${near.map(line).join(' or ')}\n${listing}` : listing));
    for (const what of ['packets', 'bytes'] as const) {
      const counted = rule && checkCounter(what, rule, spec, where, listing);
      if (counted) out.push(counted);
    }
  } else if (spec.absent) out.push(verdict('nft', !exists, `no chain ${where}`, listing));
  else if (spec.policy === undefined) out.push(verdict('nft', exists, `chain ${where} exists`, listing));
  return out;
}

export async function checkNft(specs: NftExpect[], ctx: EvalContext): Promise<Verdict[]> {
  const set = await readRuleset(ctx);
  if (set instanceof Error) return specs.map((s) => verdict('nft', false, `${tableKey(s.table)}${s.chain ? `/${s.chain}` : ''} can be read`, set.message));
  return specs.flatMap((s) => checkOne(s, set));
}
