// Broken recipes are explained from evidence taken in the sandbox: the dropping policy, the
// reverse-path filter, the unreplied flow whose source was not translated, the missing listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsBackend } from '../../harness/backends/netns/netns-backend.js';
import { BUNDLED_SCENARIOS } from '../../harness/cli/select.js';
import { runScenario } from '../../harness/run/scenario-runner.js';
import { loadScenarios } from '../../harness/scenario/load.js';
import type { Scenario, Step } from '../../harness/scenario/scenario.js';

/** One backend for the file, as a run has: prepared once, its staging area shared. */
const backend = new NetnsBackend();
beforeAll(() => backend.prepare());
afterAll(() => backend.close());

const { scenarios } = await loadScenarios([BUNDLED_SCENARIOS]);

/** The scenario `id` with the named step changed by `change`. */
function broken(id: string, stepName: string, change: (s: Step) => Step): Scenario {
  const s = scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  if (!s.steps.some((st) => st.name === stepName)) throw new Error(`${id} has no step "${stepName}"`);
  return { ...s, steps: s.steps.map((st) => (st.name === stepName ? change(st) : st)) };
}

async function explanationOf(s: Scenario): Promise<{ step?: string; lines: string[] }> {
  const r = await runScenario(s, { backend });
  const failed = r.steps.find((st) => st.outcome === 'fail');
  return { step: failed?.step.name, lines: failed?.explanation ?? [] };
}

describe.concurrent('a failed connectivity step is explained', () => {
  it('docker FORWARD DROP without its ACCEPT rules: the FORWARD policy DROP in the sandbox host', async () => {
    const s = broken('cnfs-docker-forward-drop', "Docker's filter chains and rules, for br0", (st) => ({ ...st, run: 'true', expect: undefined }));
    const { step, lines } = await explanationOf(s);
    expect(step).toBe('egress works again');
    expect(lines).toContainEqual(expect.stringMatching(/^FORWARD policy DROP \(\+\d+ packets?\) in host \(filter table\)$/));
    expect(lines).toContain('nft trace of a replayed ping: dropped at filter FORWARD policy drop in host');
  });

  it('route conflict with rp_filter=1: a reverse-path drop in the host', async () => {
    const s = broken('cnfs-route-conflict', "netns1 cannot reach the host's veth1", (st) => ({ ...st, expect: { ping: 'ok' } }));
    const { step, lines } = await explanationOf(s);
    expect(step).toBe("netns1 cannot reach the host's veth1");
    expect(lines).toContainEqual(expect.stringMatching(/^reverse-path filter in host: 172\.18\.0\.20 comes in on veth1 but host routes it back via veth0/));
    expect(lines).toContainEqual(expect.stringMatching(/^ARP for 172\.18\.0\.21 on ceth1 went unanswered in netns1 \(neighbour (FAILED|INCOMPLETE)\)$/));
  });

  it('SNAT without MASQUERADE: no reply, the source left the uplink untranslated', async () => {
    const s = broken('cnfs-snat-egress', "masquerade what leaves the containers' /16 other than by br0", (st) => ({ ...st, run: 'true', expect: undefined }));
    const { step, lines } = await explanationOf(s);
    expect(step).toBe('the internet answers');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^no reply: world received \d+ packets? but has no route back to 172\.18\.0\.10 \(ip route get: Network is unreachable\); 172\.18\.0\.10 left host via eth0 untranslated \(no SNAT or MASQUERADE rule counted a packet\)$/,
      ),
    );
  });

  it('DNAT to a port with no listener: no socket listening on that port in the container', async () => {
    const s = broken('cnfs-dnat-publish', "DNAT outside traffic for the host's port 5000 to the container", (st) => ({
      ...st,
      run: st.run!.replace('172.18.0.10:5000', '172.18.0.10:5001'),
      expect: undefined,
    }));
    const { step, lines } = await explanationOf(s);
    expect(step).toBe('the outside client now gets the page');
    expect(lines).toContainEqual('no socket listening on 5001 in netns0 (10.0.2.15:5000 is DNATed to 172.18.0.10:5001 in host)');
  });

  it('a step that passes carries no explanation', async () => {
    const s = scenarios.find((x) => x.id === 'cnfs-dnat-publish')!;
    const r = await runScenario({ ...s, steps: s.steps.slice(0, 4) }, { backend });
    expect(r.outcome).toBe('pass');
    expect(r.steps.filter((st) => st.explanation)).toEqual([]);
  });
});
