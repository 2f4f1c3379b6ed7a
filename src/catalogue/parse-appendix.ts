/**
 * Appendix tables to tasks. The text export lost the tables' merged cells: a row often omits cells it shares
 * with the row above and the remaining cells shift left, and some rows break over several lines. So a row is
 * read as a person reads the printed table: the leading cells are positional (TT, code, name, content), every
 * later cell is classified by what it is (agency, deadline, funding, result), and a row inherits what it omits
 * from the row above within the same task code.
 */
import { fold } from '../text/vietnamese.ts';
import { ALL_AGENCIES_ID, RELATED_AGENCIES_ID, type AgencyDirectory } from './agencies.ts';
import { parseDeadline } from './deadline.ts';
import { IngestError } from './errors.ts';
import type { SourceLine } from './parse-document.ts';
import type { AgencyCell, Deadline, Task } from './types.ts';

type Role = 'row' | 'code' | 'name' | 'content' | 'lead' | 'partners' | 'result' | 'deadline' | 'funding';

/** Header words (folded) to column roles; the first rule that matches a header cell wins. */
const HEADER_RULES: Array<{ role: Role; test: RegExp }> = [
  { role: 'row', test: /^(s?tt|so thu tu)$/u },
  { role: 'code', test: /^ma( nhiem vu)?$/u },
  { role: 'deadline', test: /thoi gian|thoi han|lo trinh|tien do/u },
  { role: 'partners', test: /phoi hop/u },
  { role: 'lead', test: /chu tri|thuc hien$|^don vi$|^co quan$/u },
  { role: 'result', test: /ket qua|san pham/u },
  { role: 'funding', test: /nguon von|kinh phi/u },
  { role: 'content', test: /^noi dung/u },
  { role: 'name', test: /^ten|nhiem vu$/u },
];

export interface TableLayout {
  roles: Role[];
  line: number;
}

export function readHeader(line: SourceLine): TableLayout {
  const cells = line.text.split('|').map((cell) => cell.trim()).filter(Boolean);
  const roles: Role[] = cells.map((cell) => {
    const folded = fold(cell);
    const rule = HEADER_RULES.find(({ test }) => test.test(folded));
    if (!rule) throw new IngestError(`không nhận ra cột "${cell}" của bảng phụ lục`, line.number);
    return rule.role;
  });
  if (!roles.includes('lead')) {
    throw new IngestError('bảng phụ lục không có cột cơ quan chủ trì / đơn vị thực hiện', line.number);
  }
  if (!roles.includes('deadline')) {
    throw new IngestError('bảng phụ lục không có cột thời gian / lộ trình', line.number);
  }
  if (!roles.includes('name') && !roles.includes('content')) {
    throw new IngestError('bảng phụ lục không có cột tên hoặc nội dung nhiệm vụ', line.number);
  }
  return { roles, line: line.number };
}

const ROMAN = /^([IVX]+)\.?$/u;
const BLOCK = /^([A-H])$/u;
const NUMBERED = /^(\d+)\.?$/u;
const TASK_CODE = /^[A-Z]{2,5}\d+\.\d+$/u;
const GROUP_CODE = /^[A-Z]{2,5}\d+$/u;
const FUNDING = /^(ngan sach|nguon (von|dau tu|kinh phi)|von |kinh phi|xa hoi hoa)/u;

interface RawRow {
  cells: string[];
  line: number;
}

/** Lines of one table joined into logical rows: a row starts with a number, a roman numeral, a block letter, a code cell, or text. */
function logicalRows(lines: SourceLine[]): RawRow[] {
  const rows: RawRow[] = [];
  for (const line of lines) {
    const text = line.text;
    if (text === '') continue;
    const startsRow = !text.startsWith('|') || /^\|\s*[A-Z]{2,5}\d+\.\d+\s*\|/u.test(text);
    const cells = text.split('|').map((cell) => cell.trim());
    if (startsRow || rows.length === 0) {
      rows.push({ cells, line: line.number });
    } else {
      rows[rows.length - 1]!.cells.push(...cells);
    }
  }
  return rows.map((row) => ({ ...row, cells: row.cells.filter((cell) => cell !== '') }));
}

/** A row while its table is read: later rows may still lend it a value (see backfillFromContinuations). */
type PendingTask = Omit<Task, 'id' | 'appendix' | 'block' | 'group'> & {
  /** True when the row printed its own lead cell (a continuation row prints none). */
  ownLead: boolean;
};

export interface AppendixResult {
  tasks: Task[];
  warnings: string[];
}

function stripBullet(text: string): string {
  return text.replace(/^[-–•+]\s*/u, '').trim();
}

