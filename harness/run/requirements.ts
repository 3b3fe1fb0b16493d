// Checks a scenario's `requires:` inside the sandbox before any step runs. An unmet
// requirement skips the scenario with a reason (and the package that would provide a tool).
import type { Sandbox } from '../backends/backend.js';
import { moduleKey, type ModuleReport } from '../backends/kernel-modules.js';
import type { Scenario } from '../scenario/scenario.js';
import { PACKAGE_OF } from '../exec/debian-packages.js';
import { PROVIDED_COMMANDS } from './step-path.js';

/** A functional probe per well-known kernel feature, run in the fresh sandbox host; exit 0 means present. */
export const FEATURE_PROBES: Record<string, string> = {
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
  vxlan: 'vxlan id 42 dstport 4789', dummy: 'dummy', ip_gre: 'gre remote 192.0.2.1 local 192.0.2.2', gre: 'gre remote 192.0.2.1 local 192.0.2.2',
  geneve: 'geneve id 1 remote 192.0.2.1', wireguard: 'wireguard', vrf: 'vrf table 10', bonding: 'bond', ifb: 'ifb',
  ipip: 'ipip remote 192.0.2.1 local 192.0.2.2', sit: 'sit remote 192.0.2.1 local 192.0.2.2', vcan: 'vcan', nlmon: 'nlmon',
};
/** Link kinds that need a parent link. */
const CHILD_LINK_KINDS = ['macvlan', 'ipvlan', 'macvtap', 'ipvtap'];
/** Queueing disciplines by module, added to lo and removed. */
const QDISCS: Record<string, string> = { sch_netem: 'root netem delay 1ms', sch_htb: 'root handle 1: htb', sch_tbf: 'root tbf rate 1mbit burst 32kbit latency 400ms', sch_ingress: 'ingress' };

/** How a sandbox finds out whether the kernel has `feature` (a module name, loaded or built in). */
export function kernelProbe(feature: string): string {
  const known = FEATURE_PROBES[feature];
  if (known) return known;
  if (LINK_KINDS[feature]) return `ip link add nrprobe3 type ${LINK_KINDS[feature]} && ip link del nrprobe3`;
  if (CHILD_LINK_KINDS.includes(feature))
    return `ip link add nrprobe4 type veth peer name nrprobe5 && { ip link add nrprobe3 link nrprobe4 type ${feature}; r=$?; ip link del nrprobe4; exit $r; }`;
  if (QDISCS[feature]) return `tc qdisc add dev lo ${QDISCS[feature]} && tc qdisc del dev lo ${QDISCS[feature]!.split(' ')[0] === 'ingress' ? 'ingress' : 'root'}`;
  return `test -d /sys/module/${feature}`;
}

function kernelAtLeast(release: string, min: string): boolean {
  const a = release.split(/[.-]/).map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    const x = a[i] ?? 0;
    if (x !== b[i]) return x > b[i]!;
  }
  return true;
}

/**
 * What one backend has been found to have: "cmd ip" / "kernel bridge" -> present, and its
 * kernel release. Every sandbox of a backend has the same kernel and userland, so each probe
 * runs once per backend, not once per scenario.
 */
export interface RequirementFacts {
  present: Map<string, boolean>;
  release?: string;
  /** What the backend's module load found (modules it could not load say why). */
  modules?: ModuleReport;
}

export function newRequirementFacts(): RequirementFacts {
  return { present: new Map() };
}

/** Returns why the scenario cannot run here, or undefined when everything it needs is present. */
export async function unmetRequirements(sandbox: Sandbox, scenario: Scenario, facts: RequirementFacts = newRequirementFacts()): Promise<string | undefined> {
  const { kernel, min_kernel } = scenario.requires;
  const commands = scenario.requires.commands.filter((c) => !PROVIDED_COMMANDS.includes(c));
  const probes = [
    ...commands.map((c) => [`cmd ${c}`, `command -v ${c} >/dev/null 2>&1`] as const),
    ...kernel.map((k) => [`kernel ${k}`, `( ${kernelProbe(moduleKey(k))} ) >/dev/null 2>&1`] as const),
  ].filter(([key]) => !facts.present.has(key));
  if (probes.length || facts.release === undefined) {
    const lines = ['uname -r', ...probes.map(([key, probe]) => `${probe} && echo "yes ${key}" || echo "no ${key}"`)];
    const r = await sandbox.exec(['bash', '-c', lines.join('\n')], { timeoutMs: 10_000, label: 'check requirements' });
    const [release = '', ...answers] = r.stdout.trim().split('\n');
    facts.release = release;
    for (const a of answers) facts.present.set(a.slice(a.indexOf(' ') + 1), a.startsWith('yes '));
  }
  const missing = [...commands.map((c) => `cmd ${c}`), ...kernel.map((k) => `kernel ${k}`)].filter((key) => facts.present.get(key) === false);
  const release = facts.release ?? '';
  const reasons: string[] = [];
  const tools = missing.filter((m) => m.startsWith('cmd ')).map((m) => m.slice(4));
  if (tools.length) {
    const pkgs = [...new Set(tools.map((t) => PACKAGE_OF[t] ?? t))];
    reasons.push(`missing command${tools.length > 1 ? 's' : ''} ${tools.join(', ')} (apt-get install -y ${pkgs.join(' ')})`);
  }
  const features = missing.filter((m) => m.startsWith('kernel ')).map((m) => m.slice(7));
  if (features.length) {
    const why = features.map((f) => facts.modules?.missing[moduleKey(f)]).filter(Boolean);
    reasons.push(`kernel feature${features.length > 1 ? 's' : ''} not available: ${features.join(', ')}${why.length ? ` (${why.join('; ')})` : ''}`);
  }
  if (min_kernel && !kernelAtLeast(release, min_kernel)) reasons.push(`kernel ${release} is older than ${min_kernel}`);
  return reasons.length ? reasons.join('; ') : undefined;
}
