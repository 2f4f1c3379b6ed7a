/**
 * The rows of one task table to tasks, read by meaning. Aligned tables (html, docx, GFM) put every cell in its
 * column and mark merged positions; a position covered from above takes the value of the cell above. Unaligned
 * tables (the text export, the crawl) lose merged cells: a row holds fewer cells, shifted left, and is aligned
 * to the header by what each cell holds (a row label, an agency, a deadline, a funding source, text), keeping
 * the cells in order. A row inherits what it lacks from the row it continues: an unnumbered row from the row
 * above, a row without its own code from the code's first row, and, where the format writes empty cells out, a
 * numbered row from the row above (the missing cell was merged). Group headings (I, II, A, a bold row) set the
 * group of the rows under them. A row that cannot be read becomes a review warning; it never stops the ingest.
 */
import { fold } from '../../text/vietnamese.ts';
import type { DocumentDirectory } from '../agencies/directory.ts';
import type { AgencyMatcher } from '../agencies/matcher.ts';
import { headOf } from '../agencies/names.ts';
import type { TableBlock, TableCell } from '../ir.ts';
import type { AgencyCell, ColumnRole, Deadline, Task } from '../types.ts';
import { repeatsHeader, type TableHeader } from './columns.ts';
import { isDeadlineText, parseDeadline } from './deadline.ts';

export interface TableContext {
  documentId: string;
  tableIndex: number;
  appendix: number | null;
  /** `PL2`, `PL`, `PL1.B2`, `B1`: what every task id of the table starts with. */
  idPrefix: string;
  header: TableHeader;
  directory: DocumentDirectory;
  matcher: AgencyMatcher;
  heads: readonly string[];
  personTitles: readonly string[];
  level: 'central' | 'local';
}

export interface RowsResult {
  tasks: Task[];
  warnings: string[];
}

const NUMBER_LABEL = /^(\d{1,3}(?:\.\d{1,3}){0,3})\.?$/u;
const ROMAN_LABEL = /^([IVXL]{1,6})\.?$/u;
const BLOCK_LABEL = /^([A-H])\.?$/u;
/** A task code ("CQS2.1", "DA-03"): two or more capitals, then numbers. */
const CODE = /^[A-ZĐ]{2,6}-?\d{1,3}(?:\.\d{1,3})*$/u;
/** A code group printed as a heading ("CQS2"). */
const GROUP_CODE = /^[A-ZĐ]{2,6}\d{1,2}$/u;
/** A sub-row's own label: a letter ("a", "b)") or a dash. */
const SUB_LABEL = /^(?:[a-zđ][.)]?|[-–+•])$/u;
const FUNDING = /^(ngan sach|nguon (von|dau tu|kinh phi|ngan sach)|von |kinh phi|xa hoi hoa|chi thuong xuyen|dau tu cong|ngan sach nha nuoc|nsnn|nsdp)/u;
const PROGRESS = /^(dang|da|chua|dang duoc|da duoc)\s+(thuc hien|hoan thanh|trien khai|ban hanh)\b|^hoan thanh\b|^qua han\b/u;
const SOURCE = /^(thong bao|quyet dinh|ke hoach|cong van|nghi quyet|chi thi|van ban|ket luan)\b.{0,40}\bso\b/u;

/** A row's cell values by column role, each with whether it was printed or inherited. */
type Values = Partial<Record<ColumnRole, string>>;

interface Draft {
  label: string | null;
  numbered: boolean;
  code: string | null;
  values: Values;
  /** Roles whose value came from a merged cell above. */
  merged: Set<ColumnRole>;
  line: number;
  group: Task['group'];
  block: Task['block'];
}

function labelOf(text: string): { kind: 'number' | 'roman' | 'block' | 'sub'; label: string } | null {
  const clean = text.replace(/\*/gu, '').trim();
  if (SUB_LABEL.test(clean)) return { kind: 'sub', label: clean };
  let match = NUMBER_LABEL.exec(clean);
  if (match) return { kind: 'number', label: match[1]!.split('.').map((part) => String(Number(part))).join('.') };
  match = ROMAN_LABEL.exec(clean);
  if (match) return { kind: 'roman', label: match[1]! };
  match = BLOCK_LABEL.exec(clean);
  if (match) return { kind: 'block', label: match[1]! };
  return null;
}

