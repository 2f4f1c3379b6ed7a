/** The real engine over the real knowledge, with the in-memory vector side (the store-backed one is tested in store/). */
import type { Engine, Reply } from '../../src/engine/types.ts';
import type { LatestStatus } from '../../src/status/rules.ts';
import { engineOver, multiSnapshot, realSnapshot, type EngineOptions } from '../support/knowledge.ts';

export async function realEngine(options: EngineOptions = {}): Promise<Engine> {
  return engineOver(await realSnapshot(), options);
}

/** The real engine with the reviewed documents and the whole development corpus loaded. */
export async function multiDocumentEngine(options: EngineOptions = {}): Promise<Engine> {
  return engineOver(await multiSnapshot(), options);
}

let counter = 0;
export function ask(engine: Engine, text: string, extra: { today?: string; conversationId?: string; channel?: 'cli' | 'web' | 'telegram' } = {}): Promise<Reply> {
  counter += 1;
  return engine.handle({
    channel: extra.channel ?? 'cli',
    userId: 'test',
    conversationId: extra.conversationId ?? `test-${counter}`,
    messageId: null,
    text,
    today: extra.today ?? '2026-11-28',
  });
}

export const ids = (reply: Reply) => reply.citations.map((citation) => citation.id);

/** A confirmed "hoàn thành" update of PL1.11 by Sở KH&CN, as the status store keeps it. */
export const FINISHED_PL1_11: LatestStatus = {
  updateId: 1,
  taskKey: '719:PL1.11',
  agencyId: 'so-khcn',
  status: 'hoan_thanh',
  percent: 100,
  note: 'Đã trình',
  publicNote: 'Đã trình',
  evidenceUrl: null,
  officialName: 'Cán bộ Sở KH&CN',
  updatedAt: new Date('2026-05-02T03:00:00Z'),
};
