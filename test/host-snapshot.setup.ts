// vitest global setup: fingerprint the host before any test and fail the run if the whole
// suite (hundreds of sandboxes, killed harnesses, timeouts) changed it.
import { hostState, diffStates } from './host-state.js';

let before: Record<string, string>;

export function setup(): void {
  before = hostState();
}

export function teardown(): void {
  const changes = diffStates(before, hostState());
  if (changes.length) {
    // vitest reports a throwing global teardown but still exits 0: set the exit code ourselves.
    process.exitCode = 1;
    throw new Error(`the tests changed the host's network state:\n${changes.join('\n')}`);
  }
  process.stdout.write('host network state unchanged by the test suite (links, addresses, routes, iptables, /run/netns, net sysctls)\n');
}
