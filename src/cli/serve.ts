/**
 * `npm start`: the HTTP server (web chat, /api/chat, /healthz, /metrics) and every channel whose configuration
 * is present. A channel that fails to start is logged and left out; the web chat keeps serving.
 * Undelivered messages in `channel_outbox` are purged after RETENTION_DAYS, at start and then daily.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { ChannelName, Engine } from '../engine/types.ts';
import { sharedBySeveralInstances, type Database } from '../store/database.ts';
import { Gateway } from '../channels/gateway.ts';
import { localRateLimiters, type RateLimiters } from '../channels/rate-limit.ts';
import { sendJson, startHttpServer, type HttpServerOptions } from '../channels/http.ts';
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import { Metrics } from '../channels/metrics.ts';
import { databaseInbox, INBOX_RETENTION_MS } from '../channels/inbox.ts';
import { fileSentJournal, journaledInbox } from '../channels/sent-journal.ts';
import { databaseOutbox, purgeChannelOutbox } from '../channels/outbox.ts';
import { TelegramChannel } from '../channels/telegram.ts';
import { describeError } from '../channels/text.ts';
import type { WebChatTexts } from '../channels/web-page.ts';
import { webPageRoutes, type WebPagesDeps } from '../channels/web-pages.ts';
import { widgetRoute } from '../channels/widget.ts';
import { type Channel, type ChannelLogger, type HttpRoute, NotifyUnavailableError } from '../channels/types.ts';
import { writeJsonAtomic } from '../channels/files.ts';
import { ZaloBotChannel } from '../channels/zalo-bot.ts';
import { DatabaseZaloOaTokenStore, ZaloOaChannel, ZaloOaClient } from '../channels/zalo-oa.ts';
import {
  connectZcaClient,
  loadZaloCredentialsWithSource,
  ZALO_CREDENTIALS_FILE,
  ZaloPersonalChannel,
} from '../channels/zalo-personal.ts';

/** Where earlier versions kept the Zalo OA tokens; its content moves into `zalo_oa_tokens` on first start. */
export const ZALO_OA_TOKEN_FILE = 'zalo-oa-tokens.json';
export const OUTBOX_PURGE_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** How often unfinished webhook bodies of dead instances (claims older than INBOX_STALE_MS) are looked for. */
export const INBOX_RESUME_INTERVAL_MS = 5_000;

export interface ServeDeps {
  config: Config;
  engine: Engine;
  /** The chat page's texts and the hotline replies point to, from the deployment profile. */
  site: { webChat: WebChatTexts; hotline: string };
  /**
   * What the source pages (`/nhiem-vu/…`, `/muc/…`, `/van-ban/…`, `/danh-sach`) read: the current snapshot and the
   * latest statuses. Without it those pages are not mounted (tests of the channels alone).
   */
  pages?: Pick<WebPagesDeps, 'knowledge' | 'statuses' | 'today'>;
  db: Database;
  logger: ChannelLogger;
  metrics?: Metrics;
  /** More routes for the shared server, built by the composition root (the staff areas: `/admin`, `/desk`). */
  routes?: readonly HttpRoute[];
  /** The 1022 desk's replies to a web chat session, for its poll (`GET /api/chat/desk`); absent: none. */
  deskUpdates?: HttpServerOptions['deskUpdates'];
  /** Rate limits of the chats, the web chat's addresses (default: counted in this process). */
  limiters?: RateLimiters;
  /** Period of the outbox purge after the one at start (tests shorten it). */
  outboxPurgeIntervalMs?: number;
  /** Tests: how often the inbox is resumed (default INBOX_RESUME_INTERVAL_MS). */
  inboxResumeIntervalMs?: number;
}

export interface RunningService {
  /** Base URL of the HTTP server as bound (e.g. `http://127.0.0.1:3000`). */
  url: string;
  metrics: Metrics;
  gateway: Gateway;
  channels: Channel[];
  /**
   * Sends an unsolicited message (reminder, digest) to `userId` on the started channel `channel`.
   * Rejects with `NotifyUnavailableError` when that channel is not configured, failed to start, cannot push
   * (web, cli) or the service is closing — nothing was sent. Rejects with the channel's error (`ChannelSendError`)
   * when the platform refused it, after the text was logged and kept in `channel_outbox` like a failed reply.
   */
  notify(channel: ChannelName, userId: string, text: string): Promise<void>;
  /** Stops the channels, finishes messages in flight, closes the HTTP server. Does not close `db`. */
  close(): Promise<void>;
}

