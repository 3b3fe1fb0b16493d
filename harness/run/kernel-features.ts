// Kernel features by the names `requires.kernel` takes (module names): how a sandbox finds out
// whether its kernel has one, and which name a command that failed for want of one should have
// declared ("Error: Unknown device type.", "Error: Specified qdisc kind is unknown.").
import type { CommandResult } from '../exec/command-result.js';

/** A functional probe per well-known kernel feature, run in the fresh sandbox host; exit 0 means present. */
const FEATURE_PROBES: Record<string, string> = {
  veth: 'ip link add nrprobe0 type veth peer name nrprobe1 && ip link del nrprobe0',
  bridge: 'ip link add nrprobe2 type bridge && ip link del nrprobe2',
  nf_nat: 'iptables -t nat -A POSTROUTING -o nrprobe -j MASQUERADE && iptables -t nat -D POSTROUTING -o nrprobe -j MASQUERADE',
  nf_conntrack:
    'iptables -A INPUT -i nrprobe -m conntrack --ctstate ESTABLISHED -j ACCEPT && iptables -D INPUT -i nrprobe -m conntrack --ctstate ESTABLISHED -j ACCEPT',
  br_netfilter: 'test -e /proc/sys/net/bridge/bridge-nf-call-iptables',
  xt_LOG: 'iptables -A INPUT -i nrprobe -j LOG && iptables -D INPUT -i nrprobe -j LOG',
};

/** Link kinds by module, made and deleted to see whether the kernel has them. */
const LINK_KINDS: Record<string, string> = {
  vxlan: 'vxlan id 42 dstport 4789',
  dummy: 'dummy',
  ip_gre: 'gre remote 192.0.2.1 local 192.0.2.2',
  gre: 'gre remote 192.0.2.1 local 192.0.2.2',
  geneve: 'geneve id 1 remote 192.0.2.1',
  wireguard: 'wireguard',
  vrf: 'vrf table 10',
  bonding: 'bond',
  ifb: 'ifb',
  ipip: 'ipip remote 192.0.2.1 local 192.0.2.2',
  sit: 'sit remote 192.0.2.1 local 192.0.2.2',
  vcan: 'vcan',
  nlmon: 'nlmon',
  team: 'team',
  ip_vti: 'vti remote 192.0.2.1 local 192.0.2.2',
  ip6_gre: 'ip6gre remote 2001:db8::1 local 2001:db8::2',
  ip6_tunnel: 'ip6tnl remote 2001:db8::1 local 2001:db8::2',
  bareudp: 'bareudp dstport 6635 ethertype ipv4',
  xfrm_interface: 'xfrm if_id 1',
};
/** Link kinds that need a parent link. */
const CHILD_LINK_KINDS = ['macvlan', 'ipvlan', 'macvtap', 'ipvtap', 'macsec'];
/** Link kinds whose module is named otherwise (`ip link add X type gretap` needs ip_gre). */
const LINK_KIND_MODULES: Record<string, string> = {
  gretap: 'ip_gre',
  erspan: 'ip_gre',
  ip6gretap: 'ip6_gre',
  ip6erspan: 'ip6_gre',
  vti6: 'ip6_vti',
  batadv: 'batman_adv',
};
/** Queueing disciplines by module, added to lo and removed (with the parameters they cannot do without). */
const QDISCS: Record<string, string> = {
  sch_netem: 'root netem delay 1ms',
  sch_htb: 'root handle 1: htb',
  sch_tbf: 'root tbf rate 1mbit burst 32kbit latency 400ms',
  sch_ingress: 'ingress',
};
const UNKNOWN_LINK = /Unknown device type/;
const UNKNOWN_QDISC = /Specified qdisc kind is unknown/;

