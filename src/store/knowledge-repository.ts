/**
 * Knowledge in the store: saved as a whole in one transaction, loaded back into the exact `Knowledge` shape, and
 * the embeddings of its items. Works the same on PGlite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import type { Agency, AgencyCell, Deadline, Knowledge, Section, Task } from '../catalogue/types.ts';
import { dueDate } from '../catalogue/deadline.ts';
import { fold } from '../text/vietnamese.ts';
import type { Database, Queryable } from './database.ts';
import { parseVector, vectorLiteral } from './vectors.ts';


/** Arbitrary constant: two ingests against one PostgreSQL server run one after the other. */
const SAVE_LOCK_KEY = 7_190_002;

export interface SaveOutcome {
  /** False when the stored knowledge already had the same source hash and content: nothing was written. */
  changed: boolean;
}

/** sha256 of the canonical JSON (object keys sorted) of the knowledge. */
export function knowledgeContentHash(knowledge: Knowledge): string {
  return createHash('sha256').update(canonicalJson(knowledge)).digest('hex');
}

/** The searchable text of a task, folded: code, name, content (when it differs from the name), result. */
export function taskFoldedText(task: Task): string {
  const parts = [task.code ?? '', task.name, task.content === task.name ? '' : task.content, task.result ?? ''];
  return fold(parts.filter((part) => part !== '').join('\n'));
}

/**
 * Replaces the stored knowledge with `knowledge` in one transaction: either all of it is stored or, on any
 * failure, the previous knowledge stays intact. Saving the same knowledge again writes nothing.
 */
export async function saveKnowledge(db: Database, knowledge: Knowledge): Promise<SaveOutcome> {
  const contentHash = knowledgeContentHash(knowledge);
  const documentId = knowledge.document.number;
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [SAVE_LOCK_KEY]);
    const current = await tx.query<{ id: string; source_hash: string; content_hash: string }>(
      'SELECT id, source_hash, content_hash FROM documents',
    );
    const only = current.rows.length === 1 ? current.rows[0] : undefined;
    if (only && only.id === documentId && only.source_hash === knowledge.sourceHash && only.content_hash === contentHash) {
      return { changed: false };
    }

    await tx.query('DELETE FROM agency_aliases');
    await tx.query('DELETE FROM agencies');
    await tx.query('DELETE FROM tasks');
    await tx.query('DELETE FROM sections');
    await tx.query('DELETE FROM documents');

    const meta = knowledge.document;
    await tx.query(
      `INSERT INTO documents (id, number, type, issuer, issued_on, signer, signer_title, effective_on, effect_text, title,
         legal_bases, related_documents, warnings, source_hash, content_hash, loaded_at)
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8::date, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14, $15, now())`,
      [
        documentId,
        meta.number,
        meta.type,
        meta.issuer,
        meta.issuedOn,
        meta.signer,
        meta.signerTitle,
        meta.effectiveOn,
        meta.effectText,
        meta.title,
        JSON.stringify(meta.legalBases),
        JSON.stringify(meta.relatedDocuments),
        JSON.stringify(knowledge.warnings),
        knowledge.sourceHash,
        contentHash,
      ],
    );

    await tx.query(
      `INSERT INTO sections (id, document_id, position, path, heading, body, folded, line)
       SELECT id, $1::text, position, path, heading, body, folded, line
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, position int, path jsonb, heading text, body text, folded text, line int)`,
      [documentId, JSON.stringify(knowledge.sections.map(sectionRecord))],
    );

    await tx.query(
      `INSERT INTO tasks (id, document_id, position, appendix, row_label, block, grp, code, name, content, lead, partners,
         result, deadline, due, deadline_kind, funding, inherited, line, folded)
       SELECT id, $1::text, position, appendix, row_label, block, grp, code, name, content, lead, partners,
         result, deadline, due::date, deadline_kind, funding, inherited, line, folded
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, position int, appendix int, row_label text, block jsonb, grp jsonb,
         code text, name text, content text, lead jsonb, partners jsonb, result text, deadline jsonb, due text,
         deadline_kind text, funding text, inherited jsonb, line int, folded text)`,
      [documentId, JSON.stringify(knowledge.tasks.map(taskRecord))],
    );

    await tx.query(
      `INSERT INTO agencies (id, position, name, short, kind, aliases, successor)
       SELECT id, position, name, short, kind, aliases, successor
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, position int, name text, short text, kind text, aliases jsonb, successor jsonb)`,
      [JSON.stringify(knowledge.agencies.map(agencyRecord))],
    );

    await tx.query(
      `INSERT INTO agency_aliases (alias_folded, agency_id)
       SELECT DISTINCT alias_folded, agency_id FROM jsonb_to_recordset($1::jsonb) AS x(alias_folded text, agency_id text)`,
      [JSON.stringify(aliasRecords(knowledge.agencies))],
    );

    await tx.query(
      `DELETE FROM embeddings e
       WHERE (e.item_kind = 'task' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.item_id))
          OR (e.item_kind = 'section' AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.id = e.item_id))
          OR (e.item_kind = 'agency' AND NOT EXISTS (SELECT 1 FROM agencies a WHERE a.id = e.item_id))`,
    );
    return { changed: true };
  });
}