/** A heading written inside one cell: "I. NÂNG CAO NHẬN THỨC …", "A. NHÓM NHIỆM VỤ …". */
function inlineHeading(text: string): { kind: 'roman' | 'block'; label: string; title: string } | null {
  const match = /^([IVXL]{1,6}|[A-H])[.)]\s*([\s\S]{3,})$/u.exec(text.trim());
  if (!match) return null;
  return { kind: /^[A-H]$/u.test(match[1]!) ? 'block' : 'roman', label: match[1]!, title: match[2]!.replace(/\s+/gu, ' ').trim() };
}

export function readTaskRows(table: TableBlock, context: TableContext): RowsResult {
  const { header } = context;
  const roles = header.columns.map((column) => column.role);
  const has = (role: ColumnRole) => roles.includes(role);
  const warnings: string[] = [];
  const drafts: Draft[] = [];
  let group: Task['group'] = null;
  let block: Task['block'] = null;
  let groupOrdinal = 0;

  const agencyLike = (text: string): boolean => {
    if (text.length === 0 || text.length > 220) return false;
    const analysis = context.matcher.analyse(text, context.level);
    if (analysis.mentions.length > 0 && analysis.leftover.length <= Math.max(16, text.length * 0.4)) return true;
    const head = headOf(text.replace(/^(các|những)\s+/iu, ''), context.heads) ?? headOf(text, context.personTitles);
    return head !== null && text.length <= 160 && !/[.;:]\s*\p{Lu}.{20,}/u.test(text);
  };

  const score = (cell: string, role: ColumnRole, first: boolean): number => {
    const folded = fold(cell);
    if (cell === '') return role === 'row' || role === 'code' ? -100 : 0;
    switch (role) {
      case 'row':
        return first && labelOf(cell) ? 12 : -100;
      case 'code':
        return CODE.test(cell) ? 12 : -100;
      case 'deadline':
        return isDeadlineText(cell) ? 9 : -7;
      case 'funding':
        return FUNDING.test(folded) ? 9 : -5;
      case 'progress':
        return PROGRESS.test(folded) && cell.length < 80 ? 9 : -4;
      case 'source':
        return SOURCE.test(folded) ? 8 : -3;
      case 'responsible':
        return headOf(cell, context.personTitles) ? 8 : -3;
      case 'lead':
        return agencyLike(cell) ? 7 : -6;
      case 'partners':
      case 'follow_up':
        return agencyLike(cell) ? 6.5 : -6;
      case 'name':
      case 'content':
        return isDeadlineText(cell) || FUNDING.test(folded) ? -6 : agencyLike(cell) && cell.length < 60 ? -2 : 3;
      case 'result':
        return isDeadlineText(cell) ? -5 : agencyLike(cell) && cell.length < 60 ? -2 : 2;
      case 'note':
        return 0;
    }
  };

  /** Cells of an unaligned row to columns in order, best total score; null when it cannot be done. */
  const align = (cells: string[], ownCode: boolean): Values | null => {
    const m = cells.length;
    const n = roles.length;
    if (m === n) return Object.fromEntries(cells.map((cell, index) => [roles[index]!, cell])) as Values;
    if (m > n) return null;
    const best: number[][] = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(Number.NEGATIVE_INFINITY));
    const choice: Array<Array<'skip' | 'take'>> = Array.from({ length: m + 1 }, () => Array<'skip' | 'take'>(n + 1).fill('skip'));
    for (let j = 0; j <= n; j += 1) best[0]![j] = -0.5 * j;
    for (let i = 1; i <= m; i += 1) {
      for (let j = i; j <= n; j += 1) {
        const skip = best[i]![j - 1]! - 0.5;
        let value = score(cells[i - 1]!, roles[j - 1]!, i === 1);
        // A row that continues a code has no name of its own: its text is the content.
        if (roles[j - 1] === 'name' && has('content') && !ownCode) value -= 1.5;
        const take = best[i - 1]![j - 1]! + value;
        if (take >= skip) {
          best[i]![j] = take;
          choice[i]![j] = 'take';
        } else {
          best[i]![j] = skip;
          choice[i]![j] = 'skip';
        }
      }
    }
    if (!Number.isFinite(best[m]![n]!) || best[m]![n]! < -50) return null;
    const values: Values = {};
    for (let i = m, j = n; i > 0 && j > 0; ) {
      if (choice[i]![j] === 'take') {
        values[roles[j - 1]!] = cells[i - 1]!;
        i -= 1;
      }
      j -= 1;
    }
    return values;
  };

  const body = table.rows.slice(header.rowIndex + 1);
  let previous: Draft | null = null;
  for (const row of body) {
    if (repeatsHeader(row, header)) continue;
    const line = row.cells[0]?.line ?? row.line;
    const visible = row.cells.filter((cell) => cell.covered !== 'left');
    const texts = visible.map((cell) => cell.text.trim());
    const nonEmpty = texts.filter((text) => text !== '');
    if (nonEmpty.length === 0) continue;

    // Group and block headings.
    const firstLabel = labelOf(texts[0] ?? '');
    const heading = groupHeading(row.cells, texts, firstLabel, has('code'));
    if (heading) {
      if (heading.kind === 'block') block = { code: heading.code ?? '', title: heading.title };
      else {
        groupOrdinal += 1;
        group = { code: heading.code ?? `N${groupOrdinal}`, title: heading.title };
      }
      continue;
    }

    let values: Values | null;
    const merged = new Set<ColumnRole>();
    if (table.aligned) {
      values = {};
      row.cells.forEach((cell, index) => {
        const role = roles[index];
        if (!role || cell.covered === 'left') return;
        if (cell.covered === 'above') merged.add(role);
        values![role] = cell.text.trim();
      });
    } else {
      // The text export breaks an agency cell at "/" ("Ban Quản lý các khu công nghiệp/" … "Khu kinh tế").
      const joined: string[] = [];
      for (const text of texts) {
        const last = joined.at(-1);
        if (last !== undefined && /\/\s*$/u.test(last) && text.length < 40 && context.matcher.find(text).length === 0 && agencyLike(last)) joined[joined.length - 1] = `${last} ${text}`;
        else joined.push(text);
      }
      // …and the broken-off tail may land on a later row of the same code, in a cell of its own.
      const lastLead = [...drafts].reverse().find((draft) => draft.values.lead)?.values.lead;
      const brokenLead = lastLead && /\/\s*$/u.test(lastLead) ? lastLead : null;
      let tail: string | null = null;
      if (brokenLead) {
        const at = joined.findIndex((text, index) => index >= 2 && text.length < 40 && /^\p{Lu}/u.test(text) && context.matcher.find(text).length === 0 && !isDeadlineText(text));
        if (at >= 0) tail = joined.splice(at, 1)[0]!;
      }
      const ownCode = joined.some((text) => CODE.test(text));
      values = align(joined, ownCode);
      if (values && brokenLead && tail) {
        const whole = `${brokenLead} ${tail}`;
        for (const earlier of drafts) if (earlier.values.lead === brokenLead) earlier.values.lead = whole;
        values.lead ??= whole;
      }
      if (values === null) {
        warnings.push(`${context.idPrefix} (dòng ${line}): không xếp được các ô của dòng vào cột (${joined.length} ô, ${roles.length} cột); giữ dạng văn bản: "${nonEmpty.join(' | ').slice(0, 120)}"`);
        continue;
      }
    }

    const labelText = values.row ?? '';
    const label = labelOf(labelText);
    const numbered = label?.kind === 'number' && !merged.has('row');
    const text = values.content || values.name || '';
    // A footnote the crawl ran into the last row ("[1] Tuyên Quang, Cao Bằng …") is not a task.
    if (!numbered && /^\[\d{1,2}\]/u.test(text)) {
      warnings.push(`${context.idPrefix} (dòng ${line}): chú thích cuối trang in trong bảng, bỏ qua: "${text.slice(0, 80)}"`);
      continue;
    }
    // A row of a status or a date alone (the crawl split a cell into a row of its own) completes the row above.
    if (!numbered && text === '' && previous) {
      for (const [role, value] of Object.entries(values) as Array<[ColumnRole, string]>) {
        if (value && !previous.values[role]) previous.values[role] = value;
      }
      continue;
    }
    if (text === '' && !numbered) {
      warnings.push(`${context.idPrefix} (dòng ${line}): dòng không có nội dung nhiệm vụ; giữ dạng văn bản: "${nonEmpty.join(' | ').slice(0, 120)}"`);
      continue;
    }
    const code = values.code && CODE.test(values.code) && !merged.has('code') ? values.code : null;
    const draft: Draft = { label: numbered ? label!.label : null, numbered, code, values, merged, line, group, block };
    drafts.push(draft);
    previous = draft;
  }

  return { tasks: toTasks(drafts, context, table, warnings), warnings };
}

