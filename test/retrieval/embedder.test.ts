import { describe, expect, it } from 'vitest';
import { cosine, hash32, HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';

describe('HashedNgramEmbedder', () => {
  const embedder = new HashedNgramEmbedder();

  it('names its model and dimensions', () => {
    expect(embedder.model).toBe('local-hash-ngram-v1-512');
    expect(embedder.dimensions).toBe(512);
    expect(new HashedNgramEmbedder({ dimensions: 256 }).model).toBe('local-hash-ngram-v1-256');
    expect(() => new HashedNgramEmbedder({ dimensions: 3 })).toThrow(RangeError);
  });

  it('is deterministic across calls and instances', async () => {
    const text = 'Kho dữ liệu dùng chung của tỉnh Hưng Yên';
    const [a] = await embedder.embed([text]);
    const [b] = await new HashedNgramEmbedder().embed([text]);
    expect(a).toEqual(b);
    expect(hash32('kho_du')).toBe(hash32('kho_du'));
  });

  it('returns one unit-length vector per text, in order', async () => {
    const vectors = await embedder.embed(['chuyển đổi số', 'camera giám sát', 'ngân sách']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(512);
      const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
      expect(norm).toBeCloseTo(1, 10);
      expect(vector.every(Number.isFinite)).toBe(true);
    }
    expect(cosine(vectors[0]!, vectors[1]!)).toBeLessThan(0.99);
  });

  it('places similar texts closer than unrelated ones', async () => {
    const [query, near, nearFolded, far] = await embedder.embed([
      'hệ thống camera giám sát thông minh',
      'Hoàn thiện hệ thống camera giám sát thông minh phục vụ an ninh trật tự',
      'hoan thien he thong camera giam sat thong minh',
      'Xây dựng cơ chế hỗ trợ thương hiệu gạo',
    ]);
    expect(cosine(query!, near!)).toBeGreaterThan(cosine(query!, far!) + 0.2);
    expect(cosine(query!, nearFolded!)).toBeGreaterThan(cosine(query!, far!) + 0.2);
  });

  it('gives the same vector for NFC and NFD input and brings abbreviations near their expansion', async () => {
    const text = 'Sở Khoa học và Công nghệ';
    const [nfc, nfd, short, other] = await embedder.embed([text.normalize('NFC'), text.normalize('NFD'), 'Sở KH&CN', 'Sở Y tế']);
    expect(nfd).toEqual(nfc);
    expect(cosine(nfc!, short!)).toBeGreaterThan(cosine(nfc!, other!));
  });

  it('maps text without letters or digits to the zero vector', async () => {
    const [emoji, empty] = await embedder.embed(['😀🎉', '']);
    expect(emoji!.every((value) => value === 0)).toBe(true);
    expect(empty!.every((value) => value === 0)).toBe(true);
    expect(cosine(emoji!, emoji!)).toBe(0);
  });
});

describe('cosine', () => {
  it('is 1 for the same direction, 0 for orthogonal or mismatched vectors', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 0], [1, 0, 0])).toBe(0);
    expect(cosine([], [])).toBe(0);
    expect(cosine([1, 0], [-1, 0])).toBeCloseTo(-1, 12);
  });
});
