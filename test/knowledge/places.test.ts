/**
 * Places in questions: a province recognised inside a place frame ("tỉnh Nam Định", "ở Hải Phòng"), a name in
 * `unframed` anywhere ("TP.HCM"), a loaded document's place bare unless its syllables are everyday words
 * (`ordinaryWords`), capitalised names whatever precedes them; merged provinces read as their successor.
 */
import { describe, expect, it } from 'vitest';
import { parsePlaces, type PlaceMention } from '../../src/knowledge/places.ts';
import { fold } from '../../src/text/vietnamese.ts';
import { places as deploymentPlaces } from './data.ts';

const places = deploymentPlaces();
const names = (mentions: PlaceMention[]) => mentions.map((mention) => mention.place.name);
const framed = (text: string) => names(places.find(fold(text)));
const bare = (text: string, among: (name: string) => boolean = () => true) => names(places.findUnframed(fold(text), (place) => among(place.name)));

describe('places', () => {
  it('knows the 34 provinces since 1/7/2025 and the 29 merged into them', () => {
    expect(places.all).toHaveLength(63);
    expect(places.all.filter((place) => place.current === place.name)).toHaveLength(34);
    expect(places.byName('Thái Bình')).toEqual({ name: 'Thái Bình', kind: 'tỉnh', current: 'Hưng Yên' });
    expect(places.byName('Hưng Yên')!.current).toBe('Hưng Yên');
  });

  it('finds a place by any of its names, with or without diacritics, dots or dashes', () => {
    expect(places.byName('thai binh')!.name).toBe('Thái Bình');
    expect(places.byName('TP.HCM')!.name).toBe('Hồ Chí Minh');
    expect(places.byName('Thừa Thiên - Huế')!.name).toBe('Huế');
    expect(places.byName('Thanh Hoá')!.name).toBe('Thanh Hóa');
    expect(places.byName('ba ria vung tau')).toEqual({ name: 'Bà Rịa - Vũng Tàu', kind: 'tỉnh', current: 'Hồ Chí Minh' });
    expect(places.byName('Atlantis')).toBeNull();
  });

  it('recognises a place inside a frame, and ordinary words without one never', () => {
    expect(framed('kế hoạch của tỉnh Nam Định')).toEqual(['Nam Định']);
    expect(places.find(fold('kế hoạch của tỉnh Nam Định'))[0]!.place.current).toBe('Ninh Bình');
    expect(framed('ở Hải Phòng có gì')).toEqual(['Hải Phòng']);
    expect(framed('ke hoach cua dong thap')).toEqual(['Đồng Tháp']);
    expect(framed('báo cáo năm định kỳ')).toEqual([]);
    expect(framed('hai phòng thí nghiệm')).toEqual([]);
    expect(framed('thái bình yên')).toEqual([]);
  });

  it('recognises a place that opens the question as the one who plans, and the same words in a sentence never', () => {
    expect(framed('nghe an dat muc tieu gi ve chuyen doi so')).toEqual(['Nghệ An']);
    expect(framed('Hải Phòng có kế hoạch nào về dữ liệu')).toEqual(['Hải Phòng']);
    expect(framed('hai phòng thí nghiệm đặt ở đâu')).toEqual([]);
    expect(framed('năm định kỳ có mấy lần báo cáo')).toEqual([]);
  });

  it('gives offsets into the folded text', () => {
    const text = fold('kế hoạch của tỉnh Nam Định');
    const [mention] = places.find(text);
    expect(text.slice(mention!.start, mention!.end)).toBe('nam dinh');
  });

  it('needs no frame for an unframed name ("TP.HCM", "Sài Gòn")', () => {
    for (const text of ['TP.HCM triển khai gì', 'tp hcm', 'tphcm có kế hoạch không', 'người dân Sài Gòn']) {
      const found = places.find(fold(text));
      expect(found.length, text).toBeGreaterThan(0);
      expect(new Set(names(found)), text).toEqual(new Set(['Hồ Chí Minh']));
    }
  });

  it('needs no frame for the deployment province\'s initials ("HY")', () => {
    expect(new Set(names(places.find(fold('ở HY có khu công nghệ cao nào'))))).toEqual(new Set(['Hưng Yên']));
  });

  it('recognises a loaded document\'s place bare, unless its syllables are everyday words', () => {
    expect(bare('kế hoạch CCHC Lâm Đồng')).toEqual(['Lâm Đồng']);
    expect(bare('kế hoạch CCHC Lâm Đồng', (name) => name === 'Đồng Tháp')).toEqual([]);
    // ordinaryWords: "hai phòng", "thái bình", "nam định" are everyday words too.
    expect(bare('hai phòng thí nghiệm')).toEqual([]);
    expect(bare('cuộc sống thái bình')).toEqual([]);
    expect(bare('báo cáo năm định kỳ')).toEqual([]);
    expect(bare('kế hoạch Hải Phòng')).toEqual([]);
  });

  it('reads capitalised place names whatever precedes them, offsets into the text as given', () => {
    const text = 'Cho hỏi Hà Nội có kế hoạch 5G không, còn Hải Phòng?';
    const found = places.findCapitalised(text);
    expect(names(found)).toEqual(['Hà Nội', 'Hải Phòng']);
    expect(found.map((mention) => text.slice(mention.start, mention.end))).toEqual(['Hà Nội', 'Hải Phòng']);
    expect(names(places.findCapitalised('ở Ha Noi'))).toEqual(['Hà Nội']);
    expect(places.findCapitalised('hai phòng thí nghiệm')).toEqual([]);
  });

  it('reads its own file format: unframed names, ordinary words, mergers', () => {
    const own = parsePlaces({
      places: [
        { name: 'Sông Xanh', kind: 'tỉnh', aliases: ['Sông Xanh mới'], unframed: ['SX'] },
        { name: 'Bình Yên', kind: 'tỉnh', aliases: [], ordinaryWords: true, mergedInto: 'Sông Xanh', since: '2025-07-01' },
      ],
    });
    expect(own.all).toEqual([
      { name: 'Sông Xanh', kind: 'tỉnh', current: 'Sông Xanh' },
      { name: 'Bình Yên', kind: 'tỉnh', current: 'Sông Xanh' },
    ]);
    // (A name both framed and unframed may come back twice, once per way it was found.)
    expect(new Set(names(own.find(fold('kế hoạch của SX'))))).toEqual(new Set(['Sông Xanh']));
    expect(names(own.find(fold('SX')))).toEqual(['Sông Xanh']);
    expect(own.find(fold('SXY'))).toEqual([]);
    expect(names(own.find(fold('tỉnh Bình Yên')))).toEqual(['Bình Yên']);
    expect(names(own.findUnframed(fold('cuộc sống bình yên'), () => true))).toEqual([]);
    expect(names(own.findUnframed(fold('kế hoạch sông xanh'), () => true))).toEqual(['Sông Xanh']);
    expect(() => parsePlaces({ places: [{ name: 'X', kind: 'huyện', aliases: [] }] })).toThrow();
  });
});
