// Backends by name, as the CLI's --backend knows them, expanded into the cells of a run: one
// for netns, one per distro x iptables flavour for containers, one per kernel x distro for VMs.
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { BACKEND_NAMES, DEFAULT_CAPABILITIES, isVmBackend } from './choices.js';
import type { Backend } from './backend.js';
import { ContainerBackend, type IptablesFlavour } from './container/container-backend.js';
import { DISTROS, type Distro } from './debian-releases.js';
import { NetnsBackend } from './netns/netns-backend.js';
import { QemuBackend } from './qemu/qemu-backend.js';
import { parseKernels, type KernelSpec } from './guest/kernel-spec.js';
import { VagrantBackend } from './vagrant/vagrant-backend.js';

export { BACKEND_NAMES };

export interface CellOptions {
  distro?: string;
  iptables?: string;
  caps?: string;
  image?: string;
  /** qemu: comma-separated kernels (6.1,6.12,sid..., or paths). */
  kernel?: string;
  /** qemu: the modules of the one kernel path in `kernel` (--kernel-modules). */
  kernelModules?: string;
  log?: (line: string) => void;
}

export interface Cell {
  /** "bookworm/nft"; empty for netns. */
  label: string;
  backend: Backend;
}

function listOf<T extends string>(what: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length || !items.length) throw new UsageError(`--${what} takes a comma-separated list of ${allowed.join(', ')}; not "${text}"`);
  return items as T[];
}

/** A cell's label is its row in the tables (no "/": that splits distro from flavour): two kernels of the same file name get #2, #3. */
function uniqueLabels<T extends { label: string }>(cells: T[]): T[] {
  const seen = new Map<string, number>();
  return cells.map((c) => {
    const n = (seen.get(c.label) ?? 0) + 1;
    seen.set(c.label, n);
    return n === 1 ? c : { ...c, label: `${c.label} #${n}` };
  });
}

export function backendCells(name: string, opts: CellOptions = {}): Cell[] {
  const vm = isVmBackend(name);
  if ((opts.kernel || opts.kernelModules) && !vm) throw new UsageError('--kernel and --kernel-modules go with --backend qemu or vagrant (containers share this machine\'s kernel)');
  if (vm) {
    if (opts.iptables || opts.image) throw new UsageError('--iptables and --image go with --backend container (a guest has both iptables flavours; a scenario picks one)');
    const kernels = parseKernels(opts.kernel ?? '6.1', opts.kernelModules);
    // Without --distro, the guests' user space is bookworm and the cells are named by kernel alone.
    const distros: (Distro | undefined)[] = opts.distro ? listOf<Distro>('distro', opts.distro, DISTROS) : [undefined];
    const make = (k: KernelSpec, distro: Distro | undefined) =>
      name === 'qemu' ? new QemuBackend(k, { log: opts.log, distro }) : new VagrantBackend(k, { log: opts.log, distro });
    const named = uniqueLabels(kernels.map((k) => ({ label: `linux ${k.kind === 'path' ? basename(k.path) : k.name}`, k })));
    return named.flatMap(({ label, k }) => distros.map((d) => ({ label: d ? `${label}/${d}` : label, backend: make(k, d) })));
  }
  if (name === 'netns') {
    if (opts.distro || opts.iptables || opts.image) throw new UsageError('--distro goes with --backend container, qemu or vagrant; --iptables and --image with --backend container');
    return [{ label: '', backend: new NetnsBackend() }];
  }
  if (name === 'container') {
    const distros = listOf<Distro>('distro', opts.distro ?? 'bookworm', DISTROS);
    const flavours = listOf<IptablesFlavour>('iptables', opts.iptables ?? 'nft', ['nft', 'legacy']);
    const caps = opts.caps ? opts.caps.split(',').map((c) => c.trim().toUpperCase()) : DEFAULT_CAPABILITIES;
    if (opts.image && distros.length > 1) throw new UsageError('--image names one image: give one --distro (the label of its release)');
    return distros.flatMap((d) => flavours.map((f) => ({ label: `${d}/${f}`, backend: new ContainerBackend(d, f, caps, opts.log, opts.image) })));
  }
  throw new UsageError(`unknown backend "${name}" (known: ${BACKEND_NAMES.join(', ')})`);
}

/** The one backend a command like `shell` uses. */
export function backendNamed(name: string, opts: CellOptions = {}): Backend {
  const cells = backendCells(name, opts);
  if (cells.length > 1) throw new UsageError('give one --distro and one --iptables here');
  return cells[0]!.backend;
}
