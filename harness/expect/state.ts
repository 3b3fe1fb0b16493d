// State checks: each asks the sandbox for a JSON view (ip -j, bridge -j) after the step's
// command and matches it with has / lacks / only / count.
import { sandboxKind } from './kind.js';
import { stateMatch, type ListMatch } from './match-schemas.js';
import { matchList } from './pattern.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

export type Row = Record<string, unknown>;

function parseJsonList(text: string): Row[] | undefined {
  try {
    const v = JSON.parse(text.trim() || '[]') as unknown;
    return Array.isArray(v) ? (v as Row[]) : [v as Row];
  } catch {
    return undefined;
  }
}

/** How a state kind asks: the query (`args` of the expectation go after it), and the items made of its rows. */
interface Query {
  command: string;
  shape(rows: Row[]): Row[];
}

async function checkState(kind: string, q: Query, spec: ListMatch & { args?: string }, ctx: EvalContext): Promise<Verdict[]> {
  const command = `${q.command} ${spec.args ?? ''}`.trim();
  const r = await ctx.query(command);
  const rows = parseJsonList(r.stdout);
  if (r.exitCode !== 0 || !rows) return [verdict(kind, false, `${command} prints JSON`, `${r.stderr.trim() || r.stdout.slice(0, 500)}`)];
  return matchList(kind, q.shape(rows), spec);
}

/** A kind that lists what `command` prints as JSON, one item per row unless `shape` says otherwise. */
export const queryKind = <const K extends string>(key: K, command: string, shape: Query['shape'] = (rows) => rows) =>
  sandboxKind({
    key,
    schema: stateMatch,
    reads: 'state',
    connectivity: false,
    example: { has: [{ ifname: 'veth0' }], count: '>0' },
    check: (spec, ctx) => checkState(key, { command, shape }, spec, ctx),
  });

export function checkJson(spec: ListMatch, stdout: string): Verdict[] {
  const rows = parseJsonList(stdout);
  if (!rows) return [verdict('json', false, 'stdout is JSON', stdout.slice(0, 500))];
  return matchList('json', rows, spec);
}
