/** The shared gazetteer as data: validated once, and read through the matcher with a preferred level. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GazetteerError, parseGazetteer, toAgency, type GazetteerEntry } from '../../../src/documents/agencies/gazetteer.ts';
import { gazetteerMatcher } from '../../../src/documents/agencies/directory.ts';
import { createAgencyMatcher } from '../../../src/documents/agencies/matcher.ts';
import { gazetteer as deploymentGazetteer, KNOWLEDGE_DIR } from '../../knowledge/data.ts';

const raw = (): { heads: string[]; personTitles: string[]; agencies: GazetteerEntry[] } =>
  JSON.parse(readFileSync(`${KNOWLEDGE_DIR}/gazetteer.json`, 'utf8'));

describe('parseGazetteer', () => {
  it('reads the deployment gazetteer with unique ids and successors that exist', () => {
    const gazetteer = deploymentGazetteer();
    const ids = gazetteer.entries.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['so-khcn', 'so-tc', 'vp-ubnd', 'cong-an', 'tat-ca', 'lien-quan', 'ubnd-xa', 'doanh-nghiep', 'bo-xd', 'nhnn', 'nhnn-vn']) expect(ids, id).toContain(id);
    for (const entry of gazetteer.entries) if (entry.successor) expect(ids, entry.id).toContain(entry.successor.id);
    expect(gazetteer.heads).toEqual(expect.arrayContaining(['Sở', 'Bộ', 'Bộ Chỉ huy', 'Cục', 'Trung tâm', 'Ủy ban']));
    expect(gazetteer.personTitles).toEqual(expect.arrayContaining(['Giám đốc', 'Cục trưởng']));
    expect(gazetteer.entries.find((entry) => entry.id === 'tat-ca')!.kind).toBe('collective');
  });

  it('names every problem it finds: a repeated id, a successor that does not exist, a pattern that does not compile', () => {
    const file = raw();
    const first = file.agencies[0]!;
    file.agencies.push({ ...first });
    file.agencies.push({ ...first, id: 'so-moi', successor: { id: 'khong-co', since: '2025-03-01', note: '' } });
    file.agencies.push({ ...first, id: 'mau-hong', patterns: ['(so'] });
    let error: unknown;
    try {
      parseGazetteer(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GazetteerError);
    const problems = (error as GazetteerError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain(`id ${first.id} lặp lại`);
    expect(problems.join('\n')).toContain('so-moi: cơ quan kế thừa khong-co');
    expect(problems.join('\n')).toContain('mau-hong: mẫu "(so"');
  });

  it('refuses a file of the wrong shape with the path of each problem', () => {
    expect(() => parseGazetteer({ heads: [], personTitles: [], agencies: [] })).toThrow(GazetteerError);
    const bad = raw();
    (bad.agencies[0] as { id: string }).id = 'Không Hợp Lệ';
    expect(() => parseGazetteer(bad)).toThrow(/agencies\.0\.id/u);
    expect(() => parseGazetteer(null)).toThrow(GazetteerError);
  });

  it('gives an entry as an agency without its patterns', () => {
    const entry = deploymentGazetteer().entries.find((candidate) => candidate.id === 'so-tttt')!;
    const agency = toAgency(entry);
    expect(agency).not.toHaveProperty('patterns');
    expect(agency).toMatchObject({ id: 'so-tttt', kind: 'agency', level: 'local', successor: { id: 'so-khcn', since: '2025-03-01' } });
  });
});

describe('agency matcher', () => {
  const matcher = gazetteerMatcher(deploymentGazetteer());
  const ids = (text: string, prefer?: 'local' | 'central') => matcher.find(text, prefer).map((mention) => mention.id);

  it('prefers the body of the level the text is about when two match the same words', () => {
    expect(ids('Ngân hàng Nhà nước')).toEqual(['nhnn']);
    expect(ids('Ngân hàng Nhà nước', 'central')).toEqual(['nhnn-vn']);
  });

  it('takes the longest match and drops the shorter ones inside it', () => {
    const analysis = matcher.analyse('Sở Khoa học và Công nghệ Sở Công Thương');
    expect(analysis.mentions.map((mention) => mention.id)).toEqual(['so-khcn', 'so-ct']);
    expect(analysis.spans).toHaveLength(2);
    expect(analysis.leftover).toBe('');
  });

  it('matches folded text: without diacritics, in capitals, NFD', () => {
    expect(ids('SO KHOA HOC VA CONG NGHE')).toEqual(['so-khcn']);
    expect(ids('so khoa hoc va cong nghe')).toEqual(['so-khcn']);
    expect(ids('Sở Khoa học và Công nghệ'.normalize('NFD'))).toEqual(['so-khcn']);
  });

  it('reports text that names no agency, and lists a repeated agency once', () => {
    expect(matcher.analyse('Sở Tài chính chủ trì theo dõi đôn đốc việc thực hiện').leftover).toBe('');
    expect(matcher.analyse('Các hoạt động hợp tác').mentions).toEqual([]);
    expect(matcher.analyse('Các hoạt động hợp tác').leftover).toBe('cac hoat dong hop tac');
    const twice = matcher.analyse('Sở Tài chính; Sở Tài chính');
    expect(twice.mentions.map((mention) => mention.id)).toEqual(['so-tc']);
    expect(twice.spans).toHaveLength(2);
  });

  it('finds only whole words', () => {
    const own = createAgencyMatcher([{ agency: { id: 'ca', name: 'Công an', short: 'CA', aliases: ['CA'], kind: 'agency', level: 'local' }, patterns: [] }]);
    expect(own.find('CA tỉnh').map((mention) => mention.id)).toEqual(['ca']);
    expect(own.find('cacao')).toEqual([]);
    expect(own.byId.get('ca')!.name).toBe('Công an');
  });
});
