// How a script is run "in" a namespace of the sandbox: the sandbox host itself, one of the
// world's hidden namespaces, or a netns the scenario created with `ip netns add`.
import { HOST } from '../scenario/scenario.js';
import { WORLD_NETNS_PATHS } from '../world/world.js';

/** `argv` entered into `netns` (nothing to enter for the sandbox host). */
export function inNetns(netns: string, argv: string[]): string[] {
  if (netns === HOST) return argv;
  const worldPath = WORLD_NETNS_PATHS[netns];
  if (worldPath) return ['nsenter', `--net=${worldPath}`, ...argv];
  return ['ip', 'netns', 'exec', netns, ...argv];
}

/** bash -e: a multi-line step stops at its first failing line, like a careful reader would. */
export function scriptArgv(netns: string, script: string): string[] {
  return inNetns(netns, ['bash', '-e', '-c', script]);
}
