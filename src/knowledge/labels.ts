/**
 * How a loaded document is named in answers: "Quyết định 101/QĐ-UBND" in a sentence, "QĐ 101/QĐ-UBND" in a
 * citation; a draft without a number by its kind, issuer and date ("Kế hoạch của Ủy ban nhân dân tỉnh …, tháng
 * 3 năm 2026").
 */
import type { DocumentMeta } from '../documents/types.ts';
import { fold } from '../text/vietnamese.ts';

const SHORT_KINDS: Record<string, string> = {
  'quyet dinh': 'QĐ',
  'ke hoach': 'KH',
  'thong bao': 'TB',
  'thong bao ket luan': 'TB',
  'cong van': 'CV',
  'nghi quyet': 'NQ',
  'chi thi': 'CT',
  'chuong trinh': 'CTr',
  'de an': 'ĐA',
};

export function documentName(meta: DocumentMeta): string {
  if (meta.number) return `${meta.type} ${meta.number}`;
  const when = meta.issuedText?.replace(/^.*?ngày\s*/iu, '').trim();
  return `${meta.type} của ${meta.issuer || 'cơ quan ban hành'}${when ? ` (${when}, chưa có số)` : ' (chưa có số)'}`;
}

export function documentShortName(meta: DocumentMeta): string {
  const kind = SHORT_KINDS[fold(meta.type)] ?? meta.type;
  return meta.number ? `${kind} ${meta.number}` : documentName(meta);
}
