// State checks: each asks the sandbox for a JSON view (ip -j, bridge -j) after the step's
// command and matches it with has / lacks / only / count.
import type { ListMatch } from '../scenario/schema.js';
import { matchList } from './pattern.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

type Row = Record<string, unknown>;

/** One entry per address, with `address` as "local/prefixlen", beside the link's name. */
function flattenAddresses(links: Row[]): Row[] {
  return links.flatMap((l) =>
    ((l.addr_info as Row[] | undefined) ?? []).map((a) => ({ ifname: l.ifname, ...a, address: `${a.local}/${a.prefixlen}` })),
  );
}

/** Adds `kind` (veth, bridge...) from linkinfo. */
function flattenLinks(links: Row[]): Row[] {
  return links.map((l) => ({ ...l, kind: (l.linkinfo as Row | undefined)?.info_kind ?? null }));
}

export const STATE_QUERIES = {
  links: { command: 'ip -j -d link show', shape: flattenLinks },
  addresses: { command: 'ip -j addr show', shape: flattenAddresses },
  routes: { command: 'ip -j route show', shape: (r: Row[]) => r },
  neighbours: { command: 'ip -j neigh show', shape: (r: Row[]) => r },
  fdb: { command: 'bridge -j fdb show', shape: (r: Row[]) => r },
} as const;
export type StateKind = keyof typeof STATE_QUERIES;

export function parseJsonList(text: string): Row[] | undefined {
  try {
    const v = JSON.parse(text.trim() || '[]') as unknown;
    return Array.isArray(v) ? (v as Row[]) : [v as Row];
  } catch {
    return undefined;
  }
}

export async function checkState(kind: StateKind, spec: ListMatch & { args?: string }, ctx: EvalContext): Promise<Verdict[]> {
  const q = STATE_QUERIES[kind];
  const command = `${q.command} ${spec.args ?? ''}`.trim();
  const r = await ctx.query(command);
  const rows = parseJsonList(r.stdout);
  if (r.exitCode !== 0 || !rows) return [verdict(kind, false, `${command} prints JSON`, `${r.stderr.trim() || r.stdout.slice(0, 500)}`)];
  return matchList(kind, q.shape(rows), spec);
}

export function checkJson(spec: ListMatch, stdout: string): Verdict[] {
  const rows = parseJsonList(stdout);
  if (!rows) return [verdict('json', false, 'stdout is JSON', stdout.slice(0, 500))];
  return matchList('json', rows, spec);
}
