/**
 * Where the model helps: understanding a loose question, rewriting a follow-up, composing a fluent answer.
 * Contract of every method: it resolves to `null` on any failure (timeout, 429, 5xx, malformed reply, schema
 * mismatch, injection attempt, ungrounded composition) so the caller takes the extractive path; it never throws.
 * Nothing personal reaches the endpoint: questions and turns pass `inspectInput` and `redactPersonalData` first.
 */
import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { IsoDate } from '../documents/types.ts';
import type { Citation } from '../engine/types.ts';
import type { LlmClient } from './client.ts';
import { LlmError } from './errors.ts';
import { redactPersonalData } from '../text/personal-data.ts';
import { inspectInput } from './guard.ts';
import type { Prompts } from './prompts.ts';
import type { ConversationTurn, EvidenceRecord, LlmLogger } from './types.ts';
import { verifyAnswer, type AgencyNames, type VerificationFailure } from './verifier.ts';

export const UNDERSTOOD_INTENTS = [
  'task_lookup',
  'agency_tasks',
  'deadline_window',
  'overdue',
  'upcoming',
  'code_lookup',
  'programme_text',
  'out_of_scope',
  'unclear',
] as const;
export const UNDERSTOOD_FIELDS = ['lead', 'partners', 'deadline', 'funding', 'content', 'all'] as const;

export type UnderstoodIntent = (typeof UNDERSTOOD_INTENTS)[number];
export type UnderstoodField = (typeof UNDERSTOOD_FIELDS)[number];

/** The model's reading of a question: a proposal the engine validates against the catalogue like any input. */
export interface Understanding {
  intent: UnderstoodIntent;
  taskPhrase?: string;
  agency?: string;
  field?: UnderstoodField;
  window?: { from: IsoDate; to: IsoDate };
  /** Upper case, spaces removed, e.g. `CQS2.1`. */
  code?: string;
}

export interface UnderstandContext {
  /** "Today" for relative windows ("tháng sau"), `YYYY-MM-DD`. */
  today: IsoDate;
  /** Recent turns, oldest first; only the last few are sent. */
  turns?: readonly ConversationTurn[];
}

export interface ComposedAnswer {
  /** Vietnamese answer with `[Rn]` tokens replaced by `formatReference(record)`; unknown tokens removed. */
  text: string;
  /** The records the answer cites, in order of first citation. */
  citations: Citation[];
}

/** What the engine depends on; `LlmAssistant` implements it, engine tests may fake it. */
export interface Assistant {
  understand(question: string, context: UnderstandContext): Promise<Understanding | null>;
  rewriteFollowUp(turns: readonly ConversationTurn[], question: string): Promise<string | null>;
  /** Composition without the verifier: for tests and diagnostics. Wire `composeVerified` in the answering path. */
  compose(question: string, records: readonly EvidenceRecord[], extractiveAnswer: string): Promise<ComposedAnswer | null>;
  /** Composition checked by `verifyAnswer`; null (and a warning naming the failed checks) when any fact is not grounded. */
  composeVerified(question: string, records: readonly EvidenceRecord[], extractiveAnswer: string): Promise<ComposedAnswer | null>;
}

export interface AssistantDependencies {
  client: LlmClient;
  prompts: Prompts;
  /** The catalogue's agencies, for the verifier. */
  agencies: readonly AgencyNames[];
  logger?: LlmLogger;
  /** How a cited record appears in the text; default `[PL2.11]`. */
  formatReference?: (record: EvidenceRecord) => string;
  /** Turns sent for understanding and rewriting (default 6). */
  maxTurns?: number;
  /** A composed answer longer than this is not short and is discarded (default 1200 characters). */
  maxAnswerChars?: number;
}

/** Reply the compose prompt asks for when the records do not answer the question. */
export const NOT_IN_RECORDS = 'KHONG_DU_THONG_TIN';

const MAX_QUESTION_CHARS = 1000;
const MAX_TURN_CHARS = 500;
const MAX_STANDALONE_CHARS = 600;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

