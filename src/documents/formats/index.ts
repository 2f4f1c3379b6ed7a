/**
 * The reader for a file, chosen by its content (not its name): Word by its zip signature, HTML by its tags, the
 * crawl Markdown by its `|` lines, GFM by its pipe tables with a delimiter row, the text export by its `|`-separated
 * rows; anything else is read as the text export (paragraphs, one per line).
 */
import { SourceFormatError, type SourceDocument, type SourceFormat } from '../ir.ts';
import { looksLikeCrawlMarkdown, readCrawlMarkdown } from './crawl-markdown.ts';
import { looksLikeDocx, readDocx } from './docx.ts';
import { looksLikeGfm, readGfm } from './gfm.ts';
import { looksLikeHtml, readHtml } from './html.ts';
import { readTextExport } from './text-export.ts';

export function detectFormat(bytes: Uint8Array): SourceFormat {
  if (looksLikeDocx(bytes)) return 'docx';
  const text = decode(bytes);
  if (looksLikeHtml(text)) return 'html';
  if (looksLikeCrawlMarkdown(text)) return 'crawl-markdown';
  if (looksLikeGfm(text)) return 'gfm';
  return 'text-export';
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/u, '');
}

/** Reads a file's bytes with the reader its content calls for. */
export function readSource(bytes: Uint8Array, source: string): SourceDocument {
  if (bytes.length === 0) throw new SourceFormatError(source, 'tệp rỗng');
  const format = detectFormat(bytes);
  switch (format) {
    case 'docx':
      return readDocx(bytes, source);
    case 'html':
      return readHtml(decode(bytes), source);
    case 'crawl-markdown':
      return readCrawlMarkdown(decode(bytes), source);
    case 'gfm':
      return readGfm(decode(bytes), source);
    case 'text-export': {
      const text = decode(bytes);
      if (/\u0000/u.test(text)) throw new SourceFormatError(source, 'tệp nhị phân, không phải văn bản (.txt, .md, .html, .docx)');
      return readTextExport(text, source);
    }
  }
}