function groupHeading(
  cells: readonly TableCell[],
  texts: string[],
  firstLabel: ReturnType<typeof labelOf>,
  hasCode: boolean,
): { kind: 'block' | 'group'; code: string | null; title: string } | null {
  const nonEmpty = texts.map((text, index) => ({ text, index })).filter((entry) => entry.text !== '');
  if (firstLabel && (firstLabel.kind === 'roman' || firstLabel.kind === 'block')) {
    const rest = nonEmpty.filter((entry) => entry.index > 0).map((entry) => entry.text);
    // "I | CQS1 | Phát triển …": a code group under a roman numeral; "A | NHÓM NHIỆM VỤ …": a block.
    if (hasCode && rest[0] && GROUP_CODE.test(rest[0])) return { kind: 'group', code: rest[0], title: rest.slice(1).join(' ').trim() };
    if (rest.length <= 2) return { kind: firstLabel.kind === 'block' ? 'block' : 'group', code: firstLabel.label, title: rest.join(' ').trim() };
  }
  if (nonEmpty.length === 1) {
    const only = nonEmpty[0]!;
    const inline = inlineHeading(only.text);
    if (inline) return { kind: inline.kind === 'block' ? 'block' : 'group', code: inline.label, title: inline.title };
    const cell = cells.filter((candidate) => candidate.covered !== 'left')[only.index];
    if (cell?.bold && !labelOf(only.text)) return { kind: 'group', code: null, title: only.text.replace(/\s+/gu, ' ') };
  }
  // "** ** | Nhiệm vụ giao Bộ trưởng … chỉ đạo": an empty label and one bold title.
  if (nonEmpty.length === 1 && texts[0] === '' && nonEmpty[0]!.index === 1) {
    const cell = cells.filter((candidate) => candidate.covered !== 'left')[1];
    if (cell?.bold) return { kind: 'group', code: null, title: nonEmpty[0]!.text };
  }
  return null;
}

