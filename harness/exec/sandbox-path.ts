// Whether a command is an executable on the sandboxes' PATH, looked up on this machine's files
// without a shell (a name is never run). The netns sandboxes see this machine's /usr, so what is
// here is what a replayed command finds there.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_ENV } from './process.js';

const found = new Map<string, string | undefined>();

/** The path of `tool` on the sandboxes' PATH, or undefined (a name with a slash is never looked up). */
export function sandboxExecutable(tool: string): string | undefined {
  if (!tool || tool.includes('/')) return undefined;
  if (found.has(tool)) return found.get(tool);
  let path: string | undefined;
  for (const dir of SANDBOX_ENV.PATH!.split(':')) {
    const candidate = join(dir, tool);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        path = candidate;
        break;
      }
    } catch {
      // not here
    }
  }
  found.set(tool, path);
  return path;
}
