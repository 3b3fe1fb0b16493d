// How long each scenario took last time, per backend, kept beside the other caches
// (durations.json): the runner starts the longest first, as kernel netdev CI does, so the
// suite's wall time approaches its longest scenario's instead of depending on file order.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { cacheDir } from '../exec/cache-dir.js';

type Table = Record<string, Record<string, number>>;

/**
 * Scenarios remembered per backend, the most recently run kept: runs of throwaway files (a test
 * suite's temporary scenarios) would otherwise grow the cache by every file ever run.
 */
export const REMEMBERED = 1000;

export class DurationHistory {
  private constructor(
    private readonly file: string,
    private readonly table: Table,
  ) {}

  static async load(file = join(cacheDir(), 'durations.json')): Promise<DurationHistory> {
    const table: unknown = await readFile(file, 'utf8')
      .then((t) => JSON.parse(t) as unknown)
      .catch(() => undefined);
    return new DurationHistory(file, table && typeof table === 'object' ? (table as Table) : {});
  }

  /** Milliseconds scenario `id` took on `backend` last time, if it ran there. */
  get(backend: string, id: string): number | undefined {
    return this.table[backend]?.[id];
  }

  /** Milliseconds scenario `id` took last time over every cell of `backend` ("container" sums container:bookworm/nft and the others). */
  total(backend: string, id: string): number | undefined {
    const times = Object.entries(this.table)
      .filter(([cell]) => cell === backend || cell.startsWith(`${backend}:`))
      .map(([, t]) => t[id])
      .filter((ms): ms is number => typeof ms === 'number');
    return times.length ? times.reduce((a, b) => a + b, 0) : undefined;
  }

  record(backend: string, id: string, ms: number): void {
    const times = (this.table[backend] ??= {});
    delete times[id]; // re-inserted last: key order is the order of the latest runs
    times[id] = Math.round(ms);
    const keys = Object.keys(times);
    for (const old of keys.slice(0, Math.max(0, keys.length - REMEMBERED))) delete times[old];
  }

  /** Best effort: a cache that cannot be written only costs the ordering next time. */
  async save(): Promise<void> {
    try {
      await mkdir(join(this.file, '..'), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify(this.table, null, 1)}\n`);
    } catch {
      /* read-only cache folder: run on without */
    }
  }
}

/** A scenario as the cache knows it: another file's "web-test" is another scenario. */
export const historyName = (s: { file: string; id: string }): string => `${s.file}#${s.id}`;

/**
 * The order to start scenarios in: those never timed on this backend first (most steps first:
 * they may be the long ones), then the timed ones, longest first. Returns indexes into `items`.
 */
export function longestFirst(items: { id: string; steps: unknown[] }[], known: (id: string) => number | undefined): number[] {
  const idx = items.map((_, i) => i);
  const unknown = idx.filter((i) => known(items[i]!.id) === undefined).sort((a, b) => items[b]!.steps.length - items[a]!.steps.length);
  const timed = idx.filter((i) => known(items[i]!.id) !== undefined).sort((a, b) => known(items[b]!.id)! - known(items[a]!.id)!);
  return [...unknown, ...timed];
}
