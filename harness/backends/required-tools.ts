// What a backend needs of this machine: whether a command exists, and each thing missing
// stated with its fix (a backend's check() lists them all; prepare() refuses with the list).
import { InfrastructureError } from '../errors.js';
import { sandboxExecutable } from '../exec/sandbox-path.js';

/** One thing this machine lacks for a backend, and how to get it. */
export interface Shortfall {
  problem: string;
  fix: string;
  /** The missing command, when that is what it is. */
  tool?: string;
}

export function formatShortfall(s: Shortfall): string {
  return `${s.problem}: ${s.fix}`;
}

/** Where `tool` is on the sandboxes' PATH, looked up here without a shell (a name is never run). */
export async function commandExists(tool: string): Promise<{ ok: boolean; path: string }> {
  const path = sandboxExecutable(tool);
  return { ok: path !== undefined, path: path ?? '' };
}

/** Each command of `tools` (command -> Debian package) this machine lacks. */
export async function missingTools(tools: Record<string, string>): Promise<Shortfall[]> {
  const found = await Promise.all(Object.keys(tools).map(commandExists));
  return Object.entries(tools)
    .filter((_, i) => !found[i]!.ok)
    .map(([tool, pkg]) => ({ problem: `needs "${tool}"`, fix: `apt-get install -y ${pkg}`, tool }));
}

/** A shortfall unless this process runs as root. */
export function rootShortfall(why: string): Shortfall[] {
  return process.getuid?.() === 0 ? [] : [{ problem: `needs root (${why})`, fix: 'run as root or with sudo' }];
}

/** Throws one InfrastructureError naming every shortfall of `backend`, if there is any. */
export function refuseUnlessReady(backend: string, shortfalls: Shortfall[]): void {
  if (!shortfalls.length) return;
  const [one] = shortfalls;
  throw new InfrastructureError(
    shortfalls.length === 1
      ? `the ${backend} backend ${formatShortfall(one!)}`
      : `the ${backend} backend cannot run here:\n${shortfalls.map((s) => `  - ${formatShortfall(s)}`).join('\n')}`,
  );
}