/** Drafts to tasks: labels of unnumbered rows, inheritance, ids, values read by role. */
function toTasks(drafts: Draft[], context: TableContext, table: TableBlock, warnings: string[]): Task[] {
  const roles = context.header.columns.map((column) => column.role);
  const hasCode = roles.includes('code');
  const hasName = roles.includes('name');
  const hasContent = roles.includes('content');

  // Labels: an unnumbered row takes the label above plus a letter.
  let lastNumber: string | null = null;
  let letter = 0;
  const labels: string[] = [];
  for (const draft of drafts) {
    if (draft.numbered && draft.label) {
      lastNumber = draft.label;
      letter = 0;
      labels.push(draft.label);
    } else {
      letter += 1;
      labels.push(`${lastNumber ?? '0'}${String.fromCharCode(96 + Math.min(letter, 26))}`);
    }
  }
  // Numbering that starts again at 1 in a later group makes the group part of the id; a label merely printed
  // twice (a typo in the source) does not.
  const firstGroups = new Set(drafts.filter((draft, index) => labels[index] === '1').map((draft) => draft.group?.code ?? null));
  const restarts = firstGroups.size > 1;

  const tasks: Task[] = [];
  const ids = new Set<string>();
  let previous: { task: Task; draft: Draft } | null = null;
  let codeStart: { task: Task; draft: Draft } | null = null;
  const codeRows: Array<{ task: Task; ownLead: boolean }> = [];
  const finishCode = () => {
    backfillFromContinuations(codeRows);
    codeRows.length = 0;
  };

  const printedCodes = new Map<string, string>();
  drafts.forEach((draft, index) => {
    const values = draft.values;
    if (draft.code !== null) {
      const earlier = printedCodes.get(draft.code);
      if (earlier) warnings.push(`Mã nhiệm vụ ${draft.code} được in hai lần: ${earlier} và dòng ${labels[index]} (nhóm ${draft.group?.code ?? '?'}). Giữ nguyên như văn bản.`);
      else printedCodes.set(draft.code, `dòng ${labels[index]} (nhóm ${draft.group?.code ?? '?'})`);
    }
    const continuesCode = hasCode && codeStart !== null && (draft.code === null || draft.code === codeStart.task.code);
    const continuation = !draft.numbered;
    if (hasCode && !continuesCode) finishCode();
    // What the row lacks comes from the row it continues.
    const inheritFrom = continuesCode || continuation || (table.absentMeansMerged && !table.aligned) ? previous : null;
    const inherited: Task['inherited'] = [];
    const take = <T>(field: Task['inherited'][number], own: T | null, from: T | null | undefined): T | null => {
      if (own !== null) {
        if (draft.merged.has(field)) inherited.push(field);
        return own;
      }
      if (inheritFrom && from !== null && from !== undefined) {
        inherited.push(field);
        return from;
      }
      return null;
    };

    const leadCell = values.lead ? context.directory.cell(values.lead) : null;
    const lead = take('lead', leadCell ? collectiveLead(leadCell) : null, inheritFrom?.task.lead);
    const partners = take('partners', values.partners ? context.directory.cell(values.partners) : null, inheritFrom?.task.partners);
    const ownDeadline = values.deadline ? parseDeadline(values.deadline) : null;
    const deadline: Deadline = take('deadline', ownDeadline, inheritFrom?.task.deadline.kind === 'none' ? null : inheritFrom?.task.deadline) ?? { kind: 'none', text: '' };
    const funding = take('funding', values.funding || null, inheritFrom?.task.funding);
    const result = take('result', values.result || null, continuation ? inheritFrom?.task.result : null);

    let name = values.name || '';
    let content = values.content || '';
    if (hasName && hasContent) {
      if (!name && continuesCode && codeStart) name = codeStart.task.name;
      if (!content) content = name;
      if (!name) name = content;
    } else {
      const only = name || content;
      name = only;
      content = only;
    }
    name = stripBullet(name);
    content = stripBullet(content);

    const label = labels[index]!;
    const groupPart = restarts && draft.group ? `.${draft.group.code}` : '';
    let id = `${context.idPrefix}${groupPart}.${label}`;
    if (ids.has(id)) {
      let suffix = 2;
      while (ids.has(`${id}-${suffix}`)) suffix += 1;
      warnings.push(`${id} (dòng ${draft.line}): số thứ tự ${label} được in hai lần; dòng sau đặt mã ${id}-${suffix}.`);
      id = `${id}-${suffix}`;
    }
    ids.add(id);

    const notes = context.header.columns
      .map((column, at) => ({ column, at }))
      .filter(({ column }) => column.role === 'note')
      .map(({ column }) => ({ label: column.label, text: values.note ?? '' }))
      .filter((note) => note.text !== '');

    const task: Task = {
      id,
      documentId: context.documentId,
      table: context.tableIndex,
      appendix: context.appendix,
      row: label,
      block: draft.block,
      group: draft.group,
      code: draft.code ?? (continuesCode && codeStart ? codeStart.task.code : null),
      name,
      content,
      lead,
      partners,
      result,
      deadline,
      funding,
      assignedBy: values.source || null,
      responsible: values.responsible || null,
      followUp: values.follow_up ? context.directory.cell(values.follow_up) : null,
      progress: values.progress || null,
      notes,
      inherited,
      line: draft.line,
    };
    tasks.push(task);
    if (hasCode) {
      if (draft.code !== null && !continuesCode) codeStart = { task, draft };
      codeRows.push({ task, ownLead: Boolean(values.lead) && !draft.merged.has('lead') });
    }
    previous = { task, draft };
  });
  finishCode();
  return tasks;
}

