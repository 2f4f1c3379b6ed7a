/** The closed table of endings (src/engine/types.ts) and the one way replies are made from it (outcomes.ts). */
import { describe, expect, it } from 'vitest';
import { endingOf, isRefused, makeReply } from '../../src/engine/outcomes.ts';
import { OUTCOME_REASONS, type Citation, type Outcome } from '../../src/engine/types.ts';

const citation: Citation = { id: 'PL2.11', kind: 'task' };

describe('makeReply', () => {
  it('refuses exactly the out-of-scope answers and refusals', () => {
    const refused = (Object.keys(OUTCOME_REASONS) as Outcome[]).filter(isRefused).sort();
    expect(refused).toEqual(['out_of_scope', 'refused']);
    expect(makeReply('out_of_scope', 'look_alike', 'x')).toMatchObject({ refused: true });
    expect(makeReply('answered', 'task', 'x')).toMatchObject({ refused: false });
    expect(makeReply('clarification', 'which_document', 'x')).toMatchObject({ refused: false });
  });

  it('drops the citations of a refusal and keeps those of any other reply', () => {
    expect(makeReply('refused', 'injection', 'x', { citations: [citation] }).citations).toEqual([]);
    expect(makeReply('out_of_scope', 'other_place', 'x', { citations: [citation] }).citations).toEqual([]);
    expect(makeReply('no_information', 'unknown_task', 'x', { citations: [citation] }).citations).toEqual([citation]);
    expect(makeReply('answered', 'task', 'x').citations).toEqual([]);
  });

  it('carries buttons only when there are some', () => {
    expect('buttons' in makeReply('clarification', 'which_task', 'x', { buttons: [] })).toBe(false);
    const buttons = [{ text: 'KH 617/KH-UBND', data: 'KH 617/KH-UBND ai ký?' }];
    expect(makeReply('clarification', 'which_document', 'x', { buttons }).buttons).toEqual(buttons);
  });

  it('makes the reply of the outcome and reason given, nothing else', () => {
    expect(makeReply('answered', 'social', 'Chào bạn!')).toEqual({ text: 'Chào bạn!', citations: [], outcome: 'answered', reason: 'social', refused: false });
  });
});

describe('the table of endings', () => {
  it('prints an ending as outcome.reason', () => {
    expect(endingOf(makeReply('out_of_scope', 'look_alike', 'x'))).toBe('out_of_scope.look_alike');
    expect(endingOf({ outcome: 'clarification', reason: 'which_document' })).toBe('clarification.which_document');
  });

  it('has every reason once within its outcome, and the new endings in it', () => {
    for (const [outcome, reasons] of Object.entries(OUTCOME_REASONS)) expect(new Set(reasons).size, outcome).toBe(reasons.length);
    expect(OUTCOME_REASONS.answered).toEqual(expect.arrayContaining(['social', 'structure', 'document', 'follow_up']));
    expect(OUTCOME_REASONS.clarification).toEqual(expect.arrayContaining(['which_document', 'which_task', 'which_agency']));
    expect(OUTCOME_REASONS.out_of_scope).toEqual(expect.arrayContaining(['other_place', 'look_alike', 'too_long']));
  });
});
