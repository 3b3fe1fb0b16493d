// Where a netns sandbox's fixed cost goes: each phase of its start (NetnsBackend.phases), the
// world a scenario asks for, the step commands written into it, and its teardown, each the
// median over `count` sandboxes made one after another as a run makes them (the next one ahead).
import { NetnsBackend } from '../harness/backends/netns/netns-backend.js';
import { installStepCommands } from '../harness/run/step-path.js';
import type { Scenario } from '../harness/scenario/scenario.js';
import { buildWorld } from '../harness/world/world.js';

export async function sandboxPhases(scenario: Scenario, median: (xs: number[]) => number, count = 15): Promise<[string, number][]> {
  const backend = new NetnsBackend();
  const furnish: number[] = [];
  backend.furnish = async (sandbox) => {
    const t = performance.now();
    await installStepCommands(sandbox);
    furnish.push(performance.now() - t);
  };
  await backend.prepare();
  await backend.loadModules([]);
  const world: number[] = [];
  const teardown: number[] = [];
  for (let i = 0; i < count; i++) {
    const sandbox = await backend.create();
    let t = performance.now();
    if (scenario.world) await buildWorld(sandbox, scenario.world);
    world.push(performance.now() - t);
    t = performance.now();
    await sandbox.close();
    teardown.push(performance.now() - t);
  }
  await backend.close();
  const started = backend.phases;
  const names = Object.keys(started[0] ?? {});
  return [
    ...names.map((n): [string, number] => [n, median(started.map((p) => p[n] ?? 0))]),
    ['step commands written (while a spare waits)', median(furnish)],
    [`world (${scenario.id})`, median(world)],
    ['teardown', median(teardown)],
  ];
}