/** Every configured secret, so log lines can be scrubbed of them. */
export function configuredSecrets(config: Config): string[] {
  return [
    config.telegram?.token,
    config.telegram?.webhookSecret,
    config.zaloOa?.appSecret,
    config.zaloOa?.oaSecretKey,
    config.zaloOa?.accessToken,
    config.zaloOa?.refreshToken,
    config.zaloBot?.token,
    config.zaloBot?.webhookSecret,
    config.zaloPersonal.credentials,
    config.llm?.apiKey,
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}

export async function serve(deps: ServeDeps): Promise<RunningService> {
  const { config, engine, db, logger } = deps;
  const metrics = deps.metrics ?? new Metrics();
  const secrets = configuredSecrets(config);
  const limiters = deps.limiters ?? localRateLimiters;
  // Delivered replies are journalled in DATA_DIR before their done marks reach the store (src/channels/sent-journal.ts).
  const sentJournal = fileSentJournal(path.join(config.dataDir, 'sent-journal'));
  const inbox = journaledInbox(databaseInbox(db), sentJournal);
  const replaySentJournal = async (): Promise<void> => {
    try {
      await sentJournal.replay(inbox, new Date());
    } catch (error) {
      logger.warn({ error: describeError(error, secrets) }, 'sent journal not replayed; retried shortly');
    }
  };
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: config.limits.ratePerMinute, maxMessageChars: config.limits.maxMessageChars },
    limiter: limiters(config.limits.ratePerMinute),
    logger,
    metrics,
    outbox: databaseOutbox(db),
    secrets,
  });
  const http = await startHttpServer({
    webChat: deps.site.webChat,
    frameAncestors: config.http.widgetOrigins,
    host: config.http.host,
    port: config.http.port,
    maxMessageChars: config.limits.maxMessageChars,
    gateway,
    db,
    metrics,
    logger,
    secrets,
    ...(deps.deskUpdates ? { deskUpdates: deps.deskUpdates } : {}),
    web: {
      sessionSecret: config.http.sessionSecret,
      trustedProxies: config.http.trustedProxies,
      maxInFlight: config.http.maxInFlight,
      shedBacklogMs: config.http.shedBacklogMs,
      // People behind one proxy or NAT share an address: five times one person's limit.
      addressRatePerMinute: config.limits.ratePerMinute * 5,
      addressLimiter: limiters(config.limits.ratePerMinute * 5),
      // Several instances on one PostgreSQL answer a resent web message once between them.
      ...(sharedBySeveralInstances(db) ? { claimMessageId: (key: string) => inbox.remember('web', key, new Date()) } : {}),
    },
  });

  http.addRoutes([widgetRoute(), ...(deps.pages ? webPageRoutes({ ...deps.pages, site: deps.site.webChat, frameAncestors: config.http.widgetOrigins }) : [])]);
  if (deps.routes) http.addRoutes(deps.routes);

  const channels: Channel[] = [];
  if (config.telegram) {
    channels.push(
      new TelegramChannel({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        webhookUrl: config.telegram.webhookUrl,
        webhookSecret: config.telegram.webhookSecret,
        gateway,
        inbox,
        logger,
      }),
    );
  }
  if (config.zaloOa) {
    // Tokens live in the store so that every instance on one database shares (and never double-spends) them.
    const store = new DatabaseZaloOaTokenStore({
      db,
      appId: config.zaloOa.appId,
      fromEnv: { accessToken: config.zaloOa.accessToken, refreshToken: config.zaloOa.refreshToken },
      legacyFile: path.join(config.dataDir, ZALO_OA_TOKEN_FILE),
      logger,
    });
    channels.push(
      new ZaloOaChannel({
        hotline: deps.site.hotline,
        appId: config.zaloOa.appId,
        oaSecretKey: config.zaloOa.oaSecretKey,
        inbox,
        client: new ZaloOaClient({
          appId: config.zaloOa.appId,
          appSecret: config.zaloOa.appSecret,
          apiRoot: config.zaloOa.apiRoot,
          oauthRoot: config.zaloOa.oauthRoot,
          store,
          logger,
          metrics,
        }),
        gateway,
        logger,
        secrets,
      }),
    );
  }
  if (config.zaloBot) {
    channels.push(
      new ZaloBotChannel({
        inbox,
        hotline: deps.site.hotline,
        token: config.zaloBot.token,
        apiRoot: config.zaloBot.apiRoot,
        webhookUrl: config.zaloBot.webhookUrl,
        webhookSecret: config.zaloBot.webhookSecret,
        gateway,
        logger,
      }),
    );
  }
  if (config.zaloPersonal.enabled) {
    channels.push(
      new ZaloPersonalChannel({
        connect: async () => {
          const loaded = await loadZaloCredentialsWithSource(config.zaloPersonal.credentials, config.dataDir);
          if (!loaded) {
            throw new Error(
              `chưa có thông tin đăng nhập Zalo: đặt ZALO_CREDENTIALS hoặc chạy "npm run zalo:login" để tạo ${path.join(config.dataDir, ZALO_CREDENTIALS_FILE)}`,
            );
          }
          return connectZcaClient({
            credentials: loaded.credentials,
            // Cookies refreshed by Zalo go back to the file they came from; ZALO_CREDENTIALS wins at every start.
            saveCredentials: loaded.source === 'file' ? (credentials) => writeJsonAtomic(loaded.file, credentials) : undefined,
            logger,
            metrics,
          });
        },
        gateway,
        logger,
      }),
    );
  }

  let purging: Promise<void> = Promise.resolve();
  const purgeOutbox = (): Promise<void> => {
    purging = purging.then(async () => {
      try {
        const purged = await purgeChannelOutbox(db, config.limits.retentionDays);
        logger.info({ purged, retentionDays: config.limits.retentionDays }, 'channel outbox purged');
      } catch (error) {
        logger.warn({ error: describeError(error, secrets) }, 'channel outbox purge failed; retried at the next purge');
      }
    });
    return purging;
  };
  await purgeOutbox();
  const purgeTimer = setInterval(() => void purgeOutbox(), deps.outboxPurgeIntervalMs ?? OUTBOX_PURGE_INTERVAL_MS);
  purgeTimer.unref();

  // A channel's webhook routes answer 503 (Retry-After) until the channel started and answered what the inbox held
  // unfinished: the platform delivers again later, instead of a channel acknowledging what it cannot process yet,
  // or processing it ahead of an earlier message of the same chat ("có" before its draft). A channel that failed
  // to start keeps answering 503. On PGlite the store belongs to this process alone (its lock), so whatever is unfinished at start was left by a
  // dead process and is taken at once; on PostgreSQL a live instance may hold it, so only stale claims are taken.
  const startupStaleMs = sharedBySeveralInstances(db) ? undefined : 0;
  const started: Channel[] = [];
  const ready = new Set<Channel>();
  for (const channel of channels) {
    http.addRoutes(
      channel.routes.map((route) => ({
        ...route,
        handle: async (request, response) => {
          if (ready.has(channel)) return route.handle(request, response);
          request.resume();
          sendJson(response, 503, { error: CHANNEL_MESSAGES.shuttingDown }, { 'retry-after': '5' });
        },
      })),
    );
  }
  // What a killed process delivered is marked done before anything unfinished is resumed.
  await replaySentJournal();
  for (const channel of channels) {
    try {
      await channel.start();
      started.push(channel);
    } catch (error) {
      logger.error(
        { channel: channel.name, error: describeError(error, secrets) },
        'channel failed to start; the other channels and the web chat keep running',
      );
      continue;
    }
    if (channel.resume) {
      try {
        const resumed = await channel.resume(startupStaleMs);
        if (resumed > 0) logger.warn({ channel: channel.name, resumed }, 'unfinished webhook messages answered after a restart');
      } catch (error) {
        logger.warn({ channel: channel.name, error: describeError(error, secrets) }, 'inbox resume failed; retried shortly');
      }
    }
    ready.add(channel);
  }
  logger.info({ url: http.url, channels: ['web', ...started.map((channel) => channel.name)] }, 'serving');

  // Webhook bodies accepted but never answered by an instance that died: answered every INBOX_RESUME_INTERVAL_MS once
  // their claim is stale; finished rows are kept a day to recognise late redeliveries.
  let resuming: Promise<void> = Promise.resolve();
  const resumeInbox = (): Promise<void> => {
    resuming = resuming.then(async () => {
      await replaySentJournal();
      for (const channel of started) {
        if (!channel.resume) continue;
        try {
          const resumed = await channel.resume();
          if (resumed > 0) logger.warn({ channel: channel.name, resumed }, 'unfinished webhook messages answered after a restart');
        } catch (error) {
          logger.warn({ channel: channel.name, error: describeError(error, secrets) }, 'inbox resume failed; retried shortly');
        }
      }
      try {
        await inbox.purge(INBOX_RETENTION_MS, new Date());
      } catch (error) {
        logger.warn({ error: describeError(error, secrets) }, 'inbox purge failed; retried shortly');
      }
    });
    return resuming;
  };
  void resumeInbox();
  const resumeTimer = setInterval(() => void resumeInbox(), deps.inboxResumeIntervalMs ?? INBOX_RESUME_INTERVAL_MS);
  resumeTimer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: http.url,
    metrics,
    gateway,
    channels: started,
    async notify(channelName, userId, text) {
      if (closing) throw new NotifyUnavailableError(channelName, 'closed');
      const channel = started.find((candidate) => candidate.name === channelName);
      if (!channel) {
        const configured = channels.some((candidate) => candidate.name === channelName);
        const pushCapable = channelName !== 'web' && channelName !== 'cli';
        throw new NotifyUnavailableError(channelName, !pushCapable ? 'no_push' : configured ? 'not_started' : 'not_configured');
      }
      if (!channel.notify) throw new NotifyUnavailableError(channelName, 'no_push');
      try {
        await channel.notify(userId, text);
      } catch (error) {
        await gateway.recordUndelivered(
          { channel: channelName, userId, conversationId: userId, messageId: null, outcome: 'notification', replyText: text },
          error,
        );
        throw error;
      }
    },
    close() {
      closing ??= (async () => {
        clearInterval(purgeTimer);
        clearInterval(resumeTimer);
        await resuming;
        await Promise.allSettled(started.map((channel) => channel.stop()));
        await http.close();
        await purging;
      })();
      return closing;
    },
  };
}
