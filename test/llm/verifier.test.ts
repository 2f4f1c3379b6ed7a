import { describe, expect, it } from 'vitest';
import type { Agency, Task } from '../../src/documents/types.ts';
import { createAgencyDirectory } from '../../src/knowledge/agencies.ts';
import { evidenceFromDocument, evidenceFromSection, evidenceFromTask } from '../../src/llm/evidence.ts';
import type { EvidenceRecord } from '../../src/llm/types.ts';
import { verifyAnswer } from '../../src/llm/verifier.ts';
import { knowledgeData, reviewedDocuments } from '../support/knowledge.ts';

const reviewed = reviewedDocuments();
const knowledge = reviewed.find((document) => document.id === '719');
if (!knowledge) throw new Error('knowledge/documents/719 is missing: run `npm run ingest` first');
/** The merged directory of the loaded documents, as the engine's snapshot holds it. */
const agencies: readonly Agency[] = createAgencyDirectory(knowledgeData().gazetteer, reviewed).agencies;

function faithfulAnswer(task: Task): string {
  const f = evidenceFromTask(task).fields;
  return (
    `Nhiệm vụ "${f.ten}"${f.ma ? ` (mã ${f.ma})` : ''} do ${f.chu_tri ?? 'chưa rõ đơn vị'} chủ trì` +
    `${f.phoi_hop ? `, phối hợp với ${f.phoi_hop}` : ''}; thời hạn: ${f.han}${f.nguon_von ? `; nguồn vốn: ${f.nguon_von}` : ''} [${task.id}].`
  );
}

const task = (id: string): Task => {
  const found = knowledge.tasks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};

