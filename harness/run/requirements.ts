// Checks a scenario's `requires:` inside the sandbox before any step runs. An unmet
// requirement skips the scenario with a reason (and the package that would provide a tool).
import type { Sandbox } from '../backends/backend.js';
import type { Scenario } from '../scenario/scenario.js';
import { PACKAGE_OF } from '../exec/debian-packages.js';

/** A probe per kernel feature, run in the fresh sandbox host; exit 0 means present. */
export const FEATURE_PROBES: Record<string, string> = {
  veth: 'ip link add nrprobe0 type veth peer name nrprobe1 && ip link del nrprobe0',
  bridge: 'ip link add nrprobe2 type bridge && ip link del nrprobe2',
  nf_nat: 'iptables -t nat -A POSTROUTING -o nrprobe -j MASQUERADE && iptables -t nat -D POSTROUTING -o nrprobe -j MASQUERADE',
  nf_conntrack:
    'iptables -A INPUT -i nrprobe -m conntrack --ctstate ESTABLISHED -j ACCEPT && iptables -D INPUT -i nrprobe -m conntrack --ctstate ESTABLISHED -j ACCEPT',
  br_netfilter: 'test -e /proc/sys/net/bridge/bridge-nf-call-iptables',
  xt_LOG: 'iptables -A INPUT -i nrprobe -j LOG && iptables -D INPUT -i nrprobe -j LOG',
};

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
}

export function newRequirementFacts(): RequirementFacts {
  return { present: new Map() };
}

/** Returns why the scenario cannot run here, or undefined when everything it needs is present. */
export async function unmetRequirements(sandbox: Sandbox, scenario: Scenario, facts: RequirementFacts = newRequirementFacts()): Promise<string | undefined> {
  const { commands, kernel, min_kernel } = scenario.requires;
  const probes = [
    ...commands.map((c) => [`cmd ${c}`, `command -v ${c} >/dev/null 2>&1`] as const),
    ...kernel.map((k) => [`kernel ${k}`, `( ${FEATURE_PROBES[k]} ) >/dev/null 2>&1`] as const),
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
  if (features.length) reasons.push(`kernel feature${features.length > 1 ? 's' : ''} not available: ${features.join(', ')}`);
  if (min_kernel && !kernelAtLeast(release, min_kernel)) reasons.push(`kernel ${release} is older than ${min_kernel}`);
  return reasons.length ? reasons.join('; ') : undefined;
}
