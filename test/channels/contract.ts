/**
 * One contract every channel adapter must meet, run against Telegram, Zalo OA, Zalo Bot, Zalo personal and the web chat: a message reaches
 * the engine once, the reply goes back (split under the platform limit), duplicates are dropped, oversize and
 * rate-limited messages get the Vietnamese replies, an engine failure gets the fixed error reply. The citation line
 * names each citation by its label when it has one (a document as "QĐ 101/QĐ-UBND", not by its id).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { DOCUMENT_CITATION, type TestEngine } from './support.ts';

export interface ChannelHarness {
  engine: TestEngine;
  /** Platform text limit of one outgoing message; null for a channel that returns a reply whole (the web chat). */
  textLimit: number | null;
  /** Delivers one platform message; resolves once it has been answered (or dropped). */
  send(message: { text: string; messageId: string; userId?: string }): Promise<void>;
  /** Plain texts of every outgoing message so far, in order. */
  sent(): string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  ratePerMinute: number;
  maxMessageChars: number;
}

export function channelContract(name: string, create: (options: HarnessOptions) => Promise<ChannelHarness>): void {
  describe(`${name}: channel contract`, () => {
    let harness: ChannelHarness | undefined;
    const open = async (options: Partial<HarnessOptions> = {}) => {
      harness = await create({ ratePerMinute: 100, maxMessageChars: 500, ...options });
      return harness;
    };
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    it('passes a text message to the engine once and sends the cited reply back', async () => {
      const h = await open();
      await h.send({ text: 'Sở KH&CN chủ trì gì?', messageId: '101' });
      expect(h.engine.calls).toHaveLength(1);
      expect(h.engine.calls[0]?.text).toBe('Sở KH&CN chủ trì gì?');
      const sent = h.sent().join('\n');
      expect(sent).toContain('Trả lời cho: Sở KH&CN chủ trì gì?');
      expect(sent).toContain(`${CHANNEL_MESSAGES.sourcesLabel}: PL2.11 · ${DOCUMENT_CITATION.label}`);
      expect(sent).not.toMatch(/PL2\.11 · document\b/);
    });

    it('splits a long reply at line boundaries under the platform limit (or returns it whole), losing no line', async () => {
      const h = await open();
      await h.send({ text: 'danh sách dài', messageId: '102' });
      const parts = h.sent();
      const limit = h.textLimit;
      if (limit === null) expect(parts).toHaveLength(1);
      else {
        expect(parts.length).toBeGreaterThan(1);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
      }
      const all = parts.join('\n');
      for (const line of [1, 57, 200]) expect(all).toContain(`Dòng ${line}: nhiệm vụ chuyển đổi số của tỉnh Hưng Yên.`);
      for (const part of parts) expect(part).toMatch(/^(Dòng \d+:|Nguồn)/);
    });

    it('drops a redelivered platform message (same id)', async () => {
      const h = await open();
      await h.send({ text: 'câu hỏi một lần', messageId: '103' });
      await h.send({ text: 'câu hỏi một lần', messageId: '103' });
      expect(h.engine.calls).toHaveLength(1);
      expect(h.sent().filter((text) => text.includes('Trả lời cho: câu hỏi một lần'))).toHaveLength(1);
    });

    it('refuses an oversize message clearly without calling the engine', async () => {
      const h = await open({ maxMessageChars: 100 });
      await h.send({ text: 'a'.repeat(101), messageId: '104' });
      expect(h.engine.calls).toHaveLength(0);
      expect(h.sent()).toEqual([CHANNEL_MESSAGES.tooLong(100)]);
    });

    it('answers politely when one user goes over the per-minute limit, and only that user', async () => {
      const h = await open({ ratePerMinute: 2 });
      await h.send({ text: 'một', messageId: '105', userId: '501' });
      await h.send({ text: 'hai', messageId: '106', userId: '501' });
      await h.send({ text: 'ba', messageId: '107', userId: '501' });
      await h.send({ text: 'bốn', messageId: '108', userId: '502' });
      expect(h.engine.calls.map((call) => call.text)).toEqual(['một', 'hai', 'bốn']);
      const limited = h.sent().filter((text) => text.startsWith('Bạn gửi tin nhắn hơi nhanh'));
      expect(limited).toHaveLength(1);
      expect(limited[0]).toMatch(/chờ khoảng \d+ giây/);
    });

    it('answers with the fixed error reply when the engine fails', async () => {
      const h = await open();
      await h.send({ text: 'lỗi hệ thống', messageId: '109' });
      expect(h.sent()).toEqual([CHANNEL_MESSAGES.engineError]);
    });
  });
}
