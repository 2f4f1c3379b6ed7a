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

/**
 * The same list as `bestOf(items, limit, (a, b) => scores[b] - scores[a] || tieBreak(a, b))` over the first `count`
 * items (indexes into `scores`, which holds no NaN), reading the comparator only for the items whose score reaches
 * the `limit`-th best: none below it can be among the first `limit`, and the rest keep their order. The threshold
 * comes from a min-heap of the best scores, numbers only.
 */
export function bestByScore(items: Int32Array, count: number, scores: Float64Array, limit: number, tieBreak: (a: number, b: number) => number): number[] {
  if (limit <= 0 || count === 0) return [];
  let threshold = -Infinity;
  if (count > limit) {
    const heap = new Float64Array(limit);
    let size = 0;
    for (let i = 0; i < count; i += 1) {
      const score = scores[items[i]!]!;
      if (size < limit) {
        // Sift up.
        let at = size;
        size += 1;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (heap[parent]! <= score) break;
          heap[at] = heap[parent]!;
          at = parent;
        }
        heap[at] = score;
      } else if (score > heap[0]!) {
        // Replace the smallest and sift down.
        let at = 0;
        for (;;) {
          const left = 2 * at + 1;
          if (left >= size) break;
          const right = left + 1;
          const child = right < size && heap[right]! < heap[left]! ? right : left;
          if (heap[child]! >= score) break;
          heap[at] = heap[child]!;
          at = child;
        }
        heap[at] = score;
      }
    }
    threshold = heap[0]!;
  }
  const kept: number[] = [];
  for (let i = 0; i < count; i += 1) if (scores[items[i]!]! >= threshold) kept.push(items[i]!);
  return bestOf(kept, limit, (a, b) => scores[b]! - scores[a]! || tieBreak(a, b));
}
