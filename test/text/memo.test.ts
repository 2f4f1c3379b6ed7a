/** A bounded memo keyed by text. */
import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/text/memo.ts';

describe('TextMemo', () => {
  it('works a text out once and hands back what it kept', () => {
    const memo = new TextMemo<string[]>(10);
    let calls = 0;
    const first = memo.get('a', () => {
      calls += 1;
      return ['x'];
    });
    expect(memo.get('a', () => ['y'])).toBe(first);
    expect(calls).toBe(1);
  });

  it('starts again once it holds its limit, so distinct texts cannot grow it', () => {
    const memo = new TextMemo<number>(2);
    memo.get('a', () => 1);
    memo.get('b', () => 2);
    memo.get('c', () => 3);
    expect(memo.get('a', () => 10)).toBe(10);
    expect(memo.get('c', () => 30)).toBe(3);
  });
});