/**
 * Reads one appendix table. `lines` are the table's rows after its header; `appendix` is its number (I → 1).
 */
export function parseAppendixTable(
  appendix: number,
  layout: TableLayout,
  lines: SourceLine[],
  directory: AgencyDirectory,
): AppendixResult {
  const warnings: string[] = [];
  const rows: Array<{ pending: PendingTask; block: Task['block']; group: Task['group'] }> = [];
  const hasCode = layout.roles.includes('code');
  const hasName = layout.roles.includes('name');
  const hasContent = layout.roles.includes('content');
  const agencyRoles = layout.roles.filter((role) => role === 'lead' || role === 'partners');
  let block: Task['block'] = null;
  let group: Task['group'] = null;
  let previous: PendingTask | null = null;
  let lastNumber = 0;
  let unnumberedCount = 0;
  const groupTasks: PendingTask[] = [];
  const printedCodes = new Map<string, { row: string; group: string }>();

  const agencyCell = (text: string): AgencyCell => ({
    text,
    ids: directory.find(text).map((mention) => mention.id),
  });

  // A lead cell that names no agency but "the related departments" ("Các sở ngành, đơn vị liên quan") assigns
  // the task to every department for its own field: it reads as the collective assignee.
  const leadCell = (text: string): AgencyCell => {
    const cell = agencyCell(text);
    return { text, ids: [...new Set(cell.ids.map((id) => (id === RELATED_AGENCIES_ID ? ALL_AGENCIES_ID : id)))] };
  };

  const finishGroup = () => {
    if (hasCode) backfillFromContinuations(groupTasks);
    groupTasks.length = 0;
  };

  for (const raw of logicalRows(lines)) {
    const [first, ...rest] = raw.cells;
    if (first === undefined) continue;

    const blockMatch = BLOCK.exec(first);
    if (blockMatch && hasCode) {
      block = { code: blockMatch[1]!, title: rest.join(' ').trim() };
      continue;
    }
    const romanMatch = ROMAN.exec(first);
    if (romanMatch && !NUMBERED.test(first)) {
      if (hasCode && rest[0] && GROUP_CODE.test(rest[0])) {
        group = { code: rest[0], title: rest.slice(1).join(' ').trim() };
      } else {
        group = { code: romanMatch[1]!, title: rest.join(' ').trim() };
      }
      continue;
    }

    let cells: string[];
    let label: string;
    const numberMatch = NUMBERED.exec(first);
    if (numberMatch) {
      lastNumber = Number(numberMatch[1]);
      unnumberedCount = 0;
      label = String(lastNumber);
      cells = rest;
    } else {
      if (lastNumber === 0) throw new IngestError(`không đọc được dòng bảng phụ lục: "${first.slice(0, 60)}"`, raw.line);
      unnumberedCount += 1;
      label = `${lastNumber}${String.fromCharCode(96 + unnumberedCount)}`;
      cells = raw.cells;
    }

    let code: string | null = null;
    if (hasCode && cells[0] && TASK_CODE.test(cells[0])) {
      code = cells.shift()!;
    }
    const sameCode = previous !== null && (code === null || code === previous.code);
    const startsCode = code !== null;
    if (code !== null) {
      finishGroup();
      const earlier = printedCodes.get(code);
      if (earlier) {
        warnings.push(`Mã nhiệm vụ ${code} được in hai lần: PL${appendix}.${earlier.row} (nhóm ${earlier.group}) và PL${appendix}.${label} (nhóm ${group?.code ?? '?'}). Giữ nguyên như văn bản.`);
      } else {
        printedCodes.set(code, { row: label, group: group?.code ?? '?' });
      }
    }

    let name: string;
    let content: string;
    if (startsCode && hasName && hasContent) {
      name = cells.shift() ?? '';
      content = cells[0] && !isClassifiedCell(cells[0], directory) ? cells.shift()! : name;
    } else {
      const text = cells.shift() ?? '';
      if (text === '' || isStructuredCell(text)) {
        throw new IngestError(`dòng ${label} không có tên hoặc nội dung nhiệm vụ`, raw.line);
      }
      content = text;
      name = hasName && hasContent && sameCode && previous ? previous.name : text;
    }
    if (!hasContent) content = name;

    const agencies: string[] = [];
    let deadlineText: string | null = null;
    let funding: string | null = null;
    let result: string | null = null;
    for (const cell of cells) {
      const folded = fold(cell);
      if (deadlineText === null && parseDeadline(cell).kind !== 'unknown') {
        deadlineText = cell;
      } else if (FUNDING.test(folded)) {
        funding = cell;
      } else if (isAgencyCell(cell, directory)) {
        agencies.push(cell);
      } else if (layout.roles.includes('result') && result === null) {
        result = cell;
      } else if (agencies.length > 0 && /\/\s*$/u.test(agencies.at(-1)!) && directory.analyse(cell).mentions.length === 0 && cell.length < 40) {
        // The tail of an agency cell that the export broke off ("Ban quản các khu công nghiệp/" … "Khu kinh tế").
        agencies[agencies.length - 1] = `${agencies[agencies.length - 1]} ${cell}`;
      } else if (agencies.length === 0 && previous?.lead && /\/\s*$/u.test(previous.lead.text) && cell.length < 40) {
        agencies.push(`${previous.lead.text} ${cell}`);
        const tail = agencies[0]!;
        for (const earlier of groupTasks) {
          if (earlier.lead?.text === previous.lead.text) earlier.lead = leadCell(tail);
        }
      } else {
        throw new IngestError(
          `dòng ${label}: không xếp được ô "${cell.slice(0, 60)}" vào cột nào (cơ quan, thời gian, nguồn vốn)`,
          raw.line,
        );
      }
    }
    if (agencies.length > agencyRoles.length) {
      throw new IngestError(`dòng ${label}: có ${agencies.length} ô cơ quan, bảng chỉ có ${agencyRoles.length} cột cơ quan`, raw.line);
    }

    const inherited: Task['inherited'] = [];
    const inherit = previous !== null && sameCode && hasCode;
    let lead: AgencyCell | null = agencies[0] ? leadCell(agencies[0]) : null;
    let partners: AgencyCell | null = agencies[1] ? agencyCell(agencies[1]) : null;
    let deadline: Deadline = deadlineText ? parseDeadline(deadlineText) : { kind: 'none', text: '' };
    if (inherit && previous) {
      if (!lead && previous.lead) {
        lead = previous.lead;
        inherited.push('lead');
      }
      if (!partners && previous.partners) {
        partners = previous.partners;
        inherited.push('partners');
      }
      if (deadline.kind === 'none' && previous.deadline.kind !== 'none') {
        deadline = previous.deadline;
        inherited.push('deadline');
      }
      if (!funding && previous.funding) {
        funding = previous.funding;
        inherited.push('funding');
      }
    }

    const pending: PendingTask = {
      row: label,
      code: code ?? (inherit && previous ? previous.code : null),
      name: stripBullet(name),
      content: stripBullet(content),
      lead,
      partners,
      result,
      deadline,
      funding,
      inherited,
      line: raw.line,
      ownLead: agencies.length > 0,
    };
    groupTasks.push(pending);
    previous = pending;

    rows.push({ pending, block, group });
  }
  finishGroup();

  // Back-filling changes earlier rows, so tasks are made only once the whole table is read.
  return { tasks: rows.map(({ pending, block: taskBlock, group: taskGroup }) => toTask(appendix, pending, taskBlock, taskGroup)), warnings };
}

