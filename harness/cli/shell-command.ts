// `netrecipes shell SCENARIO [--until STEP]`: replay a scenario up to a step, then hand the
// user an interactive shell inside that very sandbox; tear down when the shell exits.
import { execa } from 'execa';
import pc from 'picocolors';
import { modulesFor } from '../backends/kernel-modules.js';
import { backendNamed } from '../backends/registry.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../run/results.js';
import { runScenario } from '../run/scenario-runner.js';
import type { Scenario } from '../scenario/scenario.js';
import { consoleEvents } from '../report/console.js';
import { selectScenarios } from './select.js';

function stepIndex(s: Scenario, until: string | undefined): number {
  if (until === undefined) return s.steps.length - 1;
  const n = Number(until);
  if (Number.isInteger(n) && n >= 1 && n <= s.steps.length) return n - 1;
  const i = s.steps.findIndex((st) => st.name === until);
  if (i < 0) throw new UsageError(`--until: no step ${until} in ${s.id} (give a number 1-${s.steps.length} or a step name)`);
  return i;
}

export async function shellCommand(id: string, opts: { until?: string; backend: string; distro?: string; iptables?: string; paths?: string[] }): Promise<number> {
  if (opts.backend === 'qemu' || opts.backend === 'vagrant') throw new UsageError(`shell needs --backend netns or container: the ${opts.backend} backend has no terminal into its guest yet`);
  const { scenarios } = await selectScenarios(opts.paths ?? [], {});
  const s = scenarios.find((x) => x.id === id || x.file.endsWith(id));
  if (!s) throw new UsageError(`no scenario "${id}" (see netrecipes list)`);
  const backend = backendNamed(opts.backend, { distro: opts.distro, iptables: opts.iptables });
  await backend.probe();
  await backend.loadModules(modulesFor([s]));
  const events = consoleEvents({ verbose: true });
  const r = await runScenario(s, {
    backend,
    untilStep: stepIndex(s, opts.until),
    onStep: (x) => events.step?.(s, x),
    beforeClose: async (sandbox) => {
      process.stdout.write(`${pc.green('shell')} inside ${s.id}'s sandbox (exit to tear it down); ip netns list shows its namespaces\n`);
      const [cmd, ...args] = sandbox.shellArgv();
      await execa(cmd!, args, { stdio: 'inherit', reject: false, env: { PS1: `[netrecipes ${s.id}] \\w # ` } });
    },
  });
  await backend.close?.();
  return r.outcome === 'error' ? EXIT.INFRA : EXIT.OK;
}
