// Says why a connectivity step failed, from evidence taken in the sandbox before and after it:
// the namespace that sent an ICMP error back, the route the kernel picks, unanswered ARP or NDP,
// dropping netfilter rules and policies whose counters grew, reverse-path drops, forwarding left
// off, unreplied conntrack flows and missing listeners, for IPv4 and IPv6 flows. Every line names
// what it saw; nothing is inferred without a reading behind it.
import { parseConntrack, type ConntrackEntry } from '../expect/conntrack.js';
import type { Evidence } from './evidence.js';
import type { Flow } from './flow.js';
import { counterGrowth } from './kernel-counters.js';
import { describeGrowth, dnatTarget, grownCounters, translatesSource } from './netfilter-counters.js';

interface RouteGet {
  dst?: string;
  type?: string;
  gateway?: string;
  dev?: string;
  prefsrc?: string;
}
type RouteAnswer = { route: RouteGet } | { error: string };

/** `ip -j route get` output: the route, or what iproute2 said instead ("Network is unreachable"). */
export function parseRouteGet(text: string): RouteAnswer {
  try {
    const r = (JSON.parse(text) as RouteGet[])[0];
    if (r) return { route: r };
  } catch {
    // not JSON: iproute2's error message
  }
  const msg = text.trim().replace(/^RTNETLINK answers: /, '');
  return { error: msg || 'no answer' };
}

/** `ip -o addr` lines: address (IPv4 or IPv6) -> the interface holding it. */
export function parseAddrs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+inet6? ([0-9a-fA-F.:]+)\//.exec(line);
    if (m) out.set(m[2]!, m[1]!.replace(/@.*$/, ''));
  }
  return out;
}

