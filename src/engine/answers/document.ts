/**
 * Questions about a document itself: who signed it, when it was issued and takes effect, its number, what it is
 * based on. The document named in the question, else the deployment's primary document.
 */
import type { DocumentKnowledge } from '../../documents/types.ts';
import { documentName, documentShortName } from '../../knowledge/labels.ts';
import { clip, fold } from '../../text/vietnamese.ts';
import { makeReply } from '../outcomes.ts';
import { formatDate } from '../../text/dates.ts';
import type { AnswerContext } from '../context.ts';
import type { Classification } from '../classify.ts';
import { bestPassagesWithSource } from '../passages.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import type { Citation, Reply } from '../types.ts';
import { answered, documentCitation, documentsInScope, questionNamesScope, sectionCitation } from './shared.ts';

/** The documents a metadata question is about: those it names (or their places), else the primary one. */
export function documentsAsked(context: AnswerContext): DocumentKnowledge[] {
  if (questionNamesScope(context)) return documentsInScope(context);
  const { snapshot } = context;
  const primary = snapshot.documentById.get(snapshot.profile.primaryDocument) ?? snapshot.documents[0];
  return primary ? [primary] : [];
}

export function metadataAnswer(context: AnswerContext, c: Classification): Reply {
  // "Kế hoạch này ai ký?" with nothing before it: which of the loaded plans, unless only one is a plan.
  const pointed = POINTED_KIND.exec(c.folded);
  if (pointed && !questionNamesScope(context)) {
    // A Quyết định that approves a Chương trình or a Kế hoạch is named by either.
    const ofKind = context.snapshot.documents.filter((document) => fold(document.document.type) === pointed[1] || fold(document.document.title).slice(0, 80).includes(pointed[1]!));
    // One loaded document is the one meant, whatever its kind.
    if (context.snapshot.documents.length === 1) return oneDocumentReply(context, c, [...context.snapshot.documents]);
    if (ofKind.length !== 1 && !ofKind.some((document) => document.id === context.snapshot.profile.primaryDocument)) {
      const choices = ofKind.length > 0 ? ofKind : [...context.snapshot.documents];
      return makeReply('clarification', 'which_document', [M.clarifyDocument(`${documentShortName(choices[0]!.document)} ${context.text}`), ...choices.map((document) => `• ${documentShortName(document.document)} — ${clip(document.document.title, 110)}`)].join('\n'), {
        buttons: choices.slice(0, 6).map((document) => ({ text: documentShortName(document.document), data: `${documentShortName(document.document)} ${context.text}` })),
      });
    }
    if (ofKind.length === 1) return oneDocumentReply(context, c, [ofKind[0]!]);
  }
  return oneDocumentReply(context, c, documentsAsked(context));
}

/** Bases listed, and characters of each shown. */
/** A chat message's worth: five bases of at most 150 characters each, the rest counted. */
const MAX_BASES = 5;
const BASIS_CHARS = 150;
/** A basis that is the proposal the document was issued on, and a question about it. */
const PROPOSAL = /^theo de nghi\b/u;
const PROPOSAL_CUE = /\btheo de nghi\b|\bto trinh\b|\b(ai|co quan nao|so nao|don vi nao) (de nghi|de xuat|tham muu)\b/u;

/** "Kế hoạch này", "quyết định đó": a document pointed at by its kind. */
const POINTED_KIND = /\b(quyet dinh|ke hoach|thong bao|cong van|chuong trinh|de an|nghi quyet) (nay|do|tren|kia)\b/u;

function oneDocumentReply(context: AnswerContext, c: Classification, documents: DocumentKnowledge[]): Reply {
  const parts: string[] = [];
  const citations: Citation[] = [];
  const asked = c.metaTopics.length > 0 ? c.metaTopics : [c.metaTopic];
  const topics = asked.includes('identity') ? ['identity' as const, ...asked.filter((topic) => topic !== 'identity')] : asked;
  for (const document of documents) {
    // "Là văn bản gì, ai ký?": each topic asked, in one paragraph per document.
    const answers = [...new Set(topics)].map((topic) => oneDocument(context, { ...c, metaTopic: topic }, document));
    parts.push(answers.map((answer) => answer.text).join(' '));
    for (const answer of answers) for (const citation of answer.cited) if (!citations.some((other) => other.id === citation.id)) citations.push(citation);
  }
  return answered('document', parts.join('\n\n'), citations);
}

