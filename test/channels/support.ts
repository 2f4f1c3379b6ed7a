/**
 * Test doubles for the channel tests: a small deterministic Engine (the real one is the lead's), loggers, and a
 * Database stand-in for /healthz. The engine behaves by rule, not by evaluation sentence:
 * - text containing "xác nhận" → a 'confirm' reply with buttons Có / Không (data "có" / "không");
 * - "có" / "không" → the confirmation result;
 * - text containing "dài" → a long multi-line answer (≈ 12 000 characters);
 * - text containing "lỗi hệ thống" → throws (with a fake token in the message, to check redaction);
 * - anything else → "Trả lời cho: <text>" citing task PL2.11 and the document.
 */
import type { Engine, IncomingMessage, Reply } from '../../src/engine/types.ts';
import type { ChannelLogger } from '../../src/channels/types.ts';
import type { Database } from '../../src/store/database.ts';

export const LEAKY_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ';

export class TestEngine implements Engine {
  readonly calls: IncomingMessage[] = [];
  constructor(private readonly delayMs = 0) {}

  async handle(message: IncomingMessage): Promise<Reply> {
    this.calls.push(message);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const text = message.text.trim();
    if (text.includes('lỗi hệ thống')) throw new Error(`upstream failed for bot${LEAKY_TOKEN}/sendMessage`);
    if (text.includes('xác nhận')) {
      return {
        text: 'Cập nhật: PL2.11 → "Đã hoàn thành". Xác nhận?',
        citations: [{ id: 'PL2.11', kind: 'task' }],
        outcome: 'confirm',
        refused: false,
        intent: 'status_update',
        buttons: [
          { text: 'Có', data: 'có' },
          { text: 'Không', data: 'không' },
        ],
      };
    }
    if (text === 'có' || text === 'không') {
      return {
        text: text === 'có' ? 'Đã ghi nhận cập nhật.' : 'Đã hủy cập nhật.',
        citations: [{ id: 'PL2.11', kind: 'task' }],
        outcome: 'answered',
        refused: false,
        intent: 'status_update',
      };
    }
    if (text.includes('dài')) {
      const lines = Array.from({ length: 200 }, (_, index) => `Dòng ${index + 1}: nhiệm vụ chuyển đổi số của tỉnh Hưng Yên.`);
      return {
        text: lines.join('\n'),
        citations: [{ id: 'II.A.3', kind: 'section' }],
        outcome: 'answered',
        refused: false,
        intent: 'list',
      };
    }
    return {
      text: `Trả lời cho: ${text}`,
      citations: [
        { id: 'PL2.11', kind: 'task' },
        { id: 'document', kind: 'document' },
      ],
      outcome: 'answered',
      refused: false,
      intent: 'echo',
    };
  }
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

export class CapturingLogger implements ChannelLogger {
  readonly entries: LogEntry[] = [];
  debug(obj: object, msg?: string) {
    this.entries.push({ level: 'debug', obj, msg });
  }
  info(obj: object, msg?: string) {
    this.entries.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg?: string) {
    this.entries.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg?: string) {
    this.entries.push({ level: 'error', obj, msg });
  }
  /** Every entry serialised, for "this never appears in the logs" checks. */
  text(): string {
    return this.entries.map((entry) => JSON.stringify(entry)).join('\n');
  }
}

/** A Database whose only working method is `ping` (all /healthz needs); other calls fail loudly. */
export function pingOnlyDatabase(reachable: boolean | (() => Promise<boolean>)): Database {
  const fail = async () => {
    throw new Error('pingOnlyDatabase: only ping() is available in this test');
  };
  return {
    engine: 'pglite',
    query: fail,
    exec: fail,
    transaction: fail,
    ping: typeof reachable === 'function' ? reachable : async () => reachable,
    close: async () => {},
  } as Database;
}

export function stripHtml(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs (see the env notes). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
