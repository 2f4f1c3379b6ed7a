/**
 * "Sở Y tế phải làm gì?", "Sở KH&CN chủ trì bao nhiêu nhiệm vụ?", "UBND các xã phối hợp những việc gì?": every
 * task of the agency in the documents in scope, by role (lead, partner, given to all agencies). Words beyond the
 * agency narrow the list to a topic: those tasks come first, the rest are still cited.
 */
import { itemKey } from '../../knowledge/snapshot.ts';
import type { AnswerContext } from '../context.ts';
import { tasksOfAgency } from '../catalogue.ts';
import type { Classification } from '../classify.ts';
import { taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { listQueryOf } from '../task-list.ts';
import type { Reply } from '../types.ts';
import { namedAppendix } from './lookup.ts';
import { answered, namesAgency, resolveAgency, scopeLabel, taskCitations, tasksInScope } from './shared.ts';

/** Words that do not narrow an agency's list to a topic ("trong chương trình này", "danh sách"). */
const GENERIC_TOPIC = new Set([
  'chuong', 'trinh', 'nay', 'tinh', 'quyet', 'dinh', 'qd', 'ke', 'hoach', 'so', 'nhung', 'cac', 'tat', 'ca', 'het', 'moi',
  'minh', 'toi', 'chung', 'don', 'vi', 'co', 'quan', 'giao', 'nhiem', 'vu', 'kh', 'cn', 'dmst', 'cds', 'ban', 'nganh',
  'danh', 'sach', 'liet', 'ke', 'tham', 'gia', 'voi', 'khac', 'o', 'va', 'de', 'duoc', 'theo', 'chuyen', 'doi', 'khoa', 'hoc',
  'cong', 'nghe', 'sang', 'tao', 'gom', 'bao', 'nhieu', 'hien', 'van', 'thong', 'phu', 'luc', 'trong', 'nv', 'viec', 'cua', 'dia', 'phuong',
  // The fields a list may be asked with ("… và kết quả thế nào", "hạn, nguồn vốn ra sao"): what is shown, not a topic.
  'ket', 'qua', 'san', 'pham', 'du', 'kien', 'nguon', 'von', 'kinh', 'phi', 'lo', 'trinh', 'thoi', 'han', 'the', 'nao', 'ra', 'sao', 'nhu',
]);

export async function agencyAnswer(context: AnswerContext, c: Classification, fallback: () => Promise<Reply>): Promise<Reply> {
  const resolved = resolveAgency(context, c.agencies[0]!);
  if (!resolved) return fallback();
  const { agency, note } = resolved;
  const { agencies } = context.snapshot;
  // "… ở Phụ lục I": the agency's tasks of that appendix, when it holds any there.
  const appendix = namedAppendix(c.folded);
  const all = tasksInScope(context, agency.id);
  const inAppendix = appendix === null ? [] : all.filter((task) => task.appendix === appendix);
  const ownInAppendix = tasksOfAgency(inAppendix, agency.id, agencies);
  const narrowed = ownInAppendix.lead.length + ownInAppendix.partner.length > 0;
  const ownGroups = narrowed ? ownInAppendix : tasksOfAgency(all, agency.id, agencies);
  // "UBND các xã phối hợp với Sở X những việc gì": Sở X's tasks that name the communes as partners.
  const partnered = c.partnered === null ? undefined : agencies.byId(c.partnered);
  const withPartner = partnered ? ownGroups.lead.filter((task) => agencies.namedIds(task.partners).has(partnered.id)) : [];
  const paired = partnered !== undefined && withPartner.length > 0;
  const groups = paired ? { ...ownGroups, lead: withPartner } : ownGroups;
  const partnerQuery = paired ? { partner: partnered.id } : {};
  const partnerNote = partnered ? [paired ? M.agencyWithPartner(agency.name, partnered.name, withPartner.length) : M.agencyWithoutPartner(agency.name, partnered.name)] : [];
  // Named but empty for this agency: said so, then the agency's other tasks.
  const appendixNote = appendix === null ? [] : narrowed ? [M.inAppendix(M.appendixName(appendix))] : [M.noneInAppendix(agency.name, M.appendixName(appendix))];
  const header = [...(note ? [note] : []), ...appendixNote, ...partnerNote];
  const showResult = c.fields.includes('result');
  const showFunding = c.fields.includes('funding');
  const topicWords = c.phrase.split(' ').filter((word) => word.length > 1 && !GENERIC_TOPIC.has(word) && !context.vocabulary.deploymentWords.has(word));
  if (topicWords.length > 0 && !c.count) {
    const pool = c.role === 'partner' ? groups.partner : c.role === 'lead' ? groups.lead : [...groups.lead, ...groups.partner];
    const own = new Set(pool.map(itemKey));
    const hits = (await context.snapshot.index.retriever.search(topicWords.join(' '), { kinds: ['task'], limit: 120 })).filter((hit) => own.has(hit.id) && hit.bm25 > 0);
    const best = hits[0]?.bm25 ?? 0;
    const topical = hits.filter((hit) => hit.bm25 >= best * 0.5).map((hit) => context.snapshot.task(hit.id)!);
    if (topical.length > 0 && topical.length < pool.length) {
      const rest = pool.filter((task) => !topical.includes(task));
      const text = [...header, M.agencyTopic(agency.name, topical.length), ...taskList(context.compose, topical, { showLead: true, showResult, showFunding }, 8), M.agencyOthers(agency.name, rest.length)]
        .filter(Boolean)
        .join('\n');
      const reply = answered('agency_tasks', text, taskCitations(context, [...topical, ...rest]), listQueryOf(context.snapshot, pool, { agency: agency.id, ...(c.role === 'partner' || c.role === 'lead' ? { role: c.role } : {}), ...partnerQuery }));
      return { ...reply, focus: topical.map((task) => context.snapshot.cite(task)) };
    }
  }
  if (groups.lead.length + groups.partner.length === 0) {
    // No task names it: the documents' text may still say what it is asked to do ("đề nghị Ủy ban MTTQ tỉnh …").
    const fromText = await fallback();
    // Only a text that names the agency says what it must do; one that shares a word with its name does not.
    const citedText = (citationId: string) => context.snapshot.section(citationId)?.text ?? context.snapshot.task(citationId)?.content ?? '';
    if (fromText.outcome === 'answered' && fromText.citations.some((citation) => namesAgency(context, citedText(citation.id), [agency.id]))) return fromText;
    return answered('agency_tasks', [...header, M.agencyNone(agency.name, scopeLabel(context))].join('\n'), taskCitations(context, groups.all));
  }
  if (c.role === 'partner') {
    const text = [...header, M.agencyPartnerCount(agency.name, groups.partner.length), ...taskList(context.compose, groups.partner, { showResult, showFunding }, 12)].join('\n');
    return answered('agency_tasks', text, taskCitations(context, groups.partner), listQueryOf(context.snapshot, groups.partner, { agency: agency.id, role: 'partner' }));
  }
  if (c.count || c.role === 'lead') {
    const count = paired ? [] : [M.agencyLeadCount(agency.name, groups.lead.length)];
    const text = [...header, ...count, ...taskList(context.compose, groups.lead, { showLead: false, showResult, showFunding }, 12)].join('\n');
    return answered('agency_tasks', text, taskCitations(context, groups.lead), listQueryOf(context.snapshot, groups.lead, { agency: agency.id, role: 'lead', ...partnerQuery }));
  }
  const text = [
    ...header,
    M.agencySummary(agency.name, groups.lead.length, groups.partner.length, groups.all.length),
    M.groupLead(groups.lead.length),
    ...taskList(context.compose, groups.lead, { showLead: false }, 8),
    ...(groups.partner.length > 0 ? [M.groupPartner(groups.partner.length), ...taskList(context.compose, groups.partner, {}, 5)] : []),
    // The tasks of every agency are the same list for every agency: named in full only when it has no other.
    ...(groups.all.length > 0 ? [M.groupAll(groups.all.length), ...taskList(context.compose, groups.all, { showLead: false }, groups.lead.length + groups.partner.length > 0 ? 2 : 3)] : []),
  ].join('\n');
  // The page lists the tasks that name the agency; those given to every agency are the same for all and stay in the chat.
  return answered('agency_tasks', text, taskCitations(context, [...groups.lead, ...groups.partner, ...groups.all]), listQueryOf(context.snapshot, [...groups.lead, ...groups.partner], { agency: agency.id }));
}
