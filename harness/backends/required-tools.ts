// Whether a command exists on this machine, and the infrastructure error naming its package
// when a backend needs it.
import { execa } from 'execa';
import { InfrastructureError } from '../errors.js';
import { SANDBOX_ENV } from '../exec/process.js';

export async function commandExists(tool: string): Promise<{ ok: boolean; path: string }> {
  const r = await execa('sh', ['-c', `command -v ${tool}`], { reject: false, env: SANDBOX_ENV });
  return { ok: r.exitCode === 0, path: String(r.stdout).trim() };
}

/** Throws naming the apt package of the first missing tool. */
export async function requireTools(tools: Record<string, string>, what: string): Promise<void> {
  for (const [tool, pkg] of Object.entries(tools))
    if (!(await commandExists(tool)).ok) throw new InfrastructureError(`${what} needs "${tool}": apt-get install -y ${pkg}`);
}
