/**
 * How documents and tasks are named, so a citation can be typed back and a URL shared.
 *
 * A document is the leading number of its official number (101/QĐ-UBND → `101`); a document printed without a
 * number gets its kind, place and year (`kh-lam-dong-2026`). A task is where its row is printed: the appendix
 * (`PL1`, `PL2`; `PL` for one unnumbered appendix; `B1`, `B2` for tables in the body), the table's ordinal when
 * one appendix holds several (`.B2`), the group when numbering restarts in each group (`.II`), then the row label
 * as printed (`1`, `1.2`), an unnumbered row taking the label above plus a letter (`3a`), a label printed twice
 * getting `-2`. With several documents loaded an id is qualified: `101:PL2.11`.
 */
import { fold } from '../../text/vietnamese.ts';
import type { DocumentMeta } from '../types.ts';

const KIND_ABBREVIATIONS: Record<string, string> = {
  'quyet dinh': 'qd',
  'ke hoach': 'kh',
  'thong bao': 'tb',
  'thong bao ket luan': 'tb',
  'cong van': 'cv',
  'nghi quyet': 'nq',
  'chuong trinh': 'ctr',
  'chi thi': 'ct',
  'bao cao': 'bc',
  'to trinh': 'tt',
  'de an': 'da',
  'huong dan': 'hd',
};

function slug(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

export function documentIdFor(meta: DocumentMeta): string {
  const digits = meta.number ? /^(\d+)/u.exec(meta.number.trim())?.[1] : undefined;
  if (digits) return String(Number(digits));
  const kind = KIND_ABBREVIATIONS[fold(meta.type)] ?? slug(meta.type).slice(0, 6);
  const place = meta.place ? slug(meta.place) : slug(meta.issuer).split('-').slice(-2).join('-');
  const year = (meta.issuedOn ?? '').slice(0, 4) || /\b(20\d\d)\b/u.exec(`${meta.issuedText ?? ''} ${meta.title}`)?.[1] || '';
  return [kind, place, year].filter(Boolean).join('-');
}

/** The prefix of a table's task ids. */
export function taskIdPrefix(table: { appendix: number | null; ordinalInAppendix: number; tablesInAppendix: number; bodyOrdinal: number }): string {
  if (table.appendix === null) return `B${table.bodyOrdinal}`;
  const base = table.appendix === 0 ? 'PL' : `PL${table.appendix}`;
  return table.tablesInAppendix > 1 ? `${base}.B${table.ordinalInAppendix}` : base;
}

/** `101:PL2.11` from `101` and `PL2.11`. */
export function qualifiedId(documentId: string, localId: string): string {
  return `${documentId}:${localId}`;
}

/** `{ documentId: '101', localId: 'PL2.11' }` from `101:PL2.11`; the document part is null for a bare id. */
export function splitQualifiedId(id: string): { documentId: string | null; localId: string } {
  const at = id.indexOf(':');
  return at < 0 ? { documentId: null, localId: id } : { documentId: id.slice(0, at), localId: id.slice(at + 1) };
}
