// What the CLI may say about backends before loading one (so that --help loads none): the names
// --backend takes, the kernels --kernel knows, the capabilities a container gets, and which
// backends run their sandboxes in a VM guest.

export { KERNEL_SUITES } from './guest/kernel-spec.js';

export const BACKEND_NAMES = ['netns', 'container', 'qemu', 'vagrant'];

/** Capabilities granted by default; --privileged does not work everywhere (it needs CAP_SYS_RESOURCE). */
export const DEFAULT_CAPABILITIES = ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'];

/** Backends whose sandboxes live in a VM guest (reached through its agent). */
const VM_BACKENDS = new Set(['qemu', 'vagrant']);

/** "qemu" of a cell's name ("qemu:6.1"), or the name itself. */
const kindOf = (backend: string) => backend.split(':')[0]!;

/** qemu or vagrant (also as a cell's name). */
export function isVmBackend(backend: string): boolean {
  return VM_BACKENDS.has(kindOf(backend));
}
