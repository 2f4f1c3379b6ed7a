/**
 * The intermediate form every format reader produces and the one interpreter reads: blocks in reading order,
 * each a paragraph or a table of rows of cells. A reader knows its format (how a bold run, a merged cell or a
 * hard-wrapped line is written) and nothing about what a document says; the interpreter knows what documents
 * say (headings, task tables, metadata) and nothing about formats.
 */

export type SourceFormat = 'text-export' | 'crawl-markdown' | 'gfm' | 'html' | 'docx';

export interface SourceDocument {
  format: SourceFormat;
  /** The file it was read from, for warnings ("file:line: …"). */
  source: string;
  blocks: Block[];
}

export type Block = ParagraphBlock | TableBlock;

export interface ParagraphBlock {
  kind: 'paragraph';
  /**
   * The paragraph's text: NFC, inline marks (`**`, `*`, tags) removed, hard-wrapped lines joined with one space,
   * white space collapsed, trimmed. Never empty.
   */
  text: string;
  /** Every letter of the paragraph is bold (headings in these documents are bold paragraphs). */
  bold: boolean;
  /** Every letter is italic (captions such as "(Kèm theo Kế hoạch số …)"). */
  italic: boolean;
  /** Centred when the format says so (docx `w:jc`, html `align`/`text-align`); null when unknown. */
  align: 'left' | 'center' | 'right' | 'justify' | null;
  /** 1-based line of the source where the paragraph starts (docx: the paragraph's ordinal in document.xml). */
  line: number;
}

export interface TableBlock {
  kind: 'table';
  rows: TableRow[];
  /**
   * True when every row holds one cell per grid column (html, docx, GFM): merged cells are known, not guessed,
   * and a position covered by a merged cell carries `covered`. False when a reader cannot know the grid (the
   * text export, the crawl Markdown): a row may lack the cells a merged cell above covered, or cells left empty,
   * and the cells it has are shifted left; the interpreter then aligns the row by what its cells hold.
   */
  aligned: boolean;
  /**
   * Unaligned tables only: true when the format writes an empty cell out (the crawl's "** **"), so a cell missing
   * from a row was covered by a merged cell above it; false when empty cells are dropped as well (the text export),
   * so a missing cell may simply be empty.
   */
  absentMeansMerged: boolean;
  line: number;
}

export interface TableRow {
  cells: TableCell[];
  /** Marked as a header by the format (docx `w:tblHeader`, html `<thead>`/all `<th>`, the GFM header row). */
  header: boolean;
  line: number;
}

export interface TableCell {
  /**
   * The cell's text: paragraphs (or hard lines that end a sentence or a list item) joined with "\n", inline marks
   * removed, each line trimmed. '' for an empty cell.
   */
  text: string;
  /** Every letter of the cell is bold. False for an empty cell. */
  bold: boolean;
  /**
   * Aligned tables only: this position is covered by a merged cell, `above` (rowspan, docx `w:vMerge` without
   * `restart`) or `left` (colspan, docx `w:gridSpan`). It repeats the covering cell's `text` and `bold`.
   */
  covered?: 'above' | 'left';
  line: number;
}

export class SourceFormatError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${source}${line === undefined ? '' : `:${line}`}: ${reason}`);
    this.name = 'SourceFormatError';
  }
}
