/**
 * `npm run bench`: per-question latency of the engine over evaluation question files (each asked as written and
 * with diacritics removed), start-up to first answer, and peak RSS. Prints numbers; asserts nothing.
 */
import { existsSync } from 'node:fs';
import type { Engine } from '../engine/types.ts';
import { fold } from '../text/vietnamese.ts';
import { askOne, readBatch, type BatchItem } from './ask.ts';

export interface BenchReport {
  questions: number;
  rounds: number;
  startupMs: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
  /** Wall time of all rounds minus that of the same loop with no question asked, per answer. */
  marginal: number;
  /** The same for the first round alone: no question has been seen before, so nothing read earlier is reused. */
  marginalFirstRound: number;
  peakRssMb: number;
}

export function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

/** The questions of the evaluation files that exist, each as written and with diacritics removed. */
export function benchItems(files: string[]): BatchItem[] {
  const items = files.filter((file) => existsSync(file)).flatMap((file) => readBatch(file));
  return items.flatMap((item) => [item, { ...item, id: `${item.id}-fold`, q: fold(item.q) }]);
}

/** `startupMs` is measured by the caller: process start to the first answer. */
export async function runBench(engine: Engine, files: string[], startupMs: number, rounds = 3): Promise<BenchReport> {
  const questions = benchItems(files);
  const latencies: number[] = [];
  /** Wall time of each round; each question's time goes to `record`. */
  const loop = async (ask: (item: BatchItem) => Promise<unknown>, record: number[]): Promise<number[]> => {
    const times: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const started = performance.now();
      for (const item of questions) {
        const one = performance.now();
        await ask({ ...item, conversation: item.conversation ? `${round}-${item.conversation}` : undefined });
        record.push(performance.now() - one);
      }
      times.push(performance.now() - started);
    }
    return times;
  };
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const empty = await loop(async () => undefined, []);
  const batch = await loop((item) => askOne(engine, item), latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    questions: questions.length,
    rounds,
    startupMs,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.at(-1) ?? 0,
    mean: sum(sorted) / Math.max(sorted.length, 1),
    marginal: (sum(batch) - sum(empty)) / Math.max(latencies.length, 1),
    marginalFirstRound: ((batch[0] ?? 0) - (empty[0] ?? 0)) / Math.max(questions.length, 1),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

export function formatBench(report: BenchReport, engineName: string): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return [
    `Kho dữ liệu: ${engineName}; ${report.questions} câu hỏi (có dấu và không dấu), mỗi câu ${report.rounds} lượt`,
    `Khởi động đến câu trả lời đầu tiên: ${ms(report.startupMs)}`,
    `Độ trễ mỗi câu: p50 ${ms(report.p50)}, p95 ${ms(report.p95)}, tối đa ${ms(report.max)}, trung bình ${ms(report.mean)}`,
    `Chi phí biên mỗi câu (cả lượt trừ lượt rỗng, chia số câu): ${report.marginal.toFixed(2)} ms; riêng lượt đầu (chưa câu nào gặp lại): ${report.marginalFirstRound.toFixed(2)} ms`,
    `RSS cao nhất: ${report.peakRssMb.toFixed(0)} MB`,
  ].join('\n');
}
