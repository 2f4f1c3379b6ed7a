/**
 * Structured queries over the task catalogue. A list question ("Sở Y tế phải làm gì?", "nhiệm vụ nào hạn tháng
 * 12/2025?") must return every matching task, which top-k retrieval silently would not, so these never rank or cut.
 */
import { ALL_AGENCIES_ID, createAgencyDirectory, type AgencyDirectory } from '../catalogue/agencies.ts';
import { dueDate } from '../catalogue/deadline.ts';
import type { Agency, IsoDate, Knowledge, Section, Task } from '../catalogue/types.ts';
import { fold } from '../text/vietnamese.ts';
import type { DateWindow } from './dates.ts';

export type StatusCode = 'chua_trien_khai' | 'dang_trien_khai' | 'hoan_thanh' | 'vuong_mac';

/** The latest confirmed status update of a task (per agency for tasks given to every agency). */
export interface TaskStatus {
  taskId: string;
  agencyId: string;
  agencyName: string;
  status: StatusCode;
  percent: number | null;
  note: string;
  /** Date of the update in Việt Nam. */
  date: IsoDate;
}

/** Latest statuses by task id; an empty map when no update was ever filed or the officials' store is absent. */
export type StatusSource = () => Promise<Map<string, TaskStatus[]>>;

export interface Catalogue {
  knowledge: Knowledge;
  directory: AgencyDirectory;
  tasks: Task[];
  byId: Map<string, Task>;
  /** Folded code → tasks printed with it, in document order. */
  byCode: Map<string, Task[]>;
  /** Folded group code (`cqs2`) → its tasks. */
  byGroup: Map<string, Task[]>;
  agencyById: Map<string, Agency>;
  sectionById: Map<string, Section>;
}

export function buildCatalogue(knowledge: Knowledge, directory: AgencyDirectory = createAgencyDirectory()): Catalogue {
  const byCode = new Map<string, Task[]>();
  const byGroup = new Map<string, Task[]>();
  for (const task of knowledge.tasks) {
    if (task.code) byCode.set(fold(task.code), [...(byCode.get(fold(task.code)) ?? []), task]);
    if (task.appendix === 2 && task.group) {
      byGroup.set(fold(task.group.code), [...(byGroup.get(fold(task.group.code)) ?? []), task]);
    }
  }
  return {
    knowledge,
    directory,
    tasks: knowledge.tasks,
    byId: new Map(knowledge.tasks.map((task) => [task.id.toLowerCase(), task])),
    byCode,
    byGroup,
    agencyById: new Map(knowledge.agencies.map((agency) => [agency.id, agency])),
    sectionById: new Map(knowledge.sections.map((section) => [section.id, section])),
  };
}

export function leadIds(task: Task): string[] {
  return task.lead?.ids ?? [];
}

export function partnerIds(task: Task): string[] {
  return task.partners?.ids ?? [];
}

export interface AgencyTasks {
  lead: Task[];
  partner: Task[];
  /** Tasks whose lead is every agency ("Các sở, ban, ngành, đơn vị, địa phương"). */
  all: Task[];
}

export function tasksOfAgency(catalogue: Catalogue, agencyId: string): AgencyTasks {
  const lead: Task[] = [];
  const partner: Task[] = [];
  const all: Task[] = [];
  for (const task of catalogue.tasks) {
    if (leadIds(task).includes(agencyId)) lead.push(task);
    else if (partnerIds(task).includes(agencyId)) partner.push(task);
    else if (leadIds(task).includes(ALL_AGENCIES_ID)) all.push(task);
  }
  return { lead, partner, all };
}

/**
 * True when the task's latest confirmed statuses say it is finished. Only the lead reports a status, so: for one
 * agency's part, that agency said "hoàn thành"; for the task as a whole, every reporting lead did — and a task given
 * to every agency is never finished as a whole (each agency reports its own part). The officials' reports use the
 * same rule (src/officials/status.ts `isTaskFinished`).
 */
export function isFinished(task: Task, statuses: TaskStatus[] | undefined, agencyId?: string): boolean {
  if (!statuses || statuses.length === 0) return false;
  if (agencyId !== undefined) return statuses.some((status) => status.agencyId === agencyId && status.status === 'hoan_thanh');
  if (leadIds(task).includes(ALL_AGENCIES_ID)) return false;
  return statuses.every((status) => status.status === 'hoan_thanh');
}

/** Tasks with a due date inside the window (periods count by their end), earliest first. */
export function tasksDueIn(tasks: Task[], window: DateWindow): Task[] {
  return sortByDue(tasks.filter((task) => {
    const due = dueDate(task.deadline);
    return due !== null && due >= window.from && due <= window.to;
  }));
}

/** Tasks whose due date has passed on `today` and that are not reported finished. */
export function overdueTasks(tasks: Task[], today: IsoDate, statuses: Map<string, TaskStatus[]>, agencyId?: string): Task[] {
  return sortByDue(tasks.filter((task) => {
    const due = dueDate(task.deadline);
    return due !== null && due < today && !isFinished(task, statuses.get(task.id), agencyId);
  }));
}

export function sortByDue(tasks: Task[]): Task[] {
  return [...tasks].sort((a, b) => (dueDate(a.deadline) ?? '9999').localeCompare(dueDate(b.deadline) ?? '9999'));
}

/** Tasks whose funding cell matches the funding named in a (folded) question; null when none is named. */
export function tasksByFunding(catalogue: Catalogue, folded: string): { funding: string; tasks: Task[] } | null {
  const fundings = new Map<string, Task[]>();
  for (const task of catalogue.tasks) {
    if (task.funding) fundings.set(task.funding, [...(fundings.get(task.funding) ?? []), task]);
  }
  const question = new Set(expandFunding(folded).split(/\s+/u));
  let best: { funding: string; score: number } | null = null;
  for (const funding of fundings.keys()) {
    const words = [...new Set(expandFunding(fold(funding)).split(/\s+/u))].filter((word) => !FUNDING_GENERIC.has(word));
    const matched = words.filter((word) => question.has(word)).length;
    const score = matched / Math.max(words.length, 1);
    if (matched > 0 && (!best || score > best.score)) best = { funding, score };
  }
  if (!best || best.score < 0.5) return null;
  // Fundings that differ only in wording ("Nguồn vốn đầu tư của Doanh nghiệp" / "Nguồn đầu tư của doanh nghiệp").
  const key = fundingKey(best.funding);
  const tasks = catalogue.tasks.filter((task) => task.funding && fundingKey(task.funding) === key);
  return { funding: best.funding, tasks };
}

const FUNDING_GENERIC = new Set(['nguon', 'von', 'cua', 'tu', 'va', 'cac', 'khac', 'theo', 'quy', 'dinh', 'phap', 'luat', 'hop', 'kinh', 'phi']);

function expandFunding(folded: string): string {
  return folded.replace(/\btw\b/gu, 'trung uong').replace(/\bnsdp\b/gu, 'ngan sach dia phuong').replace(/[^\p{L}\p{N}\s]/gu, ' ');
}

function fundingKey(funding: string): string {
  return [...new Set(expandFunding(fold(funding)).split(/\s+/u))].filter((word) => word && !FUNDING_GENERIC.has(word)).sort().join(' ');
}
