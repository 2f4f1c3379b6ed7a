/**
 * The only module that reads `process.env`. Validated once at start; a bad value stops the start with a message
 * that names the variable. Every variable is listed in the README's configuration table and `.env.example`.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseWorkingHours, type WorkingHours } from './desk/hours.ts';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const integer = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? fallback : Number(value.trim())))
    .pipe(z.number().int().min(min).max(max));

const list = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value === undefined || value.trim() === '' ? fallback : value)
        .split(/[;|]/)
        .map((item) => item.trim())
        .filter(Boolean),
    );

const numberList = (fallback: string) =>
  list(fallback)
    .transform((items) => items.map(Number))
    .pipe(z.array(z.number().int().min(0).max(365)));

const quietHours = z
  .string()
  .optional()
  .transform((value) => value?.trim() || '21-7')
  .pipe(
    z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$|^off$/, 'dạng "21-7" (từ 21h đến 7h) hoặc "off"')
      .refine((value) => value === 'off' || value.split('-').every((hour) => Number(hour) <= 23), 'giờ phải từ 0 đến 23'),
  );

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  DATA_DIR: z.string().optional().transform((value) => path.resolve(value?.trim() || './data')),
  // Checked without echoing the value: a URL without its scheme would otherwise print its password in errors.
  DATABASE_URL: optionalString.refine((value) => value === undefined || isPostgresUrl(value), 'phải có dạng postgres://người_dùng:mật_khẩu@máy:cổng/tên_csdl'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  PORT: integer(3000, 0, 65535),
  HOST: z.string().optional().transform((value) => value?.trim() || '0.0.0.0'),
  WEB_SESSION_SECRET: optionalString.refine((value) => value === undefined || value.length >= 16, 'ít nhất 16 ký tự'),
  TRUSTED_PROXIES: list(''),
  WEB_MAX_IN_FLIGHT: integer(32, 1),
  WEB_SHED_BACKLOG_MS: integer(500, 0),
  /** Origins (`https://cong.example.gov.vn`) whose pages may embed the chat through /widget.js. */
  /** The address people open (`https://tro-ly.example.gov.vn`): sign-in links sent in chat, Secure cookies when https. */
  PUBLIC_BASE_URL: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/iu.test(value), 'dạng "https://tro-ly.example.gov.vn" (giao thức và tên miền, không có ? hay #)'),
  STAFF_SESSION_HOURS: integer(8, 1, 24 * 30),
  WIDGET_ORIGINS: list('').pipe(z.array(z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'dạng "https://cong.example.gov.vn" (giao thức, tên miền, cổng nếu có; không có đường dẫn)'))),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_URL: optionalString,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_API_ROOT: z.string().optional().transform((value) => value?.trim() || 'https://api.telegram.org'),

  ZALO_OA_APP_ID: optionalString,
  ZALO_OA_APP_SECRET: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_OA_ACCESS_TOKEN: optionalString,
  ZALO_OA_REFRESH_TOKEN: optionalString,
  ZALO_OA_API_ROOT: z.string().optional().transform((value) => value?.trim() || 'https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: z.string().optional().transform((value) => value?.trim() || 'https://oauth.zaloapp.com'),

  ZALO_BOT_TOKEN: optionalString,
  ZALO_BOT_API_ROOT: z.string().optional().transform((value) => value?.trim() || 'https://bot-api.zaloplatforms.com'),
  ZALO_BOT_WEBHOOK_URL: optionalString,
  ZALO_BOT_WEBHOOK_SECRET: optionalString,

  ZALO_PERSONAL_ENABLED: z.enum(['true', 'false', '1', '0', '']).optional().transform((value) => value === 'true' || value === '1'),
  ZALO_CREDENTIALS: optionalString,

  RATE_LIMIT_PER_MINUTE: integer(20, 1),
  MAX_MESSAGE_CHARS: integer(2000, 100),
  RETENTION_DAYS: integer(90, 0),

  COORDINATOR_AGENCIES: list(''),
  REMINDER_DAYS: numberList('14;3'),
  QUIET_HOURS: quietHours,
  UNDO_WINDOW_MINUTES: integer(30, 0),
  INVITE_TTL_HOURS: integer(72, 1),
  DIGEST_WEEKDAY: integer(1, 0, 6),
  SCHEDULER_INTERVAL_MINUTES: integer(60, 0),
  REPORTING_DUE_DAY: integer(10, 1, 31),
  REPORTING_REQUEST_DAYS: numberList('14;3'),
  /** The 1022 desk's working hours, Việt Nam time (src/desk/hours.ts); `off`: always open. */
  DESK_HOURS: z.string().optional().transform((value) => value?.trim() || 'T2-T6 07:30-11:30,13:30-17:00'),
  /** Days a closed desk conversation (the citizen's messages) is kept. */
  DESK_RETENTION_DAYS: integer(30, 1, 3650),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  CHAT_MODEL: optionalString,
  EMBEDDING_MODEL: optionalString,
  EMBEDDING_DIMENSIONS: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : Number(value)))
    .pipe(z.number().int().min(8).max(8192).optional()),
  LLM_TIMEOUT_MS: integer(8000, 100),
  LLM_MAX_RETRIES: integer(1, 0, 5),

  /** Tests and `test:faults` only: a PostgreSQL server where databases may be created. */
  TEST_DATABASE_URL: optionalString.refine((value) => value === undefined || isPostgresUrl(value), 'phải có dạng postgres://người_dùng:mật_khẩu@máy:cổng/tên_csdl'),
});

