import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Gateway } from '../../src/channels/gateway.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import {
  addressedGroupText,
  loadZaloCredentials,
  ZALO_PERSONAL_TEXT_LIMIT,
  ZaloCredentialsError,
  ZaloPersonalChannel,
  type ZaloPersonalClient,
  type ZaloPersonalMessage,
} from '../../src/channels/zalo-personal.ts';
import { channelContract } from './contract.ts';
import { CapturingLogger, TestEngine } from './support.ts';

const OWN_ID = '900';

/** Stands where zca-js stands: receives messages from the test, records what the channel sends. */
class FakeZaloClient implements ZaloPersonalClient {
  readonly ownId = OWN_ID;
  readonly sent: { threadId: string; isGroup: boolean; text: string }[] = [];
  stopped = false;
  private handler: ((message: ZaloPersonalMessage) => void) | undefined;

  onMessage(handler: (message: ZaloPersonalMessage) => void): void {
    this.handler = handler;
  }
  async sendText(threadId: string, isGroup: boolean, text: string): Promise<void> {
    this.sent.push({ threadId, isGroup, text });
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  emit(message: Partial<ZaloPersonalMessage> & { text: string; msgId: string }): void {
    this.handler?.({
      threadId: message.senderId ?? '501',
      isGroup: false,
      senderId: '501',
      senderName: 'Minh',
      mentions: [],
      isSelf: false,
      ...message,
    });
  }
}

async function setUp(options: { ratePerMinute?: number; maxMessageChars?: number } = {}) {
  const engine = new TestEngine();
  const client = new FakeZaloClient();
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: options.ratePerMinute ?? 100, maxMessageChars: options.maxMessageChars ?? 500 },
    logger: new CapturingLogger(),
    metrics: new Metrics(),
  });
  const channel = new ZaloPersonalChannel({ connect: async () => client, gateway, logger: new CapturingLogger() });
  await channel.start();
  const send = async (message: Partial<ZaloPersonalMessage> & { text: string; msgId: string }) => {
    client.emit(message);
    await gateway.whenIdle();
  };
  return { engine, client, gateway, channel, send };
}

channelContract('zalo personal (zca-js behind its interface)', async ({ ratePerMinute, maxMessageChars }) => {
  const s = await setUp({ ratePerMinute, maxMessageChars });
  return {
    engine: s.engine,
    textLimit: ZALO_PERSONAL_TEXT_LIMIT,
    send: ({ text, messageId, userId }) => s.send({ text, msgId: messageId, senderId: userId ?? '501', threadId: userId ?? '501' }),
    sent: () => s.client.sent.map((entry) => entry.text),
    close: () => s.channel.stop(),
  };
});

describe('zalo personal adapter', () => {
  it('in groups answers only when mentioned or given a command, and replies in the group', async () => {
    const s = await setUp();
    await s.send({ text: 'nói chuyện trong nhóm', msgId: 'g1', isGroup: true, threadId: 'grp', senderId: '501' });
    await s.send({ text: '@Trợ lý ai chủ trì PL2.11?', msgId: 'g2', isGroup: true, threadId: 'grp', senderId: '501', mentions: [{ uid: OWN_ID, pos: 0, len: 7 }] });
    await s.send({ text: '@Lan xem giúp', msgId: 'g3', isGroup: true, threadId: 'grp', senderId: '501', mentions: [{ uid: '777', pos: 0, len: 4 }] });
    await s.send({ text: '/quahan', msgId: 'g4', isGroup: true, threadId: 'grp', senderId: '502' });
    expect(s.engine.calls.map((call) => call.text)).toEqual(['ai chủ trì PL2.11?', '/quahan']);
    expect(s.engine.calls[0]?.conversationId).toBe('ggrp');
    expect(s.client.sent.every((entry) => entry.threadId === 'grp' && entry.isGroup)).toBe(true);
  });

  it('ignores its own messages', async () => {
    const s = await setUp();
    await s.send({ text: 'tin của chính mình', msgId: 's1', isSelf: true });
    await s.send({ text: 'tin của chính mình 2', msgId: 's2', senderId: OWN_ID });
    expect(s.engine.calls).toHaveLength(0);
  });

  it('stops the client on stop', async () => {
    const s = await setUp();
    await s.channel.stop();
    expect(s.client.stopped).toBe(true);
  });

  it('strips every mention of itself', () => {
    const text = addressedGroupText(
      { threadId: 'g', isGroup: true, senderId: '1', senderName: undefined, msgId: 'm', text: 'Hỏi @Bot về @Bot hạn', mentions: [{ uid: OWN_ID, pos: 4, len: 4 }, { uid: OWN_ID, pos: 12, len: 4 }], isSelf: false },
      OWN_ID,
    );
    expect(text).toBe('Hỏi về hạn');
  });
});

describe('zalo credentials', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads env JSON first, then the file in DATA_DIR, and names what is missing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hy719-zalo-'));
    expect(await loadZaloCredentials(undefined, dir)).toBeNull();
    const saved = { imei: 'imei-1', userAgent: 'Mozilla/5.0', cookie: [{ name: 'zpw_sek', value: 'x', domain: '.zalo.me' }] };
    await writeFile(path.join(dir, 'zalo-credentials.json'), JSON.stringify(saved));
    expect(await loadZaloCredentials(undefined, dir)).toEqual(saved);
    expect(await loadZaloCredentials(JSON.stringify({ ...saved, imei: 'imei-env' }), dir)).toMatchObject({ imei: 'imei-env' });
    await expect(loadZaloCredentials('{"imei":"x"}', dir)).rejects.toBeInstanceOf(ZaloCredentialsError);
    await expect(loadZaloCredentials('not json', dir)).rejects.toThrow(/ZALO_CREDENTIALS/);
  });
});
