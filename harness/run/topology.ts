// What the network looked like at the end of a scenario, for the report's picture: topology.sh
// asks each namespace with one `ip -batch` (one process per namespace), and this reads its answer.
import type { Sandbox } from '../backends/backend.js';
import { namespaceScript } from '../exec/namespaces.js';
import type { Topology } from './results.js';

const SCRIPT = namespaceScript(import.meta.url, './topology.sh');
type Rows = Record<string, unknown>[];
type Answers = Topology[string];
/** Which query a JSON array answers, by the shape of its rows (undefined for an empty one, which leaves the default []). */
function keyOf(rows: Rows): keyof Answers | undefined {
  const row = rows[0];
  if (!row) return undefined;
  if ('addr_info' in row) return 'addrs';
  if ('nsid' in row) return 'ids';
  if ('dst' in row) return 'routes';
  if ('ifname' in row) return 'links';
  return undefined;
}

/**
 * Reads topology.sh's output. Each array under a namespace is placed by its rows' shape, so when
 * a query failed (a line fewer) no answer lands under another's key.
 */
export function parseTopology(text: string): Topology {
  const out: Topology = Object.create(null) as Topology; // a netns may be called __proto__
  let current: Rows[] | undefined;
  const sections: [string, Rows[]][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('@ ')) {
      current = [];
      try {
        sections.push([JSON.parse(line.slice(2)) as string, current]);
      } catch {
        current = undefined; // a name the script could not escape (a control character): left out of the picture
      }
    } else if (line.trim() && current) {
      try {
        const v = JSON.parse(line) as unknown;
        if (Array.isArray(v)) current.push(v as Rows);
      } catch {
        // a line that is not JSON answers nothing
      }
    }
  }
  for (const [name, arrays] of sections) {
    const answers: Answers = { links: [], addrs: [], ids: [], routes: [] };
    for (const rows of arrays) {
      const key = keyOf(rows);
      if (key) (answers as Record<string, Rows>)[key] = rows;
    }
    out[name] = answers;
  }
  return out;
}

/** The sandbox's network now; undefined when the sandbox is gone or the answer unreadable. */
export async function readTopology(sandbox: Sandbox): Promise<Topology | undefined> {
  if (!sandbox.alive()) return undefined;
  const r = await sandbox.exec(['bash', '-c', SCRIPT], { timeoutMs: 10_000, label: 'topology' });
  const topology = parseTopology(r.stdout);
  return topology.host ? topology : undefined;
}
