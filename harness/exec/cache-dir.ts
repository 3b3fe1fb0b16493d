// Where netrecipes keeps what it makes once and reuses (images, kernels, scenario timings).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `NETRECIPES_CACHE`, else `$XDG_CACHE_HOME/netrecipes`, else `~/.cache/netrecipes`. */
export function cacheDir(): string {
  return process.env.NETRECIPES_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'netrecipes');
}
