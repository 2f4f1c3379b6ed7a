/**
 * The last step (src/engine/steps/check-citations.ts): every citation names something the snapshot has, each once,
 * in order; a refusal cites nothing. Over the real snapshot of 719 alone, where ids print bare.
 *
 * Not a test file of its own: ../engine.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeSnapshot } from '../../../src/knowledge/snapshot.ts';
import { makeReply } from '../../../src/engine/outcomes.ts';
import { checkCitations } from '../../../src/engine/steps/check-citations.ts';
import type { Citation } from '../../../src/engine/types.ts';
import { realSnapshot } from '../../support/knowledge.ts';

describe('src/engine/steps/check-citations.ts', () => {
  let snapshot: KnowledgeSnapshot;
  beforeAll(async () => {
    snapshot = await realSnapshot();
  });

  const answered = (citations: Citation[]) => makeReply('answered', 'task', 'x', { citations });

  describe('checkCitations', () => {
    it('keeps what exists, bare or qualified, in order', () => {
      const citations: Citation[] = [
        { id: 'PL2.11', kind: 'task' },
        { id: '719:PL1.22', kind: 'task' },
        { id: 'II.A.3.g', kind: 'section' },
        { id: 'document', kind: 'document' },
        { id: '719:document', kind: 'document' },
        { id: 'PL1.29', kind: 'status' },
      ];
      expect(checkCitations(answered(citations), snapshot).citations).toEqual(citations);
    });

    it('drops what the snapshot does not have', () => {
      const reply = answered([
        { id: 'PL2.999', kind: 'task' },
        { id: 'PL2.11', kind: 'task' },
        { id: 'IX.Z', kind: 'section' },
        { id: '617:PL.4', kind: 'task' },
        { id: '617:document', kind: 'document' },
        { id: 'PL2.11', kind: 'section' },
      ]);
      expect(checkCitations(reply, snapshot).citations).toEqual([{ id: 'PL2.11', kind: 'task' }]);
    });

    it('cites each thing once', () => {
      const reply = answered([
        { id: 'PL2.11', kind: 'task' },
        { id: 'PL1.22', kind: 'task' },
        { id: 'PL2.11', kind: 'task' },
      ]);
      expect(checkCitations(reply, snapshot).citations.map((citation) => citation.id)).toEqual(['PL2.11', 'PL1.22']);
    });

    it('leaves a refusal citing nothing', () => {
      const refusal = { ...makeReply('refused', 'misuse', 'x'), citations: [{ id: 'PL2.11', kind: 'task' as const }] };
      expect(checkCitations(refusal, snapshot).citations).toEqual([]);
    });
  });
});