/** Wire schema: every key present, null for "not said" (what strict structured output requires). */
const UnderstandingWire = z.object({
  intent: z.enum(UNDERSTOOD_INTENTS),
  taskPhrase: z.string().nullable(),
  agency: z.string().nullable(),
  field: z.enum(UNDERSTOOD_FIELDS).nullable(),
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  code: z.string().nullable(),
});
const StandaloneWire = z.object({ standalone: z.string() });

const UNDERSTANDING_FORMAT = zodResponseFormat(UnderstandingWire, 'understanding');
const STANDALONE_FORMAT = zodResponseFormat(StandaloneWire, 'standalone_question');

const FIELD_LABELS: Record<string, string> = {
  ten: 'Tên nhiệm vụ',
  ma: 'Mã nhiệm vụ',
  noi_dung: 'Nội dung',
  chu_tri: 'Chủ trì',
  phoi_hop: 'Phối hợp',
  han: 'Thời hạn',
  nguon_von: 'Nguồn vốn',
  ket_qua: 'Kết quả',
  trang_thai: 'Trạng thái',
  muc: 'Mục',
  tieu_de: 'Tiêu đề',
  so: 'Số văn bản',
  loai: 'Loại văn bản',
  co_quan: 'Cơ quan ban hành',
  ngay_ban_hanh: 'Ngày ban hành',
  trich_yeu: 'Trích yếu',
  nguoi_ky: 'Người ký',
  hieu_luc: 'Hiệu lực',
  ngay_cap_nhat: 'Ngày cập nhật',
  don_vi_bao_cao: 'Đơn vị báo cáo',
};
const KIND_LABELS: Record<EvidenceRecord['kind'], string> = {
  task: 'nhiệm vụ',
  section: 'mục văn bản',
  document: 'thông tin văn bản',
  status: 'cập nhật tiến độ',
};

export class LlmAssistant implements Assistant {
  private readonly formatReference: (record: EvidenceRecord) => string;
  private readonly maxTurns: number;
  private readonly maxAnswerChars: number;

  constructor(private readonly deps: AssistantDependencies) {
    this.formatReference = deps.formatReference ?? ((record) => `[${record.ref}]`);
    this.maxTurns = deps.maxTurns ?? 6;
    this.maxAnswerChars = deps.maxAnswerChars ?? 1200;
  }

  async understand(question: string, context: UnderstandContext): Promise<Understanding | null> {
    const prepared = this.prepare(question, 'understand');
    if (prepared === null) return null;
    const content = await this.chat('understand', {
      user: this.deps.prompts.render('understand', {
        today: context.today,
        history: this.renderTurns(context.turns ?? []),
        question: prepared,
      }),
      responseFormat: UNDERSTANDING_FORMAT,
      temperature: 0,
    });
    if (content === null) return null;
    const parsed = UnderstandingWire.safeParse(withNullDefaults(parseJsonReply(content), UnderstandingWire.keyof().options));
    if (!parsed.success) return this.reject('understand', 'schema', parsed.error.issues.map((issue) => issue.path.join('.')).join(','));
    const wire = parsed.data;
    const understanding: Understanding = { intent: wire.intent };
    const taskPhrase = clean(wire.taskPhrase);
    const agency = clean(wire.agency);
    const code = clean(wire.code)?.replace(/\s+/gu, '').toUpperCase();
    if (taskPhrase) understanding.taskPhrase = taskPhrase;
    if (agency) understanding.agency = agency;
    if (wire.field) understanding.field = wire.field;
    if (code) understanding.code = code;
    if (wire.window) {
      const { from, to } = wire.window;
      if (!isRealDate(from) || !isRealDate(to) || from > to) return this.reject('understand', 'schema', 'window');
      understanding.window = { from, to };
    }
    return understanding;
  }

