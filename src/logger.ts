/**
 * Structured logs on stderr (stdout stays for command output). Secrets are never logged, and every string of a
 * record passes the personal-data redaction: a log line may quote a person's words but never their phone, ID
 * number, email or name.
 */
import { destination, pino, type DestinationStream, type Level, type Logger } from 'pino';
import { redactDeep, redactPersonalData } from './text/personal-data.ts';

/** Field names whose values are secrets, wherever they appear one level deep. */
const SECRET_KEYS = ['token', 'accessToken', 'refreshToken', 'apiKey', 'secret', 'appSecret', 'oaSecretKey', 'webhookSecret', 'credentials', 'cookie'];

export interface LoggerOptions {
  level: Level | 'silent';
  /** Where the JSON lines go; stderr by default (tests pass a stream they read). */
  stream?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[ẩn]' },
      formatters: { log: (record) => redactDeep(record) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactPersonalData(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.stream ?? destination(2),
  );
}
