// Reads what ping printed (iputils, IPv4 and IPv6, and busybox) into counts and one outcome:
// a reply, one of the ICMP errors or local errors ping prints, or silence (timeout).
import type { CommandResult } from '../exec/command-result.js';
import type { PING_KINDS, PingExpect } from './kinds/ping.js';
import { matchesNumber } from './number-match.js';
import { verdict, type Verdict } from './verdict.js';

/** What ping printed, as `ping:` names it; `unknown`: no statistics line and no error (ping did not run). */
export type PingKind = (typeof PING_KINDS)[number] | 'unknown';

export interface PingReport {
  kind: PingKind;
  transmitted: number;
  received: number;
  loss: number;
  errors: number;
  /** Who sent the ICMP message that decided the kind (absent for a local error). */
  from?: string;
  /** The path MTU a "fragmentation needed" (IPv6: "packet too big") or a local "message too long" gave. */
  mtu?: number;
}

const STATS_LINE = /(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) errors)?, (\d+(?:\.\d+)?)% packet loss/;
const STATS_LINE_G = new RegExp(STATS_LINE.source, 'g');

/**
 * What iputils' ping prints for each ICMP error (pr_icmph for IPv4, pr_icmph6 for IPv6) and for
 * the errors the local stack returns, by kind. A redirect is not an error: it decides the kind
 * only when nothing else came back.
 */
const MESSAGES: readonly [RegExp, PingKind][] = [
  [/Frag needed and DF set|Packet too big|message too long/i, 'frag-needed'],
  [/Destination Net Unreachable|Destination Net Unknown|Destination unreachable: No route|Network is unreachable/i, 'network-unreachable'],
  [/Destination Host Unreachable|Destination Host Unknown|Destination unreachable: Address unreachable|No route to host/i, 'host-unreachable'],
  [/Destination Port Unreachable|Destination unreachable: Port unreachable/i, 'port-unreachable'],
  [/Destination Protocol Unreachable/i, 'protocol-unreachable'],
  [
    /Packet filtered|Destination (?:Net|Host) Prohibited|Administratively prohibited|failed ingress\/egress policy|Reject route to destination|Operation not permitted/i,
    'prohibited',
  ],
  [/Time to live exceeded|Time exceeded: Hop limit/i, 'ttl-exceeded'],
  [/Redirect (?:Network|Host|Type of Service)/i, 'redirect'],
  [
    /Source Quench|Parameter problem|Source Route Failed|Source Host Isolated|Precedence (?:Violation|Cutoff)|reassembly time exceeded|Time exceeded: Defragmentation|Bad Code|Beyond scope|local error/i,
    'other-error',
  ],
];
/** "From 10.1.0.1 icmp_seq=1 ...", "From 10.1.0.1: icmp_seq=1 Redirect ...", "From fd00:1::1 icmp_seq=1 ...". */
const ICMP_LINE = /^From (\S+?):? icmp_seq=\d+ (.*)$/;
/** "ping: local error: ...", "ping: sendmsg: ...", "ping: connect: ...", "connect: ..." (older iputils). */
const LOCAL_LINE = /^(?:ping: )?(?:local error|sendmsg|sendto|connect): (.*)$/;
const MTU = /mtu ?[=:] ?(\d+)/i;

interface Message {
  kind: PingKind;
  from?: string;
  mtu?: number;
}

function messagesOf(text: string): Message[] {
  const out: Message[] = [];
  for (const line of text.split('\n')) {
    const icmp = ICMP_LINE.exec(line.trim());
    const local = icmp ? undefined : LOCAL_LINE.exec(line.trim());
    const said = icmp?.[2] ?? (local ? line : undefined);
    if (said === undefined) continue;
    const kind = MESSAGES.find(([re]) => re.test(said))?.[1] ?? 'other-error';
    const mtu = MTU.exec(said)?.[1];
    out.push({ kind, ...(icmp ? { from: icmp[1] } : {}), ...(mtu ? { mtu: Number(mtu) } : {}) });
  }
  return out;
}

export function parsePing(r: Pick<CommandResult, 'stdout' | 'stderr'>): PingReport {
  const text = `${r.stdout}\n${r.stderr}`;
  const stats = STATS_LINE.exec(text);
  const transmitted = Number(stats?.[1] ?? 0);
  const received = Number(stats?.[2] ?? 0);
  const errors = Number(stats?.[3] ?? 0);
  const loss = Number(stats?.[4] ?? 100);
  const messages = messagesOf(text);
  const decisive = messages.find((m) => m.kind !== 'redirect') ?? messages[0];
  let kind: PingKind;
  if (received > 0) kind = 'ok';
  else if (decisive) kind = decisive.kind;
  else if (stats) kind = 'timeout';
  else kind = 'unknown';
  const mtu = kind === 'frag-needed' ? messages.find((m) => m.mtu !== undefined)?.mtu : undefined;
  const from = kind === 'ok' ? undefined : messages.find((m) => m.kind === kind && m.from)?.from;
  return { kind, transmitted, received, loss, errors, ...(from ? { from } : {}), ...(mtu !== undefined ? { mtu } : {}) };
}

function describe(p: PingReport): string {
  const kind = p.mtu !== undefined ? `${p.kind} (mtu ${p.mtu})` : p.kind;
  return `${kind}: ${p.transmitted} transmitted, ${p.received} received, ${p.loss}% loss${p.errors ? `, ${p.errors} errors` : ''}${p.from ? `, from ${p.from}` : ''}`;
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
  if (want.mtu !== undefined) out.push(verdict('ping', p.mtu !== undefined && matchesNumber(p.mtu, want.mtu), `mtu ${want.mtu}`, actual));
  return out;
}
