/**
 * Builds the evidence records the model composes from, with the field names the prompts and the verifier know.
 * Only the printed text of the decision goes in: the model restates, it does not compute.
 */
import type { DocumentMeta, Section, Task } from '../documents/types.ts';
import type { EvidenceRecord } from './types.ts';

export function evidenceFromTask(task: Task, status?: string): EvidenceRecord {
  const fields: Record<string, string> = { ten: task.name };
  if (task.code) fields.ma = task.code;
  if (task.content && task.content !== task.name) fields.noi_dung = task.content;
  if (task.lead) fields.chu_tri = task.lead.text;
  if (task.partners) fields.phoi_hop = task.partners.text;
  if (task.deadline.text) fields.han = task.deadline.text;
  if (task.funding) fields.nguon_von = task.funding;
  if (task.result) fields.ket_qua = task.result;
  if (status) fields.trang_thai = status;
  return { ref: task.id, kind: 'task', fields };
}

export function evidenceFromSection(section: Section): EvidenceRecord {
  return { ref: section.id, kind: 'section', fields: { muc: section.path.join(' › '), noi_dung: section.text } };
}

export function evidenceFromDocument(document: DocumentMeta): EvidenceRecord {
  const fields: Record<string, string> = { loai: document.type, co_quan: document.issuer, trich_yeu: document.title };
  if (document.number) fields.so = document.number;
  if (document.issuedOn) fields.ngay_ban_hanh = isoToVietnamese(document.issuedOn);
  if (document.signer) fields.nguoi_ky = document.signer;
  if (document.effectText) fields.hieu_luc = document.effectText;
  return { ref: 'document', kind: 'document', fields };
}

/** A stored status update of a task, e.g. `{ ref: 'status:42', … }`. */
export function evidenceFromStatus(ref: string, taskName: string, text: string, reportedOn: string, agencyName: string): EvidenceRecord {
  return {
    ref,
    kind: 'status',
    fields: { ten: taskName, trang_thai: text, ngay_cap_nhat: isoToVietnamese(reportedOn), don_vi_bao_cao: agencyName },
  };
}

function isoToVietnamese(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/u.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}
