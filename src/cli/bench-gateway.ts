/**
 * `npm run bench:gateway`: concurrent simulated Telegram webhook updates through the real HTTP server on loopback
 * to a fake Telegram Bot API on loopback. Latency is measured end to end: from the webhook POST to the moment the
 * reply's `sendMessage` reaches the fake API. A share of updates is delivered twice (as Telegram does after a
 * timeout) to check that none is answered twice. Bounded in count and time; loopback only.
 */
import type { Update } from 'grammy/types';
import type { Engine } from '../engine/types.ts';
import { FAKE_BOT_INFO, FakeTelegramApi, postWebhookUpdate } from '../channels/fake-telegram-api.ts';
import { Gateway } from '../channels/gateway.ts';
import { startHttpServer } from '../channels/http.ts';
import { Metrics } from '../channels/metrics.ts';
import { TelegramChannel } from '../channels/telegram.ts';
import type { ChannelLogger } from '../channels/types.ts';

export interface BenchGatewayDeps {
  engine: Engine;
  logger?: ChannelLogger;
  /** Distinct updates to send (default 2000). */
  updates?: number;
  /** Webhook requests in flight at once (default 40, Telegram's default max_connections). */
  concurrency?: number;
  /**
   * Arrival rate of webhook requests per second (default 250, above the 200/s target); 0 sends as fast as the
   * connections allow, which measures queue length more than latency since webhooks are acknowledged first.
   */
  ratePerSecond?: number;
  /** Share of updates delivered a second time (default 0.05). */
  redeliveryShare?: number;
  /** Updates sent first and not measured, so JIT compilation does not count as latency (default 200). */
  warmupUpdates?: number;
  /** Hard stop for the whole run (default 60 s). */
  timeLimitMs?: number;
  /** Question text sent in every update (default a typical citizen question). */
  text?: string;
}

export interface BenchGatewayResult {
  updates: number;
  /** Requested arrival rate (0 = unpaced). */
  ratePerSecond: number;
  redelivered: number;
  answered: number;
  lost: number;
  answeredTwice: number;
  seconds: number;
  throughputPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  targetThroughput: number;
  targetP95Ms: number;
  ok: boolean;
}

