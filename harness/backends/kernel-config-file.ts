// Where a kernel's config is read from, before anything runs on that kernel: a file the user
// names (doctor --kernel-config), the config a --kernel path comes with, or this machine's own
// (/proc/config.gz, else /boot/config-$(uname -r)) for the backends that share its kernel.
import { readFile } from 'node:fs/promises';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { configOptions, type ConfigValue } from '../text/kernel-config.js';

/** A kernel's config as read: where from, and its options by name. */
export interface KernelConfig {
  file: string;
  options: Map<string, ConfigValue>;
}

/** What a backend knows of its sandboxes' kernel config before anything boots (Backend.kernelConfig). */
export interface KernelConfigReport {
  /** Undefined when none was found. */
  config?: KernelConfig;
  /** Where it was looked for, for a message when it was not found. */
  looked: string[];
  /**
   * Whether `requires.kernel` is judged by the config (a kernel given to boot) or probed in a
   * live sandbox instead (this machine's kernel, whose modules may be missing though configured).
   */
  features: boolean;
  /** The kernel's release and where it came from, known before it boots (a --kernel kernel's), for the reports of scenarios it skips. */
  kernel?: { release: string; source: string };
}

/** This machine's kernel, as netns and container sandboxes share it: only fragments are checked against it. */
export async function hostKernelConfigReport(): Promise<KernelConfigReport> {
  const config = await hostKernelConfig();
  return { ...(config ? { config } : {}), looked: hostConfigPlaces(), features: false };
}

/** Reads a .config (gzip-compressed when it says so, as /proc/config.gz); throws the fs error when it cannot. */
export async function readKernelConfig(file: string): Promise<KernelConfig> {
  const bytes = await readFile(file);
  const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return { file, options: configOptions(text) };
}

/** Where this machine's kernel config may be, in the order they are tried. */
function hostConfigPlaces(): string[] {
  return ['/proc/config.gz', `/boot/config-${release()}`];
}

let host: Promise<KernelConfig | undefined> | undefined;

/** This machine's kernel config, or undefined when neither place has it (read once). */
function hostKernelConfig(): Promise<KernelConfig | undefined> {
  return (host ??= (async () => {
    for (const file of hostConfigPlaces()) {
      const config = await readKernelConfig(file).catch(() => undefined);
      if (config?.options.size) return config;
    }
    return undefined;
  })());
}