/** The stored knowledge exactly as it was saved, or null when nothing was ever saved. */
export async function loadKnowledge(db: Queryable): Promise<Knowledge | null> {
  const documents = await db.query<DocumentRow>(
    `SELECT id, number, type, issuer, issued_on, signer, signer_title, effective_on, effect_text, title, legal_bases,
       related_documents, warnings, source_hash
     FROM documents ORDER BY loaded_at DESC LIMIT 1`,
  );
  const doc = documents.rows[0];
  if (!doc) return null;
  const sections = await db.query<SectionRow>(
    'SELECT id, path, heading, body, line FROM sections WHERE document_id = $1 ORDER BY position',
    [doc.id],
  );
  const tasks = await db.query<TaskRow>(
    `SELECT id, appendix, row_label, block, grp, code, name, content, lead, partners, result, deadline, funding, inherited, line
     FROM tasks WHERE document_id = $1 ORDER BY position`,
    [doc.id],
  );
  const agencies = await db.query<AgencyRow>('SELECT id, name, short, kind, aliases, successor FROM agencies ORDER BY position');
  return {
    document: {
      number: doc.number,
      type: doc.type,
      issuer: doc.issuer,
      issuedOn: doc.issued_on,
      signer: doc.signer,
      signerTitle: doc.signer_title,
      effectiveOn: doc.effective_on,
      effectText: doc.effect_text,
      title: doc.title,
      legalBases: doc.legal_bases,
      relatedDocuments: doc.related_documents,
    },
    sections: sections.rows.map((row) => ({ id: row.id, path: row.path, heading: row.heading, text: row.body, line: row.line })),
    tasks: tasks.rows.map((row) => ({
      id: row.id,
      appendix: row.appendix as Task['appendix'],
      row: row.row_label,
      block: row.block,
      group: row.grp,
      code: row.code,
      name: row.name,
      content: row.content,
      lead: row.lead,
      partners: row.partners,
      result: row.result,
      deadline: row.deadline,
      funding: row.funding,
      inherited: row.inherited,
      line: row.line,
    })),
    agencies: agencies.rows.map((row) => {
      const agency: Agency = { id: row.id, name: row.name, short: row.short, aliases: row.aliases, kind: row.kind };
      if (row.successor) agency.successor = row.successor;
      return agency;
    }),
    warnings: doc.warnings,
    sourceHash: doc.source_hash,
  };
}

export interface EmbeddingRow {
  /** `task`, `section`, `agency`, or a kind of a later module. */
  itemKind: string;
  itemId: string;
  model: string;
  vector: number[];
  /** Hash of the text that was embedded: a different hash means the item must be embedded again. */
  contentHash: string;
}

/** Inserts or replaces embeddings in one statement; within `rows` the last row of a key wins. */
export async function saveEmbeddings(db: Queryable, rows: readonly EmbeddingRow[]): Promise<void> {
  if (rows.length === 0) return;
  const byKey = new Map<string, EmbeddingRow>();
  for (const row of rows) byKey.set(`${row.itemKind}\u0000${row.itemId}\u0000${row.model}`, row);
  const records = [...byKey.values()].map((row) => ({
    item_kind: row.itemKind,
    item_id: row.itemId,
    model: row.model,
    dimensions: row.vector.length,
    embedding: vectorLiteral(row.vector),
    content_hash: row.contentHash,
  }));
  await db.query(
    `INSERT INTO embeddings (item_kind, item_id, model, dimensions, embedding, content_hash)
     SELECT item_kind, item_id, model, dimensions, embedding::vector, content_hash
     FROM jsonb_to_recordset($1::jsonb) AS x(item_kind text, item_id text, model text, dimensions int, embedding text, content_hash text)
     ON CONFLICT (item_kind, item_id, model)
     DO UPDATE SET dimensions = EXCLUDED.dimensions, embedding = EXCLUDED.embedding, content_hash = EXCLUDED.content_hash`,
    [JSON.stringify(records)],
  );
}

