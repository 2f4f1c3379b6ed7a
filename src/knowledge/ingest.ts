/**
 * The ingest service: a file in any supported format → its knowledge → the store, added beside the documents
 * already there or replacing the one with the same id. A file in which no document can be recognised is refused
 * with the reason; everything else that cannot be read becomes a review warning. The checkout's `knowledge/` is
 * never written here (see `writeReviewedDocument` for the developer's review command).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Gazetteer } from '../documents/agencies/gazetteer.ts';
import type { AgencyMatcher } from '../documents/agencies/matcher.ts';
import { readSource } from '../documents/formats/index.ts';
import { SourceFormatError } from '../documents/ir.ts';
import { interpretDocument } from '../documents/interpret/index.ts';
import type { DocumentKnowledge } from '../documents/types.ts';
import type { Database } from '../store/database.ts';
import { listDocuments, saveDocument, type SaveOutcome } from '../store/documents-repository.ts';
import { fold } from '../text/vietnamese.ts';
import { IngestError } from './ingest-error.ts';

export { IngestError } from './ingest-error.ts';
export { ensureDocuments } from './stored-documents.ts';

export type Progress = (stage: string, detail: string) => void;

/** Larger files are refused: a programme document is well under this, a mistaken upload may not be. */
export const MAX_SOURCE_BYTES = 25 * 1024 * 1024;

/** Reads and interprets one file; throws IngestError with the reason when nothing can be recognised. */
export function readDocumentFile(file: string, gazetteer: Gazetteer, matcher?: AgencyMatcher): DocumentKnowledge {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_SOURCE_BYTES) throw new IngestError(file, `tệp quá lớn (${Math.round(size / 1024 / 1024)} MB, tối đa ${MAX_SOURCE_BYTES / 1024 / 1024} MB)`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(file, `không đọc được tệp (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const source = readSource(bytes, path.basename(file));
    return interpretDocument(source, { gazetteer, matcher, sourceHash: createHash('sha256').update(bytes).digest('hex') });
  } catch (error) {
    if (error instanceof SourceFormatError) throw new IngestError(file, error.reason);
    throw error;
  }
}

/**
 * An id not taken by another document: a second "101/…" of a different issuer gets its kind (`101-kh`), then its
 * place too (`101-kh-bac-trung`).
 */
function freeId(knowledge: DocumentKnowledge, stored: ReadonlyArray<{ id: string; number: string | null }>): string {
  const taken = (id: string) => stored.some((document) => document.id === id && document.number !== knowledge.document.number);
  if (!taken(knowledge.id)) return knowledge.id;
  const slug = (text: string) => fold(text).replace(/[^a-z0-9]+/gu, '-').replace(/^-+|-+$/gu, '');
  const kind = slug(knowledge.document.number?.split('/')[1]?.split('-')[0] ?? knowledge.document.type);
  for (const candidate of [`${knowledge.id}-${kind}`, `${knowledge.id}-${kind}-${slug(knowledge.document.place ?? knowledge.document.issuer)}`]) {
    if (!taken(candidate)) return candidate;
  }
  let suffix = 2;
  while (taken(`${knowledge.id}-${suffix}`)) suffix += 1;
  return `${knowledge.id}-${suffix}`;
}

/** The same knowledge under another document id: every task and section moves with it. */
function withId(knowledge: DocumentKnowledge, id: string): DocumentKnowledge {
  if (id === knowledge.id) return knowledge;
  return {
    ...knowledge,
    id,
    tasks: knowledge.tasks.map((task) => ({ ...task, documentId: id })),
    sections: knowledge.sections.map((section) => ({ ...section, documentId: id })),
  };
}

export interface IngestReport {
  knowledge: DocumentKnowledge;
  outcome: SaveOutcome['outcome'] | 'dry_run';
  ms: number;
}

export interface IngestOptions {
  gazetteer: Gazetteer;
  /** Parse and report only; write nothing. */
  dryRun?: boolean;
  progress?: Progress;
}

export async function ingestFile(db: Database | null, file: string, options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  progress('đọc', file);
  let knowledge = readDocumentFile(file, options.gazetteer);
  if (db) knowledge = withId(knowledge, freeId(knowledge, await listDocuments(db)));
  const meta = knowledge.document;
  progress('văn bản', `${meta.type} ${meta.number ?? '(chưa có số)'} — ${meta.issuer || '(không rõ cơ quan ban hành)'}, ${meta.issuedOn ?? meta.issuedText ?? 'không rõ ngày'}; mã ${knowledge.id}`);
  progress('người ký', meta.signer ? `${meta.signer}${meta.signerTitle ? ` (${meta.signerTitle})` : ''}` : 'không tìm thấy');
  progress('mục', `${knowledge.sections.length} mục nội dung`);
  progress('bảng nhiệm vụ', knowledge.tables.map((table) => `bảng ${table.index}: ${knowledge.tasks.filter((task) => task.table === table.index).length} nhiệm vụ`).join(', ') || 'không có');
  progress('cơ quan', `${knowledge.agencies.length} cơ quan được nêu`);
  for (const warning of knowledge.warnings) progress('cảnh báo', warning);
  if (options.dryRun || !db) return { knowledge, outcome: 'dry_run', ms: performance.now() - started };
  const saved = await saveDocument(db, knowledge, path.basename(file));
  progress('kho dữ liệu', `${saved.outcome === 'unchanged' ? 'không có gì thay đổi' : saved.outcome === 'added' ? 'đã thêm' : 'đã thay văn bản cùng mã'} (${db.engine}, phiên bản tri thức ${saved.version})`);
  return { knowledge, outcome: saved.outcome, ms: performance.now() - started };
}

