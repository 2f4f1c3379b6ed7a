/** One answer per kind of question, chosen by the classification's intent. */
import { POINTED_AGENCY, socialKind } from '../classify.ts';
import type { AnswerContext } from '../context.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import type { Reply } from '../types.ts';
import { documentShortName } from '../../knowledge/labels.ts';
import { agencyAnswer } from './agency.ts';
import { askWhereAnswer } from './ask-where.ts';
import { blockAnswer, codeAnswer, groupAnswer, rowNumberAnswer, topicGroupAnswer } from './code.ts';
import { overdueAnswer, upcomingAnswer, windowAnswer } from './deadlines.ts';
import { metadataAnswer } from './document.ts';
import { followUpAnswer } from './follow-up.ts';
import { fundingAnswer } from './funding.ts';
import { lookupAnswer } from './lookup.ts';
import { scopeLabel } from './shared.ts';
import { structureAnswer } from './structure.ts';
import { summaryAnswer } from './summary.ts';

const ASKS_OF_AN_AGENCY: ReadonlySet<string> = new Set(['task_count', 'agency_tasks', 'lookup', 'overdue', 'upcoming']);

export async function answerByIntent(context: AnswerContext): Promise<Reply> {
  const c = context.classification!;
  const d = context.deps.deployment;
  if (ASKS_OF_AN_AGENCY.has(c.intent) && c.agencies.length === 0 && c.codes.length === 0 && !context.previous && (POINTED_AGENCY.test(context.text.toLowerCase()) || POINTED_AGENCY.test(c.folded))) {
    return makeReply('clarification', 'which_agency', M.clarifyAgency);
  }
  switch (c.intent) {
    case 'help':
      return makeReply('answered', 'help', M.help(d, scopeLabel({ ...context, classification: { ...c, documents: [] } })));
    case 'social':
      return makeReply('answered', 'social', M.social[socialKind(c.folded) ?? 'acknowledged']);
    case 'misuse':
      return makeReply('refused', 'misuse', M.misuse(d));
    case 'personal_data':
      return makeReply('refused', 'personal_data', M.personalData(d));
    case 'procedure':
      return makeReply('out_of_scope', 'procedure', M.outOfScope(d));
    case 'other_place':
      return makeReply('out_of_scope', 'other_place', M.otherPlace(d, c.otherPlaces.join(', ')));
    case 'other_document':
      return makeReply('out_of_scope', 'other_document', M.otherDocument(d, context.snapshot.documents.map((document) => documentShortName(document.document))));
    case 'code_lookup':
      return codeAnswer(context, c);
    case 'group_lookup':
      return groupAnswer(context, c);
    case 'agency_tasks':
      return agencyAnswer(context, c, () => lookupAnswer(context, c));
    case 'deadline_window':
      return windowAnswer(context, c);
    case 'overdue':
      return overdueAnswer(context, c);
    case 'upcoming':
      return upcomingAnswer(context, c);
    case 'funding_tasks':
      return fundingAnswer(context, c) ?? lookupAnswer(context, c);
    case 'document_meta':
      return metadataAnswer(context, c);
    case 'task_count':
      return blockAnswer(context, c) ?? structureAnswer(context, c) ?? lookupAnswer(context, c);
    case 'follow_up':
      return followUpAnswer(context, c);
    case 'off_topic':
    case 'lookup':
      if (c.rowNumbers.length > 0) return rowNumberAnswer(context, c) ?? lookupAnswer(context, c);
      return (c.intent === 'lookup' ? (askWhereAnswer(context, c) ?? summaryAnswer(context, c) ?? blockAnswer(context, c) ?? topicGroupAnswer(context, c)) : null) ?? lookupAnswer(context, c);
  }
}