function toTask(appendix: number, pending: PendingTask, block: Task['block'], group: Task['group']): Task {
  const { ownLead: _ownLead, row, ...fields } = pending;
  return { id: `PL${appendix}.${row}`, appendix: appendix as 1 | 2, row, block, group, ...fields };
}

/**
 * A funding or deadline cell printed once for a whole task code sometimes lands on a later row of the code
 * (the merged cell's text was exported there). A later row that is a pure continuation (no lead of its own)
 * carrying such a value lends it to the earlier rows of the same code that have none.
 */
function backfillFromContinuations(rows: PendingTask[]): void {
  for (const field of ['funding', 'deadline'] as const) {
    const donor = rows.find((row, index) => index > 0 && !row.ownLead && hasValue(row, field) && !row.inherited.includes(field));
    if (!donor) continue;
    for (const row of rows) {
      if (row === donor) break;
      if (!hasValue(row, field)) {
        if (field === 'funding') row.funding = donor.funding;
        else row.deadline = donor.deadline;
        row.inherited.push(field);
      }
    }
  }
}

function hasValue(row: PendingTask, field: 'funding' | 'deadline'): boolean {
  return field === 'funding' ? row.funding !== null : row.deadline.kind !== 'none';
}

function isStructuredCell(cell: string): boolean {
  return parseDeadline(cell).kind !== 'unknown' || FUNDING.test(fold(cell));
}

/** A cell that names agencies and nothing else (filler words such as "chủ trì" allowed). */
function isAgencyCell(cell: string, directory: AgencyDirectory): boolean {
  const { mentions, leftover } = directory.analyse(cell);
  return mentions.length > 0 && leftover.length <= Math.max(12, cell.length * 0.25);
}

function isClassifiedCell(cell: string, directory: AgencyDirectory): boolean {
  return isStructuredCell(cell) || isAgencyCell(cell, directory);
}
