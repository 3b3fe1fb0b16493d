// Where a replayed probe of the failed flow died, from `nft monitor trace` (trace.sh): the
// table, chain and rule or policy whose verdict was drop, per namespace.
import type { Sandbox } from '../backends/backend.js';
import { namespaceScript } from '../exec/namespaces.js';
import { parseEvidence } from './evidence.js';
import type { Flow } from './flow.js';

const TRACE_SCRIPT = namespaceScript(import.meta.url, './trace.sh');

/** "filter FORWARD policy drop" or "filter FORWARD rule ... (verdict drop)" per trace line that dropped. */
export function parseTraceDrops(text: string): string[] {
  const drops: string[] = [];
  for (const line of text.split('\n')) {
    const policy = /^trace id \S+ ip6? (\S+) (\S+) policy drop/.exec(line);
    const rule = /^trace id \S+ ip6? (\S+) (\S+) rule (.*) \(verdict drop\)/.exec(line);
    if (policy) drops.push(`${policy[1]} ${policy[2]} policy drop`);
    else if (rule) drops.push(`${rule[1]} ${rule[2]} rule ${rule[3]}`);
  }
  return [...new Set(drops)];
}

/** One line per namespace where the traced replay was dropped; none when tracing is unavailable. */
export async function traceDrops(sandbox: Sandbox, flow: Flow): Promise<string[]> {
  const env = [`SRC_NS=${flow.from}`, `DST=${flow.dst}`, `PROTO=${flow.proto}`, `DPORT=${flow.dport ?? ''}`, `FAMILY=${flow.family ?? 4}`];
  const r = await sandbox.exec(['env', ...env, 'bash', '-c', TRACE_SCRIPT], { timeoutMs: 10_000, label: 'nft trace' });
  const lines: string[] = [];
  for (const [ns, sections] of parseEvidence(r.stdout.replace(/^(=== .*)$/gm, '$1\n--- trace'))) {
    for (const d of parseTraceDrops(sections.get('trace') ?? ''))
      lines.push(`nft trace of a replayed ${flow.proto === 'tcp' ? 'connect' : 'ping'}: dropped at ${d} in ${ns}`);
  }
  return lines;
}
