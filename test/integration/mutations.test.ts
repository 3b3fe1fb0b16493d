// The seed scenarios are strong enough to catch a broken recipe: take away the command that
// fixes each walkthrough (as `netrecipes audit` does) or break it, and the scenario must fail,
// on the step that shows the breakage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsBackend } from '../../harness/backends/netns/netns-backend.js';
import { runScenario } from '../../harness/run/scenario-runner.js';
import { loadScenarios } from '../../harness/scenario/load.js';
import type { Scenario } from '../../harness/scenario/scenario.js';
import { BUNDLED_SCENARIOS } from '../../harness/cli/select.js';
import { changesState, without } from '../../harness/audit/mutants.js';

/** One backend for the file, as a run has: prepared once, its staging area shared. */
const backend = new NetnsBackend();
beforeAll(() => backend.prepare());
afterAll(() => backend.close());

interface Mutation {
  what: string;
  scenario: string;
  step: string;
  /** New command for the step (its own checks are dropped too), or 'remove': the step taken away as audit does. */
  run: ((old: string) => string) | 'remove';
  failsAt: string;
  /** An explanation line of the failed step; none where it fails on a rule listing, not on traffic. */
  why?: RegExp;
}

const MUTATIONS: Mutation[] = [
  {
    what: 'no default route',
    scenario: 'cnfs-host-access',
    step: 'default route via the bridge address',
    run: 'remove',
    failsAt: "netns0 now reaches the host's eth0 address",
    why: /^no route to 10\.0\.2\.15 in netns0 \(ip route get: Network is unreachable\)$/,
  },
  {
    what: 'no ip_forward',
    scenario: 'cnfs-snat-egress',
    step: 'enable forwarding',
    run: 'remove',
    failsAt: 'the private source address left the uplink, and nothing came back',
    why: /^forwarding is off in host \(net\.ipv4\.ip_forward=0\)/,
  },
  {
    what: 'no MASQUERADE',
    scenario: 'cnfs-snat-egress',
    step: "masquerade what leaves the containers' /16 other than by br0",
    run: 'remove',
    failsAt: 'the internet answers',
    why: /^no reply: world received \d+ packets? but has no route back to 172\.18\.0\.10 .*left host via eth0 untranslated/,
  },
  {
    what: 'MASQUERADE for the wrong subnet',
    scenario: 'dbbh-snat-egress',
    step: 'MASQUERADE what 10.0.0.0/24 sends out of anything but br0',
    run: (o) => o.replace('10.0.0.0/24', '10.9.9.0/24'),
    failsAt: 'iptables -L shows the rule',
  },
  {
    what: 'no PREROUTING DNAT',
    scenario: 'cnfs-dnat-publish',
    step: "DNAT outside traffic for the host's port 5000 to the container",
    run: 'remove',
    failsAt: 'the outside client now gets the page',
    why: /^no socket listening on 5000 in host$/,
  },
  {
    what: 'no OUTPUT DNAT',
    scenario: 'cnfs-dnat-publish',
    step: 'DNAT locally generated traffic in OUTPUT too',
    run: 'remove',
    failsAt: 'the host now reaches the published port',
    why: /^no socket listening on 5000 in host$/,
  },
  {
    what: 'DNAT to the wrong port',
    scenario: 'dbbh-dnat-publish',
    step: 'DNAT tcp/80 arriving from anywhere but br0 to 10.0.0.1:80',
    run: (o) => o.replace('10.0.0.1:80', '10.0.0.1:81'),
    failsAt: 'iptables -L shows it',
  },
  {
    what: 'veth1 not enslaved',
    scenario: 'cnfs-bridge',
    step: 'create br0 and enslave veth0 and veth1',
    run: (o) => o.replace('ip link set veth1 master br0', ''),
    failsAt: 'netns0 reaches netns1',
    why: /^ARP for 172\.18\.0\.20 on ceth0 went unanswered in netns0 \(neighbour (FAILED|INCOMPLETE)\)$/,
  },
  {
    what: 'no RELATED,ESTABLISHED ACCEPT',
    scenario: 'cnfs-docker-forward-drop',
    step: "Docker's filter chains and rules, for br0",
    run: (o) => o.replace(/^.*--ctstate RELATED,ESTABLISHED -j ACCEPT\n/m, ''),
    failsAt: 'egress works again',
    why: /^FORWARD policy DROP \(\+\d+ packets?\) in host \(filter table\)$/,
  },
  {
    what: 'no per-container ACCEPT',
    scenario: 'cnfs-docker-forward-drop',
    step: "Docker's filter chains and rules, for br0",
    run: (o) => o.replace(/^iptables -A DOCKER -d .*\n/m, ''),
    failsAt: 'the outside client reaches the published port',
    why: /^FORWARD policy DROP \(\+\d+ packets?\) in host \(filter table\)$/,
  },
];

const { scenarios } = await loadScenarios([BUNDLED_SCENARIOS]);
const byId = new Map(scenarios.map((s) => [s.id, s]));

function mutate(s: Scenario, m: Mutation): Scenario {
  const target = s.steps.find((st) => st.name === m.step);
  if (!target) throw new Error(`${s.id} has no step "${m.step}"`);
  if (m.run === 'remove') {
    expect(changesState(target), `audit takes "${m.step}" for a state change`).toBe(true);
    return without(s, target);
  }
  const run = m.run;
  return { ...s, steps: s.steps.map((st) => (st === target ? { ...st, run: run(st.run ?? ''), expect: undefined } : st)) };
}

describe.concurrent('a seed scenario fails when its fix is taken away, and says why', () => {
  for (const m of MUTATIONS) {
    it(`${m.scenario}: ${m.what} -> fails at "${m.failsAt}"`, async () => {
      const original = byId.get(m.scenario);
      expect(original, `scenario ${m.scenario}`).toBeDefined();
      const r = await runScenario(mutate(original!, m), { backend });
      const failed = r.steps.find((s) => s.outcome !== 'pass' && s.outcome !== 'skip');
      expect(r.outcome).toBe('fail');
      expect(failed?.step.name, failed?.message).toBe(m.failsAt);
      if (m.why) expect(failed?.explanation ?? []).toContainEqual(expect.stringMatching(m.why));
      else expect(failed?.explanation).toBeUndefined();
    });
  }
});
