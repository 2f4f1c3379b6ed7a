/**
 * `npm start`: the HTTP server (web chat, /api/chat, /healthz, /metrics) and every channel whose configuration
 * is present. A channel that fails to start is logged and left out; the web chat keeps serving.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Engine } from '../engine/types.ts';
import type { Database } from '../store/database.ts';
import { Gateway } from '../channels/gateway.ts';
import { startHttpServer } from '../channels/http.ts';
import { Metrics } from '../channels/metrics.ts';
import { databaseOutbox } from '../channels/outbox.ts';
import { TelegramChannel } from '../channels/telegram.ts';
import { describeError } from '../channels/text.ts';
import type { Channel, ChannelLogger } from '../channels/types.ts';
import { ZaloOaChannel, ZaloOaClient, ZaloOaTokenStore } from '../channels/zalo-oa.ts';
import {
  connectZcaClient,
  loadZaloCredentials,
  ZALO_CREDENTIALS_FILE,
  ZaloPersonalChannel,
} from '../channels/zalo-personal.ts';

export const ZALO_OA_TOKEN_FILE = 'zalo-oa-tokens.json';

export interface ServeDeps {
  config: Config;
  engine: Engine;
  db: Database;
  logger: ChannelLogger;
  metrics?: Metrics;
}

export interface RunningService {
  /** Base URL of the HTTP server as bound (e.g. `http://127.0.0.1:3000`). */
  url: string;
  metrics: Metrics;
  gateway: Gateway;
  channels: Channel[];
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
    config.zaloPersonal.credentials,
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}

export async function serve(deps: ServeDeps): Promise<RunningService> {
  const { config, engine, db, logger } = deps;
  const metrics = deps.metrics ?? new Metrics();
  const secrets = configuredSecrets(config);
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: config.limits.ratePerMinute, maxMessageChars: config.limits.maxMessageChars },
    logger,
    metrics,
    outbox: databaseOutbox(db),
    secrets,
  });
  const http = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    maxMessageChars: config.limits.maxMessageChars,
    gateway,
    db,
    metrics,
    logger,
    secrets,
  });

  const channels: Channel[] = [];
  if (config.telegram) {
    channels.push(
      new TelegramChannel({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        webhookUrl: config.telegram.webhookUrl,
        webhookSecret: config.telegram.webhookSecret,
        gateway,
        logger,
      }),
    );
  }
  if (config.zaloOa) {
    const store = new ZaloOaTokenStore(path.join(config.dataDir, ZALO_OA_TOKEN_FILE), {
      accessToken: config.zaloOa.accessToken,
      refreshToken: config.zaloOa.refreshToken,
    });
    channels.push(
      new ZaloOaChannel({
        appId: config.zaloOa.appId,
        oaSecretKey: config.zaloOa.oaSecretKey,
        client: new ZaloOaClient({
          appId: config.zaloOa.appId,
          appSecret: config.zaloOa.appSecret,
          apiRoot: config.zaloOa.apiRoot,
          oauthRoot: config.zaloOa.oauthRoot,
          store,
        }),
        gateway,
        logger,
        secrets,
      }),
    );
  }
  if (config.zaloPersonal.enabled) {
    channels.push(
      new ZaloPersonalChannel({
        connect: async () => {
          const credentials = await loadZaloCredentials(config.zaloPersonal.credentials, config.dataDir);
          if (!credentials) {
            throw new Error(
              `chưa có thông tin đăng nhập Zalo: đặt ZALO_CREDENTIALS hoặc chạy "npm run zalo:login" để tạo ${path.join(config.dataDir, ZALO_CREDENTIALS_FILE)}`,
            );
          }
          return connectZcaClient(credentials);
        },
        gateway,
        logger,
      }),
    );
  }

  const started: Channel[] = [];
  for (const channel of channels) {
    http.addRoutes(channel.routes);
    try {
      await channel.start();
      started.push(channel);
    } catch (error) {
      logger.error(
        { channel: channel.name, error: describeError(error, secrets) },
        'channel failed to start; the other channels and the web chat keep running',
      );
    }
  }
  logger.info({ url: http.url, channels: ['web', ...started.map((channel) => channel.name)] }, 'serving');

  let closing: Promise<void> | undefined;
  return {
    url: http.url,
    metrics,
    gateway,
    channels: started,
    close() {
      closing ??= (async () => {
        await Promise.allSettled(started.map((channel) => channel.stop()));
        await http.close();
      })();
      return closing;
    },
  };
}
