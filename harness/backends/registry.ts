// Backends by name, as the CLI's --backend knows them.
import { UsageError } from '../errors.js';
import type { Backend } from './backend.js';
import { NetnsBackend } from './netns/netns-backend.js';

const BACKENDS: Record<string, () => Backend> = {
  netns: () => new NetnsBackend(),
};

export const BACKEND_NAMES = Object.keys(BACKENDS);

export function backendNamed(name: string): Backend {
  const make = BACKENDS[name];
  if (!make) throw new UsageError(`unknown backend "${name}" (known: ${BACKEND_NAMES.join(', ')})`);
  return make();
}