const SILENT: ChannelLogger = { debug() {}, info() {}, warn() {}, error() {} };
/** The bench serves no page anyone reads. */
const BENCH_PAGE = { title: 'bench', subtitle: 'bench', welcome: 'bench', issuingBody: 'bench', hotline: 'bench', hotlineNumber: '0', portal: { name: 'bench', url: 'http://127.0.0.1/' } };
const SECRET = 'bench-secret';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function benchGateway(deps: BenchGatewayDeps): Promise<BenchGatewayResult> {
  const total = deps.updates ?? 2000;
  const concurrency = deps.concurrency ?? 40;
  const redeliveryShare = deps.redeliveryShare ?? 0.05;
  const ratePerSecond = deps.ratePerSecond ?? 250;
  const warmupUpdates = deps.warmupUpdates ?? 200;
  const timeLimitMs = deps.timeLimitMs ?? 60_000;
  const logger = deps.logger ?? SILENT;
  const text = deps.text ?? 'Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào?';

  const api = new FakeTelegramApi();
  await api.start();
  const metrics = new Metrics();
  // One simulated user per update: the per-user rate limit is not what this measures.
  const gateway = new Gateway({ engine: deps.engine, limits: { ratePerMinute: 1_000, maxMessageChars: 4_000 }, logger, metrics });
  const http = await startHttpServer({ webChat: BENCH_PAGE, host: '127.0.0.1', port: 0, maxMessageChars: 4_000, gateway, db: { ping: async () => true }, metrics, logger });
  const channel = new TelegramChannel({
    token: '1000000:bench-token-not-a-real-token-000000',
    apiRoot: api.apiRoot,
    webhookUrl: http.url,
    webhookSecret: SECRET,
    gateway,
    logger,
    botInfo: FAKE_BOT_INFO,
  });
  http.addRoutes(channel.routes);
  await channel.start();

  const firstChatId = 1_000_000;
  const sentAt = new Map<number, number>();
  const answers = new Map<number, number[]>();
  let lastAnswer = 0;
  const stopListening = api.onCall((call) => {
    if (call.method !== 'sendMessage') return;
    const chatId = Number(call.payload.chat_id);
    const list = answers.get(chatId) ?? [];
    list.push(call.at);
    answers.set(chatId, list);
    lastAnswer = call.at;
  });

  const update = (index: number): Update =>
    ({
      update_id: 500_000 + index,
      message: {
        message_id: index + 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: firstChatId + index, type: 'private', first_name: 'Bench' },
        from: { id: firstChatId + index, is_bot: false, first_name: 'Bench' },
        text,
      },
    }) as Update;

  const post = async (body: Update) => {
    await postWebhookUpdate(api, { base: http.url, secret: SECRET }, body);
  };
  // Warm-up: distinct update ids and chats outside the measured range.
  for (let batch = 0; batch < warmupUpdates; batch += concurrency) {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, warmupUpdates - batch) }, (_, offset) => {
        const warm = update(total + batch + offset);
        return post({ ...warm, update_id: 900_000 + batch + offset } as Update);
      }),
    );
  }
  await gateway.whenIdle();
  answers.clear();

  const deliveries: number[] = [];
  for (let index = 0; index < total; index += 1) deliveries.push(index);
  const redelivered = Math.floor(total * redeliveryShare);
  for (let index = 0; index < redelivered; index += 1) deliveries.push(Math.floor((index * total) / Math.max(1, redelivered)));

  const deadline = performance.now() + timeLimitMs;
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length && performance.now() < deadline) {
      const slot = next++;
      const index = deliveries[slot] as number;
      if (ratePerSecond > 0) {
        const due = started + (slot * 1000) / ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (!sentAt.has(index)) sentAt.set(index, performance.now());
      await post(update(index));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  while (performance.now() < deadline && [...sentAt.keys()].some((index) => !answers.has(firstChatId + index))) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await channel.stop();
  await http.close();
  stopListening();
  await api.close();

  const latencies: number[] = [];
  let lost = 0;
  let answeredTwice = 0;
  for (let index = 0; index < total; index += 1) {
    const times = answers.get(firstChatId + index);
    const sent = sentAt.get(index);
    if (!times || sent === undefined) {
      lost += 1;
      continue;
    }
    if (times.length > 1) answeredTwice += 1;
    latencies.push((times[0] as number) - sent);
  }
  latencies.sort((a, b) => a - b);
  const seconds = (Math.max(lastAnswer, started) - started) / 1000;
  const throughputPerSecond = latencies.length / Math.max(seconds, 1e-9);
  const p95Ms = percentile(latencies, 95);
  const targetThroughput = 200;
  const targetP95Ms = 250;
  return {
    updates: total,
    ratePerSecond,
    redelivered,
    answered: latencies.length,
    lost,
    answeredTwice,
    seconds,
    throughputPerSecond,
    p50Ms: percentile(latencies, 50),
    p95Ms,
    maxMs: latencies.at(-1) ?? NaN,
    targetThroughput,
    targetP95Ms,
    ok: lost === 0 && answeredTwice === 0 && throughputPerSecond >= targetThroughput && p95Ms < targetP95Ms,
  };
}

export function formatBenchGatewayResult(result: BenchGatewayResult): string {
  const round = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
  return [
    `bench:gateway — ${result.updates} cập nhật Telegram (webhook, loopback), ${result.redelivered} gửi lặp lại, ` +
      (result.ratePerSecond > 0 ? `nhịp gửi ${result.ratePerSecond}/giây` : 'gửi dồn không giãn nhịp'),
    `  trả lời: ${result.answered}, mất: ${result.lost}, trả lời hai lần: ${result.answeredTwice}`,
    `  thông lượng: ${round(result.throughputPerSecond)} cập nhật/giây (mục tiêu ≥ ${result.targetThroughput})`,
    `  độ trễ: p50 ${round(result.p50Ms)} ms, p95 ${round(result.p95Ms)} ms (mục tiêu < ${result.targetP95Ms}), max ${round(result.maxMs)} ms`,
    `  thời gian: ${round(result.seconds)} s — ${result.ok ? 'ĐẠT' : 'KHÔNG ĐẠT'}`,
    '',
  ].join('\n');
}
