/**
 * Telegram through grammY. Webhook mode (TELEGRAM_WEBHOOK_URL) mounts `/telegram/webhook` on the shared server and
 * checks `X-Telegram-Bot-Api-Secret-Token` on every request; otherwise long polling. A webhook update is stored,
 * then answered through the gateway (de-duplicated on `update_id`, per-chat ordering); a reply of one message that is
 * ready within `webhookReplyWaitMs` goes back in the webhook's 200 itself (webhook-answer.ts), any other reply
 * through the Bot API after a plain 200.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { autoRetry, type AutoRetryOptions } from '@grammyjs/auto-retry';
import { Bot, BotError, type Context, InlineKeyboard, type Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import type { IncomingMessage, Reply } from '../engine/types.ts';
import type { Gateway } from './gateway.ts';
import { BodyTooLargeError, readBody, sendJson, sendJsonError } from './http.ts';
import { DurableIntake, type Inbox } from './inbox.ts';
import { citationLine, describeError, splitText } from './text.ts';
import { type Channel, type ChannelLogger, ChannelSendError, type HttpRoute } from './types.ts';
import { WebhookAnswer } from './webhook-answer.ts';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
/** Telegram's limit is 4096 characters after entity parsing; the margin keeps the citation line with the text. */
export const TELEGRAM_TEXT_LIMIT = 4096;
const BODY_CHUNK_LIMIT = 3900;
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const CALLBACK_DATA_MAX_BYTES = 64;
const TYPING_DELAY_MS = 300;
const TYPING_REPEAT_MS = 4_500;
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/**
 * How long a webhook request waits for its reply to travel in the response. Answers take milliseconds; one that
 * waits behind a slow answer of the same chat, or an LLM, is acknowledged first and sent through the API.
 */
export const WEBHOOK_REPLY_WAIT_MS = 5_000;

export class TelegramConfigError extends Error {
  constructor(detail: string) {
    super(`Cấu hình Telegram không hợp lệ (invalid Telegram configuration): ${detail}`);
    this.name = 'TelegramConfigError';
  }
}

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  /** Public base URL or full webhook URL; absent → long polling. */
  webhookUrl?: string | undefined;
  /** `secret_token` for the webhook; derived from the bot token when absent. */
  webhookSecret?: string | undefined;
  gateway: Gateway;
  logger: ChannelLogger;
  /** Webhook bodies are stored here before Telegram gets its 200 (see inbox.ts); absent: kept in memory only. */
  inbox?: Inbox | undefined;
  /** Preset bot identity: skips `getMe` (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Installed before auto-retry, e.g. a recorder in tests. */
  transformers?: Transformer[];
  autoRetry?: Partial<AutoRetryOptions>;
  /** WEBHOOK_REPLY_WAIT_MS by default; 0 acknowledges every update at once and sends every reply through the API. */
  webhookReplyWaitMs?: number;
}