  async rewriteFollowUp(turns: readonly ConversationTurn[], question: string): Promise<string | null> {
    if (turns.length === 0) return question;
    const prepared = this.prepare(question, 'rewrite');
    if (prepared === null) return null;
    const content = await this.chat('rewrite', {
      user: this.deps.prompts.render('rewrite', { history: this.renderTurns(turns), question: prepared }),
      responseFormat: STANDALONE_FORMAT,
      temperature: 0,
    });
    if (content === null) return null;
    const parsed = StandaloneWire.safeParse(parseJsonReply(content));
    if (!parsed.success) return this.reject('rewrite', 'schema', 'standalone');
    const standalone = parsed.data.standalone.replace(/\s+/gu, ' ').trim();
    if (standalone === '' || standalone.length > MAX_STANDALONE_CHARS) return this.reject('rewrite', 'length', String(standalone.length));
    const inspection = inspectInput(standalone);
    if (inspection.injection) return this.reject('rewrite', 'injection', inspection.reasons.join(','));
    return inspection.cleaned;
  }

  async compose(question: string, records: readonly EvidenceRecord[], extractiveAnswer: string): Promise<ComposedAnswer | null> {
    if (records.length === 0) return null;
    const prepared = this.prepare(question, 'compose');
    if (prepared === null) return null;
    const tokens = new Map<string, EvidenceRecord>();
    records.forEach((record, index) => tokens.set(`R${index + 1}`, record));
    const hideIds = (text: string) => hideReferences(text, records);
    const content = await this.chat('compose', {
      user: this.deps.prompts.render('compose', {
        question: prepared,
        records: renderRecords(records, hideIds),
        extractive: neutralizeDelimiters(hideIds(extractiveAnswer)),
      }),
      temperature: 0.2,
    });
    if (content === null) return null;
    if (content.includes(NOT_IN_RECORDS)) return this.reject('compose', 'not_in_records', '');
    const plain = stripMarkdown(content);
    if (plain.length > this.maxAnswerChars) return this.reject('compose', 'length', String(plain.length));
    const { text, cited } = this.mapTokens(plain, tokens);
    if (cited.length === 0) return this.reject('compose', 'no_citation', '');
    return { text, citations: cited.map((record) => ({ id: record.ref, kind: record.kind })) };
  }

  async composeVerified(
    question: string,
    records: readonly EvidenceRecord[],
    extractiveAnswer: string,
  ): Promise<ComposedAnswer | null> {
    const composed = await this.compose(question, records, extractiveAnswer);
    if (composed === null) return null;
    const verdict = verifyAnswer(composed.text, records, { agencies: this.deps.agencies, groundedTexts: [extractiveAnswer] });
    if (!verdict.ok) return this.reject('compose', 'verifier', describeFailures(verdict.failures));
    return composed;
  }

  /** Null when the text is an injection attempt; otherwise the text the model may see. */
  private prepare(text: string, operation: string): string | null {
    const inspection = inspectInput(text);
    if (inspection.injection) {
      this.deps.logger?.info({ operation, reasons: inspection.reasons }, 'llm: câu hỏi có dấu hiệu chèn lệnh, không gửi tới mô hình');
      return null;
    }
    return neutralizeDelimiters(redactPersonalData(inspection.cleaned)).slice(0, MAX_QUESTION_CHARS);
  }

  private renderTurns(turns: readonly ConversationTurn[]): string {
    return turns
      .slice(-this.maxTurns)
      .map((turn) => {
        const text = neutralizeDelimiters(redactPersonalData(inspectInput(turn.text).cleaned)).slice(0, MAX_TURN_CHARS);
        return `${turn.role === 'user' ? 'Người dùng' : 'Trợ lý'}: ${text}`;
      })
      .join('\n');
  }

  private async chat(
    operation: 'understand' | 'rewrite' | 'compose',
    request: { user: string; responseFormat?: typeof UNDERSTANDING_FORMAT | typeof STANDALONE_FORMAT; temperature: number },
  ): Promise<string | null> {
    try {
      const reply = await this.deps.client.chat({
        operation,
        messages: [
          { role: 'system', content: this.deps.prompts.render('system', {}) },
          { role: 'user', content: request.user },
        ],
        ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
        temperature: request.temperature,
      });
      return reply.content;
    } catch (error) {
      // The client has already logged the failure with its operation and model.
      if (!(error instanceof LlmError)) this.deps.logger?.warn({ operation, error: String(error) }, 'llm: lỗi không lường trước');
      return null;
    }
  }

