/**
 * Vietnamese text handling shared by the ingest, retrieval and the engine. Folding is applied to both sides of
 * every comparison (stored text and question), the original text is kept for display.
 */

/** NFC, invisible characters removed, runs of white space collapsed. Safe for display. */
export function normalizeText(input: string): string {
  return input
    .normalize('NFC')
    .replace(/[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/gu, '')
    .replace(/[\u{E0000}-\u{E007F}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Lower case, diacritics removed, `đ` → `d`, white space collapsed. "Sở KH&CN" → "so kh&cn".
 * Works on NFC and NFD input alike.
 */
export function fold(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** True when the text has at least one Vietnamese diacritic (a hint that the writer typed with accents). */
export function hasDiacritics(input: string): boolean {
  return fold(input) !== input.toLowerCase().replace(/\s+/gu, ' ').trim();
}
