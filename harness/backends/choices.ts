// The backends, and what the CLI may say about them before loading one (so that --help loads
// none): each one's descriptor (descriptor.ts, in its folder; it loads its backend's module only
// when the registry asks) and what follows from the list: the names --backend takes, the
// backends each option goes with, which ones run their sandboxes in a VM guest. Adding a
// backend is its folder and one line in BACKENDS (docs/architecture.md, "Adding a backend").
import { series } from '../text/words.js';
import type { BackendDescriptor, CellOption, Refusal } from './descriptor.js';
import { container } from './container/container-descriptor.js';
import { netns } from './netns/netns-descriptor.js';
import { qemu } from './qemu/qemu-descriptor.js';
import { vagrant } from './vagrant/vagrant-descriptor.js';

export { KERNEL_SUITES } from './guest/kernel-spec.js';
export { DEFAULT_CAPABILITIES } from './container/container-descriptor.js';

/** Every backend, the default first. */
export const BACKENDS: readonly BackendDescriptor[] = [netns, container, qemu, vagrant];

export const BACKEND_NAMES = BACKENDS.map((b) => b.name);

/** What runs scenarios when no backend is named. */
export const DEFAULT_BACKEND = BACKEND_NAMES[0]!;

/** The descriptor of "qemu", also as a cell's name ("qemu:6.1"). */
export function descriptorOf(backend: string): BackendDescriptor | undefined {
  const kind = backend.split(':')[0]!;
  return BACKENDS.find((b) => b.name === kind);
}

/** qemu or vagrant (also as a cell's name). */
export function isVmBackend(backend: string): boolean {
  return descriptorOf(backend)?.vm === true;
}

/** "--kernel-modules" of kernelModules. */
export const flagOf = (option: CellOption): string => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The names of the backends that take `option`. */
const takersOf = (option: CellOption) => BACKENDS.filter((b) => b.takes.includes(option)).map((b) => b.name);

/** What the help says an option goes with: "container backend", "qemu and vagrant backends". */
export function backendsTaking(option: CellOption): string {
  const names = takersOf(option);
  return `${series(names)} backend${names.length > 1 ? 's' : ''}`;
}

/** A refusal's usage error: "--distro goes with --backend container, qemu or vagrant; --iptables and --image with --backend container". */
export function refusalMessage(refusal: Refusal): string {
  const byTakers = new Map<string, CellOption[]>();
  for (const o of refusal.options) {
    const takers = series(takersOf(o), 'or');
    byTakers.set(takers, [...(byTakers.get(takers) ?? []), o]);
  }
  const clauses = [...byTakers].map(([takers, options], i) => {
    const verb = i ? '' : options.length > 1 ? 'go ' : 'goes ';
    return `${series(options.map(flagOf))} ${verb}with --backend ${takers}`;
  });
  return `${clauses.join('; ')}${refusal.why ? ` (${refusal.why})` : ''}`;
}
