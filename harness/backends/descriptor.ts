// A backend as the harness knows it before loading it: its name, the options it takes, what it
// needs of this machine, what doctor says of it, and how its cells are made. One descriptor per
// backend, in its folder (netns/netns-descriptor.ts...); choices.ts lists them, and the registry,
// the CLI's choices and help, doctor and scripts/setup.sh (through scripts/backends.txt) read
// them. What a backend does once made is the Backend interface (backend.ts).
import { UsageError } from '../errors.js';
import type { Backend } from './backend.js';

/** The options a backend may take besides its name (the CLI's flags, the config's keys). */
export interface CellOptions {
  /** container, qemu, vagrant: comma-separated Debian releases of the user space. */
  distro?: string;
  /** container: comma-separated iptables flavours (nft, legacy). */
  iptables?: string;
  /** container: comma-separated capabilities. */
  caps?: string;
  /** container: an image of the user's own. */
  image?: string;
  /** qemu, vagrant: comma-separated kernels (6.1,6.12,sid..., or paths). */
  kernel?: string;
  /** qemu, vagrant: the modules of the one kernel path in `kernel` (--kernel-modules). */
  kernelModules?: string;
  log?: (line: string) => void;
}

/** An option of CellOptions, as a descriptor names it. */
export type CellOption = Exclude<keyof CellOptions, 'log'>;

export interface Cell {
  /** "bookworm/nft"; empty for netns. */
  label: string;
  backend: Backend;
}

/** Options a backend refuses together, in one error that names the backends taking them. */
export interface Refusal {
  options: readonly CellOption[];
  /** Why, said after the backends. */
  why?: string;
}

/** What backends whose sandboxes share this machine's kernel refuse. */
export const HOST_KERNEL_REFUSAL: Refusal = { options: ['kernel', 'kernelModules'], why: "containers share this machine's kernel" };

export interface BackendDescriptor {
  /** What --backend takes. */
  readonly name: string;
  /** The options it takes (the help names it on each; the netrecipes action passes it those it has). */
  readonly takes: readonly CellOption[];
  /** The options it refuses with a usage error, checked in order before its cells are made; one neither taken nor refused is ignored. */
  readonly refuses: readonly Refusal[];
  /** The commands check() requires on this machine, each with the Debian package that ships it (setup.sh installs them). */
  readonly tools: Readonly<Record<string, string>>;
  /** It builds from Debian's archive (an image, a guest's root, kernels): setup.sh installs debootstrap and Debian's keyring, and a machine whose apt is not Debian's names a mirror. */
  readonly fromDebian?: boolean;
  /** Debian packages setup.sh installs besides, that no command shows (a plug-in). */
  readonly packages?: readonly string[];
  /** Its sandboxes live in a VM guest (reached through its agent), one per cell: a run's jobs are the guest's. */
  readonly vm?: boolean;
  /** What doctor says after its name. */
  note(): string;
  /** Loads its module (only the registry does) and gives what makes its cells from the options it takes. */
  load(): Promise<(opts: CellOptions) => Cell[]>;
}

/** Each item of `text`, a comma-separated list of some of `allowed`; a usage error naming --`what` otherwise. */
export function listOf<T extends string>(what: string, text: string, allowed: readonly T[]): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length || !items.length) throw new UsageError(`--${what} takes a comma-separated list of ${allowed.join(', ')}; not "${text}"`);
  return items as T[];
}
