// Where a netns sandbox's fixed cost goes: each phase of its start (NetnsBackend.phases), the
// world a scenario asks for, the step commands written into it, the topology read at the end
// (with two netns of the scenario's), and its teardown, each the median over `count` sandboxes
// made one after another as a run makes them (the next one ahead).
import { NetnsBackend } from '../harness/backends/netns/netns-backend.js';
import { installStepCommands } from '../harness/run/step-path.js';
import { readTopology } from '../harness/run/topology.js';
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
  const topology: number[] = [];
  for (let i = 0; i < count; i++) {
    const sandbox = await backend.create();
    let t = performance.now();
    if (scenario.world) await buildWorld(sandbox, scenario.world);
    world.push(performance.now() - t);
    const netns = await sandbox.exec(['sh', '-c', 'ip netns add a && ip netns add b'], { timeoutMs: 10_000 });
    if (netns.exitCode !== 0) throw new Error(`ip netns add failed in the sandbox: ${netns.stderr.trim()}`);
    t = performance.now();
    await readTopology(sandbox);
    topology.push(performance.now() - t);
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
    [`topology read (host${scenario.world ? ', world, client' : ''} and 2 netns)`, median(topology)],
    ['teardown (with those 2 netns)', median(teardown)],
  ];
}
