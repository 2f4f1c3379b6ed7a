/**
 * Zalo Official Account ("Zalo chính quyền điện tử"). Webhook `/zalo-oa/webhook`: the `X-ZEvent-Signature`
 * (`mac=` + hex sha256(appId + raw body + body.timestamp + OA secret key)) is checked on the raw body before
 * anything else; the request is answered 200 at once and the work done after (Zalo wants an answer within 2 s).
 * Replies go through the customer-service message API; an expired access token is refreshed with the refresh
 * token, and the new refresh token is stored before the new access token is used (a refresh token works once).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import type { Gateway } from './gateway.ts';
import { readJsonFile, writeJsonAtomic } from './files.ts';
import { BodyTooLargeError, readBody, sendJson, sendJsonError } from './http.ts';
import { describeError, plainReplyText, splitText } from './text.ts';
import { type Channel, type ChannelLogger, ChannelSendError, type HttpRoute } from './types.ts';

export const ZALO_OA_WEBHOOK_PATH = '/zalo-oa/webhook';
/** Text limit of an OA customer-service message. */
export const ZALO_OA_TEXT_LIMIT = 2000;
/** OA API errors meaning "access token invalid or expired": refresh and retry once. */
export const ZALO_OA_TOKEN_ERRORS: ReadonlySet<number> = new Set([-216, -124]);
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;

export class ZaloOaTokenError extends Error {
  constructor(detail: string) {
    super(`Zalo OA: làm mới access token thất bại (token refresh failed): ${detail}`);
    this.name = 'ZaloOaTokenError';
  }
}

/** The `X-ZEvent-Signature` value Zalo sends for this body: `mac=<hex sha256>`. */
export function zaloOaSignature(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256').update(`${appId}${rawBody}${timestamp}${oaSecretKey}`, 'utf8').digest('hex')}`;
}

/** Constant-time check; accepts the header with or without the `mac=` prefix, hex in any case. */
export function verifyZaloOaSignature(
  header: string | undefined,
  appId: string,
  rawBody: string,
  timestamp: string,
  oaSecretKey: string,
): boolean {
  if (!header) return false;
  const given = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase());
  const expected = Buffer.from(zaloOaSignature(appId, rawBody, timestamp, oaSecretKey).slice(4));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ZaloOaTokens {
  accessToken: string | undefined;
  refreshToken: string | undefined;
}

interface TokenFile {
  accessToken?: string;
  refreshToken?: string;
  updatedAt?: string;
  /** sha256 of the env refresh token these tokens descend from; a different env value means a new authorisation. */
  seededFrom?: string | null;
}

function fingerprint(token: string | undefined): string | null {
  return token ? createHash('sha256').update(token).digest('hex') : null;
}

/**
 * Tokens from the environment or `${DATA_DIR}/zalo-oa-tokens.json`. The file wins when it descends from the
 * current env refresh token (it was refreshed since) or when env has none; a changed env refresh token wins.
 */
export class ZaloOaTokenStore {
  constructor(
    readonly file: string,
    private readonly fromEnv: ZaloOaTokens,
  ) {}

  async load(): Promise<ZaloOaTokens> {
    const stored = (await readJsonFile(this.file)) as TokenFile | null;
    const envPrint = fingerprint(this.fromEnv.refreshToken);
    if (stored && stored.refreshToken && (envPrint === null || stored.seededFrom === envPrint)) {
      return { accessToken: stored.accessToken, refreshToken: stored.refreshToken };
    }
    return { ...this.fromEnv };
  }

  async save(tokens: ZaloOaTokens): Promise<void> {
    const content: TokenFile = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      updatedAt: new Date().toISOString(),
      seededFrom: fingerprint(this.fromEnv.refreshToken),
    };
    await writeJsonAtomic(this.file, content);
  }
}

export interface ZaloOaClientOptions {
  appId: string;
  appSecret: string | undefined;
  apiRoot: string;
  oauthRoot: string;
  store: ZaloOaTokenStore;
  fetch?: typeof fetch;
}

