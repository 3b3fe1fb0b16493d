// Kernel names as --kernel takes them (6.1, sid, a suite, PACKAGE@SUITE) and the Debian package
// each one means. Kept apart from vm-assets.ts so the CLI's help needs no process library.
import { UsageError } from '../../errors.js';

/** Short kernel names and the Debian suite whose linux-image-amd64 they mean. */
export const KERNEL_SUITES: Record<string, string> = { '5.10': 'bullseye', '6.1': 'bookworm', '6.12': 'trixie', sid: 'sid' };

export interface KernelSpec {
  /** What the user wrote: "6.1", "sid", "trixie", "linux-image-6.1.0-18-amd64@bookworm". */
  name: string;
  suite: string;
  package: string;
}

const SUITES = new Set(['bullseye', 'bookworm', 'trixie', 'forky', 'sid', 'unstable', 'bookworm-backports', 'trixie-backports']);

/** "6.1" | "sid" | a suite name | "PACKAGE@SUITE". */
export function parseKernel(text: string): KernelSpec {
  const name = text.trim();
  const at = /^(linux-image-[\w.+~-]+)@([\w-]+)$/.exec(name);
  if (at) return { name, package: at[1]!, suite: at[2]! };
  const suite = KERNEL_SUITES[name] ?? (SUITES.has(name) ? name : undefined);
  if (suite) return { name, suite, package: 'linux-image-amd64' };
  throw new UsageError(
    `--kernel: unknown kernel "${name}"; give ${Object.keys(KERNEL_SUITES).join(', ')}, a Debian suite (${[...SUITES].join(', ')}) or PACKAGE@SUITE (linux-image-6.1.0-18-amd64@bookworm)`,
  );
}

