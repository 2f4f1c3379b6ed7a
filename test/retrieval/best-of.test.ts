/** The first items of a list in a comparator's order, without sorting the rest. */
import { describe, expect, it } from 'vitest';
import { bestOf } from '../../src/retrieval/best-of.ts';

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
