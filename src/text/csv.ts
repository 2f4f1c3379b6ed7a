/** CSV for Excel: comma-separated, CRLF, a UTF-8 byte-order mark so that Vietnamese opens correctly. */

export function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join('; ') : value === null || value === undefined ? '' : String(value);
  return /[",;\n\r]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** Rows of cells (the first row is the header) as one CSV document. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return `\uFEFF${rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
