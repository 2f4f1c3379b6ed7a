/** The first items of a list in a comparator's order, without sorting the rest. */
import { describe, expect, it } from 'vitest';
import { bestByScore, bestOf } from '../../src/retrieval/best-of.ts';

describe('bestOf', () => {
  it('gives the first items a full sort gives, in its order', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const items = Array.from({ length: 500 }, (_, index) => ({ id: `d${index}`, score: Math.floor(random() * 40) / 4 }));
    const compare = (a: { id: string; score: number }, b: { id: string; score: number }) => b.score - a.score || a.id.localeCompare(b.id);
    for (const limit of [0, 1, 7, 60, 500, 900]) {
      expect(bestOf(items, limit, compare)).toEqual([...items].sort(compare).slice(0, limit));
    }
  });
});

describe('bestByScore', () => {
  it('gives what bestOf gives with the score first, ties and all, over a prefix of the items', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 200; round += 1) {
      const size = 1 + Math.floor(random() * 300);
      // Few distinct scores, so that many items tie at the threshold.
      const scores = Float64Array.from({ length: size }, () => Math.floor(random() * 12) / 4 - 0.5);
      const names = Array.from({ length: size }, () => String.fromCharCode(97 + Math.floor(random() * 5)));
      const items = Int32Array.from({ length: size }, (_, index) => index).reverse();
      const count = Math.floor(random() * (size + 1));
      const limit = Math.floor(random() * 40);
      const tieBreak = (a: number, b: number) => names[a]!.localeCompare(names[b]!);
      const expected = bestOf([...items.subarray(0, count)], limit, (a, b) => scores[b]! - scores[a]! || tieBreak(a, b));
      expect(bestByScore(items, count, scores, limit, tieBreak)).toEqual(expected);
    }
  });
});
