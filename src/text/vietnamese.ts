/**
 * Vietnamese text handling shared by the ingest, retrieval and the engine. Folding is applied to both sides of
 * every comparison (stored text and question), the original text is kept for display.
 */

/** NFC, invisible characters removed, runs of white space collapsed. Safe for display. */
export function normalizeText(input: string): string {
  return input
    // Control characters and lone surrogates carry no meaning and PostgreSQL refuses them in text and JSON.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu, ' ')
    .replace(/\p{Cs}/gu, '')
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

/** At most `max` characters, cut at the end with "…" when longer. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Cut between words, unless the last space is so early that most of the room would be lost.
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const cut = space >= max * 0.6 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.–-]+$/u, '')}…`;
}
