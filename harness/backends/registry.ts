// Backends by name, as the CLI's --backend knows them, expanded into the cells of a run: one
// for netns, one per distro x iptables flavour for containers, one per kernel x distro for VMs.
// What each backend takes and makes is its descriptor's (choices.ts lists them); this module
// loads every backend's module when it loads, so that making cells stays synchronous.
import { UsageError } from '../errors.js';
import { BACKENDS, BACKEND_NAMES, refusalMessage } from './choices.js';
import type { Backend } from './backend.js';
import type { Cell, CellOptions } from './descriptor.js';

export { BACKEND_NAMES };
export type { Cell, CellOptions };

/** Each backend's descriptor and cell maker, by name. */
const MAKERS = new Map(await Promise.all(BACKENDS.map(async (about) => [about.name, { about, make: await about.load() }] as const)));

export function backendCells(name: string, opts: CellOptions = {}): Cell[] {
  const backend = MAKERS.get(name);
  if (!backend) throw new UsageError(`unknown backend "${name}" (known: ${BACKEND_NAMES.join(', ')})`);
  const refused = backend.about.refuses.find((r) => r.options.some((o) => opts[o]));
  if (refused) throw new UsageError(refusalMessage(refused));
  return backend.make(opts);
}

/** The one backend a command like `shell` uses. */
export function backendNamed(name: string, opts: CellOptions = {}): Backend {
  const cells = backendCells(name, opts);
  if (cells.length > 1) throw new UsageError('give one --distro and one --iptables here');
  return cells[0]!.backend;
}