/** Every vector of `model`, keyed `${itemKind}:${itemId}`. */
export async function loadEmbeddings(db: Queryable, model: string): Promise<Map<string, number[]>> {
  const result = await db.query<{ item_kind: string; item_id: string; embedding: string }>(
    'SELECT item_kind, item_id, embedding::text AS embedding FROM embeddings WHERE model = $1 ORDER BY item_kind, item_id',
    [model],
  );
  return new Map(result.rows.map((row) => [`${row.item_kind}:${row.item_id}`, parseVector(row.embedding)]));
}

/** What is stored for `model`, keyed `${itemKind}:${itemId}`, without the vectors: to decide what to (re-)embed. */
export async function loadEmbeddingHashes(
  db: Queryable,
  model: string,
): Promise<Map<string, { contentHash: string; dimensions: number }>> {
  const result = await db.query<{ item_kind: string; item_id: string; content_hash: string; dimensions: number }>(
    'SELECT item_kind, item_id, content_hash, dimensions FROM embeddings WHERE model = $1',
    [model],
  );
  return new Map(
    result.rows.map((row) => [`${row.item_kind}:${row.item_id}`, { contentHash: row.content_hash, dimensions: row.dimensions }]),
  );
}

export interface Neighbour {
  itemKind: string;
  itemId: string;
  /** Cosine distance (pgvector `<=>`): 0 same direction, 1 orthogonal, 2 opposite. */
  distance: number;
}

/**
 * The `limit` stored vectors of `model` closest to `vector` by cosine distance, nearest first. Only vectors of the
 * same dimension are compared. `itemKind` restricts the search to one kind.
 */
export async function nearest(
  db: Queryable,
  model: string,
  vector: readonly number[],
  limit: number,
  options: { itemKind?: string } = {},
): Promise<Neighbour[]> {
  const result = await db.query<{ item_kind: string; item_id: string; distance: number }>(
    `SELECT item_kind, item_id, (embedding <=> $2::vector)::float8 AS distance
     FROM embeddings
     WHERE model = $1 AND dimensions = $3 AND ($5::text IS NULL OR item_kind = $5::text)
     ORDER BY distance, item_kind, item_id
     LIMIT $4`,
    [model, vectorLiteral(vector), vector.length, Math.max(0, Math.floor(limit)), options.itemKind ?? null],
  );
  return result.rows.map((row) => ({ itemKind: row.item_kind, itemId: row.item_id, distance: Number(row.distance) }));
}

interface DocumentRow {
  id: string;
  number: string;
  type: string;
  issuer: string;
  issued_on: string;
  signer: string;
  signer_title: string | null;
  effective_on: string | null;
  effect_text: string | null;
  title: string;
  legal_bases: string[];
  related_documents: string[];
  warnings: string[];
  source_hash: string;
}

interface SectionRow {
  id: string;
  path: string[];
  heading: string;
  body: string;
  line: number;
}

interface TaskRow {
  id: string;
  appendix: number;
  row_label: string;
  block: Task['block'];
  grp: Task['group'];
  code: string | null;
  name: string;
  content: string;
  lead: AgencyCell | null;
  partners: AgencyCell | null;
  result: string | null;
  deadline: Deadline;
  funding: string | null;
  inherited: Task['inherited'];
  line: number;
}

interface AgencyRow {
  id: string;
  name: string;
  short: string;
  kind: Agency['kind'];
  aliases: string[];
  successor: Agency['successor'] | null;
}

function sectionRecord(section: Section, position: number) {
  return {
    id: section.id,
    position,
    path: section.path,
    heading: section.heading,
    body: section.text,
    folded: fold(section.text),
    line: section.line,
  };
}

function taskRecord(task: Task, position: number) {
  const deadline = task.deadline;
  return {
    id: task.id,
    position,
    appendix: task.appendix,
    row_label: task.row,
    block: task.block,
    grp: task.group,
    code: task.code,
    name: task.name,
    content: task.content,
    lead: task.lead,
    partners: task.partners,
    result: task.result,
    deadline,
    due: dueDate(deadline),
    deadline_kind: deadline.kind,
    funding: task.funding,
    inherited: task.inherited,
    line: task.line,
    folded: taskFoldedText(task),
  };
}

function agencyRecord(agency: Agency, position: number) {
  return {
    id: agency.id,
    position,
    name: agency.name,
    short: agency.short,
    kind: agency.kind,
    aliases: agency.aliases,
    successor: agency.successor ?? null,
  };
}

/** The folded lookup: the name, the short form and every alias of each agency. */
function aliasRecords(agencies: readonly Agency[]) {
  return agencies.flatMap((agency) =>
    [agency.name, agency.short, ...agency.aliases]
      .map((alias) => fold(alias))
      .filter((alias) => alias !== '')
      .map((alias) => ({ alias_folded: alias, agency_id: agency.id })),
  );
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