/**
 * A lead cell that names no agency but "the related departments" ("Các sở ngành, đơn vị liên quan") assigns the
 * task to every department for its own field: it reads as the collective assignee.
 */
function collectiveLead(cell: AgencyCell): AgencyCell {
  return { text: cell.text, ids: [...new Set(cell.ids.map((id) => (id === 'lien-quan' ? 'tat-ca' : id)))] };
}

function stripBullet(text: string): string {
  return text.replace(/^[-–•+]\s*/u, '').trim();
}

/**
 * A funding or deadline cell printed once for a whole task code sometimes lands on a later row of the code (the
 * merged cell's text was exported there). A later row that is a pure continuation (no lead of its own) carrying
 * such a value lends it to the earlier rows of the same code that have none.
 */
function backfillFromContinuations(rows: Array<{ task: Task; ownLead: boolean }>): void {
  for (const field of ['funding', 'deadline'] as const) {
    const donor = rows.find((row, index) => index > 0 && !row.ownLead && hasValue(row.task, field) && !row.task.inherited.includes(field));
    if (!donor) continue;
    for (const row of rows) {
      if (row === donor) break;
      if (!hasValue(row.task, field)) {
        if (field === 'funding') row.task.funding = donor.task.funding;
        else row.task.deadline = donor.task.deadline;
        row.task.inherited.push(field);
      }
    }
  }
}

function hasValue(task: Task, field: 'funding' | 'deadline'): boolean {
  return field === 'funding' ? task.funding !== null : task.deadline.kind !== 'none';
}
