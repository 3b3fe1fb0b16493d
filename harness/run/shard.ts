// `--shard i/n`: which of the selected scenarios this CI job runs when n jobs share a suite.
// Every job must compute the same split from the same inputs, so it depends only on the
// scenarios and their weights: the longest first into the lightest shard (timings from the
// duration cache), and the number of steps standing in for a scenario never timed.
import { UsageError } from '../errors.js';

export interface Shard {
  /** 1-based, as Playwright and vitest write it. */
  index: number;
  total: number;
}

/** `--shard 2/3` -> { index: 2, total: 3 }; anything else is a usage error saying what it takes. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard takes i/n with 1 <= i <= n, e.g. 2/3, not "${text}"`);
  return { index, total };
}

export interface Weighed {
  /** Unique and the same in every job (file#id). */
  name: string;
  /** Milliseconds it took last time, when known. */
  ms?: number;
  steps: number;
}

/**
 * Splits `items` into `total` shards and returns the indexes of shard `index` in their given
 * order. A scenario never timed weighs its steps times the mean time per step of the timed ones
 * (one second a step when none is timed). Ties go by name, then to the lowest shard: the same
 * inputs give the same split on every machine.
 */
export function shardIndexes(items: Weighed[], { index, total }: Shard): number[] {
  const timed = items.filter((i) => i.ms !== undefined);
  const stepsTimed = timed.reduce((n, i) => n + Math.max(1, i.steps), 0);
  const perStep = stepsTimed ? timed.reduce((n, i) => n + i.ms!, 0) / stepsTimed : 1000;
  const weight = (i: Weighed) => i.ms ?? Math.max(1, i.steps) * perStep;
  const order = items
    .map((_, i) => i)
    .sort((a, b) => weight(items[b]!) - weight(items[a]!) || (items[a]!.name < items[b]!.name ? -1 : items[a]!.name > items[b]!.name ? 1 : 0));
  const load = new Array<number>(total).fill(0);
  const mine: number[] = [];
  for (const i of order) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest]! += weight(items[i]!);
    if (lightest === index - 1) mine.push(i);
  }
  return mine.sort((a, b) => a - b);
}