export type Env = z.infer<typeof EnvSchema>;

/** Every environment variable this program reads (the README's configuration table and `.env.example` list them). */
export const ENV_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  /** TEST_DATABASE_URL: where `test:faults` creates its PostgreSQL databases. */
  testDatabaseUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  http: {
    port: number;
    host: string;
    /** Signs the web chat's session cookies; instances behind one address need the same one. Absent: per process. */
    sessionSecret: string | undefined;
    /** Addresses of reverse proxies whose X-Forwarded-For is believed. */
    trustedProxies: string[];
    /** Web chat questions answered at once; more get 503 with Retry-After (webhooks have their own budget). */
    maxInFlight: number;
    /** Web chat questions get 503 while the oldest message waiting for the engine has waited longer; 0 never sheds. */
    shedBacklogMs: number;
    /** Origins allowed to frame the chat page (the portal widget's allow-list); empty: the page's own only. */
    widgetOrigins: string[];
    /** PUBLIC_BASE_URL without a trailing slash; sign-in links are relative paths without it. */
    publicBaseUrl: string | undefined;
    /** Lifetime of a staff session (/admin, /desk). */
    staffSessionHours: number;
  };
  telegram:
    | { token: string; webhookUrl: string | undefined; webhookSecret: string | undefined; apiRoot: string }
    | undefined;
  zaloOa:
    | {
        appId: string;
        appSecret: string | undefined;
        oaSecretKey: string;
        accessToken: string | undefined;
        refreshToken: string | undefined;
        apiRoot: string;
        oauthRoot: string;
      }
    | undefined;
  zaloBot:
    | { token: string; apiRoot: string; webhookUrl: string | undefined; webhookSecret: string | undefined }
    | undefined;
  zaloPersonal: { enabled: boolean; credentials: string | undefined };
  limits: { ratePerMinute: number; maxMessageChars: number; retentionDays: number };
  officials: {
    /** Empty means the deployment profile's coordinator agencies. */
    coordinatorAgencies: string[];
    reminderDays: number[];
    quietHours: { from: number; to: number } | null;
    undoWindowMinutes: number;
    inviteTtlHours: number;
    digestWeekday: number;
    schedulerIntervalMinutes: number;
    /** Agencies' quarterly reports fall due on this day of the quarter's last month. */
    reportingDueDay: number;
    /** The period's request goes out this many days before the due date (once per lead time). */
    reportingRequestDays: number[];
  };
  /** The 1022 desk: when operators answer, how long closed conversations are kept. */
  desk: { hours: WorkingHours; retentionDays: number };
  llm:
    | {
        apiKey: string;
        baseUrl: string | undefined;
        chatModel: string | undefined;
        embeddingModel: string | undefined;
        embeddingDimensions: number | undefined;
        timeoutMs: number;
        maxRetries: number;
      }
    | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ (invalid configuration):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_BOT_TOKEN) problems.push('TELEGRAM_WEBHOOK_URL cần TELEGRAM_BOT_TOKEN');
  if (e.ZALO_OA_APP_ID && !e.ZALO_OA_SECRET_KEY) problems.push('ZALO_OA_APP_ID cần ZALO_OA_SECRET_KEY');
  if (e.ZALO_BOT_WEBHOOK_URL && !e.ZALO_BOT_TOKEN) problems.push('ZALO_BOT_WEBHOOK_URL cần ZALO_BOT_TOKEN');
  if (e.ZALO_BOT_WEBHOOK_URL && !/^https:\/\//i.test(e.ZALO_BOT_WEBHOOK_URL)) {
    problems.push('ZALO_BOT_WEBHOOK_URL phải là địa chỉ HTTPS (https://…)');
  }
  if (e.ZALO_BOT_WEBHOOK_SECRET && (e.ZALO_BOT_WEBHOOK_SECRET.length < 8 || e.ZALO_BOT_WEBHOOK_SECRET.length > 256)) {
    problems.push('ZALO_BOT_WEBHOOK_SECRET phải dài từ 8 đến 256 ký tự');
  }
  if ((e.CHAT_MODEL || e.EMBEDDING_MODEL) && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    problems.push('CHAT_MODEL/EMBEDDING_MODEL cần OPENAI_API_KEY hoặc OPENAI_BASE_URL');
  }
  let deskHours: WorkingHours | undefined;
  try {
    deskHours = parseWorkingHours(e.DESK_HOURS);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0 || !deskHours) throw new ConfigError(problems);

  const quiet =
    e.QUIET_HOURS === 'off'
      ? null
      : { from: Number(e.QUIET_HOURS.split('-')[0]), to: Number(e.QUIET_HOURS.split('-')[1]) };
  const llmConfigured = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL) && Boolean(e.CHAT_MODEL || e.EMBEDDING_MODEL);

  return {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    testDatabaseUrl: e.TEST_DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    http: { port: e.PORT, host: e.HOST, sessionSecret: e.WEB_SESSION_SECRET, trustedProxies: e.TRUSTED_PROXIES, maxInFlight: e.WEB_MAX_IN_FLIGHT, shedBacklogMs: e.WEB_SHED_BACKLOG_MS, widgetOrigins: e.WIDGET_ORIGINS, publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/u, ''), staffSessionHours: e.STAFF_SESSION_HOURS },
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          webhookUrl: e.TELEGRAM_WEBHOOK_URL,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: e.TELEGRAM_API_ROOT,
        }
      : undefined,
    zaloOa:
      e.ZALO_OA_APP_ID && e.ZALO_OA_SECRET_KEY
        ? {
            appId: e.ZALO_OA_APP_ID,
            appSecret: e.ZALO_OA_APP_SECRET,
            oaSecretKey: e.ZALO_OA_SECRET_KEY,
            accessToken: e.ZALO_OA_ACCESS_TOKEN,
            refreshToken: e.ZALO_OA_REFRESH_TOKEN,
            apiRoot: e.ZALO_OA_API_ROOT,
            oauthRoot: e.ZALO_OAUTH_ROOT,
          }
        : undefined,
    zaloBot: e.ZALO_BOT_TOKEN
      ? {
          token: e.ZALO_BOT_TOKEN,
          apiRoot: e.ZALO_BOT_API_ROOT,
          webhookUrl: e.ZALO_BOT_WEBHOOK_URL,
          webhookSecret: e.ZALO_BOT_WEBHOOK_SECRET,
        }
      : undefined,
    zaloPersonal: { enabled: e.ZALO_PERSONAL_ENABLED, credentials: e.ZALO_CREDENTIALS },
    limits: {
      ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
      maxMessageChars: e.MAX_MESSAGE_CHARS,
      retentionDays: e.RETENTION_DAYS,
    },
    officials: {
      coordinatorAgencies: e.COORDINATOR_AGENCIES,
      reminderDays: e.REMINDER_DAYS,
      quietHours: quiet,
      undoWindowMinutes: e.UNDO_WINDOW_MINUTES,
      inviteTtlHours: e.INVITE_TTL_HOURS,
      digestWeekday: e.DIGEST_WEEKDAY,
      schedulerIntervalMinutes: e.SCHEDULER_INTERVAL_MINUTES,
      reportingDueDay: e.REPORTING_DUE_DAY,
      reportingRequestDays: e.REPORTING_REQUEST_DAYS,
    },
    desk: { hours: deskHours, retentionDays: e.DESK_RETENTION_DAYS },
    llm: llmConfigured
      ? {
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          baseUrl: e.OPENAI_BASE_URL,
          chatModel: e.CHAT_MODEL,
          embeddingModel: e.EMBEDDING_MODEL,
          embeddingDimensions: e.EMBEDDING_DIMENSIONS,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
        }
      : undefined,
  };
}

/**
 * The environment of a child process this program starts (`test:faults` runs the server and the officials CLI):
 * the parent's (PATH, HOME…) without any of the application's own settings, so that only `vars` configure the child.
 */
export function childEnvironment(vars: Record<string, string>, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const own = new Set(Object.keys(EnvSchema.shape));
  const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !own.has(name)));
  return { ...kept, ...vars };
}