/** Full webhook URL: the configured URL if it already ends in the webhook path, else the path appended. */
export function resolveWebhookUrl(configured: string): string {
  const url = new URL(configured);
  if (!url.pathname.endsWith(TELEGRAM_WEBHOOK_PATH)) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}`;
  }
  return url.toString();
}

/** A stable secret for deployments that set no TELEGRAM_WEBHOOK_SECRET; not reversible to the token. */
export function deriveWebhookSecret(token: string): string {
  return createHash('sha256').update(`assistant-telegram-webhook:${token}`).digest('hex');
}

export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The messages an unsolicited text becomes: HTML-escaped chunks under the limit, no citation line, no buttons. */
export function formatTelegramNotification(text: string): string[] {
  return splitText(text, BODY_CHUNK_LIMIT).map((chunk) => escapeTelegramHtml(chunk));
}

/** The messages one Reply becomes: HTML-escaped chunks under the limit, the citation line in italics at the end. */
export function formatTelegramReply(reply: Reply): { html: string; keyboard: InlineKeyboard | undefined }[] {
  const chunks = splitText(reply.text, BODY_CHUNK_LIMIT).map((chunk) => escapeTelegramHtml(chunk));
  const plainLengths = splitText(reply.text, BODY_CHUNK_LIMIT).map((chunk) => chunk.length);
  const cite = citationLine(reply.citations);
  if (cite) {
    const last = chunks.length - 1;
    if ((plainLengths[last] ?? 0) + 2 + cite.length <= TELEGRAM_TEXT_LIMIT) {
      chunks[last] = `${chunks[last]}\n\n<i>${escapeTelegramHtml(cite)}</i>`;
    } else {
      chunks.push(`<i>${escapeTelegramHtml(cite)}</i>`);
    }
  }
  const buttons = (reply.buttons ?? []).filter(
    (button) => Buffer.byteLength(button.data, 'utf8') <= CALLBACK_DATA_MAX_BYTES && button.data.length > 0,
  );
  let keyboard: InlineKeyboard | undefined;
  if (buttons.length > 0) {
    keyboard = new InlineKeyboard();
    for (const button of buttons) keyboard.text(button.text, button.data);
  }
  return chunks.map((html, index) => ({ html, keyboard: index === chunks.length - 1 ? keyboard : undefined }));
}

/** An update's key in the durable inbox: its update id. */
const inboxKey = (update: Update): string => String(update.update_id);

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  readonly bot: Bot;
  readonly routes: HttpRoute[];
  readonly mode: 'webhook' | 'polling';
  private readonly secret: string;
  private readonly pending = new Set<Promise<unknown>>();
  private accepting = true;
  private polling: Promise<void> | undefined;
  private readonly intake: DurableIntake;
  /** Webhook requests still waiting for their reply, by update id. */
  private readonly webhookAnswers = new Map<number, WebhookAnswer>();

  constructor(private readonly options: TelegramChannelOptions) {
    this.mode = options.webhookUrl ? 'webhook' : 'polling';
    this.secret = options.webhookSecret ?? deriveWebhookSecret(options.token);
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(this.secret)) {
      throw new TelegramConfigError('TELEGRAM_WEBHOOK_SECRET chỉ gồm A-Z, a-z, 0-9, _ và -, tối đa 256 ký tự');
    }
    if (options.webhookUrl) resolveWebhookUrl(options.webhookUrl);
    this.bot = new Bot(options.token, {
      client: { apiRoot: options.apiRoot },
      ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    });
    if (options.transformers) this.bot.api.config.use(...options.transformers);
    this.bot.api.config.use(
      autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, ...options.autoRetry }),
    );
    this.bot.on('message:text', (ctx) => this.onText(ctx));
    this.bot.on('callback_query:data', (ctx) => this.onButton(ctx));
    this.bot.catch((error) => this.logFailure('update failed', error));
    this.routes = this.mode === 'webhook' ? [this.webhookRoute()] : [];
    this.intake = new DurableIntake({
      inbox: options.inbox,
      channel: 'telegram',
      process: (payload) => this.bot.handleUpdate(payload as Update).catch((error: unknown) => this.logFailure('update failed', error)),
      logger: options.logger,
    });
  }

  resume(staleMs?: number): Promise<number> {
    return this.track(this.intake.resume(staleMs));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  async start(): Promise<void> {
    await this.bot.init();
    await this.setCommands();
    if (this.mode === 'webhook') {
      await this.bot.api.setWebhook(resolveWebhookUrl(this.options.webhookUrl as string), {
        secret_token: this.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      this.options.logger.info({ channel: 'telegram', mode: 'webhook', bot: this.bot.botInfo.username }, 'telegram started');
      return;
    }
    this.polling = this.bot.start({ allowed_updates: [...ALLOWED_UPDATES] }).catch((error: unknown) => {
      this.options.logger.error({ channel: 'telegram', error: describeError(error, [this.options.token]) }, 'polling stopped');
    });
    this.options.logger.info({ channel: 'telegram', mode: 'polling', bot: this.bot.botInfo.username }, 'telegram started');
  }

  async stop(): Promise<void> {
    this.accepting = false;
    if (this.mode === 'polling' && this.bot.isRunning()) await this.bot.stop();
    await this.polling;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Sends `text` to the private chat of user `userId` (in Telegram a user's private chat id is the user id). Works
   * only with users who started the bot; Telegram answers 403 otherwise, which rejects as `ChannelSendError`.
   */
  async notify(userId: string, text: string): Promise<void> {
    const chatId = Number(userId);
    if (!/^\d+$/.test(userId) || !Number.isSafeInteger(chatId)) {
      throw new ChannelSendError('telegram', 'sendMessage (notify)', `user id is not a Telegram user id: ${JSON.stringify(userId)}`);
    }
    const parts = formatTelegramNotification(text);
    for (const [index, html] of parts.entries()) {
      try {
        await this.bot.api.sendMessage(chatId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
      } catch (error) {
        const cause = error instanceof BotError ? error.error : error;
        // No `cause`: grammY errors carry the request payload, and a network error the URL with the token.
        throw new ChannelSendError(
          'telegram',
          'sendMessage (notify)',
          `part ${index + 1}/${parts.length}: ${describeError(cause, [this.options.token, this.secret]).message}`,
        );
      }
    }
  }

  /** Feeds one update as if it came from Telegram; resolves when its reply was sent (tests and webhook). */
  async handleUpdate(update: Update): Promise<void> {
    await this.bot.handleUpdate(update);
  }

  private async setCommands(): Promise<void> {
    const commands = Object.entries(CHANNEL_MESSAGES.telegramCommands).map(([command, description]) => ({
      command,
      description,
    }));
    try {
      await this.bot.api.setMyCommands(commands);
    } catch (error) {
      this.logFailure('setMyCommands failed; the bot still answers', error);
    }
  }

  private webhookRoute(): HttpRoute {
    return {
      method: 'POST',
      path: TELEGRAM_WEBHOOK_PATH,
      handle: async (request, response) => {
        const given = request.headers['x-telegram-bot-api-secret-token'];
        if (typeof given !== 'string' || !safeEqual(given, this.secret)) {
          request.resume();
          sendJsonError(response, 401, CHANNEL_MESSAGES.http.unauthorized);
          return;
        }
        if (!this.accepting || !this.options.gateway.isAccepting) {
          request.resume();
          // Not 2xx: Telegram keeps the update and delivers it again after the restart.
          sendJson(response, 503, { error: CHANNEL_MESSAGES.shuttingDown }, { 'retry-after': '10' });
          return;
        }
        let update: Update;
        try {
          const raw = await readBody(request, WEBHOOK_BODY_LIMIT);
          update = JSON.parse(raw.toString('utf8')) as Update;
        } catch (error) {
          if (error instanceof BodyTooLargeError) sendJsonError(response, 413, CHANNEL_MESSAGES.http.bodyTooLarge);
          else sendJsonError(response, 400, CHANNEL_MESSAGES.http.badJson);
          return;
        }
        if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number') {
          sendJsonError(response, 400, CHANNEL_MESSAGES.http.badJson);
          return;
        }
        const key = inboxKey(update);
        const accepted = await this.intake.accept(key, update);
        if (accepted === 'unavailable') {
          // Not stored, so not acknowledged: Telegram delivers it again.
          sendJson(response, 503, { error: CHANNEL_MESSAGES.inboxUnavailable }, { 'retry-after': '5' });
          return;
        }
        if (accepted === 'duplicate') {
          sendJson(response, 200, { ok: true });
          return;
        }
        await this.runAnswering(key, update, response);
      },
    };
  }

  /** Runs a new update; the 200 carries its reply when that is one message ready within the wait, else goes out bare. */
  private async runAnswering(key: string, update: Update, response: ServerResponse): Promise<void> {
    const answer = new WebhookAnswer(response, () => this.intake.markDoneNow(key));
    const waitMs = this.options.webhookReplyWaitMs ?? WEBHOOK_REPLY_WAIT_MS;
    if (waitMs > 0) this.webhookAnswers.set(update.update_id, answer);
    else answer.acknowledge();
    const work = this.track(this.intake.run(key, update)).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    await Promise.race([answer.settled, work, waited]);
    clearTimeout(timer);
    this.webhookAnswers.delete(update.update_id);
    answer.acknowledge();
  }

  private async onText(ctx: Context): Promise<void> {
    const message = ctx.message;
    const chat = ctx.chat;
    const from = ctx.from;
    if (!message?.text || !chat || !from || from.is_bot) return;
    let text = message.text;
    if (chat.type !== 'private') {
      const addressed = this.addressedText(text, message.reply_to_message?.from?.id);
      if (addressed === null) return;
      text = addressed;
    } else {
      text = this.stripOwnCommandSuffix(text) ?? text;
    }
    await this.dispatch(ctx, {
      channel: 'telegram',
      userId: String(from.id),
      conversationId: String(chat.id),
      messageId: String(ctx.update.update_id),
      text,
      userName: [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username,
      receivedAt: new Date(message.date * 1000),
    });
  }

  private async onButton(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query?.data) return;
    await ctx.answerCallbackQuery().catch((error: unknown) => this.logFailure('answerCallbackQuery failed', error));
    const source = query.message;
    if (!source) return;
    // The buttons go away once pressed, so a second press cannot confirm twice.
    await this.bot.api
      .editMessageReplyMarkup(source.chat.id, source.message_id, { reply_markup: new InlineKeyboard() })
      .catch((error: unknown) => this.logFailure('editMessageReplyMarkup failed', error));
    await this.dispatch(ctx, {
      channel: 'telegram',
      userId: String(query.from.id),
      conversationId: String(source.chat.id),
      messageId: String(ctx.update.update_id),
      text: query.data,
      userName: [query.from.first_name, query.from.last_name].filter(Boolean).join(' ') || query.from.username,
      receivedAt: new Date(),
    });
  }

  private async dispatch(ctx: Context, message: IncomingMessage): Promise<void> {
    const chatId = Number(message.conversationId);
    const source = ctx.message ?? ctx.callbackQuery?.message;
    const threadId = source && 'is_topic_message' in source && source.is_topic_message ? source.message_thread_id : undefined;
    let typing: NodeJS.Timeout | undefined;
    const sendTyping = () => {
      this.bot.api
        .sendChatAction(chatId, 'typing', threadId ? { message_thread_id: threadId } : {})
        .catch((error: unknown) => this.logFailure('sendChatAction failed', error));
    };
    const work = this.options.gateway
      .process(message, {
        beforeDeliver: () => this.intake.untilRecordable(inboxKey(ctx.update)),
        beforeEngine: () => {
          // Only answers that take a while show "typing…"; for instant ones it would be a wasted API call.
          typing = setTimeout(() => {
            sendTyping();
            typing = setInterval(sendTyping, TYPING_REPEAT_MS);
            typing.unref();
          }, TYPING_DELAY_MS);
          typing.unref();
        },
        deliver: async (reply) => {
          clearTimeout(typing);
          clearInterval(typing);
          await this.sendReply(chatId, reply, threadId, ctx.update.update_id);
        },
      })
      .finally(() => {
        clearTimeout(typing);
        clearInterval(typing);
      });
    // Polling hands updates over one at a time; detaching lets chats be answered concurrently (the gateway
    // tracks the work for shutdown and keeps each chat in order).
    if (this.mode === 'polling') return;
    await work;
  }

  private async sendReply(chatId: number, reply: Reply, threadId: number | undefined, updateId: number): Promise<void> {
    const parts = formatTelegramReply(reply);
    const options = (part: (typeof parts)[number]) => ({
      parse_mode: 'HTML' as const,
      link_preview_options: { is_disabled: true },
      ...(threadId ? { message_thread_id: threadId } : {}),
      ...(part.keyboard ? { reply_markup: part.keyboard } : {}),
    });
    // Only a reply of one message travels in the 200: the parts after a first one would go through the API, and a
    // kill between them would send the first part again.
    const [only] = parts;
    const answer = parts.length === 1 ? this.webhookAnswers.get(updateId) : undefined;
    if (only && answer?.answer({ method: 'sendMessage', chat_id: chatId, text: only.html, ...options(only) })) return;
    for (const part of parts) await this.bot.api.sendMessage(chatId, part.html, options(part));
  }

  /**
   * In groups: the text to answer when the bot is addressed (a command for it, an @mention, a reply to it),
   * with the mention removed; null when the message is for someone else.
   */
  private addressedText(text: string, repliedToId: number | undefined): string | null {
    const me = this.bot.botInfo;
    if (text.startsWith('/')) return this.stripOwnCommandSuffix(text);
    const mention = new RegExp(`(^|\\s)@${me.username}\\b`, 'i');
    if (mention.test(text)) return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
    if (repliedToId === me.id) return text;
    return null;
  }

  /** "/nhiemvu@ThisBot x" → "/nhiemvu x"; null for a command addressed to another bot. */
  private stripOwnCommandSuffix(text: string): string | null {
    const match = /^(\/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)(.*)$/s.exec(text);
    if (!match) return text;
    if (match[2]?.toLowerCase() !== this.bot.botInfo.username.toLowerCase()) return null;
    return `${match[1]}${match[3]}`;
  }

  private logFailure(what: string, error: unknown): void {
    const cause = error instanceof BotError ? error.error : error;
    this.options.logger.warn({ channel: 'telegram', error: describeError(cause, [this.options.token, this.secret]) }, what);
  }
}