  private mapTokens(text: string, tokens: ReadonlyMap<string, EvidenceRecord>): { text: string; cited: EvidenceRecord[] } {
    const cited: EvidenceRecord[] = [];
    const cite = (token: string): string => {
      const record = tokens.get(token.toUpperCase());
      if (!record) return '';
      if (!cited.includes(record)) cited.push(record);
      return this.formatReference(record);
    };
    const mapped = text
      .replace(/[[(]\s*(R\d{1,3}(?:\s*[,;]\s*R\d{1,3})*)\s*[\])]/giu, (_, group: string) => {
        const formatted = group.split(/[,;]/u).map((token) => cite(token.trim()));
        return [...new Set(formatted.filter(Boolean))].join('');
      })
      .replace(/(?<![\p{L}\p{N}])R\d{1,3}(?![\p{L}\p{N}])/gu, (token) => cite(token));
    return { text: tidy(mapped), cited };
  }

  private reject(operation: string, check: string, detail: string): null {
    this.deps.logger?.warn({ operation, check, detail }, 'llm: bỏ kết quả của mô hình, dùng câu trả lời trích xuất');
    return null;
  }
}

/** Models sometimes wrap JSON in a Markdown fence; anything else that is not JSON is a malformed reply. */
function parseJsonReply(content: string): unknown {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/iu, '')
    .replace(/\s*```$/u, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    return undefined;
  }
}

/** Local servers without strict structured output may omit null keys; treat a missing key as null. */
function withNullDefaults(value: unknown, keys: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const filled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of keys) if (!(key in filled)) filled[key] = null;
  return filled;
}

function clean(value: string | null): string | undefined {
  const trimmed = value?.replace(/\s+/gu, ' ').trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Keeps user text from closing the `<<< … >>>` data fences of the prompts. */
function neutralizeDelimiters(text: string): string {
  return text.replace(/<{3,}/gu, '‹‹').replace(/>{3,}/gu, '››');
}

/**
 * Replaces each record's internal id with its token and removes links, so the model cannot copy an id or URL
 * into the answer; the only way to cite is a token.
 */
function hideReferences(text: string, records: readonly EvidenceRecord[]): string {
  let out = text.replace(/\bhttps?:\/\/\S+/giu, '');
  [...records]
    .map((record, index) => ({ ref: record.ref, token: `[R${index + 1}]` }))
    // Bare words and roman numerals ("document", "II") are also ordinary text; only dotted or numbered ids are hidden.
    .filter(({ ref }) => /[.:\d]/u.test(ref))
    .sort((a, b) => b.ref.length - a.ref.length)
    .forEach(({ ref, token }) => {
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}.])${ref.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(?![\\p{L}\\p{N}]|\\.[\\p{L}\\p{N}])`, 'gu');
      out = out.replace(pattern, token);
    });
  return out;
}

function renderRecords(records: readonly EvidenceRecord[], hideIds: (text: string) => string): string {
  return records
    .map((record, index) => {
      const lines = Object.entries(record.fields)
        .filter(([, value]) => value.trim() !== '')
        .map(([key, value]) => `- ${FIELD_LABELS[key] ?? key}: ${neutralizeDelimiters(hideIds(value.replace(/\s+/gu, ' ').trim()))}`);
      return [`[R${index + 1}] (${KIND_LABELS[record.kind]})`, ...lines].join('\n');
    })
    .join('\n\n');
}

function stripMarkdown(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/gu, '$1')
    .replace(/__(.+?)__/gu, '$1')
    .replace(/^#{1,6}\s+/gmu, '')
    .trim();
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+([.,;:!?)])/gu, '$1')
    .replace(/[ \t]{2,}/gu, ' ')
    .replace(/[ \t]+$/gmu, '')
    .trim();
}

function describeFailures(failures: readonly VerificationFailure[]): string {
  return failures.map((failure) => `${failure.kind}=${failure.value}`).join('; ');
}
