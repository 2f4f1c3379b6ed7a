/**
 * A personal Zalo account through zca-js (unofficial; for pilots and small groups — the account can be locked
 * by Zalo). zca-js sits behind `ZaloPersonalClient` so the channel logic is tested with a fake. In groups the
 * bot answers only when mentioned or addressed with a command (`/…`).
 */
import path from 'node:path';
import { readJsonFile } from './files.ts';
import type { Gateway } from './gateway.ts';
import { describeError, plainReplyText, splitText } from './text.ts';
import { type Channel, type ChannelLogger, ChannelSendError } from './types.ts';

/**
 * The slice of zca-js 2.x used here, typed structurally: the package's own type entry (`export * from "./dist"`)
 * does not resolve under NodeNext module resolution. Shapes checked against zca-js 2.2.0's `dist/*.d.ts`.
 */
export interface Credentials {
  imei: string;
  cookie: unknown;
  userAgent: string;
  language?: string;
}
/** zca-js `ThreadType`. */
const THREAD_USER = 0;
const THREAD_GROUP = 1;
interface ZcaMessage {
  type: number;
  threadId: string;
  isSelf: boolean;
  data: {
    uidFrom: string;
    dName: string;
    msgId: string;
    content: unknown;
    mentions?: { uid: string; pos: number; len: number }[];
  };
}
export interface ZcaApi {
  getOwnId(): string;
  listener: {
    on(event: 'message', handler: (message: ZcaMessage) => void): void;
    start(options?: { retryOnClose?: boolean }): void;
    stop(): void;
  };
  sendMessage(text: string, threadId: string, type: number): Promise<unknown>;
}
/** zca-js `LoginQRCallbackEventType`: 0 QR generated, 1 expired, 2 scanned, 3 declined, 4 got login info. */
export type ZcaLoginQrEvent =
  | { type: 0; data: { image: string }; actions: { saveToFile(qrPath?: string): Promise<unknown> } }
  | { type: 1 | 2 | 3; data: unknown; actions: { retry(): unknown; abort(): unknown } }
  | { type: 4; data: { cookie: unknown[]; imei: string; userAgent: string }; actions: null };
export interface ZcaModule {
  Zalo: new (options: { checkUpdate: boolean; selfListen: boolean; logging: boolean }) => {
    login(credentials: Credentials): Promise<ZcaApi>;
    loginQR(
      options?: { userAgent?: string; qrPath?: string },
      callback?: (event: ZcaLoginQrEvent) => unknown,
    ): Promise<ZcaApi>;
  };
}

/** Loads zca-js only when a personal account is configured: it is a large dependency most deployments never use. */
export async function importZcaJs(): Promise<ZcaModule> {
  return (await import('zca-js')) as unknown as ZcaModule;
}

/** Conservative per-message text limit for personal accounts. */
export const ZALO_PERSONAL_TEXT_LIMIT = 2000;
export const ZALO_CREDENTIALS_FILE = 'zalo-credentials.json';

export interface ZaloPersonalMessage {
  threadId: string;
  isGroup: boolean;
  senderId: string;
  senderName: string | undefined;
  msgId: string;
  text: string;
  /** Mentions as zca-js reports them (group messages). */
  mentions: { uid: string; pos: number; len: number }[];
  /** Sent by the logged-in account itself. */
  isSelf: boolean;
}

/** The slice of zca-js the channel needs. */
export interface ZaloPersonalClient {
  /** The logged-in account's user id. */
  readonly ownId: string;
  onMessage(handler: (message: ZaloPersonalMessage) => void): void;
  sendText(threadId: string, isGroup: boolean, text: string): Promise<void>;
  stop(): Promise<void>;
}

export class ZaloCredentialsError extends Error {
  constructor(source: string, detail: string) {
    super(`Thông tin đăng nhập Zalo không hợp lệ (invalid Zalo credentials) trong ${source}: ${detail}`);
    this.name = 'ZaloCredentialsError';
  }
}

function asCredentials(value: unknown, source: string): Credentials {
  const candidate = value as Partial<Credentials> | null;
  if (!candidate || typeof candidate !== 'object') throw new ZaloCredentialsError(source, 'không phải đối tượng JSON');
  if (typeof candidate.imei !== 'string' || candidate.imei === '') throw new ZaloCredentialsError(source, 'thiếu imei');
  if (typeof candidate.userAgent !== 'string' || candidate.userAgent === '') {
    throw new ZaloCredentialsError(source, 'thiếu userAgent');
  }
  if (!candidate.cookie || typeof candidate.cookie !== 'object') throw new ZaloCredentialsError(source, 'thiếu cookie');
  return candidate as Credentials;
}

