/**
 * The reviewed knowledge committed with the code: `knowledge/documents/<id>/*.json`, one directory per document,
 * split into files a reviewer reads as a diff (metadata, sections, tables, tasks, agencies, indicators). Only the
 * developer's `npm run knowledge:review` writes them; an ingest into a DATA_DIR never does.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentKnowledge } from '../documents/types.ts';

export const REVIEWED_FILES = {
  document: 'document.json',
  sections: 'sections.json',
  tables: 'tables.json',
  tasks: 'tasks.json',
  agencies: 'agencies.json',
  indicators: 'indicators.json',
} as const;

function writeJsonAtomically(file: string, value: unknown): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  renameSync(temporary, file);
}

export function writeReviewedDocument(documentsDir: string, knowledge: DocumentKnowledge): string {
  const directory = path.join(documentsDir, knowledge.id);
  mkdirSync(directory, { recursive: true });
  const { sections, tables, tasks, agencies, indicators, ...document } = knowledge;
  writeJsonAtomically(path.join(directory, REVIEWED_FILES.document), document);
  writeJsonAtomically(path.join(directory, REVIEWED_FILES.sections), sections);
  writeJsonAtomically(path.join(directory, REVIEWED_FILES.tables), tables);
  writeJsonAtomically(path.join(directory, REVIEWED_FILES.tasks), tasks);
  writeJsonAtomically(path.join(directory, REVIEWED_FILES.agencies), agencies);
  writeJsonAtomically(path.join(directory, REVIEWED_FILES.indicators), indicators);
  return directory;
}

/** Every reviewed document under `documentsDir`, by directory name; a directory missing a file is skipped. */
export function readReviewedDocuments(documentsDir: string): DocumentKnowledge[] {
  if (!existsSync(documentsDir)) return [];
  const out: DocumentKnowledge[] = [];
  for (const name of readdirSync(documentsDir).sort()) {
    const directory = path.join(documentsDir, name);
    const file = (key: keyof typeof REVIEWED_FILES) => path.join(directory, REVIEWED_FILES[key]);
    if (!Object.keys(REVIEWED_FILES).every((key) => existsSync(file(key as keyof typeof REVIEWED_FILES)))) continue;
    const read = (key: keyof typeof REVIEWED_FILES): unknown => JSON.parse(readFileSync(file(key), 'utf8'));
    out.push({
      ...(read('document') as Omit<DocumentKnowledge, 'sections' | 'tables' | 'tasks' | 'agencies' | 'indicators'>),
      sections: read('sections') as DocumentKnowledge['sections'],
      tables: read('tables') as DocumentKnowledge['tables'],
      tasks: read('tasks') as DocumentKnowledge['tasks'],
      agencies: read('agencies') as DocumentKnowledge['agencies'],
      indicators: read('indicators') as DocumentKnowledge['indicators'],
    });
  }
  return out;
}
