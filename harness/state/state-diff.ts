// What a step changed in the sandbox's network: a snapshot of every namespace after each step
// (snapshot.sh), read into keyed facts, and the difference between two snapshots as
// "netns0: + route default via 172.18.0.1 dev ceth0" or "host: ~ sysctl net.ipv4.ip_forward 0 -> 1".
import type { Sandbox } from '../backends/backend.js';
import { namespaceScript } from '../exec/namespaces.js';
import { parseEvidence } from '../explain/evidence.js';
import { parseCounters } from '../explain/netfilter-counters.js';
import { field } from '../text/json-field.js';

const SNAPSHOT_SCRIPT = namespaceScript(import.meta.url, './snapshot.sh');

/** Namespace -> fact key -> value ('' for facts that are only present or absent). */
export type NetworkState = Map<string, Map<string, string>>;

type Json = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? undefined : field(v));
const words = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' ');

function ipFacts(lines: string[], facts: Map<string, string>): void {
  const [links = [], addrs = [], routes = [], rules = [], neighs = []] = lines.map((l) => {
    try {
      return JSON.parse(l) as Json[];
    } catch {
      return [];
    }
  });
  for (const l of links) {
    const info = l.linkinfo as Json | undefined;
    facts.set(
      `link ${field(l.ifname)}`,
      words(str(info?.info_kind) ?? str(l.link_type), str(l.operstate), l.master !== undefined && `master ${field(l.master)}`),
    );
  }
  for (const a of addrs)
    for (const i of (a.addr_info as Json[] | undefined) ?? [])
      if (i.scope !== 'link' && i.scope !== 'host') facts.set(`addr ${field(i.local)}/${field(i.prefixlen)} dev ${field(a.ifname)}`, '');
  for (const r of routes) {
    if (r.table === 'local') continue; // mirrors the addresses
    const table = r.table && r.table !== 'main' ? `table ${field(r.table)} ` : '';
    facts.set(
      `route ${table}${words(r.type && r.type !== 'unicast' ? str(r.type) : undefined, str(r.dst), r.gateway !== undefined && `via ${field(r.gateway)}`, r.dev !== undefined && `dev ${field(r.dev)}`, r.prefsrc !== undefined && `src ${field(r.prefsrc)}`)}`,
      '',
    );
  }
  for (const r of rules)
    facts.set(
      `rule ${words(str(r.priority), `from ${field(r.src ?? 'all')}`, r.dst !== undefined && `to ${field(r.dst)}`, r.fwmark !== undefined && `fwmark ${field(r.fwmark)}`, `lookup ${field(r.table)}`)}`,
      '',
    );
  for (const n of neighs) {
    const state = (n.state as string[] | undefined) ?? [];
    // Only what a step decides: the MAC learnt, or that resolution failed (not REACHABLE/STALE aging).
    facts.set(`neigh ${field(n.dst)} dev ${field(n.dev)}`, str(n.lladdr) ?? state.find((s) => s === 'FAILED' || s === 'INCOMPLETE') ?? state.join(','));
  }
}

export function parseSnapshot(text: string): NetworkState {
  const out: NetworkState = new Map();
  for (const [ns, sections] of parseEvidence(text)) {
    const facts = new Map<string, string>();
    ipFacts(
      (sections.get('ip') ?? '').split('\n').filter((l) => l.startsWith('[')),
      facts,
    );
    for (const c of parseCounters(sections.get('iptables') ?? '')) {
      const rule = c.what.startsWith('policy ') ? `${c.table} ${c.chain}` : `${c.table} -A ${c.chain} ${c.what}`;
      if (c.what.startsWith('policy ')) facts.set(`iptables ${rule} policy`, c.what.slice(7));
      else facts.set(`iptables ${rule}`, '');
      facts.set(`counter ${rule}${c.what.startsWith('policy ') ? ' policy' : ''}`, `${c.packets} packets`);
    }
    const ct = (sections.get('conntrack') ?? '').trim();
    if (ct) facts.set('conntrack entries', ct);
    for (const l of (sections.get('sysctl') ?? '').split('\n').filter(Boolean)) {
      const [k, v] = l.split(' ');
      facts.set(`sysctl ${k!.replaceAll('/', '.')}`, v ?? '');
    }
    out.set(ns, facts);
  }
  return out;
}

/**
 * A new fact that only says what the kernel starts with: a new namespace's sysctls, a zero
 * counter, a built-in chain's ACCEPT policy appearing with its table.
 */
function isDefault(key: string, value: string, freshNamespace: boolean): boolean {
  if (key.startsWith('sysctl ')) return freshNamespace;
  if (key.startsWith('counter ')) return value === '0 packets';
  return key.startsWith('iptables ') && key.endsWith(' policy') && value === 'ACCEPT';
}

/** `+` added, `-` removed, `~` changed value; grouped by namespace in snapshot order. */
export function diffStates(before: NetworkState, after: NetworkState): string[] {
  const lines: string[] = [];
  const show = (k: string, v: string) => (v ? `${k} ${v}` : k);
  for (const ns of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(ns) ?? new Map<string, string>();
    const b = after.get(ns) ?? new Map<string, string>();
    const fresh = !before.has(ns);
    if (fresh && before.size) lines.push(`${ns}: + netns ${ns}`);
    for (const [k, v] of a) if (!b.has(k) && !k.startsWith('counter ')) lines.push(`${ns}: - ${show(k, v)}`);
    for (const [k, v] of b) {
      const was = a.get(k);
      if (was === undefined) {
        if (!isDefault(k, v, fresh)) lines.push(`${ns}: + ${show(k, v)}`);
      } else if (was !== v) lines.push(`${ns}: ~ ${k} ${was || '(none)'} -> ${v}`);
    }
    if (!after.has(ns)) lines.push(`${ns}: - netns ${ns}`);
  }
  return lines;
}

/** A snapshot of every namespace of the live sandbox; empty when it cannot answer. */
export async function snapshotState(sandbox: Sandbox): Promise<NetworkState> {
  if (!sandbox.alive()) return new Map();
  const r = await sandbox.exec(['bash', '-c', SNAPSHOT_SCRIPT], { timeoutMs: 15_000, label: 'state snapshot' });
  return parseSnapshot(r.stdout);
}
