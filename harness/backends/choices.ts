// What the CLI may say about backends before loading one (so that --help loads none): the names
// --backend takes, the kernels --kernel knows, the capabilities a container gets, and which
// backends have no terminal into their sandboxes.
import { UsageError } from '../errors.js';

export { KERNEL_SUITES } from './guest/kernel-spec.js';

export const BACKEND_NAMES = ['netns', 'container', 'qemu', 'vagrant'];

/** Capabilities granted by default; --privileged does not work everywhere (it needs CAP_SYS_RESOURCE). */
export const DEFAULT_CAPABILITIES = ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'];

/** Backends whose sandboxes live in a VM guest (reached through an agent: no terminal into it yet). */
const VM_BACKENDS = new Set(['qemu', 'vagrant']);

/** "qemu" of a cell's name ("qemu:6.1"), or the name itself. */
const kindOf = (backend: string) => backend.split(':')[0]!;

/** qemu or vagrant (also as a cell's name). */
export function isVmBackend(backend: string): boolean {
  return VM_BACKENDS.has(kindOf(backend));
}

/** Whether `shell` and --keep can open a terminal into this backend's sandboxes. */
export function hasTerminal(backend: string): boolean {
  return !isVmBackend(backend);
}

/** The error for `what` (shell, --keep) asked of a backend without a terminal. */
export function noTerminal(backend: string, what: string): UsageError {
  return new UsageError(`${what} needs --backend netns or container: the ${kindOf(backend)} backend has no terminal into its guest yet`);
}
