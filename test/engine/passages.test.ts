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
  });
});