/** The OA customer-service message API with token refresh. */
export class ZaloOaClient {
  private tokens: ZaloOaTokens | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ZaloOaClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Sends `text` to the user, split under the OA text limit. */
  async sendText(userId: string, text: string): Promise<void> {
    for (const chunk of splitText(text, ZALO_OA_TEXT_LIMIT)) await this.sendChunk(userId, chunk);
  }

  private async currentTokens(): Promise<ZaloOaTokens> {
    this.tokens ??= await this.options.store.load();
    return this.tokens;
  }

  private async sendChunk(userId: string, text: string): Promise<void> {
    let tokens = await this.currentTokens();
    if (!tokens.accessToken) {
      await this.refresh(undefined);
      tokens = await this.currentTokens();
    }
    const used = tokens.accessToken;
    const first = await this.postMessage(userId, text, used);
    if (first.error === 0) return;
    if (!ZALO_OA_TOKEN_ERRORS.has(first.error)) {
      throw new ChannelSendError('zalo-oa', 'message/cs', `error ${first.error}: ${first.message}`);
    }
    await this.refresh(used);
    const retried = await this.postMessage(userId, text, (await this.currentTokens()).accessToken);
    if (retried.error !== 0) {
      throw new ChannelSendError('zalo-oa', 'message/cs (after token refresh)', `error ${retried.error}: ${retried.message}`);
    }
  }

  private async postMessage(
    userId: string,
    text: string,
    accessToken: string | undefined,
  ): Promise<{ error: number; message: string }> {
    let response: Response;
    try {
      response = await this.fetch(`${this.options.apiRoot.replace(/\/+$/, '')}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: accessToken ?? '' },
        body: JSON.stringify({ recipient: { user_id: userId }, message: { text } }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ChannelSendError('zalo-oa', 'message/cs', describeError(error).message, error);
    }
    const body = (await response.json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
    if (!response.ok || body === null || typeof body.error !== 'number') {
      throw new ChannelSendError('zalo-oa', 'message/cs', `HTTP ${response.status}`);
    }
    return { error: body.error, message: String(body.message ?? '') };
  }

  /**
   * One refresh at a time; skipped when another caller already replaced the access token `staleAccessToken`.
   * The new tokens are written to the token file before anyone uses them.
   */
  private refresh(staleAccessToken: string | undefined): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const tokens = await this.currentTokens();
        if (staleAccessToken !== undefined && tokens.accessToken !== staleAccessToken) return;
        if (!this.options.appSecret) throw new ZaloOaTokenError('thiếu ZALO_OA_APP_SECRET (missing app secret)');
        if (!tokens.refreshToken) throw new ZaloOaTokenError('thiếu refresh token (missing refresh token)');
        const renewed = await this.requestTokens(tokens.refreshToken, this.options.appSecret);
        // The old refresh token is spent: keep the new pair in memory even if writing the file fails.
        this.tokens = renewed;
        await this.options.store.save(renewed);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async requestTokens(refreshToken: string, appSecret: string): Promise<ZaloOaTokens> {
    let response: Response;
    try {
      response = await this.fetch(`${this.options.oauthRoot.replace(/\/+$/, '')}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: appSecret },
        body: new URLSearchParams({
          refresh_token: refreshToken,
          app_id: this.options.appId,
          grant_type: 'refresh_token',
        }).toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ZaloOaTokenError(describeError(error, [refreshToken, appSecret]).message);
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
      const reason = body ? `${String(body.error ?? '')} ${String(body.error_name ?? body.message ?? '')}`.trim() : '';
      throw new ZaloOaTokenError(`HTTP ${response.status}${reason ? `, ${reason}` : ''}`);
    }
    return { accessToken: body.access_token, refreshToken: body.refresh_token };
  }
}

export interface ZaloOaChannelOptions {
  appId: string;
  oaSecretKey: string;
  client: ZaloOaClient;
  gateway: Gateway;
  logger: ChannelLogger;
  secrets?: readonly string[];
}

