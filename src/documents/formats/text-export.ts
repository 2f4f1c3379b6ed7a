/**
 * The plain-text export of an official page: one paragraph per line, table rows as lines of cells separated by
 * `|`. The export lost the tables' merged cells and bold: a row often omits the cells it shares with the row
 * above (the rest shift left), and a long row breaks over several lines, the later ones starting with `|`.
 * Tables come out `aligned: false`.
 */
import { normalizeText } from '../../text/vietnamese.ts';
import type { Block, SourceDocument, TableBlock, TableCell } from '../ir.ts';

/** A row key in a first cell: a number ("12", "1.2."), a roman numeral, a letter, or a task code ("CQS2.1"). */
const ROW_KEY = /^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]+\.?|[A-Za-zđ][.)]?|[A-Z]{2,5}\d{1,2}(?:\.\d{1,2})?)$/u;

/** True for text that looks like this format: several lines with two or more `|`, none holding only `|`. */
export function looksLikeTextExport(text: string): boolean {
  const lines = text.split(/\r?\n/u);
  if (lines.some((line) => line.trim() === '|')) return false;
  return lines.filter((line) => (line.match(/\|/gu)?.length ?? 0) >= 2).length >= 3;
}

function cellsOf(text: string, line: number): TableCell[] {
  return text
    .split('|')
    .map((cell) => normalizeText(cell))
    .filter((cell) => cell !== '')
    .map((cell) => ({ text: cell, bold: false, line }));
}

export function readTextExport(text: string, source: string): SourceDocument {
  const blocks: Block[] = [];
  let table: TableBlock | null = null;
  text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .forEach((raw, index) => {
      const line = index + 1;
      const normal = normalizeText(raw);
      if (normal === '') return;
      if (!normal.includes('|')) {
        table = null;
        blocks.push({ kind: 'paragraph', text: normal, bold: false, italic: false, align: null, line });
        return;
      }
      const cells = cellsOf(normal, line);
      if (cells.length === 0) return;
      const continues = normal.startsWith('|') && table !== null && !ROW_KEY.test(cells[0]!.text);
      if (!table) {
        table = { kind: 'table', rows: [], aligned: false, absentMeansMerged: false, line };
        blocks.push(table);
      }
      const current: TableBlock = table;
      if (continues && current.rows.length > 0) current.rows.at(-1)!.cells.push(...cells);
      else current.rows.push({ cells, header: false, line });
    });
  return { format: 'text-export', source, blocks };
}
