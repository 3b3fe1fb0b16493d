// Gathers evidence about a flow from every namespace of a live sandbox with evidence.sh, and
// splits its output into namespaces and sections.
import type { Sandbox } from '../backends/backend.js';
import { namespaceScript } from '../exec/namespaces.js';
import type { Flow } from './flow.js';

const EVIDENCE_SCRIPT = namespaceScript(import.meta.url, './evidence.sh');

/** Namespace ("host", a netns name, "world", "client") -> section kind -> its text. */
export type Evidence = Map<string, Map<string, string>>;

export function parseEvidence(text: string): Evidence {
  const out: Evidence = new Map();
  let ns: Map<string, string> | undefined;
  let kind = '';
  for (const line of text.split('\n')) {
    const nsHead = /^=== (.+)$/.exec(line);
    if (nsHead) {
      out.set(nsHead[1]!, (ns = new Map<string, string>()));
      continue;
    }
    const head = /^--- (\S+)$/.exec(line);
    if (head && ns) {
      ns.set((kind = head[1]!), '');
      continue;
    }
    if (ns && kind) ns.set(kind, `${ns.get(kind)}${line}\n`);
  }
  return out;
}

/**
 * `counters` before a connectivity step (netfilter and drop counters only), `full` after it
 * failed. Best effort: a sandbox that cannot answer gives no evidence, never an error.
 */
export async function gatherEvidence(sandbox: Sandbox, mode: 'counters' | 'full', flow?: Flow): Promise<Evidence> {
  if (!sandbox.alive()) return new Map();
  const env = [`MODE=${mode}`, `DST=${flow?.dst ?? ''}`, `SRC_NS=${flow?.from ?? ''}`, `FAMILY=${flow?.family ?? 4}`];
  const r = await sandbox.exec(['env', ...env, 'bash', '-c', EVIDENCE_SCRIPT], { timeoutMs: 15_000, label: `evidence (${mode})` });
  return parseEvidence(r.stdout);
}
