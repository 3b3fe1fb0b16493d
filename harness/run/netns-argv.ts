// How a script is run "in" a namespace of the sandbox: the sandbox host itself, one of the
// world's hidden namespaces, or a netns the scenario created with `ip netns add`.
import { HOST } from '../scenario/scenario.js';
import { WORLD_NETNS_PATHS } from '../world/world.js';

/** bash -e: a multi-line step stops at its first failing line, like a careful reader would. */
export function scriptArgv(netns: string, script: string, prefix = ''): string[] {
  const bash = ['bash', '-e', '-c', prefix + script];
  if (netns === HOST) return bash;
  const worldPath = WORLD_NETNS_PATHS[netns];
  if (worldPath) return ['nsenter', `--net=${worldPath}`, ...bash];
  return ['ip', 'netns', 'exec', netns, ...bash];
}