/** How a sandbox finds out whether the kernel has `feature` (a module name, loaded or built in). */
export function kernelProbe(feature: string): string {
  const known = FEATURE_PROBES[feature];
  if (known) return known;
  if (LINK_KINDS[feature]) return `ip link add nrprobe3 type ${LINK_KINDS[feature]} && ip link del nrprobe3`;
  if (CHILD_LINK_KINDS.includes(feature))
    return `ip link add nrprobe4 type veth peer name nrprobe5 && { ip link add nrprobe3 link nrprobe4 type ${feature}; r=$?; ip link del nrprobe4; exit $r; }`;
  if (QDISCS[feature])
    return `tc qdisc add dev lo ${QDISCS[feature]} && tc qdisc del dev lo ${QDISCS[feature].split(' ')[0] === 'ingress' ? 'ingress' : 'root'}`;
  // Any other qdisc: absent only when the kernel says it does not know the kind (one that wants
  // parameters refuses the bare command for that, not for being absent).
  if (/^sch_\w+$/.test(feature))
    return `! tc qdisc add dev lo root ${feature.slice(4)} 2>&1 | grep -q '${UNKNOWN_QDISC.source}'; r=$?; tc qdisc del dev lo root 2>/dev/null; exit $r`;
  return `test -d /sys/module/${feature}`;
}

/** The module a link kind needs: `bond` -> bonding, `gre` -> ip_gre, else the kind itself. */
function linkKindModule(kind: string): string {
  return LINK_KIND_MODULES[kind] ?? Object.entries(LINK_KINDS).find(([, spec]) => spec.split(' ')[0] === kind)?.[0] ?? kind;
}

/** `tc qdisc add dev X [root|parent P|handle H]... KIND ...`: KIND. */
function qdiscKind(line: string): string | undefined {
  const words = /\btc\s+qdisc\s+(?:add|replace|change|link)\s+(.*)$/.exec(line)?.[1]?.split(/\s+/);
  if (!words) return undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (['dev', 'parent', 'handle', 'estimator', 'stab'].includes(w)) i += w === 'estimator' ? 2 : 1;
    else if (w !== 'root') return w;
  }
  return undefined;
}

/** The module of a qdisc kind: `sch_KIND` (clsact lives in sch_ingress). */
const qdiscModule = (kind: string) => (kind === 'clsact' || kind === 'ingress' ? 'sch_ingress' : `sch_${kind}`);

/**
 * The `requires.kernel` name a failed command lacked, from what the kernel answered: the module
 * of the link kind `ip link add` asked for, or `sch_KIND` for the qdisc `tc` asked for.
 */
export function missingKernelFeature(r: Pick<CommandResult, 'command' | 'stderr' | 'failedLine'>): string | undefined {
  const link = UNKNOWN_LINK.test(r.stderr);
  const qdisc = UNKNOWN_QDISC.test(r.stderr);
  if (!link && !qdisc) return undefined;
  const lines = r.command.split('\n');
  const candidates = r.failedLine !== undefined && lines[r.failedLine - 1] ? [lines[r.failedLine - 1]!] : lines;
  for (const line of candidates) {
    const kind = link ? /\bip\s+(?:-\S+\s+)*link\s+add\b.*?\stype\s+(\S+)/.exec(line)?.[1] : qdiscKind(line);
    if (!kind) continue;
    return link ? linkKindModule(kind) : qdiscModule(kind);
  }
  return undefined;
}

/** What a step that failed for want of a kernel feature should say it lacks, and how to skip instead. */
export function kernelFeatureHint(r: Pick<CommandResult, 'command' | 'stderr' | 'failedLine' | 'exitCode'>): string | undefined {
  const feature = r.exitCode !== 0 ? missingKernelFeature(r) : undefined;
  return feature && `the kernel lacks ${feature} (declare requires: { kernel: [${feature}] } to skip the scenario where it is missing)`;
}

/**
 * The `requires.kernel` names a script needs, as far as its text shows: the module of each link
 * kind `ip link add ... type K` makes, `sch_K` for each qdisc `tc` adds, nf_nat for NAT targets.
 */
export function kernelFeaturesUsed(script: string): string[] {
  const found = new Set<string>();
  for (const part of script.split(/&&|\|\||;|\n/)) {
    const kind = /\bip\s+(?:-\S+\s+)*link\s+add\b.*?\stype\s+(\S+)/.exec(part)?.[1];
    if (kind) found.add(linkKindModule(kind));
    const qdisc = qdiscKind(part);
    if (qdisc) found.add(qdiscModule(qdisc));
    if (/\s-j\s+(?:MASQUERADE|SNAT|DNAT|REDIRECT)\b/.test(part)) found.add('nf_nat');
  }
  return [...found];
}
