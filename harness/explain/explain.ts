// Says why a connectivity step failed, from evidence taken in the sandbox before and after it:
// the namespace that sent an ICMP error back, the route the kernel picks, unanswered ARP or NDP,
// dropping netfilter rules and policies whose counters grew, reverse-path drops, forwarding left
// off, unreplied conntrack flows and missing listeners, for IPv4 and IPv6 flows. Every line names
// what it saw; nothing is inferred without a reading behind it.
import { parseConntrack, type ConntrackEntry } from '../expect/conntrack.js';
import type { Evidence } from './evidence.js';
import type { Flow } from './flow.js';
import { counterGrowth } from './kernel-counters.js';
import { describeGrowth, dnatTarget, grownCounters, translatesSource, type Growth } from './netfilter-counters.js';
import { count } from '../text/words.js';

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
function parseAddrs(text: string): Map<string, string> {
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
  return new Map(
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
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
  const noRoute =
    answer && 'error' in answer
      ? `no route to ${flow.dst} in ${r.ns} (ip route get: ${answer.error})`
      : out?.type && UNROUTABLE.includes(out.type)
        ? `${r.ns} routes ${flow.dst} as ${out.type}`
        : undefined;
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

/** A namespace holding an address, and the interface the address sits on. */
interface Owner {
  r: Reading;
  dev: string;
}

/** What every finding reads: the flow, the evidence, and where the flow's ends and hops are. */
interface Scene {
  flow: Flow;
  before: Evidence;
  readings: Reading[];
  /** The namespace the flow was sent from. */
  src: Reading;
  words: ReturnType<typeof familyWords>;
  owner: (ip: string) => Owner | undefined;
  /** The source's route to the destination, as `ip route get` answered. */
  answer?: RouteAnswer;
  out?: RouteGet;
  dstOwner?: Owner;
  /** The namespace of the gateway the source sends through. */
  gw?: Owner;
  /** Netfilter policies and rules that counted packets during the step, in every namespace. */
  grown: { r: Reading; g: Growth }[];
}

/** A section of `r`'s evidence as it was before the step. */
const earlier = (before: Evidence, r: Reading, kind: string) => before.get(r.ns)?.get(kind) ?? '';

function sceneOf(flow: Flow, before: Evidence, after: Evidence): Scene | undefined {
  const readings = [...after].map(([ns, s]) => new Reading(ns, s));
  const src = readings.find((r) => r.ns === flow.from);
  if (!src) return undefined;
  const owner = (ip: string) => readings.map((r) => ({ r, dev: r.addrs.get(ip) })).find((o): o is Owner => o.dev !== undefined);
  const answer = src.routeTo('route-dst');
  const out = route(answer);
  const grown = readings.flatMap((r) => grownCounters(earlier(before, r, 'iptables'), r.text('iptables')).map((g) => ({ r, g })));
  return {
    flow,
    before,
    readings,
    src,
    words: familyWords(flow),
    owner,
    answer,
    out,
    dstOwner: owner(flow.dst),
    gw: out?.gateway ? owner(out.gateway) : undefined,
    grown,
  };
}

/** 0. An ICMP error from another namespace: the packet died there, so its evidence goes first. */
function senderLine({ flow, grown }: Scene, sender: Owner, reply: IcmpReply): string {
  const dropsThere = grown.filter(({ r, g }) => r === sender.r && g.drops).map(({ g }) => describeGrowth(g, sender.r.ns));
  return `${reply.from} (${sender.r.ns}) sent back ${reply.kind}${reply.mtu !== undefined ? ` (mtu ${reply.mtu})` : ''}: ${senderFinding(sender.r, reply, flow, dropsThere)}`;
}

/** 1. The route the kernel picks from the source namespace: none, or one that drops. */
function unroutable({ flow, answer, out }: Scene): string | undefined {
  if (answer && 'error' in answer) return `no route to ${flow.dst} in ${flow.from} (ip route get: ${answer.error})`;
  if (out?.type && UNROUTABLE.includes(out.type)) return `${flow.from} routes ${flow.dst} as ${out.type} (ip route get ${flow.dst})`;
  return undefined;
}

/** 2. Dropping netfilter policies and rules that counted packets during the step. */
function dropLines({ grown }: Scene): string[] {
  return grown.filter(({ g }) => g.drops).map(({ r, g }) => describeGrowth(g, r.ns));
}

/**
 * 3. Reverse-path filtering: the kernel's counter, or ARP it cannot count (the owner of the
 * destination routes the sender back by another interface than the one it came in on).
 */
function reversePathLines({ flow, before, readings, src, out, dstOwner }: Scene): string[] {
  if (flow.family === 6) return [];
  const counted = readings.flatMap((r) => {
    const n = counterGrowth(earlier(before, r, 'netstat'), r.text('netstat'), 'TcpExt.IPReversePathFilter');
    return n > 0
      ? [
          `reverse-path filter dropped ${count(n, 'packet')} in ${r.ns} (IPReversePathFilter +${n}; rp_filter all=${r.sysctls.get('net/ipv4/conf/all/rp_filter') ?? '?'})`,
        ]
      : [];
  });
  const back = dstOwner && dstOwner.r !== src && out && !out.gateway ? route(dstOwner.r.routeTo('route-src')) : undefined;
  if (dstOwner && back?.dev && back.dev !== dstOwner.dev && dstOwner.r.rpFilter(dstOwner.dev) === 1 && !counted.length)
    return [
      `reverse-path filter in ${dstOwner.r.ns}: ${out!.prefsrc} comes in on ${dstOwner.dev} but ${dstOwner.r.ns} routes it back via ${back.dev}, and rp_filter=1 (strict) on ${dstOwner.dev} drops it (ARP included)`,
    ];
  return counted;
}

/** 4. Forwarding left off on the gateway the source sends through. */
function forwardingLines({ flow, words, out, dstOwner, gw }: Scene): string[] {
  if (!gw || gw.r === dstOwner?.r || gw.r.sysctls.get(words.forwarding) !== '0') return [];
  return [`forwarding is off in ${gw.r.ns} (${words.forwarding.replace(/\//g, '.')}=0): it drops what ${flow.from} routes through ${out!.gateway}`];
}

/** 5. Neighbours: ARP (NDP) for the next hop, or the destination, that went unanswered. */
function neighbourLines({ flow, readings, src, words, out }: Scene): string[] {
  return [...unanswered(src, out?.gateway ?? flow.dst, words.discovery), ...readings.flatMap((r) => unanswered(r, flow.dst, words.discovery))];
}

/** Conntrack's entries, in every namespace, for the flow's destination (and port, and source address). */
function trackedFlows({ flow, readings, out }: Scene): { r: Reading; e: ConntrackEntry }[] {
  return readings.flatMap((r) =>
    parseConntrack(r.text('conntrack'))
      .filter((e) => e.orig.dst === flow.dst && (flow.dport === undefined || e.orig.dport === String(flow.dport)))
      .filter((e) => out?.prefsrc === undefined || e.orig.src === out.prefsrc)
      .map((e) => ({ r, e })),
  );
}

/** 6. Conntrack: flows to the destination that never saw a reply. */
function unrepliedLines({ src }: Scene, tracked: { r: Reading; e: ConntrackEntry }[]): string[] {
  return tracked
    .filter((f) => f.e.flags.includes('UNREPLIED'))
    .slice(0, 2)
    .map(({ r, e }) => {
      const leaves = route(r.routeTo('route-dst'));
      const unchanged = e.reply.dst === e.orig.src && r !== src;
      const via = unchanged && leaves?.dev ? `; the source left via ${leaves.dev} unchanged as ${e.orig.src} (no SNAT/MASQUERADE matched)` : '';
      return `conntrack in ${r.ns}: ${e.proto} ${e.orig.src} -> ${e.orig.dst} is UNREPLIED: no reply came back from ${e.reply.src}${via}`;
    });
}

/** 6b. Without conntrack's word: the destination got packets but has no route back to their untranslated source. */
function noWayBackLines({ before, src, words, out, dstOwner, gw, grown }: Scene): string[] {
  const noWayBack = dstOwner && dstOwner.r !== src ? dstOwner.r.routeTo('route-src') : undefined;
  const arrived = dstOwner ? counterGrowth(earlier(before, dstOwner.r, 'netstat'), dstOwner.r.text('netstat'), words.inReceives) : 0;
  const translated = grown.some(({ g }) => translatesSource(g));
  if (!(noWayBack && 'error' in noWayBack && out?.prefsrc && arrived > 0 && !translated)) return [];
  const leaves = gw ? route(gw.r.routeTo('route-dst')) : undefined;
  const left = gw && leaves?.dev ? `; ${out.prefsrc} left ${gw.r.ns} via ${leaves.dev} untranslated (no SNAT or MASQUERADE rule counted a packet)` : '';
  return [`no reply: ${dstOwner!.r.ns} received ${count(arrived, 'packet')} but has no route back to ${out.prefsrc} (ip route get: ${noWayBack.error})${left}`];
}

/** 7. A TCP destination (after DNAT, if conntrack or a DNAT rule saw one) with no socket listening. */
function listenerLines({ flow, owner, grown }: Scene, tracked: { r: Reading; e: ConntrackEntry }[]): string[] {
  if (flow.proto !== 'tcp' || flow.dport === undefined) return [];
  // Where DNAT sent it: conntrack's reply tuple, else a DNAT rule that counted the packet.
  const translated = tracked.find((f) => f.e.reply.src !== flow.dst && f.e.reply.sport);
  const rule = grown.map(({ r, g }) => ({ r, to: dnatTarget(g) })).find((d) => d.to);
  const nat = translated
    ? { ns: translated.r.ns, ip: translated.e.reply.src!, port: Number(translated.e.reply.sport) }
    : rule && { ns: rule.r.ns, ip: rule.to!.ip, port: rule.to!.port ?? flow.dport };
  const ip = nat?.ip ?? flow.dst;
  const port = nat?.port ?? flow.dport;
  const target = owner(ip);
  if (!target || listening(target.r.text('listen'), ip, port)) return [];
  return [`no socket listening on ${port} in ${target.r.ns}${nat ? ` (${flow.dst}:${flow.dport} is DNATed to ${ip}:${port} in ${nat.ns})` : ''}`];
}

/** One explanation line per finding, most decisive first; empty when the evidence shows nothing. */
export function explainFlow(flow: Flow, before: Evidence, after: Evidence, reply?: IcmpReply): string[] {
  const scene = sceneOf(flow, before, after);
  if (!scene) return [];
  const sender = reply ? scene.owner(reply.from) : undefined;
  const lines = sender && sender.r !== scene.src ? [senderLine(scene, sender, reply!)] : [];
  const noRoute = unroutable(scene);
  if (noRoute) return [...lines, noRoute];
  const tracked = trackedFlows(scene);
  lines.push(
    ...dropLines(scene),
    ...reversePathLines(scene),
    ...forwardingLines(scene),
    ...neighbourLines(scene),
    ...unrepliedLines(scene, tracked),
    ...noWayBackLines(scene),
    ...listenerLines(scene, tracked),
  );
  // What the sender's line already says is not said again.
  const [first] = lines;
  return sender && first ? [first, ...new Set(lines.slice(1).filter((l) => !first.includes(l)))] : [...new Set(lines)];
}
