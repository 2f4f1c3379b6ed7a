/** The deployment profile, validated at start, and how a loaded document is named in answers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentName, documentShortName } from '../../src/knowledge/labels.ts';
import { parseProfile, ProfileError } from '../../src/knowledge/profile.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';
import { KNOWLEDGE_DIR, profile as deploymentProfile } from './data.ts';

describe('deployment profile', () => {
  it('serves Hưng Yên, 719 first, Sở KH&CN coordinating', () => {
    const profile = deploymentProfile();
    expect(profile).toMatchObject({ province: 'Hưng Yên', provinceKind: 'tỉnh', primaryDocument: '719', coordinator: { agencyId: 'so-khcn' }, hotline: { number: '1022' } });
    expect(profile.portal.url).toMatch(/^https:\/\//u);
  });

  it('names every problem of a bad profile', () => {
    const json = JSON.parse(readFileSync(`${KNOWLEDGE_DIR}/profile.json`, 'utf8'));
    json.provinceKind = 'huyện';
    json.portal.url = 'không phải url';
    delete json.primaryDocument;
    let error: unknown;
    try {
      parseProfile(json);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).problems).toHaveLength(3);
    expect((error as ProfileError).problems.join('\n')).toMatch(/provinceKind[\s\S]*primaryDocument|primaryDocument[\s\S]*provinceKind/u);
    expect((error as ProfileError).message).toContain('knowledge/profile.json');
  });
});

describe('document names', () => {
  it('names a numbered document by kind and number, shortened in citations', () => {
    const meta = smallDocument().document;
    expect(documentName(meta)).toBe('Quyết định 719/QĐ-UBND');
    expect(documentShortName(meta)).toBe('QĐ 719/QĐ-UBND');
    expect(documentShortName({ ...meta, type: 'Thông báo kết luận', number: '624/TB-VPCP' })).toBe('TB 624/TB-VPCP');
    expect(documentShortName({ ...meta, type: 'Công văn', number: '6225/BVHTTDL-VP' })).toBe('CV 6225/BVHTTDL-VP');
  });

  it('names a draft without a number by kind, issuer and the date as printed', () => {
    const draft = { ...smallDocument().document, type: 'Kế hoạch', number: null, issuer: 'Ủy ban nhân dân tỉnh Lâm Đồng', issuedText: 'Lâm Đồng, ngày tháng 3 năm 2026' };
    expect(documentName(draft)).toBe('Kế hoạch của Ủy ban nhân dân tỉnh Lâm Đồng (tháng 3 năm 2026, chưa có số)');
    expect(documentShortName(draft)).toBe(documentName(draft));
    expect(documentName({ ...draft, issuer: '', issuedText: null })).toBe('Kế hoạch của cơ quan ban hành (chưa có số)');
  });
});
