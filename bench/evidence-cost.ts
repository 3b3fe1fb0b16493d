// What the explanation and the per-step diff cost: in the sandbox of a finished scenario (the
// richest of the seed suite: bridge, 3 netns, world, client, Docker's chains), time the counters
// snapshot taken before each connectivity step and the --state-diff snapshot taken after every step.
import type { Backend } from '../harness/backends/backend.js';
import { gatherEvidence } from '../harness/explain/evidence.js';
import { runScenario } from '../harness/run/scenario-runner.js';
import type { Scenario } from '../harness/scenario/scenario.js';
import { snapshotState } from '../harness/state/state-diff.js';

export interface EvidenceCost {
  countersMs: number;
  stateMs: number;
  namespaces: number;
}

export async function evidenceCost(backend: Backend, scenario: Scenario, median: (xs: number[]) => number, rounds = 15): Promise<EvidenceCost> {
  const cost: EvidenceCost = { countersMs: 0, stateMs: 0, namespaces: 0 };
  await runScenario(scenario, {
    backend,
    beforeClose: async (sandbox) => {
      const time = async (f: () => Promise<unknown>) => {
        const ts: number[] = [];
        for (let i = 0; i < rounds; i++) {
          const t0 = performance.now();
          await f();
          ts.push(performance.now() - t0);
        }
        return median(ts);
      };
      cost.countersMs = await time(() => gatherEvidence(sandbox, 'counters'));
      cost.stateMs = await time(() => snapshotState(sandbox));
      cost.namespaces = (await snapshotState(sandbox)).size;
    },
  });
  return cost;
}
