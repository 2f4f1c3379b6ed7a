/**
 * The `limit` first items of `items` in the order `compare` gives, as a full sort would give them, without sorting
 * the rest: a binary insertion into a short sorted list, since the limit is a few dozen and the items a few thousand.
 */
export function bestOf<T>(items: readonly T[], limit: number, compare: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  if (limit === 0) return best;
  for (const item of items) {
    if (best.length === limit && compare(item, best[limit - 1]!) >= 0) continue;
    // After every item it does not come before: the place a stable sort gives it.
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(item, best[middle]!) < 0) high = middle;
      else low = middle + 1;
    }
    best.splice(low, 0, item);
    if (best.length > limit) best.pop();
  }
  return best;
}
