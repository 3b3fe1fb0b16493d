// What the VM backends' descriptors share (descriptor.ts): the options, the tools that build a
// guest's kernel and root image, and the cells: one per kernel x Debian release.
import { basename } from 'node:path';
import { DISTROS, type Distro } from '../debian-releases.js';
import { listOf, type BackendDescriptor, type Cell, type CellOptions } from '../descriptor.js';
import type { Backend } from '../backend.js';
import { parseKernels, type KernelSpec } from './kernel-spec.js';
import type { GuestOptions } from './guest-backend.js';

/** A VM backend's class, as its descriptor loads it. */
type GuestClass = new (kernel: KernelSpec, opts: GuestOptions) => Backend;

/** What builds a guest's kernel and root image, with their Debian packages. */
const IMAGE_TOOLS = {
  debootstrap: 'debootstrap',
  'mkfs.ext4': 'e2fsprogs',
  depmod: 'kmod',
  cpio: 'cpio',
  busybox: 'busybox-static',
  xz: 'xz-utils',
  zstd: 'zstd',
  'apt-get': 'apt',
  'dpkg-deb': 'dpkg',
};

/** A cell's label is its row in the tables (no "/": that splits distro from flavour): two kernels of the same file name get #2, #3. */
function uniqueLabels<T extends { label: string }>(cells: T[]): T[] {
  const seen = new Map<string, number>();
  return cells.map((c) => {
    const n = (seen.get(c.label) ?? 0) + 1;
    seen.set(c.label, n);
    return n === 1 ? c : { ...c, label: `${c.label} #${n}` };
  });
}

/** A guest of `Guest` per kernel of --kernel (default 6.1) x release of --distro; without --distro, bookworm's user space and cells named by kernel alone. */
function guestCells(Guest: GuestClass, opts: CellOptions): Cell[] {
  const kernels = parseKernels(opts.kernel ?? '6.1', opts.kernelModules);
  const distros: (Distro | undefined)[] = opts.distro ? listOf<Distro>('distro', opts.distro, DISTROS) : [undefined];
  const named = uniqueLabels(kernels.map((k) => ({ label: `linux ${k.kind === 'path' ? basename(k.path) : k.name}`, k })));
  return named.flatMap(({ label, k }) => distros.map((d) => ({ label: d ? `${label}/${d}` : label, backend: new Guest(k, { log: opts.log, distro: d }) })));
}

/** A VM backend: `tools` besides those that build its kernel and root image; `load` gives its class. */
export function guestDescriptor(
  name: string,
  about: Pick<BackendDescriptor, 'tools' | 'packages' | 'note'> & { load(): Promise<GuestClass> },
): BackendDescriptor {
  return {
    name,
    takes: ['distro', 'kernel', 'kernelModules'],
    refuses: [{ options: ['iptables', 'image'], why: 'a guest has both iptables flavours; a scenario picks one' }],
    tools: { ...IMAGE_TOOLS, ...about.tools },
    packages: about.packages,
    fromDebian: true,
    vm: true,
    note: about.note,
    load: async () => {
      const Guest = await about.load();
      return (opts) => guestCells(Guest, opts);
    },
  };
}
