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

/** A name `ip netns add` takes that is one file of /run/netns. */
const NETNS_NAME = /^(?!\.\.?$)[\w.-]+$/;
/** A command of plain words, nothing a shell would read differently: `ip -j route show table 100`. */
const PLAIN_WORDS = /^[\w./:=,@%+-]+(?: [\w./:=,@%+-]+)*$/;

/**
 * How the harness's own queries after a step (ip -j, bridge -j, iptables, nft, conntrack) run: a
 * command of plain words runs as it is, in a netns entered by nsenter on its file (the world's,
 * or /run/netns/NAME), with no shell and none of `ip netns exec`'s mount work (a route query in
 * a netns: 6.6 -> 3.1 ms). Anything else (the args of a spec with quotes or a pipe, a name that
 * is not one file) runs as a script, as steps do.
 */
export function queryArgv(netns: string, command: string): string[] {
  if (!PLAIN_WORDS.test(command)) return scriptArgv(netns, command);
  const argv = command.split(' ');
  if (netns === HOST) return argv;
  const file = WORLD_NETNS_PATHS[netns] ?? (NETNS_NAME.test(netns) ? `/run/netns/${netns}` : undefined);
  return file ? ['nsenter', `--net=${file}`, ...argv] : scriptArgv(netns, command);
}
