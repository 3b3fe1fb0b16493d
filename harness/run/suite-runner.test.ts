import { describe, expect, it } from 'vitest';
import type { Backend } from '../backends/backend.js';
import { noModules } from '../backends/kernel-modules.js';
import { InfrastructureError } from '../errors.js';
import { parseScenario } from '../scenario/load.js';
import { runSuite } from './suite-runner.js';

const scenario = (id: string) => parseScenario(`id: ${id}\ntitle: ${id}\nsource: { doc: d, section: s }\nsteps:\n  - name: a\n    run: 'true'\n`, `${id}.yaml`);

describe('runSuite after an interrupt', () => {
  it('creates no sandbox for the scenarios not started yet and reports them as skipped', async () => {
    const interrupt = new AbortController();
    let created = 0;
    // The run is interrupted while the first sandbox is being made.
    const backend: Backend = {
      name: 'counting',
      check: async () => [],
      prepare: async () => undefined,
      loadModules: async () => noModules('nowhere'),
      create: async () => {
        created++;
        interrupt.abort('SIGINT');
        throw new InfrastructureError('no sandbox here');
      },
    };
    const summary = await runSuite([scenario('one'), scenario('two'), scenario('three')], { backend, jobs: 1, signal: interrupt.signal });
    expect(created).toBe(1);
    expect(summary.results.map((r) => [r.scenario.id, r.outcome, r.message])).toEqual([
      ['one', 'error', 'no sandbox here'],
      ['two', 'skip', 'run interrupted'],
      ['three', 'skip', 'run interrupted'],
    ]);
    expect(summary.results[1]!.steps.map((s) => [s.outcome, s.message])).toEqual([['skip', 'run interrupted']]);
  });
});