/** `ip -o link` lines: interface -> its MTU. */
function parseMtus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s.*\smtu (\d+)/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** `proc/sys` lines ("net/ipv4/ip_forward 1") as a map. */
function parseSysctls(text: string): Map<string, string> {
  return new Map(text.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
}

interface Neighbour {
  dst: string;
  dev?: string;
  state?: string[];
}
function parseNeighbours(text: string): Neighbour[] {
  try {
    return JSON.parse(text) as Neighbour[];
  } catch {
    return [];
  }
}

/** Local addresses `ss -ltnH` shows listening ("0.0.0.0:80", "[::]:80", "10.0.0.1:80"). */
function listening(text: string, ip: string, port: number): boolean {
  return text.split('\n').some((l) => {
    const local = l.trim().split(/\s+/)[3] ?? '';
    const at = local.lastIndexOf(':');
    const addr = local.slice(0, at).replace(/%.*$/, '');
    return local.slice(at + 1) === String(port) && ['0.0.0.0', '*', '[::]', ip, `[${ip}]`, `[::ffff:${ip}]`].includes(addr);
  });
}

class Reading {
  constructor(
    readonly ns: string,
    private readonly sections: Map<string, string>,
  ) {}
  text(kind: string): string {
    return this.sections.get(kind) ?? '';
  }
  get addrs() {
    return parseAddrs(this.text('addrs'));
  }
  get sysctls() {
    return parseSysctls(this.text('sysctl'));
  }
  get mtus() {
    return parseMtus(this.text('links'));
  }
  routeTo(kind: 'route-dst' | 'route-src'): RouteAnswer | undefined {
    return this.sections.has(kind) ? parseRouteGet(this.text(kind)) : undefined;
  }
  /** The effective rp_filter of `dev`: the higher of conf/all and conf/DEV. */
  rpFilter(dev: string): number {
    const s = this.sysctls;
    return Math.max(Number(s.get('net/ipv4/conf/all/rp_filter') ?? 0), Number(s.get(`net/ipv4/conf/${dev}/rp_filter`) ?? 0));
  }
}

const route = (a: RouteAnswer | undefined) => (a && 'route' in a ? a.route : undefined);
const UNROUTABLE = ['unreachable', 'blackhole', 'prohibit', 'throw'];
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What came back instead of a reply: an ICMP error's kind, its sender, the MTU it gave. */
export interface IcmpReply {
  kind: string;
  from: string;
  mtu?: number;
}

/** What the IP family calls its forwarding switch and its neighbour discovery. */
function familyWords(flow: Flow) {
  return flow.family === 6
    ? { forwarding: 'net/ipv6/conf/all/forwarding', discovery: 'NDP', inReceives: 'Ip6InReceives' }
    : { forwarding: 'net/ipv4/ip_forward', discovery: 'ARP', inReceives: 'Ip.InReceives' };
}

/** Neighbour entries for `ip` in `r` that never resolved: "ARP for X on DEV went unanswered in NS (neighbour FAILED)". */
function unanswered(r: Reading, ip: string, discovery: string): string[] {
  return parseNeighbours(r.text('neigh')).flatMap((n) => {
    const state = n.state?.find((st) => st === 'FAILED' || st === 'INCOMPLETE');
    return state && n.dst === ip ? [`${discovery} for ${n.dst} on ${n.dev} went unanswered in ${r.ns} (neighbour ${state})`] : [];
  });
}

/**
 * Why the namespace that sent an ICMP error back sent it, from its own evidence: its route to
 * the destination, its neighbours, its dropping rules, the MTU of the link it routes out of.
 */
function senderFinding(r: Reading, reply: IcmpReply, flow: Flow, grown: string[]): string {
  const answer = r.routeTo('route-dst');
  const out = route(answer);
  const { discovery } = familyWords(flow);
  const noRoute = answer && 'error' in answer ? `no route to ${flow.dst} in ${r.ns} (ip route get: ${answer.error})` : out?.type && UNROUTABLE.includes(out.type) ? `${r.ns} routes ${flow.dst} as ${out.type}` : undefined;
  switch (reply.kind) {
    case 'network-unreachable':
      if (noRoute) return noRoute;
      break;
    case 'host-unreachable': {
      const [found] = [...unanswered(r, out?.gateway ?? flow.dst, discovery), ...unanswered(r, flow.dst, discovery)];
      if (found) return found;
      break;
    }
    case 'frag-needed': {
      const mtu = out?.dev ? r.mtus.get(out.dev) : undefined;
      if (out?.dev && mtu !== undefined) return `${r.ns} routes ${flow.dst} out of ${out.dev}, whose MTU is ${mtu}, and the packet may not be fragmented`;
      break;
    }
    case 'ttl-exceeded':
      return `the packet's time to live ran out in ${r.ns} (a ping -t too low, or a loop: ${r.ns} routes ${flow.dst}${out?.gateway ? ` via ${out.gateway}` : ''}${out?.dev ? ` out of ${out.dev}` : ''})`;
    default:
      if (grown.length) return grown.join('; ');
      if (noRoute) return noRoute;
  }
  return `nothing in ${r.ns}'s routes, neighbours or netfilter counters says more`;
}

/** One explanation line per finding, most decisive first; empty when the evidence shows nothing. */
export function explainFlow(flow: Flow, before: Evidence, after: Evidence, reply?: IcmpReply): string[] {
  const readings = [...after].map(([ns, s]) => new Reading(ns, s));
  const src = readings.find((r) => r.ns === flow.from);
  if (!src) return [];
  const owner = (ip: string) => readings.map((r) => ({ r, dev: r.addrs.get(ip) })).find((o) => o.dev !== undefined);
  const words = familyWords(flow);
  const lines: string[] = [];

  // 0. An ICMP error from another namespace: the packet died there, so its evidence goes first.
  const sender = reply ? owner(reply.from) : undefined;
  if (sender && sender.r !== src) {
    const dropsThere = grownCounters(before.get(sender.r.ns)?.get('iptables') ?? '', sender.r.text('iptables'))
      .filter((g) => g.drops)
      .map((g) => describeGrowth(g, sender.r.ns));
    lines.push(`${reply!.from} (${sender.r.ns}) sent back ${reply!.kind}${reply!.mtu !== undefined ? ` (mtu ${reply!.mtu})` : ''}: ${senderFinding(sender.r, reply!, flow, dropsThere)}`);
  }

  // 1. The route the kernel picks from the source namespace.
  const answer = src.routeTo('route-dst');
  const out = route(answer);
  if (answer && 'error' in answer) return [...lines, `no route to ${flow.dst} in ${flow.from} (ip route get: ${answer.error})`];
  if (out?.type && UNROUTABLE.includes(out.type)) return [...lines, `${flow.from} routes ${flow.dst} as ${out.type} (ip route get ${flow.dst})`];
  const dstOwner = owner(flow.dst);

  // 2. Dropping netfilter policies and rules that counted packets during the step.
  const grown = readings.flatMap((r) => grownCounters(before.get(r.ns)?.get('iptables') ?? '', r.text('iptables')).map((g) => ({ r, g })));
  for (const { r, g } of grown) if (g.drops) lines.push(describeGrowth(g, r.ns));

  // 3. Reverse-path filtering: the kernel's counter, or ARP it cannot count (the owner of the
  // destination routes the sender back by another interface than the one it came in on).
  for (const r of flow.family === 6 ? [] : readings) {
    const n = counterGrowth(before.get(r.ns)?.get('netstat') ?? '', r.text('netstat'), 'TcpExt.IPReversePathFilter');
    if (n > 0) lines.push(`reverse-path filter dropped ${plural(n, 'packet')} in ${r.ns} (IPReversePathFilter +${n}; rp_filter all=${r.sysctls.get('net/ipv4/conf/all/rp_filter') ?? '?'})`);
  }
  const back = dstOwner && dstOwner.r !== src && out && !out.gateway ? route(dstOwner.r.routeTo('route-src')) : undefined;
  if (flow.family !== 6 && dstOwner && back?.dev && back.dev !== dstOwner.dev && dstOwner.r.rpFilter(dstOwner.dev!) === 1 && !lines.some((l) => l.startsWith('reverse-path')))
    lines.push(`reverse-path filter in ${dstOwner.r.ns}: ${out!.prefsrc} comes in on ${dstOwner.dev} but ${dstOwner.r.ns} routes it back via ${back.dev}, and rp_filter=1 (strict) on ${dstOwner.dev} drops it (ARP included)`);

  // 4. Forwarding left off on the gateway the source sends through.
  const gw = out?.gateway ? owner(out.gateway) : undefined;
  if (gw && gw.r !== dstOwner?.r && gw.r.sysctls.get(words.forwarding) === '0')
    lines.push(`forwarding is off in ${gw.r.ns} (${words.forwarding.replace(/\//g, '.')}=0): it drops what ${flow.from} routes through ${out!.gateway}`);

  // 5. Neighbours: ARP for the next hop (or the destination) that went unanswered.
  const nextHop = out?.gateway ?? flow.dst;
  lines.push(...unanswered(src, nextHop, words.discovery));
  for (const r of readings) lines.push(...unanswered(r, flow.dst, words.discovery));

  // 6. Conntrack: flows to the destination that never saw a reply.
  const flows: { r: Reading; e: ConntrackEntry }[] = readings.flatMap((r) =>
    parseConntrack(r.text('conntrack'))
      .filter((e) => e.orig.dst === flow.dst && (flow.dport === undefined || e.orig.dport === String(flow.dport)))
      .filter((e) => out?.prefsrc === undefined || e.orig.src === out.prefsrc)
      .map((e) => ({ r, e })),
  );
  for (const { r, e } of flows.filter((f) => f.e.flags.includes('UNREPLIED')).slice(0, 2)) {
    const leaves = route(r.routeTo('route-dst'));
    const unchanged = e.reply.dst === e.orig.src && r !== src;
    const via = unchanged && leaves?.dev ? `; the source left via ${leaves.dev} unchanged as ${e.orig.src} (no SNAT/MASQUERADE matched)` : '';
    lines.push(`conntrack in ${r.ns}: ${e.proto} ${e.orig.src} -> ${e.orig.dst} is UNREPLIED: no reply came back from ${e.reply.src}${via}`);
  }

  // 6b. Without conntrack's word: the destination got packets but has no route back to their
  // untranslated source.
  const noWayBack = dstOwner && dstOwner.r !== src ? dstOwner.r.routeTo('route-src') : undefined;
  const arrived = dstOwner ? counterGrowth(before.get(dstOwner.r.ns)?.get('netstat') ?? '', dstOwner.r.text('netstat'), words.inReceives) : 0;
  const translated = grown.some(({ g }) => translatesSource(g));
  if (noWayBack && 'error' in noWayBack && out?.prefsrc && arrived > 0 && !translated) {
    const leaves = gw ? route(gw.r.routeTo('route-dst')) : undefined;
    const left = gw && leaves?.dev ? `; ${out.prefsrc} left ${gw.r.ns} via ${leaves.dev} untranslated (no SNAT or MASQUERADE rule counted a packet)` : '';
    lines.push(`no reply: ${dstOwner!.r.ns} received ${plural(arrived, 'packet')} but has no route back to ${out.prefsrc} (ip route get: ${noWayBack.error})${left}`);
  }

  // 7. A TCP destination (after DNAT, if conntrack saw one) with no socket listening.
  if (flow.proto === 'tcp' && flow.dport !== undefined) {
    // Where DNAT sent it: conntrack's reply tuple, else a DNAT rule that counted the packet.
    const tracked = flows.find((f) => f.e.reply.src !== flow.dst && f.e.reply.sport);
    const rule = grown.map(({ r, g }) => ({ r, to: dnatTarget(g) })).find((d) => d.to);
    const nat = tracked ? { ns: tracked.r.ns, ip: tracked.e.reply.src!, port: Number(tracked.e.reply.sport) } : rule && { ns: rule.r.ns, ip: rule.to!.ip, port: rule.to!.port ?? flow.dport };
    const ip = nat?.ip ?? flow.dst;
    const port = nat?.port ?? flow.dport;
    const target = owner(ip);
    if (target && !listening(target.r.text('listen'), ip, port))
      lines.push(`no socket listening on ${port} in ${target.r.ns}${nat ? ` (${flow.dst}:${flow.dport} is DNATed to ${ip}:${port} in ${nat.ns})` : ''}`);
  }
  // What the sender's line already says is not said again.
  const [first] = lines;
  return sender && first ? [first, ...new Set(lines.slice(1).filter((l) => !first.includes(l)))] : [...new Set(lines)];
}
