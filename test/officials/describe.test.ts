import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/documents/types.ts';
import { createDescriptionMatcher } from '../../src/officials/describe.ts';

const task = (id: string, name: string) => ({ id, documentId: 'x', name, content: name }) as unknown as Task;
const tasks = [
  task('A', 'Xây dựng kho dữ liệu quy hoạch giao thông toàn tỉnh'),
  task('B', 'Nâng cấp hệ thống thông tin quản lý hộ tịch'),
  task('C', 'Nâng cấp hệ thống thông tin quản lý hộ tịch cấp xã'),
  task('D', 'Tập huấn kỹ năng số cho người lao động'),
  task('E', 'Tuyên truyền chuyển đổi số'),
];
const matcher = createDescriptionMatcher(tasks);

describe('tasks named by description', () => {
  it('finds the one task the words fit', () => {
    expect(matcher.match('bc viec kho du lieu quy hoach giao thong: nhap xong 3 huyen', tasks).map((found) => found.id)).toEqual(['A']);
  });

  it('offers the tasks that fit about equally, and none for unrelated words', () => {
    expect(matcher.match('báo cáo nâng cấp hệ thống thông tin quản lý hộ tịch, đạt 20%', tasks).map((found) => found.id).sort()).toEqual(['B', 'C']);
    expect(matcher.match('đã họp giao ban tuần', tasks)).toEqual([]);
  });

  it('looks only among the candidates given', () => {
    expect(matcher.match('nâng cấp hệ thống thông tin quản lý hộ tịch', [tasks[2]!]).map((found) => found.id)).toEqual(['C']);
  });
});
