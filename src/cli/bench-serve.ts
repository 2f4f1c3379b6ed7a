/**
 * `npm run bench:serve`: the web chat's `POST /api/chat` driven through the real HTTP server on loopback at
 * concurrency 1, 8 and 32 with evaluation questions, as a browser would send them (a new session each). Prints
 * requests per second, latency percentiles, the share of 503s and peak RSS per level; asserts nothing. The rate
 * limits are lifted for the run: they are not what this measures.
 */
import { Gateway } from '../channels/gateway.ts';
import { startHttpServer } from '../channels/http.ts';
import { Metrics } from '../channels/metrics.ts';
import type { ChannelLogger } from '../channels/types.ts';
import type { Engine } from '../engine/types.ts';
import { benchItems, percentile } from './bench.ts';
import { loadClient } from './load-client.ts';

export interface BenchServeLevel {
  concurrency: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  overloaded: number;
  errors: number;
  peakRssMb: number;
}

const SILENT: ChannelLogger = { debug() {}, info() {}, warn() {}, error() {} };

export async function benchServe(
  engine: Engine,
  files: string[],
  options: { levels?: number[]; requestsPerLevel?: number; webChat: Parameters<typeof startHttpServer>[0]['webChat'] },
): Promise<BenchServeLevel[]> {
  const questions = benchItems(files).map((item) => item.q);
  if (questions.length === 0) throw new Error('bench:serve: no questions in the given files');
  const metrics = new Metrics();
  const gateway = new Gateway({ engine, limits: { ratePerMinute: 1_000_000, maxMessageChars: 4_000 }, logger: SILENT, metrics });
  const http = await startHttpServer({
    webChat: options.webChat,
    host: '127.0.0.1',
    port: 0,
    maxMessageChars: 4_000,
    gateway,
    db: { ping: async () => true },
    metrics,
    logger: SILENT,
    web: { addressRatePerMinute: 1_000_000, maxInFlight: 64 },
  });
  const url = `${http.url}/api/chat`;
  const client = loadClient();
  const ask = async (text: string) => (await client.postJson(url, { text })).status;
  try {
    // Warm-up: JIT and first-use caches are not latency.
    for (const text of questions.slice(0, 50)) await ask(text);
    const results: BenchServeLevel[] = [];
    for (const concurrency of options.levels ?? [1, 8, 32]) {
      const total = options.requestsPerLevel ?? 600;
      const latencies: number[] = [];
      let next = 0;
      let overloaded = 0;
      let errors = 0;
      const started = performance.now();
      const worker = async () => {
        while (next < total) {
          const text = questions[next % questions.length]!;
          next += 1;
          const sent = performance.now();
          const status = await ask(text);
          latencies.push(performance.now() - sent);
          if (status === 503) overloaded += 1;
          else if (status !== 200) errors += 1;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = (performance.now() - started) / 1000;
      const sorted = latencies.sort((a, b) => a - b);
      results.push({
        concurrency,
        requests: total,
        seconds,
        perSecond: total / seconds,
        p50Ms: percentile(sorted, 0.5),
        p95Ms: percentile(sorted, 0.95),
        p99Ms: percentile(sorted, 0.99),
        overloaded,
        errors,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      });
    }
    return results;
  } finally {
    client.close();
    await http.close();
  }
}

export function formatBenchServe(levels: readonly BenchServeLevel[]): string {
  const lines = ['concurrency  requests  req/s   p50 ms  p95 ms  p99 ms  503s  errors  peak RSS MB'];
  for (const level of levels) {
    lines.push(
      [
        String(level.concurrency).padStart(11),
        String(level.requests).padStart(9),
        level.perSecond.toFixed(0).padStart(6),
        level.p50Ms.toFixed(1).padStart(8),
        level.p95Ms.toFixed(1).padStart(7),
        level.p99Ms.toFixed(1).padStart(7),
        String(level.overloaded).padStart(5),
        String(level.errors).padStart(7),
        level.peakRssMb.toFixed(0).padStart(12),
      ].join(' '),
    );
  }
  return `${lines.join('\n')}\n`;
}
