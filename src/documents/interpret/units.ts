/**
 * The document as a flat list of text units in reading order (each paragraph, each line of each table cell),
 * for the readers of metadata and structure that look for lines wherever the format put them (a letterhead is a
 * table in one format and two paragraphs in another).
 */
import { fold } from '../../text/vietnamese.ts';
import type { Block } from '../ir.ts';

export interface TextUnit {
  text: string;
  folded: string;
  bold: boolean;
  italic: boolean;
  line: number;
  /** Index of the block it comes from. */
  block: number;
  /** For a unit from a table: its row and cell. */
  cell?: { row: number; column: number };
}

export function textUnits(blocks: readonly Block[]): TextUnit[] {
  const units: TextUnit[] = [];
  blocks.forEach((block, index) => {
    if (block.kind === 'paragraph') {
      units.push({ text: block.text, folded: fold(block.text), bold: block.bold, italic: block.italic, line: block.line, block: index });
      return;
    }
    block.rows.forEach((row, rowIndex) => {
      row.cells.forEach((cell, column) => {
        if (cell.covered) return;
        for (const line of cell.text.split('\n')) {
          const text = line.trim();
          if (text !== '') units.push({ text, folded: fold(text), bold: cell.bold, italic: false, line: cell.line, block: index, cell: { row: rowIndex, column } });
        }
      });
    });
  });
  return units;
}

/** "ỦY BAN NHÂN DÂN TỈNH BẮC TRUNG" → "Ủy ban nhân dân tỉnh Bắc Trung": capitals to sentence case, `keep` words restored. */
export function sentenceCase(text: string, keep: readonly string[] = []): string {
  if (text !== text.toLocaleUpperCase('vi')) return text;
  const lower = text.toLocaleLowerCase('vi');
  let out = lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
  for (const word of keep) {
    if (word === '') continue;
    const index = out.toLocaleLowerCase('vi').indexOf(word.toLocaleLowerCase('vi'));
    if (index >= 0) out = out.slice(0, index) + word + out.slice(index + word.length);
  }
  return out;
}

/** Capitalises each word: "bắc trung" → "Bắc Trung". */
export function titleCase(text: string): string {
  return text
    .toLocaleLowerCase('vi')
    .split(/\s+/u)
    .map((word) => word.charAt(0).toLocaleUpperCase('vi') + word.slice(1))
    .join(' ');
}
