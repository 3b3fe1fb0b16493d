// Kernels as --kernel takes them: a Debian name (6.1, sid, a suite, PACKAGE@SUITE) and the
// package it means, or a path to a kernel the user has (an image file, a build directory, a
// linux-image .deb). Kept apart from vm-assets.ts so the CLI's help needs no process library.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';

/** Short kernel names and the Debian suite whose linux-image-amd64 they mean. */
export const KERNEL_SUITES: Record<string, string> = { '5.10': 'bullseye', '6.1': 'bookworm', '6.12': 'trixie', sid: 'sid' };

/** A Debian kernel, fetched from the mirror this machine's apt uses. */
export interface DebianKernel {
  kind: 'debian';
  /** What the user wrote: "6.1", "sid", "trixie", "linux-image-6.1.0-18-amd64@bookworm". */
  name: string;
  suite: string;
  package: string;
}

/** A kernel the user has: what is there is found when it is unpacked (kernel-source.ts). */
export interface KernelPath {
  kind: 'path';
  /** As written on the command line. */
  name: string;
  /** Absolute. */
  path: string;
  /** --kernel-modules: a lib/modules/<release> folder, or a folder holding lib/modules/<release>. */
  modules?: string;
}

export type KernelSpec = DebianKernel | KernelPath;

const SUITES = new Set(['bullseye', 'bookworm', 'trixie', 'forky', 'sid', 'unstable', 'bookworm-backports', 'trixie-backports']);

/** Whether `text` names a path rather than a Debian kernel. */
const looksLikePath = (text: string) => text.includes('/') || text.endsWith('.deb');

/** "6.1" | "sid" | a suite name | "PACKAGE@SUITE" | a path; `modules` (--kernel-modules) goes with a path. */
export function parseKernel(text: string, modules?: string): KernelSpec {
  const name = text.trim();
  if (looksLikePath(name) || (!KERNEL_SUITES[name] && !SUITES.has(name) && existsSync(name))) {
    if (!existsSync(name)) throw new UsageError(`--kernel: no such file or folder "${name}" (a kernel image, a kernel build directory or a linux-image .deb)`);
    return { kind: 'path', name, path: resolve(name), ...(modules ? { modules: resolve(modules) } : {}) };
  }
  const at = /^(linux-image-[\w.+~-]+)@([\w-]+)$/.exec(name);
  if (at) return { kind: 'debian', name, package: at[1]!, suite: at[2]! };
  const suite = KERNEL_SUITES[name] ?? (SUITES.has(name) ? name : undefined);
  if (suite) return { kind: 'debian', name, suite, package: 'linux-image-amd64' };
  throw new UsageError(
    `--kernel: unknown kernel "${name}"; give ${Object.keys(KERNEL_SUITES).join(', ')}, a Debian suite (${[...SUITES].join(', ')}), PACKAGE@SUITE (linux-image-6.1.0-18-amd64@bookworm) or a path (./bzImage, a build directory, a .deb)`,
  );
}

/** --kernel's comma-separated list; --kernel-modules needs exactly one path among them. */
export function parseKernels(list: string, modules?: string): KernelSpec[] {
  const kernels = list
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => parseKernel(k, modules));
  if (!kernels.length) throw new UsageError('--kernel takes a comma-separated list of kernels (6.1,6.12,./bzImage...)');
  if (modules !== undefined) {
    if (!existsSync(modules)) throw new UsageError(`--kernel-modules: no such folder "${modules}"`);
    if (kernels.filter((k) => k.kind === 'path').length !== 1)
      throw new UsageError('--kernel-modules goes with exactly one kernel path in --kernel (the image its modules were built with)');
  }
  return kernels;
}
