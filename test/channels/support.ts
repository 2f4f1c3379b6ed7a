/**
 * Test doubles for the channel tests: a small deterministic Engine (the real one is the lead's), loggers, a
 * Database stand-in for /healthz, and the deployment texts (`site`) the channels are given. The engine behaves by
 * rule, not by evaluation sentence:
 * - text containing "xác nhận" → a 'confirm' reply with buttons Có / Không (data "có" / "không");
 * - "có" / "không" → the confirmation result;
 * - text containing "dài" → a long multi-line answer (≈ 12 000 characters);
 * - text containing "lỗi hệ thống" → throws (with a fake token in the message, to check redaction);
 * - anything else → "Trả lời cho: <text>" citing task PL2.11 and the document (by its label, as the real engine
 *   cites a document).
 */
import type { Deployment } from '../../src/engine/messages.ts';
import { makeReply } from '../../src/engine/outcomes.ts';
import type { Citation, Engine, IncomingMessage, Reply } from '../../src/engine/types.ts';
import type { ChannelLogger } from '../../src/channels/types.ts';
import { webChatTexts, type WebChatTexts } from '../../src/channels/web-page.ts';
import { documentName } from '../../src/knowledge/labels.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import type { Database } from '../../src/store/database.ts';

export const LEAKY_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ';

/** The document citation of the test engine: the id says nothing to a reader, the label names the document. */
export const DOCUMENT_CITATION = { id: 'document', kind: 'document', label: 'QĐ 101/QĐ-UBND' } as const satisfies Citation;

/**
 * The hotline a test deployment configures. Deliberately not the profile's 1022, so a reply that names 1022
 * was written with a hard-coded number.
 */
export const TEST_HOTLINE = '1800 1234';

/** The chat page's deployment texts in tests; the `&` checks they are escaped in the page. */
export const TEST_WEB_CHAT: WebChatTexts = {
  title: 'Trợ lý thử nghiệm của Chương trình KH&CN tỉnh Mẫu',
  subtitle: 'Tra cứu theo Kế hoạch 12/KH-UBND (bản dùng để kiểm thử).',
  welcome: 'Xin chào! Đây là trang trợ lý dùng để kiểm thử.',
  issuingBody: 'Ủy ban nhân dân tỉnh Mẫu',
  hotline: 'Tổng đài thử nghiệm 1800 1234',
  hotlineNumber: '1800 1234',
  portal: { name: 'Cổng dịch vụ công tỉnh Mẫu', url: 'https://dichvucong.example.gov.vn' },
};

/** What `serve` is given about the deployment, in tests. */
export const TEST_SITE = { webChat: TEST_WEB_CHAT, hotline: TEST_HOTLINE };

/** What `serve` is given for a real deployment and its loaded documents, built as the serve command builds it. */
export function siteOf(deployment: Deployment, snapshot: KnowledgeSnapshot): { webChat: WebChatTexts; hotline: string } {
  const documents = snapshot.documents.map((document) => documentName(document.document)).join(', ');
  return { webChat: webChatTexts(deployment, documents), hotline: deployment.hotlineNumber };
}

export class TestEngine implements Engine {
  readonly calls: IncomingMessage[] = [];
  constructor(private readonly delayMs = 0) {}

  async handle(message: IncomingMessage): Promise<Reply> {
    this.calls.push(message);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const text = message.text.trim();
    if (text.includes('lỗi hệ thống')) throw new Error(`upstream failed for bot${LEAKY_TOKEN}/sendMessage`);
    if (text.includes('xác nhận')) {
      return makeReply('confirm', 'draft', 'Cập nhật: PL2.11 → "Đã hoàn thành". Xác nhận?', {
        citations: [{ id: 'PL2.11', kind: 'task' }],
        buttons: [
          { text: 'Có', data: 'có' },
          { text: 'Không', data: 'không' },
        ],
      });
    }
    if (text === 'có' || text === 'không') {
      return makeReply('answered', 'officials', text === 'có' ? 'Đã ghi nhận cập nhật.' : 'Đã hủy cập nhật.', {
        citations: [{ id: 'PL2.11', kind: 'task' }],
      });
    }
    if (text.includes('dài')) {
      const lines = Array.from({ length: 200 }, (_, index) => `Dòng ${index + 1}: nhiệm vụ chuyển đổi số của tỉnh Hưng Yên.`);
      return makeReply('answered', 'agency_tasks', lines.join('\n'), { citations: [{ id: 'II.A.3', kind: 'section' }] });
    }
    return makeReply('answered', 'task', `Trả lời cho: ${text}`, {
      citations: [{ id: 'PL2.11', kind: 'task' }, { ...DOCUMENT_CITATION }],
    });
  }
}

/** The test engine that holds the thread (CPU work, not a wait) for `busyMs` on every message. */
export class BusyEngine extends TestEngine {
  constructor(private readonly busyMs: number) {
    super();
  }

  override handle(message: IncomingMessage): Promise<Reply> {
    const until = performance.now() + this.busyMs;
    while (performance.now() < until) {
      // busy: answering is CPU work on the event loop's one thread
    }
    return super.handle(message);
  }
}

/**
 * A TestEngine that holds every answer until `release()`: a test sees what happens while the engine is still
 * working (a webhook already answered, nothing sent yet) without measuring time.
 */
export class GatedEngine extends TestEngine {
  private open: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  release(): void {
    this.open();
  }

  override async handle(message: IncomingMessage): Promise<Reply> {
    await this.gate;
    return super.handle(message);
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
