/**
 * `npm run --silent ask -- [--json] [--today YYYY-MM-DD] "câu hỏi"` and `--batch FILE` (one {"id","q","today"?,
 * "conversation"?} a line → one JSON answer a line). The evaluation depends on this contract: keep it stable.
 */
import { readFileSync } from 'node:fs';
import type { Engine, Reply } from '../engine/types.ts';
import { endingOf } from '../engine/outcomes.ts';
import { isIsoDate } from '../text/dates.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';

export interface BatchItem {
  id: string;
  q: string;
  today?: string;
  conversation?: string;
}

export interface AskOutput {
  id?: string;
  answer: string;
  citations: Reply['citations'];
  /** `outcome.reason`, e.g. `answered.task`, `out_of_scope.look_alike`. */
  intent: string;
  outcome: Reply['outcome'];
  reason: Reply['reason'];
  refused: boolean;
  ms: number;
}

/** Reads a JSONL batch; a bad line is an error naming the line. */
export function readBatch(file: string): BatchItem[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/u)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new UsageError(`${file}:${number}: không phải JSON hợp lệ`);
      }
      const item = value as Partial<BatchItem> & { id?: unknown };
      if (typeof item.q !== 'string') throw new UsageError(`${file}:${number}: thiếu trường "q"`);
      return { ...item, id: String(item.id ?? number), q: item.q } as BatchItem;
    });
}

export async function askOne(engine: Engine, item: BatchItem, today?: string): Promise<AskOutput> {
  const started = performance.now();
  const reply = await engine.handle({
    channel: 'cli',
    userId: 'cli',
    conversationId: item.conversation ? `conversation:${item.conversation}` : `item:${item.id}:${Math.random()}`,
    messageId: null,
    text: item.q,
    today: item.today ?? today,
  });
  return {
    id: item.id,
    answer: reply.text,
    citations: reply.citations,
    intent: endingOf(reply),
    outcome: reply.outcome,
    reason: reply.reason,
    refused: reply.refused,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

export async function runAsk(engine: Engine, args: string[], write: (line: string) => void): Promise<number> {
  const parsed = parseArgs(args, ['json']);
  const today = stringFlag(parsed, 'today');
  if (today !== undefined && !isIsoDate(today)) throw new UsageError(`--today cần dạng YYYY-MM-DD, nhận được "${today}"`);
  const batch = stringFlag(parsed, 'batch');
  if (batch) {
    for (const item of readBatch(batch)) write(JSON.stringify(await askOne(engine, item, today)));
    return 0;
  }
  const question = parsed.positional.join(' ');
  const output = await askOne(engine, { id: 'cli', q: question }, today);
  if (parsed.flags.has('json')) {
    const { id: _id, ...rest } = output;
    write(JSON.stringify(rest));
  } else {
    const sources = output.citations.map((citation) => citation.label ?? citation.id).join(', ');
    write(output.answer + (sources ? `\n\n[${sources}]` : ''));
  }
  return 0;
}
