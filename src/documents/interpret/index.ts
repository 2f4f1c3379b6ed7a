/**
 * The one interpreter: a `SourceDocument` of any format to `DocumentKnowledge` — metadata, sections, task tables
 * read by their headers, agencies as data. Pure: the gazetteer comes in, nothing is read or written. Only a
 * document in which nothing can be recognised is refused; everything else that cannot be read becomes a warning.
 */
import { romanToNumber } from '../../text/roman.ts';
import { fold } from '../../text/vietnamese.ts';
import { createDocumentDirectory, gazetteerMatcher } from '../agencies/directory.ts';
import type { Gazetteer } from '../agencies/gazetteer.ts';
import type { AgencyMatcher } from '../agencies/matcher.ts';
import { SourceFormatError, type Block, type SourceDocument, type TableBlock } from '../ir.ts';
import type { DocumentKnowledge, Task, TaskTable } from '../types.ts';
import { findHeader, type TableHeader } from './columns.ts';
import { documentIdFor, taskIdPrefix } from './ids.ts';
import { readIndicators } from './indicators.ts';
import { readMetadata } from './metadata.ts';
import { readTaskRows } from './rows.ts';
import { readSections } from './sections.ts';
import { textUnits } from './units.ts';

export interface InterpretOptions {
  gazetteer: Gazetteer;
  /** Built from the gazetteer when absent; pass one to share it across documents. */
  matcher?: AgencyMatcher;
  /** sha256 of the source file. */
  sourceHash: string;
}

const APPENDIX_HEADING = /^phu luc(?:\s+(?:so\s+)?([ivxl]+|\d+))?\b/u;
interface FoundTable {
  blockIndex: number;
  block: TableBlock;
  header: TableHeader;
  appendix: number | null;
  title: string;
}

function appendixHeadings(blocks: readonly Block[]): Array<{ blockIndex: number; number: number; caption: string }> {
  const out: Array<{ blockIndex: number; number: number; caption: string }> = [];
  blocks.forEach((block, blockIndex) => {
    if (block.kind !== 'paragraph') return;
    const folded = fold(block.text);
    const match = APPENDIX_HEADING.exec(folded);
    if (!match) return;
    const isHeading = block.bold || block.text === block.text.toLocaleUpperCase('vi') || folded.length < 20;
    if (!isHeading || /^phu luc\s+(kem theo|gui kem|dinh kem)/u.test(folded)) return;
    const next = blocks.slice(blockIndex + 1, blockIndex + 3).find((candidate) => candidate.kind === 'paragraph');
    const sameLine = block.text.replace(/^PHỤ LỤC(\s+(SỐ\s+)?([IVXL]+|\d+))?[.:]?\s*/iu, '').trim();
    const caption = sameLine || (next?.kind === 'paragraph' ? next.text : '');
    out.push({ blockIndex, number: match[1] ? romanToNumber(match[1]) : 0, caption });
  });
  return out;
}

export function interpretDocument(source: SourceDocument, options: InterpretOptions): DocumentKnowledge {
  const { blocks } = source;
  const matcher = options.matcher ?? gazetteerMatcher(options.gazetteer);
  const units = textUnits(blocks);
  if (units.length < 3) throw new SourceFormatError(source.source, 'tệp trống hoặc không có nội dung văn bản nào đọc được');

  const appendices = appendixHeadings(blocks);
  const found: FoundTable[] = [];
  const indicatorTables: Array<{ block: TableBlock; header: TableHeader }> = [];
  blocks.forEach((block, blockIndex) => {
    if (block.kind !== 'table') return;
    const header = findHeader(block.rows);
    if (!header) return;
    if (header.kind === 'indicators') {
      indicatorTables.push({ block, header });
      return;
    }
    const appendix = [...appendices].reverse().find((candidate) => candidate.blockIndex < blockIndex) ?? null;
    const before = blocks
      .slice(appendix ? appendix.blockIndex + 1 : 0, blockIndex)
      .filter((candidate) => candidate.kind === 'paragraph')
      .at(-1);
    const nearest = before?.kind === 'paragraph' && !/^\(/u.test(before.text) ? before.text : null;
    found.push({ blockIndex, block, header, appendix: appendix?.number ?? null, title: (appendix && !nearest ? appendix.caption : (nearest ?? appendix?.caption ?? '')).slice(0, 300) });
  });

  const firstStructure = Math.min(appendices[0]?.blockIndex ?? Infinity, found[0]?.blockIndex ?? Infinity);
  const bodyEnd = Number.isFinite(firstStructure) ? units.findIndex((unit) => unit.block >= firstStructure) : units.length;
  const document = readMetadata({ units, matcher, bodyEnd: bodyEnd < 0 ? units.length : bodyEnd });
  const id = documentIdFor(document);
  const level = document.place ? 'local' : 'central';
  const directory = createDocumentDirectory(options.gazetteer, { level }, matcher);
  const sections = readSections(blocks, id);

  const warnings: string[] = [];
  const tables: TaskTable[] = [];
  const tasks: Task[] = [];
  let bodyOrdinal = 0;
  found.forEach((table, index) => {
    const sameAppendix = found.filter((other) => other.appendix === table.appendix && table.appendix !== null);
    if (table.appendix === null) bodyOrdinal += 1;
    const idPrefix = taskIdPrefix({
      appendix: table.appendix,
      ordinalInAppendix: sameAppendix.indexOf(table) + 1,
      tablesInAppendix: sameAppendix.length,
      bodyOrdinal,
    });
    const tableIndex = index + 1;
    tables.push({ index: tableIndex, appendix: table.appendix, title: table.title, columns: table.header.columns, line: table.block.line });
    const result = readTaskRows(table.block, {
      documentId: id,
      tableIndex,
      appendix: table.appendix,
      idPrefix,
      header: table.header,
      directory,
      matcher,
      heads: options.gazetteer.heads,
      personTitles: options.gazetteer.personTitles,
      level,
    });
    tasks.push(...result.tasks);
    warnings.push(...result.warnings);
  });
  if (tasks.length === 0 && sections.length === 0) {
    throw new SourceFormatError(source.source, 'không nhận ra văn bản: không có mục nội dung nào (I., 1., Điều 1.) và không có bảng nhiệm vụ nào (STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn)');
  }
  warnings.push(...reviewTasks(tasks));

  return {
    id,
    format: source.format,
    document,
    sections,
    tables,
    tasks,
    indicators: readIndicators(sections, indicatorTables),
    agencies: directory.agencies(),
    warnings,
    sourceHash: options.sourceHash,
  };
}

/** What a reviewer should look at: rows without a lead, deadlines not read, cells naming no agency. */
function reviewTasks(tasks: Task[]): string[] {
  const warnings: string[] = [];
  for (const task of tasks) {
    if (!task.lead || task.lead.ids.length === 0) warnings.push(`${task.id} (dòng ${task.line}): văn bản không ghi cơ quan chủ trì${task.lead ? ` nhận ra được ("${task.lead.text.slice(0, 60)}")` : ''}.`);
    if (task.deadline.kind === 'unknown') warnings.push(`${task.id}: không hiểu thời hạn "${task.deadline.text.slice(0, 80)}", giữ nguyên.`);
    if (task.deadline.kind === 'none') warnings.push(`${task.id} (dòng ${task.line}): không có thời hạn.`);
  }
  return warnings;
}
