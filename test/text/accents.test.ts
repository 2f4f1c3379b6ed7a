import { describe, expect, it } from 'vitest';
import { accentClashes, markedSyllables } from '../../src/text/accents.ts';

describe('src/text/accents.ts', () => {
  it('reads the syllables of a question typed with its marks, and none of one typed without', () => {
    expect(markedSyllables('Ai lo việc lập quỹ?')).toEqual(new Set(['lo', 'việc', 'lập', 'quỹ']));
    expect(markedSyllables('ai lo viec lap quy')).toBeNull();
    expect(markedSyllables('')).toBeNull();
    // NFD input reads as NFC.
    expect(markedSyllables('lập quỹ'.normalize('NFD'))).toEqual(new Set(['lập', 'quỹ']));
  });

  it('counts the syllables a text holds only with other marks', () => {
    const asked = markedSyllables('thành lập quỹ')!;
    expect(accentClashes(asked, 'Thành lập Quỹ phát triển')).toBe(0);
    expect(accentClashes(asked, 'quy trình lập quy hoạch')).toBe(1);
    // A text that holds both spellings means the one asked too.
    expect(accentClashes(asked, 'quy định về quỹ')).toBe(0);
    // A syllable the text does not hold at all is no clash.
    expect(accentClashes(asked, 'nền tảng số')).toBe(0);
  });
});
