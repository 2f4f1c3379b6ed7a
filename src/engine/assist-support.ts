/**
 * What the model-assisted steps share. Each runs only when an `Assistant` is configured, and each falls back to
 * the rule-based result: with no assistant, or when the model fails, is slow or proposes something that does not
 * check out, the reply is exactly the extractive one. Grounding rule for every proposal: words must come from
 * the user's question or the recent turns, agencies must resolve through the directory, references must exist,
 * dates must parse. Hard refusals (injection, misuse, personal data, off-topic cues, too long) happen before these
 * steps and are never sent to the model. All model calls of one answer share one time budget.
 */
import type { EvidenceRecord } from '../llm/types.ts';
import { fold } from '../text/vietnamese.ts';
import { prepareQuestion, type Classification } from './classify.ts';
import type { AnswerContext } from './context.ts';
import type { KnowledgeIndex } from '../knowledge/search-index.ts';
import type { Citation, Reply } from './types.ts';

/** Replies the model may restate: one task, one code, a follow-up about a task, passages of a document. */
export const COMPOSABLE_REASONS: ReadonlySet<string> = new Set(['task', 'code', 'programme_text', 'follow_up']);
/** More cited records than this is a list, and lists stay extractive (every item must stay visible). */
export const MAX_COMPOSED_RECORDS = 6;
/**
 * The model is asked to read a refused question only when at least this share of its content syllables occur in
 * the documents: a question in their vocabulary that retrieval could not place, not a foreign topic.
 */
export const UNDERSTAND_MIN_COVERAGE = 0.5;
/**
 * An answer retrieved with a best BM25 below this many times SCOPE.minBm25 (and no exact match) is borderline: on
 * the evaluation sets every confident free-text answer scores above it, while loosely phrased list questions
 * ("mấy nhiệm vụ … trễ rồi") land below it on a passage that does not answer them.
 */
export const BORDERLINE_BM25_FACTOR = 2.5;

export const STATUS_REF_PREFIX = 'status:';

/** True for replies the compose step may restate (see COMPOSABLE_REASONS, MAX_COMPOSED_RECORDS). */
export function isComposable(reply: Reply): boolean {
  return (
    reply.outcome === 'answered' &&
    !reply.refused &&
    COMPOSABLE_REASONS.has(reply.reason) &&
    reply.citations.length > 0 &&
    reply.citations.length <= MAX_COMPOSED_RECORDS
  );
}

/**
 * How a cited record appears in composed text: `[PL2.11]`, `[II.A.3]`; a status update shows its task's id.
 * Pass as `formatReference` to `createLlmLayer`.
 */
export function referenceLabel(record: EvidenceRecord): string {
  return `[${record.kind === 'status' ? taskIdOfStatusRef(record.ref) : record.ref}]`;
}

export function taskIdOfStatusRef(ref: string): string {
  return ref.startsWith(STATUS_REF_PREFIX) ? ref.slice(STATUS_REF_PREFIX.length) : ref;
}

/** Programme vocabulary: the share of these words the documents use is high enough for the model to read them. */
export function isDocumentVocabulary(words: string[], index: KnowledgeIndex): boolean {
  if (words.length === 0) return true;
  const coverage = index.coverage(words.join(' '));
  if (coverage.total === 0) return true;
  return coverage.unigrams >= UNDERSTAND_MIN_COVERAGE && (words.length < 2 || coverage.bigrams >= UNDERSTAND_MIN_COVERAGE);
}

const EXPIRED = Symbol('expired');

/** Runs one assistant call within what is left of the answer's model budget; null when it fails or runs out. */
export async function withinBudget<T>(context: AnswerContext, operation: string, call: () => Promise<T | null>): Promise<T | null> {
  const remaining = context.assistDeadline - performance.now();
  if (remaining <= 0) {
    context.deps.logger?.warn({ operation }, 'llm: hết thời gian dành cho mô hình, bỏ qua bước này');
    return null;
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(EXPIRED), remaining);
  });
  try {
    const result = await Promise.race([
      Promise.resolve()
        .then(call)
        .catch((error: unknown) => {
          // The Assistant contract is "never throws"; a broken implementation still must not cost the answer.
          context.deps.logger?.warn({ operation, err: error instanceof Error ? error.name : String(error) }, 'llm: trợ lý ném lỗi, dùng câu trả lời trích xuất');
          return null;
        }),
      expired,
    ]);
    if (result === EXPIRED) {
      context.deps.logger?.warn({ operation, budgetMs: Math.round(remaining) }, 'llm: mô hình trả lời chậm quá thời hạn, dùng câu trả lời trích xuất');
      return null;
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

export function rejectProposal(context: AnswerContext, operation: string, check: string, detail: string): undefined {
  context.deps.logger?.warn({ operation, check, detail }, 'llm: đề xuất của mô hình không khớp danh mục, giữ kết quả theo quy tắc');
  return undefined;
}

/** The user's question and the recent turns, folded: what a proposal's words must come from. */
export function sourceText(context: AnswerContext): string {
  return [context.text, ...context.turns.map((turn) => turn.text)].map((text) => fold(prepareQuestion(text))).join('\n');
}

export function sourceWords(context: AnswerContext): Set<string> {
  return new Set(wordsOf(sourceText(context)));
}

export function wordsOf(text: string): string[] {
  return fold(text)
    .split(/\s+/u)
    .map((word) => word.replace(/[^\p{L}\p{N}&]/gu, ''))
    .filter(Boolean);
}

export function compact(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '');
}

/** The first slot of a rewritten question that does not come from the question or the turns, or null. */
export function ungroundedSlot(rewritten: Classification, context: AnswerContext): string | null {
  const source = sourceText(context);
  const words = new Set(wordsOf(source));
  const stray = wordsOf(rewritten.phrase).find((word) => !words.has(word));
  if (stray !== undefined) return 'phrase';
  const named = new Set(context.snapshot.agencies.find(source).map((mention) => mention.id));
  if (rewritten.agencies.some((id) => !named.has(id))) return 'agency';
  if (rewritten.codes.some((code) => !compact(source).includes(compact(fold(code))))) return 'code';
  return null;
}

export function citationKey(citation: Pick<Citation, 'id' | 'kind'>): string {
  return `${citation.kind}:${citation.id}`;
}
