/**
 * `npm run ingest`: seed text → reviewable JSON in `knowledge/` → the store, in one transaction.
 * A seed that cannot be read stops everything before anything is written; running it twice changes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../store/database.ts';
import { loadKnowledge, saveKnowledge } from '../store/knowledge-repository.ts';
import { IngestError } from './errors.ts';
import { parseDecision } from './parse.ts';
import type { Knowledge } from './types.ts';

export const KNOWLEDGE_FILES = {
  document: 'document.json',
  sections: 'sections.json',
  tasks: 'tasks.json',
  agencies: 'agencies.json',
} as const;

export type Progress = (stage: string, detail: string) => void;

/** The seed file to read: `explicit` if given, otherwise the only `.txt` file in `seedsDir`. */
export function findSeed(seedsDir: string, explicit?: string): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new IngestError(`không tìm thấy tệp văn bản ${explicit}`);
    return explicit;
  }
  const candidates = existsSync(seedsDir) ? readdirSync(seedsDir).filter((name) => name.endsWith('.txt')) : [];
  if (candidates.length !== 1) {
    throw new IngestError(
      `thư mục ${seedsDir} cần đúng một tệp .txt (tìm thấy ${candidates.length}); chỉ định bằng --seed TỆP`,
    );
  }
  return path.join(seedsDir, candidates[0]!);
}

export function readSeed(file: string): Knowledge {
  try {
    return parseDecision(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof IngestError) throw error.inFile(file);
    throw error;
  }
}

function writeJsonAtomically(file: string, value: unknown): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  renameSync(temporary, file);
}

/** Writes the knowledge as four reviewable files; a parsing change shows up as a diff. */
export function writeKnowledgeFiles(knowledgeDir: string, knowledge: Knowledge): void {
  mkdirSync(knowledgeDir, { recursive: true });
  const { sections, tasks, agencies, ...document } = knowledge;
  writeJsonAtomically(path.join(knowledgeDir, KNOWLEDGE_FILES.document), document);
  writeJsonAtomically(path.join(knowledgeDir, KNOWLEDGE_FILES.sections), sections);
  writeJsonAtomically(path.join(knowledgeDir, KNOWLEDGE_FILES.tasks), tasks);
  writeJsonAtomically(path.join(knowledgeDir, KNOWLEDGE_FILES.agencies), agencies);
}

export function readKnowledgeFiles(knowledgeDir: string): Knowledge | null {
  const file = (name: string) => path.join(knowledgeDir, name);
  if (!Object.values(KNOWLEDGE_FILES).every((name) => existsSync(file(name)))) return null;
  const read = (name: string): unknown => JSON.parse(readFileSync(file(name), 'utf8'));
  const document = read(KNOWLEDGE_FILES.document) as Omit<Knowledge, 'sections' | 'tasks' | 'agencies'>;
  return {
    ...document,
    sections: read(KNOWLEDGE_FILES.sections) as Knowledge['sections'],
    tasks: read(KNOWLEDGE_FILES.tasks) as Knowledge['tasks'],
    agencies: read(KNOWLEDGE_FILES.agencies) as Knowledge['agencies'],
  };
}

export interface IngestOptions {
  seedsDir: string;
  knowledgeDir: string;
  seedFile?: string;
  /** Parse and report only; write nothing. */
  dryRun?: boolean;
  progress?: Progress;
}

export interface IngestReport {
  knowledge: Knowledge;
  changed: boolean;
  ms: number;
}

export async function ingest(db: Database | null, options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  const seed = findSeed(options.seedsDir, options.seedFile);
  progress('đọc', seed);
  const knowledge = readSeed(seed);
  progress('siêu dữ liệu', `${knowledge.document.number}, ký ngày ${knowledge.document.issuedOn} bởi ${knowledge.document.signer}`);
  progress('mục', `${knowledge.sections.length} mục nội dung`);
  const byAppendix = new Map<number, number>();
  for (const task of knowledge.tasks) byAppendix.set(task.appendix, (byAppendix.get(task.appendix) ?? 0) + 1);
  progress('nhiệm vụ', [...byAppendix].map(([appendix, count]) => `Phụ lục ${appendix}: ${count}`).join(', '));
  progress('cơ quan', `${knowledge.agencies.length} cơ quan trong danh bạ`);
  for (const warning of knowledge.warnings) progress('cảnh báo', warning);
  if (options.dryRun) return { knowledge, changed: false, ms: performance.now() - started };

  writeKnowledgeFiles(options.knowledgeDir, knowledge);
  progress('ghi', `${options.knowledgeDir}/{${Object.values(KNOWLEDGE_FILES).join(',')}}`);
  let changed = false;
  if (db) {
    const outcome = await saveKnowledge(db, knowledge);
    changed = outcome.changed;
    progress('kho dữ liệu', changed ? `đã nạp vào ${db.engine}` : `không có gì thay đổi (${db.engine})`);
  }
  return { knowledge, changed, ms: performance.now() - started };
}

/**
 * The knowledge in the store. On first start (empty store) the reviewed `knowledge/*.json` are loaded, or, when
 * they are missing, the seed is ingested.
 */
export async function ensureKnowledge(db: Database, options: IngestOptions): Promise<Knowledge> {
  const stored = await loadKnowledge(db);
  if (stored) return stored;
  const reviewed = readKnowledgeFiles(options.knowledgeDir);
  if (reviewed) {
    await saveKnowledge(db, reviewed);
    return reviewed;
  }
  return (await ingest(db, options)).knowledge;
}
