// When an expected item is missing, the item that came nearest says more than the first one
// listed: the candidates with the best score, best first.

/** Up to `n` items with the highest positive score (ties keep their order). */
export function closestBy<T>(items: readonly T[], score: (item: T) => number, n = 2): T[] {
  const scored = items.map((item, i) => ({ item, i, s: score(item) })).filter((x) => x.s > 0);
  const best = Math.max(...scored.map((x) => x.s));
  return scored
    .filter((x) => x.s === best)
    .slice(0, n)
    .map((x) => x.item);
}

/** Words two command lines share, as a share of both (Jaccard): for iptables rules. */
export function sharedWords(a: string, b: string): number {
  const x = new Set(a.split(/\s+/).filter(Boolean));
  const y = new Set(b.split(/\s+/).filter(Boolean));
  const both = [...x].filter((w) => y.has(w)).length;
  return both / (x.size + y.size - both || 1);
}
