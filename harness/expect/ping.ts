// Reads what ping printed (iputils and busybox) into counts and one of four outcomes.
import type { CommandResult } from '../exec/command-result.js';
import type { PingExpect } from '../scenario/schema.js';
import { matchesNumber } from './number-match.js';
import { verdict, type Verdict } from './verdict.js';

export type PingKind = 'ok' | 'network-unreachable' | 'host-unreachable' | 'timeout' | 'unknown';

export interface PingReport {
  kind: PingKind;
  transmitted: number;
  received: number;
  loss: number;
  errors: number;
  /** Who said "unreachable", when an ICMP error came back. */
  from?: string;
}

const STATS_LINE = /(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) errors)?, (\d+(?:\.\d+)?)% packet loss/;
const STATS_LINE_G = new RegExp(STATS_LINE.source, 'g');

export function parsePing(r: Pick<CommandResult, 'stdout' | 'stderr'>): PingReport {
  const text = `${r.stdout}\n${r.stderr}`;
  const stats = STATS_LINE.exec(text);
  const transmitted = Number(stats?.[1] ?? 0);
  const received = Number(stats?.[2] ?? 0);
  const errors = Number(stats?.[3] ?? 0);
  const loss = Number(stats?.[4] ?? 100);
  const icmp = /From (\S+?):? icmp_seq=\d+ Destination (Host|Net|Network) Unreachable/i.exec(text);
  let kind: PingKind;
  if (/Network is unreachable/i.test(text) && !stats) kind = 'network-unreachable';
  else if (received > 0) kind = 'ok';
  else if (icmp) kind = /host/i.test(icmp[2]!) ? 'host-unreachable' : 'network-unreachable';
  else if (stats) kind = 'timeout';
  else kind = 'unknown';
  return { kind, transmitted, received, loss, errors, ...(icmp ? { from: icmp[1] } : {}) };
}

function describe(p: PingReport): string {
  return `${p.kind}: ${p.transmitted} transmitted, ${p.received} received, ${p.loss}% loss${p.errors ? `, ${p.errors} errors` : ''}${p.from ? `, from ${p.from}` : ''}`;
}

/** How many pings printed their statistics: a `ping:` expectation judges exactly one. */
export function pingRuns(r: Pick<CommandResult, 'stdout' | 'stderr'>): number {
  return `${r.stdout}\n${r.stderr}`.match(STATS_LINE_G)?.length ?? 0;
}

/**
 * The exit status ping itself ends with for what it printed: 0 when every probe got a reply,
 * 0 or 1 (a `-w` deadline) when only some did, non-zero when none did or it could not send.
 */
export function pingExitHolds(p: PingReport, exitCode: number | undefined): { ok: boolean; expected: string } {
  if (p.received > 0 && p.received < p.transmitted) return { ok: exitCode === 0 || exitCode === 1, expected: 'exit 0 or 1 (ping with some replies)' };
  if (p.kind === 'ok') return { ok: exitCode === 0, expected: 'exit 0' };
  return { ok: exitCode !== undefined && exitCode !== 0, expected: `non-zero exit (ping ${p.kind})` };
}

export function checkPing(spec: PingExpect, r: CommandResult): Verdict[] {
  const p = parsePing(r);
  const want = typeof spec === 'string' ? { kind: spec } : spec;
  const actual = describe(p);
  const out: Verdict[] = [];
  const runs = pingRuns(r);
  if (runs > 1) out.push(verdict('ping', false, 'one ping per step (split the step: a ping: expectation judges one ping)', `${runs} pings printed statistics`));
  if (want.kind) out.push(verdict('ping', p.kind === want.kind, `ping ${want.kind}`, actual));
  for (const k of ['transmitted', 'received', 'loss', 'errors'] as const) {
    const w = want[k];
    if (w !== undefined) out.push(verdict('ping', matchesNumber(p[k], w), `${k} ${w}`, actual));
  }
  return out;
}
