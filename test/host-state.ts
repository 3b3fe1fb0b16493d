// A fingerprint of the host's own network state: links, addresses, routes, iptables rules,
// /run/netns and network sysctls. The test suite takes one before and one after and demands
// they are identical: netrecipes must never touch the host.
import { execSync } from 'node:child_process';

const SYSCTL_KEYS = /^net\.(ipv4\.(ip_forward|conf\.[^.]+\.(forwarding|rp_filter|accept_local|route_localnet|proxy_arp))|ipv6\.conf\.(all|default)\.forwarding|bridge\.|netfilter\.nf_log_all_netns|core\.devconf_inherit_init_net)/;

function sh(cmd: string): string {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    return `(failed: ${(err as Error).message.split('\n')[0]})`;
  }
}

export function hostState(): Record<string, string> {
  return {
    links: sh("ip -o link show | sed -E 's/ +(qlen|alias) .*//'"),
    addresses: sh('ip -o addr show'),
    routes: sh('ip route show table all'),
    rules: sh('ip rule show'),
    iptables: sh("iptables-save 2>/dev/null | grep -v '^#'"),
    netns: sh('ls -A /run/netns 2>/dev/null; ip netns list'),
    sysctls: sh('sysctl -a 2>/dev/null')
      .split('\n')
      .filter((l) => SYSCTL_KEYS.test(l))
      .join('\n'),
  };
}

export function diffStates(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((k) => before[k] !== after[k]).map((k) => `${k} changed:\n--- before\n${before[k]}\n+++ after\n${after[k]}`);
}
