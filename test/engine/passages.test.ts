/**
 * Passages (src/engine/passages.ts): how a long clause is clipped around what the question asks.
 */
import { describe, expect, it } from 'vitest';
import type { Section } from '../../src/documents/types.ts';
import { bestPassagesWithSource, clipAround } from '../../src/engine/passages.ts';

describe('src/engine/passages.ts', () => {
  describe('clipAround', () => {
    const filler = (count: number) => Array.from({ length: count }, (_, at) => `việc${at}`).join(' ');

    it('keeps a short passage whole', () => {
      expect(clipAround('Hạ tầng số phủ khắp các xã.', 'hạ tầng số', 100)).toBe('Hạ tầng số phủ khắp các xã.');
    });

    it('places the window on the distinct words asked, not on one word said again and again', () => {
      const passage = `số số số số số số ${filler(40)} chỉ số năng suất nhân tố tổng hợp trên mức trung bình cả nước.`;
      const clipped = clipAround(passage, 'chỉ số năng suất nhân tố tổng hợp ra sao', 160);
      expect(clipped.startsWith('…')).toBe(true);
      expect(clipped).toContain('trung bình cả nước.');
      expect(clipped.length).toBeLessThanOrEqual(162);
    });

    it('reaches the end of the sentence when a window there holds as many of the words asked', () => {
      const passage = `phấn đấu ${filler(30)} đứng đầu về chỉ số năng lực cạnh tranh ${filler(6)} trên mức trung bình cả nước.`;
      const clipped = clipAround(passage, 'đứng đầu về chỉ số năng lực cạnh tranh', 200);
      expect(clipped.endsWith('cả nước.')).toBe(true);
    });
  });

  describe('bestPassagesWithSource', () => {
    const section = (id: string, text: string): Section => ({ id, documentId: 'd', path: [], heading: '', kind: null, text, line: 1 });

    it('keeps two words a plural marker parts in the question together ("nắm vững những kỹ thuật nào")', () => {
      const sections = [
        section('a', 'Nắm vững kỹ thuật canh tác hữu cơ, tưới nhỏ giọt, cảm biến độ ẩm, nhà màng, cùng với xây dựng các vùng sản xuất tập trung để nâng cao giá trị sản phẩm của các hợp tác xã trên địa bàn'),
        section('b', 'Nắm vững thuật ngữ và kỹ năng xuất khẩu.'),
      ];
      const [best] = bestPassagesWithSource('nông dân cần nắm vững những kỹ thuật nào', sections, 1);
      expect(best?.section.id).toBe('a');
    });
  
    it('counts the words of the short heading a clause stands under, so a year\'s clause answers for that year', () => {
      const titled = (id: string, heading: string, body: string): Section => ({ id, documentId: 'd', path: [heading], heading, kind: null, text: `${heading}\n${body}`, line: 1 });
      const sections = [
        titled('now', 'II. Hiện trạng', '- Hiện có 40 bến xe khách, trong đó 6 bến có quầy vé điện tử.'),
        titled('y2030', '2. Chỉ tiêu đến năm 2030', '- Mỗi bến xe khách có ít nhất 5 quầy vé điện tử.'),
        titled('y2027', '1. Chỉ tiêu đến hết năm 2027', '- Mỗi bến xe khách có ít nhất 2 quầy vé điện tử.'),
      ];
      const [best] = bestPassagesWithSource('đến hết năm 2027 mỗi bến xe có mấy quầy vé điện tử', sections, 1, () => 1, { wantsNumber: true });
      expect(best?.section.id).toBe('y2027');
      // A long heading is a section's first sentence, not a title: its words are not lent to the clauses after it.
      const long = titled('long', `a) Tổ chức ${'các hoạt động '.repeat(8)}đến hết năm 2027`, '- Mỗi bến xe khách có ít nhất 3 quầy vé điện tử.');
      const [other] = bestPassagesWithSource('đến hết năm 2027 mỗi bến xe có mấy quầy vé điện tử', [long, sections[2]!], 1, () => 1, { wantsNumber: true });
      expect(other?.section.id).toBe('y2027');
    });
  });
});
