// Reads `conntrack -L` lines into entries with their original and reply tuples.
import { describeExit } from '../exec/command-result.js';
import type { ConntrackExpect } from './kinds/conntrack.js';
import { closestBy } from './closest.js';
import { keysMatched, matchesPattern } from './pattern.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

export interface ConntrackEntry {
  proto: string;
  timeout: number;
  state?: string;
  orig: Record<string, string>;
  reply: Record<string, string>;
  flags: string[];
  line: string;
}

export function parseConntrack(text: string): ConntrackEntry[] {
  const entries: ConntrackEntry[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length < 4 || !/^\d+$/.test(tokens[1] ?? '')) continue;
    const [proto, , timeout, ...rest] = tokens as [string, string, string, ...string[]];
    const entry: ConntrackEntry = { proto, timeout: Number(timeout), orig: {}, reply: {}, flags: [], line: line.trim() };
    let tuple: Record<string, string> | undefined;
    for (const t of rest) {
      const kv = /^([a-z_]+)=(.*)$/.exec(t);
      if (kv) {
        const [, k, v] = kv as unknown as [string, string, string];
        if (k === 'src') tuple = tuple === undefined ? entry.orig : entry.reply;
        if (tuple && ['src', 'dst', 'sport', 'dport', 'type', 'code', 'id'].includes(k) && !(k in tuple)) tuple[k] = v;
      } else if (/^\[.+\]$/.test(t)) entry.flags.push(t.slice(1, -1));
      else if (/^[A-Z_]+$/.test(t) && tuple === undefined) entry.state = t;
    }
    entries.push(entry);
  }
  return entries;
}

function wanted(spec: ConntrackExpect): Record<string, unknown> {
  const w: Record<string, unknown> = {};
  if (spec.proto) w.proto = spec.proto;
  if (spec.state) w.state = spec.state;
  if (spec.orig) w.orig = spec.orig;
  if (spec.reply) w.reply = spec.reply;
  if (spec.flags) w.flags = spec.flags;
  return w;
}

export async function checkConntrack(specs: ConntrackExpect[], ctx: EvalContext): Promise<Verdict[]> {
  const out: Verdict[] = [];
  for (const spec of specs) {
    const command = `conntrack -L ${spec.args ?? ''}`.trim();
    const r = await ctx.query(command);
    // An empty table and a failed query look alike on stdout: only the exit status tells.
    if (r.exitCode !== 0) {
      out.push(verdict('conntrack', false, `${command} lists the entries`, `${describeExit(r)}: ${r.stderr.trim()}`));
      continue;
    }
    const entries = parseConntrack(r.stdout);
    const w = wanted(spec);
    const matching = entries.filter((e) => matchesPattern(e, w));
    const listing = entries.map((e) => e.line).join('\n') || '(no entries)';
    const lead = spec.absent ? matching.slice(0, 2) : matching.length ? [] : closestBy(entries, (e) => keysMatched(e, w));
    const actual = lead.length ? `${spec.absent ? 'found' : 'closest'}: ${lead.map((e) => e.line).join(' or ')}\n${listing}` : listing;
    const found = matching.length > 0;
    out.push(verdict('conntrack', spec.absent ? !found : found, `${spec.absent ? 'no entry' : 'an entry'} matching ${JSON.stringify(w)}`, actual));
  }
  return out;
}