describe('verifyAnswer', () => {
  it('accepts a faithful restatement of every task and every section of the decision', () => {
    const tasks = knowledge.tasks;
    const sections = knowledge.sections;
    const rejected = tasks.filter((t) => !verifyAnswer(faithfulAnswer(t), [evidenceFromTask(t)], { agencies }).ok);
    expect(rejected.map((t) => `${t.documentId}:${t.id}`)).toEqual([]);
    const rejectedSections = sections.filter(
      (s) => !verifyAnswer(`${s.text} [${s.id}]`, [evidenceFromSection(s)], { agencies }).ok,
    );
    expect(rejectedSections.map((s) => `${s.documentId}:${s.id}`)).toEqual([]);
  });

  it('accepts coarser forms of a recorded date: month and year of a day, the years of a period', () => {
    const records: EvidenceRecord[] = [
      { ref: 'PL9.1', kind: 'task', fields: { han: 'Tháng 12/2025' } },
      { ref: 'PL9.2', kind: 'task', fields: { han: 'Giai đoạn 2025 - 2030' } },
      evidenceFromDocument(knowledge.document),
    ];
    const answer = 'Hạn là tháng 12 năm 2025 (12/2025), trong năm 2025; giai đoạn 2025-2030 kết thúc năm 2030; ban hành ngày 27 tháng 8 năm 2025.';
    expect(verifyAnswer(answer, records, { agencies })).toEqual({ ok: true });
  });

  it('rejects an invented deadline for every task with a dated deadline', () => {
    const dated = knowledge.tasks.filter((t) => t.deadline.kind === 'date');
    expect(dated.length).toBeGreaterThan(20);
    for (const t of dated) {
      const invented = faithfulAnswer(t).replace(t.deadline.text, 'tháng 7/2031');
      const verdict = verifyAnswer(invented, [evidenceFromTask(t)], { agencies });
      expect(verdict, t.id).toEqual({ ok: false, failures: [{ kind: 'date', value: 'thang 7/2031' }] });
    }
  });

  it('rejects a deadline taken one month off the record', () => {
    const t = task('PL1.22'); // "Tháng 03/2026"
    const verdict = verifyAnswer('Nhiệm vụ này phải xong trước 04/2026 [PL1.22].', [evidenceFromTask(t)], { agencies });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.failures).toEqual([{ kind: 'date', value: '04/2026' }]);
  });

  it('rejects an agency the records do not name, whether known to the catalogue or not', () => {
    const t = task('PL1.22'); // lead: Sở Khoa học và Công nghệ
    const record = evidenceFromTask(t);
    const known = verifyAnswer('Sở Tài chính chủ trì nhiệm vụ này [PL1.22].', [record], { agencies });
    expect(known.ok).toBe(false);
    if (!known.ok) expect(known.failures.map((f) => f.kind)).toEqual(['agency']);

    const unknown = verifyAnswer('Bộ Quốc phòng chủ trì nhiệm vụ này [PL1.22].', [record], { agencies });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.failures).toEqual([{ kind: 'agency', value: 'Bo Quoc phong' }]);

    // The same agency written another way (alias, no diacritics) is the same fact.
    expect(verifyAnswer('So KHCN chu tri nhiem vu nay [PL1.22].', [record], { agencies })).toEqual({ ok: true });
  });

  it('grounds an agency the alias list does not know by its own words, whatever word follows it in the answer', () => {
    // 6225's lead cell, as a composition would restate it; the directory main.ts passes (the gazetteer's) lacks it.
    const record: EvidenceRecord = { ref: 'PL.5', kind: 'task', fields: { chu_tri: 'Trung tâm Chuyển đổi số VHTTDL; Cục DLQGVN' } };
    expect(verifyAnswer('Cục DLQGVN chủ trì nhiệm vụ này [PL.5].', [record], { agencies: [] })).toEqual({ ok: true });
    const invented = verifyAnswer('Cục ATTT chủ trì nhiệm vụ này [PL.5].', [record], { agencies: [] });
    expect(invented.ok).toBe(false);
  });

  it('does not read an agency inside a longer one: Văn phòng UBND tỉnh is not UBND tỉnh', () => {
    const record: EvidenceRecord = { ref: 'PL9.3', kind: 'task', fields: { chu_tri: 'Văn phòng UBND tỉnh' } };
    expect(verifyAnswer('Văn phòng UBND tỉnh chủ trì [PL9.3].', [record], { agencies })).toEqual({ ok: true });
  });

  it('rejects invented percentages, task codes, task ids and section ids', () => {
    const record: EvidenceRecord = {
      ref: 'II.A.3.g',
      kind: 'section',
      fields: { muc: 'Kinh tế số', noi_dung: 'Kinh tế số chiếm 30% GRDP; nhiệm vụ CQS2.1.' },
    };
    expect(verifyAnswer('Kinh tế số chiếm 30% GRDP, nhiệm vụ CQS2.1 [II.A.3.g].', [record], { agencies })).toEqual({ ok: true });
    const verdict = verifyAnswer('Kinh tế số chiếm 35% GRDP, xem CQS2.2, PL2.99 và mục II.B.4 [II.A.3.g].', [record], { agencies });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.failures.map((f) => f.kind).sort()).toEqual(['code', 'percentage', 'section_id', 'task_id']);
    }
  });

  it('counts facts of the extractive answer as grounded and logs the failed checks', () => {
    const warnings: object[] = [];
    const logger = { warn: (details: object) => warnings.push(details), info: () => {} };
    const records: EvidenceRecord[] = [{ ref: 'PL9.4', kind: 'task', fields: { han: 'Năm 2026' } }];
    expect(verifyAnswer('Hạn 31/12/2026 [PL9.4].', records, { agencies, groundedTexts: ['Hạn chót: 31/12/2026.'], logger }).ok).toBe(true);
    expect(verifyAnswer('Hạn 30/12/2026 [PL9.4].', records, { agencies, logger }).ok).toBe(false);
    expect(warnings).toEqual([{ failures: [{ kind: 'date', value: '30/12/2026' }] }]);
  });
});
