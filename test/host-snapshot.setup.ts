// vitest global setup: fingerprint the host before any test and fail the run if the whole
// suite (hundreds of sandboxes, killed harnesses, timeouts) changed it, or left folders of the
// harness's own (netrecipes-*) in the temp folder, or wrote into the checkout where the
// static checks running beside it walk (checkout-watch.ts).
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { watchCheckout, type CheckoutWatch } from './checkout-watch.js';
import { hostState, diffStates } from './host-state.js';

let before: Record<string, string>;
let tempBefore: Set<string>;
let checkout: CheckoutWatch | undefined;

const harnessTemp = () => readdirSync(tmpdir()).filter((n) => n.startsWith('netrecipes-'));

export function setup(): void {
  before = hostState();
  tempBefore = new Set(harnessTemp());
  checkout = watchCheckout(fileURLToPath(new URL('..', import.meta.url)));
}

export function teardown(): void {
  const changes = diffStates(before, hostState());
  const leftover = harnessTemp().filter((n) => !tempBefore.has(n));
  if (leftover.length) changes.push(`left in ${tmpdir()}: ${leftover.join(' ')}`);
  const written = checkout?.stop() ?? [];
  if (written.length) changes.push(`written into the checkout, where eslint and prettier walk (git-ignore it or write elsewhere): ${written.join(' ')}`);
  if (changes.length) {
    // vitest reports a throwing global teardown but still exits 0: set the exit code ourselves.
    process.exitCode = 1;
    throw new Error(`the tests changed the host:\n${changes.join('\n')}`);
  }
  process.stdout.write(
    `host network state unchanged by the test suite (links, addresses, routes, iptables, /run/netns, net sysctls), nothing left in ${tmpdir()}${checkout ? ', nothing written into the checkout' : ''}\n`,
  );
}