function oneDocument(context: AnswerContext, c: Classification, knowledge: DocumentKnowledge): { text: string; cited: Citation[] } {
  const meta = knowledge.document;
  const name = documentName(meta);
  const cite = documentCitation(context, knowledge);
  const issued = meta.issuedOn ? formatDate(meta.issuedOn) : null;
  const article = (id: string) => knowledge.sections.find((section) => section.id === id);
  switch (c.metaTopic) {
    case 'signer':
      return { text: M.documentSigner(name, issued, meta.signer, meta.signerTitle), cited: [cite] };
    case 'effective': {
      const effect = knowledge.sections.find((section) => section.kind === 'effect') ?? article('Dieu.2');
      return {
        text: M.documentEffect(name, meta.effectText, meta.effectiveOn ? formatDate(meta.effectiveOn) : null),
        cited: [...(effect ? [sectionCitation(context, effect)] : []), cite],
      };
    }
    case 'identity': {
      const implemented = implementedSubjects(meta.title, meta.legalBases);
      const text = [M.documentIdentity(name, issued, meta.issuer, titleWithoutName(meta.title, name)), ...implemented.map(({ number, about }) => M.implementsDocument(number, about))];
      return { text: text.join(' '), cited: [cite] };
    }
    case 'number': {
      const first = article('Dieu.1');
      return { text: M.documentNumber(name, issued, meta.issuer, meta.title), cited: [...(first ? [sectionCitation(context, first)] : []), cite] };
    }
    case 'legal_basis': {
      // Each basis by its opening words, the ones the question names first.
      const wanted = bestPassagesWithSource(context.text, [{ id: 'document', documentId: knowledge.id, path: [], heading: '', kind: null, line: 0, text: meta.legalBases.join('\n') }], 3, context.snapshot.index.idf).map((entry) => entry.text);
      const ordered = [...meta.legalBases].sort((a, b) => Number(wanted.some((text) => b.includes(text))) - Number(wanted.some((text) => a.includes(text))));
      // "Theo đề nghị của … tại Tờ trình số …" answers "ban hành theo đề nghị của ai / tờ trình số mấy" by itself.
      const proposals = meta.legalBases.filter((basis) => PROPOSAL.test(fold(basis)));
      if (PROPOSAL_CUE.test(fold(context.text)) && proposals.length > 0) {
        return { text: [M.proposalIntro(name), ...proposals.map((basis) => `• ${clip(basis, BASIS_CHARS)}`)].join('\n'), cited: [cite] };
      }
      const lines = ordered.slice(0, MAX_BASES).map((basis) => `• ${clip(basis, BASIS_CHARS)}`);
      const more = ordered.length - MAX_BASES;
      return { text: [M.legalBasisIntro(name), ...lines, ...(more > 0 ? [M.moreBases(more)] : [])].join('\n'), cited: [cite] };
    }
    default:
      return { text: M.documentIssued(name, issued, meta.issuer), cited: [cite] };
  }
}

/** A document number as titles and bases print it: "06/QĐ-TTg", "3103/QĐ-BTC", "57-NQ/TW". */
const DOCUMENT_NUMBER = /\b(\d+)[/-][\p{L}\p{N}]+(?:[/-][\p{L}\p{N}]+)*/gu;
/** A title that only says it carries out other documents ("Kế hoạch triển khai Quyết định số 06/QĐ-TTg …"). */
const IMPLEMENTS = /\b(trien khai|thuc hien)\b/u;
const MAX_SUBJECT = 220;
/** In a basis, what follows its issuer: "… của Thủ tướng Chính phủ về Phê duyệt …", "… của Bộ Tài chính ban hành …". */
const SUBJECT_AFTER_ISSUER = /\scủa\s.+?\s(về\s+)?((?:phê duyệt|ban hành|quy định|hướng dẫn|về)\s.+?)[;.]?$/isu;

/**
 * What the documents a title carries out are about, read from the bases that cite them ("Căn cứ Quyết định số
 * 06/QĐ-TTg … về Phê duyệt Đề án … quy hoạch"): such a title does not say its subject itself.
 */
function implementedSubjects(title: string, bases: readonly string[]): Array<{ number: string; about: string }> {
  if (!IMPLEMENTS.test(fold(title))) return [];
  const found: Array<{ number: string; about: string }> = [];
  for (const match of title.matchAll(DOCUMENT_NUMBER)) {
    const number = match[0];
    const basis = bases.find((text) => fold(text).toLowerCase().includes(fold(number).toLowerCase()));
    const at = basis ? basis.search(new RegExp(`\\b${match[1]}[/-]`, 'u')) : -1;
    const subject = basis && at >= 0 ? SUBJECT_AFTER_ISSUER.exec(basis.slice(at))?.[2] : undefined;
    const about = subject ? clip(subject.replace(/\s+/gu, ' '), MAX_SUBJECT) : undefined;
    if (about && !found.some((entry) => entry.about === about)) found.push({ number, about });
  }
  return found;
}

/** The title with the document's own name taken off its front ("Kế hoạch 78/KH-UBND phát triển …" → "phát triển …"). */
function titleWithoutName(title: string, name: string): string | null {
  // "Quyết định 101/QĐ-UBND năm 2025 về Chương trình …" → "Chương trình …".
  const rest = title.startsWith(name) ? title.slice(name.length).replace(/^[\s,:–-]+/u, '').replace(/^(năm \d{4}\s+)?về\s+/u, '') : title;
  return rest.trim() === '' ? null : rest.trim();
}
