// A fingerprint of the host's own network state: links, addresses, routes, iptables rules,
// /run/netns and network sysctls. The test suite takes one before and one after and demands
// they are identical: netrecipes must never touch the host.
import { execSync } from 'node:child_process';

const SYSCTL_KEYS =
  /^net\.(ipv4\.(ip_forward|conf\.[^.]+\.(forwarding|rp_filter|accept_local|route_localnet|proxy_arp))|ipv6\.conf\.(all|default)\.forwarding|bridge\.|netfilter\.nf_log_all_netns|core\.devconf_inherit_init_net)/;

/** One probe of the fingerprint; a probe that fails throws (with pipefail), so a broken probe can never compare equal to itself. */
export function probe(cmd: string): string {
  try {
    return execSync(`set -o pipefail; ${cmd}`, { encoding: 'utf8', shell: '/bin/bash', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { status?: number; stderr?: string };
    throw new Error(`host fingerprint probe failed: ${cmd} (exit ${e.status}): ${String(e.stderr ?? '').trim()}`);
  }
}

export function hostState(): Record<string, string> {
  return {
    links: probe("ip -o link show | sed -E 's/ +(qlen|alias) .*//'"),
    addresses: probe('ip -o addr show'),
    routes: probe('ip route show table all'),
    rules: probe('ip rule show'),
    iptables: probe("iptables-save | sed '/^#/d'"),
    netns: probe('{ ls -A /run/netns 2>/dev/null || true; } && ip netns list'), // no /run/netns at all is a state, not a failure
    sysctls: probe('sysctl -a 2>/dev/null')
      .split('\n')
      .filter((l) => SYSCTL_KEYS.test(l))
      .join('\n'),
  };
}

export function diffStates(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} changed:\n--- before\n${before[k]}\n+++ after\n${after[k]}`);
}