/** Credentials from ZALO_CREDENTIALS (JSON) or `${dataDir}/zalo-credentials.json`; null when neither exists. */
export async function loadZaloCredentials(fromEnv: string | undefined, dataDir: string): Promise<Credentials | null> {
  if (fromEnv) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fromEnv);
    } catch {
      throw new ZaloCredentialsError('ZALO_CREDENTIALS', 'không phải JSON');
    }
    return asCredentials(parsed, 'ZALO_CREDENTIALS');
  }
  const file = path.join(dataDir, ZALO_CREDENTIALS_FILE);
  const stored = await readJsonFile(file);
  return stored === null ? null : asCredentials(stored, file);
}

/** Logs in with saved credentials through zca-js (update check off) and adapts its API to ZaloPersonalClient. */
export async function connectZcaClient(credentials: Credentials): Promise<ZaloPersonalClient> {
  const { Zalo } = await importZcaJs();
  const zalo = new Zalo({ checkUpdate: false, selfListen: false, logging: false });
  const api = await zalo.login(credentials);
  const ownId = String(api.getOwnId());
  const handlers: ((message: ZaloPersonalMessage) => void)[] = [];
  api.listener.on('message', (message) => {
    const content = message.data.content;
    if (typeof content !== 'string') return;
    const isGroup = message.type === THREAD_GROUP;
    const mentions = isGroup ? (message.data.mentions ?? []) : [];
    const normalised: ZaloPersonalMessage = {
      threadId: message.threadId,
      isGroup,
      senderId: String(message.data.uidFrom),
      senderName: message.data.dName || undefined,
      msgId: String(message.data.msgId),
      text: content,
      mentions: mentions.map((mention) => ({ uid: String(mention.uid), pos: mention.pos, len: mention.len })),
      isSelf: message.isSelf,
    };
    for (const handler of handlers) handler(normalised);
  });
  api.listener.start({ retryOnClose: true });
  return {
    ownId,
    onMessage(handler) {
      handlers.push(handler);
    },
    async sendText(threadId, isGroup, text) {
      await api.sendMessage(text, threadId, isGroup ? THREAD_GROUP : THREAD_USER);
    },
    async stop() {
      api.listener.stop();
    },
  };
}

export interface ZaloPersonalChannelOptions {
  /** Logs in and returns the client (zca-js in production, a fake in tests). */
  connect: () => Promise<ZaloPersonalClient>;
  gateway: Gateway;
  logger: ChannelLogger;
}

/** Text to answer, without the mention of this account; null when a group message is not for the bot. */
export function addressedGroupText(message: ZaloPersonalMessage, ownId: string): string | null {
  const own = message.mentions.filter((mention) => mention.uid === ownId);
  if (own.length > 0) {
    let text = message.text;
    for (const mention of [...own].sort((a, b) => b.pos - a.pos)) {
      text = `${text.slice(0, mention.pos)} ${text.slice(mention.pos + mention.len)}`;
    }
    return text.replace(/\s+/g, ' ').trim();
  }
  return message.text.trimStart().startsWith('/') ? message.text.trim() : null;
}

export class ZaloPersonalChannel implements Channel {
  readonly name = 'zalo' as const;
  readonly routes = [];
  private client: ZaloPersonalClient | undefined;
  private accepting = true;

  constructor(private readonly options: ZaloPersonalChannelOptions) {}

  async start(): Promise<void> {
    const client = await this.options.connect();
    this.client = client;
    client.onMessage((message) => this.onMessage(client, message));
    this.options.logger.info({ channel: 'zalo' }, 'zalo personal account listening');
  }

  async stop(): Promise<void> {
    this.accepting = false;
    await this.client?.stop();
  }

  /** Sends `text` to user `userId` as a direct (non-group) message, split under the text limit. */
  async notify(userId: string, text: string): Promise<void> {
    const client = this.client;
    if (!client) throw new ChannelSendError('zalo', 'sendMessage (notify)', 'not logged in (channel not started)');
    const parts = splitText(text, ZALO_PERSONAL_TEXT_LIMIT);
    for (const [index, part] of parts.entries()) {
      try {
        await client.sendText(userId, false, part);
      } catch (error) {
        throw new ChannelSendError('zalo', 'sendMessage (notify)', `part ${index + 1}/${parts.length}: ${describeError(error).message}`);
      }
    }
  }

  private onMessage(client: ZaloPersonalClient, message: ZaloPersonalMessage): void {
    if (!this.accepting || message.isSelf || message.senderId === client.ownId) return;
    const text = message.isGroup ? addressedGroupText(message, client.ownId) : message.text;
    if (text === null || text === '') return;
    void this.options.gateway
      .process(
        {
          channel: 'zalo',
          userId: message.senderId,
          conversationId: message.isGroup ? `g${message.threadId}` : message.threadId,
          messageId: message.msgId,
          text,
          userName: message.senderName,
          receivedAt: new Date(),
        },
        {
          deliver: async (reply) => {
            for (const chunk of splitText(plainReplyText(reply), ZALO_PERSONAL_TEXT_LIMIT)) {
              await client.sendText(message.threadId, message.isGroup, chunk);
            }
          },
        },
      )
      .catch((error: unknown) =>
        this.options.logger.error({ channel: 'zalo', error: describeError(error) }, 'message failed'),
      );
  }
}
