/**
 * Desk operators are registered staff with the role `operator` (migration 026): the officials CLI adds and invites
 * them, the sign-in module lets them into /desk only, and a saved-answer index matches on rare words, not on the
 * programme's everyday ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOfficialsCli } from '../../src/cli/officials.ts';
import { loadConfig } from '../../src/config.ts';
import { mayEnter } from '../../src/console/sign-in.ts';
import { savedAnswerIndex } from '../../src/engine/saved-answers.ts';
import { listActiveOfficials } from '../../src/officials/repository.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { realSnapshot } from '../support/knowledge.ts';

describe('desk operators', () => {
  let store: StoreHandle;
  beforeAll(async () => {
    store = await engines('desk_operators')[0]!.open();
  });
  afterAll(async () => store?.dispose());

  it('are added and invited with --role operator, and enter the desk only', async () => {
    const out: string[] = [];
    const deps = { db: store.db, knowledge: await realSnapshot(), config: loadConfig({}).officials, out: (text: string) => out.push(text), err: (text: string) => out.push(text) };
    expect(await runOfficialsCli(['add', '--channel', 'telegram', '--user', '555', '--agency', 'Sở Khoa học và Công nghệ', '--name', 'Phạm Thị Trực', '--role', 'operator'], deps)).toBe(0);
    expect((await listActiveOfficials(store.db)).find((official) => official.userId === '555')?.role).toBe('operator');
    expect(await runOfficialsCli(['invite', '--agency', 'Sở Khoa học và Công nghệ', '--role', 'operator'], deps)).toBe(0);
    expect(out.join('\n')).toContain('(operator)');
    expect(await runOfficialsCli(['add', '--channel', 'telegram', '--user', '556', '--agency', 'Sở Y tế', '--name', 'X', '--role', 'admin'], deps)).toBe(2);
    expect(mayEnter('operator', 'desk')).toBe(true);
    expect(mayEnter('operator', 'admin')).toBe(false);
  });
});

describe('saved answer matching', () => {
  const index = savedAnswerIndex([
    { id: 1, question: 'Doanh nghiệp đăng ký nhận hỗ trợ chuyển đổi số thì nộp hồ sơ ở đâu?', answer: 'Tại Sở KH&CN.', reviewerName: 'A', reviewedAt: new Date() },
    { id: 2, question: 'Wifi công cộng ở quảng trường có mật khẩu không?', answer: 'Không cần mật khẩu.', reviewerName: 'A', reviewedAt: new Date() },
  ]);
  // Rarity as the documents would give it: the programme's everyday words weigh little.
  const common = new Set(['doanh', 'nghiep', 'chuyen', 'doi', 'so', 'ho', 'tro', 'tinh']);
  const weight = (term: string) => (common.has(term) ? 0.5 : 4);

  it('matches a rephrasing, without diacritics too', () => {
    expect(index.match('cho hỏi hồ sơ đăng ký hỗ trợ chuyển đổi số của doanh nghiệp nộp chỗ nào', weight)?.entry.id).toBe(1);
    expect(index.match('ho so dang ky ho tro chuyen doi so doanh nghiep nop o dau', weight)?.entry.id).toBe(1);
    expect(index.match('mat khau wifi o quang truong la gi', weight)?.entry.id).toBe(2);
  });

  it('refuses questions that share only everyday words, or nothing', () => {
    expect(index.match('Doanh nghiệp chuyển đổi số được hỗ trợ bao nhiêu tiền?', weight)).toBeNull();
    expect(index.match('Sở Y tế chủ trì những nhiệm vụ nào?', weight)).toBeNull();
    expect(index.match('???', weight)).toBeNull();
  });
});
