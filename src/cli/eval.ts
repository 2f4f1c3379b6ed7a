/**
 * `npm run eval -- FILE [--fold]`: scores a question file with the rules of the shared evaluation README and
 * prints each failure and the pass rate. `--fold` removes every diacritic from the questions first.
 */
import type { Engine } from '../engine/types.ts';
import { fold } from '../text/vietnamese.ts';
import { askOne, readBatch, type AskOutput, type BatchItem } from './ask.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';

export interface Expectation {
  any_ids?: string[];
  ids?: string[];
  min_recall?: number;
  text?: string[];
  top1?: boolean;
  max_chars?: number;
  refuse?: boolean;
  clarify?: boolean;
  clarify_or_refuse?: boolean;
  /** A social turn: a short friendly reply, not refused, citing nothing. */
  social?: boolean;
}

/**
 * How ids are compared: both sides as keys qualified by document. An expected id without a document part means
 * the primary document (an evaluation set written for it); a cited id without one, the only loaded document.
 */
export interface IdKeys {
  expected(id: string): string;
  cited(id: string): string;
}

const BARE: IdKeys = { expected: (id) => id, cited: (id) => id };

export interface EvalItem extends BatchItem {
  expect: Expectation;
}

/** Lower case, no diacritics, đ → d, runs of white space → one space (the evaluation's matching rule). */
export function foldForMatch(text: string): string {
  return fold(text).replace(/\s+/gu, ' ');
}

/** Each expectation that failed, in words; empty when the answer passes. */
export function scoreItem(expect: Expectation, output: AskOutput, keys: IdKeys = BARE): string[] {
  const failures: string[] = [];
  const citedTasks = output.citations.map((citation) => keys.cited(citation.id));
  expect = {
    ...expect,
    ...(expect.any_ids ? { any_ids: expect.any_ids.map(keys.expected) } : {}),
    ...(expect.ids ? { ids: expect.ids.map(keys.expected) } : {}),
  };
  if (expect.any_ids && !expect.any_ids.some((id) => citedTasks.slice(0, 3).includes(id))) {
    failures.push(`any_ids ${expect.any_ids.join('|')} không nằm trong 3 trích dẫn đầu [${citedTasks.slice(0, 5).join(', ')}]`);
  }
  if (expect.top1 && expect.any_ids && !expect.any_ids.includes(citedTasks[0] ?? '')) {
    failures.push(`top1: trích dẫn đầu là ${citedTasks[0] ?? '(không có)'}`);
  }
  if (expect.ids) {
    const found = expect.ids.filter((id) => citedTasks.includes(id)).length;
    const recall = found / expect.ids.length;
    if (recall < (expect.min_recall ?? 1)) {
      failures.push(`recall ${recall.toFixed(2)} < ${expect.min_recall ?? 1}: thiếu ${expect.ids.filter((id) => !citedTasks.includes(id)).join(', ')}`);
    }
  }
  if (expect.text) {
    const answer = foldForMatch(output.answer);
    for (const entry of expect.text) {
      if (!entry.split('|').some((alternative) => answer.includes(foldForMatch(alternative)))) failures.push(`thiếu văn bản "${entry}"`);
    }
  }
  if (expect.max_chars !== undefined && output.answer.length > expect.max_chars) {
    failures.push(`dài ${output.answer.length} > ${expect.max_chars} ký tự`);
  }
  if (expect.refuse && (!output.refused || output.citations.some((citation) => citation.kind === 'task'))) {
    failures.push(`phải từ chối (refused=${output.refused}, outcome=${output.outcome})`);
  }
  if (expect.clarify && output.outcome !== 'clarification') failures.push(`phải hỏi lại (outcome=${output.outcome})`);
  if (expect.clarify_or_refuse && output.outcome !== 'clarification' && !output.refused) {
    failures.push(`phải hỏi lại hoặc từ chối (outcome=${output.outcome})`);
  }
  if (expect.social && (output.refused || output.citations.length > 0 || output.answer.length > 400 || output.outcome !== 'answered')) {
    failures.push(`phải đáp xã giao ngắn (outcome=${output.outcome}, ${output.answer.length} ký tự, ${output.citations.length} trích dẫn)`);
  }
  return failures;
}

export interface EvalSummary {
  passed: number;
  total: number;
  failures: Array<{ item: EvalItem; output: AskOutput; reasons: string[] }>;
  latencies: number[];
}

export async function evaluate(engine: Engine, items: EvalItem[], options: { foldQuestions?: boolean; keys?: IdKeys } = {}): Promise<EvalSummary> {
  const summary: EvalSummary = { passed: 0, total: items.length, failures: [], latencies: [] };
  for (const item of items) {
    const question = options.foldQuestions ? fold(item.q) : item.q;
    const output = await askOne(engine, { ...item, q: question });
    summary.latencies.push(output.ms);
    const reasons = scoreItem(item.expect ?? {}, output, options.keys);
    if (reasons.length === 0) summary.passed += 1;
    else summary.failures.push({ item, output, reasons });
  }
  return summary;
}

export async function runEval(engine: Engine, args: string[], write: (line: string) => void, keys?: IdKeys): Promise<number> {
  const parsed = parseArgs(args, ['fold', 'quiet']);
  const file = parsed.positional[0] ?? stringFlag(parsed, 'file');
  if (!file) throw new UsageError('cần tệp câu hỏi: npm run eval -- TỆP.jsonl');
  const items = readBatch(file) as EvalItem[];
  const summary = await evaluate(engine, items, { foldQuestions: parsed.flags.has('fold'), ...(keys ? { keys } : {}) });
  if (!parsed.flags.has('quiet')) {
    for (const failure of summary.failures) {
      write(`✗ ${failure.item.id}: ${failure.item.q}`);
      for (const reason of failure.reasons) write(`    - ${reason}`);
      write(`    → [${failure.output.intent}/${failure.output.outcome}] ${failure.output.answer.replace(/\n/gu, ' ⏎ ').slice(0, 300)}`);
    }
  }
  const rate = summary.total === 0 ? 0 : (100 * summary.passed) / summary.total;
  write(`${file}${parsed.flags.has('fold') ? ' (không dấu)' : ''}: ${summary.passed}/${summary.total} đạt (${rate.toFixed(1)}%)`);
  return 0;
}