interface ZaloOaEvent {
  app_id?: unknown;
  event_name?: unknown;
  timestamp?: unknown;
  sender?: { id?: unknown };
  message?: { text?: unknown; msg_id?: unknown };
}

export class ZaloOaChannel implements Channel {
  readonly name = 'zalo-oa' as const;
  readonly routes: HttpRoute[];
  private readonly pending = new Set<Promise<unknown>>();
  private accepting = true;

  constructor(private readonly options: ZaloOaChannelOptions) {
    this.routes = [{ method: 'POST', path: ZALO_OA_WEBHOOK_PATH, handle: (request, response) => this.webhook(request, response) }];
  }

  async start(): Promise<void> {
    this.options.logger.info({ channel: 'zalo-oa', path: ZALO_OA_WEBHOOK_PATH }, 'zalo oa webhook ready');
  }

  async stop(): Promise<void> {
    this.accepting = false;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Sends `text` through the customer-service message API, split under the OA limit. That API only reaches users
   * who interacted with the OA recently (48 h for free customer-service messages); Zalo refuses the others with an
   * error code, which rejects as `ChannelSendError` like every other failure (token refresh included).
   */
  async notify(userId: string, text: string): Promise<void> {
    try {
      await this.options.client.sendText(userId, text);
    } catch (error) {
      if (error instanceof ChannelSendError) throw error;
      throw new ChannelSendError('zalo-oa', 'message/cs (notify)', describeError(error, this.options.secrets).message);
    }
  }

  /** Resolves when every accepted event has been answered (tests). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async webhook(
    request: Parameters<HttpRoute['handle']>[0],
    response: Parameters<HttpRoute['handle']>[1],
  ): Promise<void> {
    let raw: string;
    try {
      raw = (await readBody(request, WEBHOOK_BODY_LIMIT)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendJsonError(response, 413, CHANNEL_MESSAGES.http.bodyTooLarge);
      else sendJsonError(response, 400, CHANNEL_MESSAGES.http.badJson);
      return;
    }
    let event: ZaloOaEvent;
    try {
      event = JSON.parse(raw) as ZaloOaEvent;
    } catch {
      sendJsonError(response, 400, CHANNEL_MESSAGES.http.badJson);
      return;
    }
    const timestamp = typeof event?.timestamp === 'string' || typeof event?.timestamp === 'number' ? String(event.timestamp) : '';
    const header = request.headers['x-zevent-signature'];
    if (!verifyZaloOaSignature(typeof header === 'string' ? header : undefined, this.options.appId, raw, timestamp, this.options.oaSecretKey)) {
      this.options.logger.warn({ channel: 'zalo-oa' }, 'webhook rejected: bad signature');
      sendJsonError(response, 401, CHANNEL_MESSAGES.http.unauthorized);
      return;
    }
    if (!this.accepting || !this.options.gateway.isAccepting) {
      // Not 2xx: Zalo delivers the event again after the restart.
      sendJson(response, 503, { error: CHANNEL_MESSAGES.shuttingDown }, { 'retry-after': '10' });
      return;
    }
    sendJson(response, 200, {});
    if (event.event_name !== 'user_send_text') return;
    const userId = event.sender?.id;
    const text = event.message?.text;
    const msgId = event.message?.msg_id;
    if (typeof userId !== 'string' || typeof text !== 'string') return;
    const work = this.options.gateway
      .process(
        {
          channel: 'zalo-oa',
          userId,
          conversationId: userId,
          messageId: typeof msgId === 'string' && msgId !== '' ? msgId : null,
          text,
          receivedAt: /^\d+$/.test(timestamp) ? new Date(Number(timestamp)) : new Date(),
        },
        { deliver: (reply) => this.options.client.sendText(userId, plainReplyText(reply)) },
      )
      .catch((error: unknown) =>
        this.options.logger.error({ channel: 'zalo-oa', error: describeError(error, this.options.secrets) }, 'event failed'),
      );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}
