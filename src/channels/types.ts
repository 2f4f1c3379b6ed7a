/**
 * Shapes shared by the gateway, the HTTP server and the channel adapters. An adapter translates platform events
 * into `IncomingMessage` and `Reply` into platform calls; everything else (limits, de-duplication, metrics,
 * error containment) lives in the gateway.
 */
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import type { ChannelName } from '../engine/types.ts';

/** The subset of pino's logger the channels use; a pino `Logger` satisfies it. */
export interface ChannelLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A request handler mounted on the shared HTTP server at an exact path, or with `prefix` at every path under it. */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  /** `path` ends with `/` and the handler takes every path that starts with it (`/nhiem-vu/PL2.11`); exact routes win. */
  prefix?: boolean;
  handle(request: HttpRequest, response: ServerResponse): Promise<void>;
}

/** A bot channel: started by `serve`, stopped before the gateway drains. */
export interface Channel {
  readonly name: ChannelName;
  /** Webhook routes this channel needs on the shared HTTP server (none for polling/socket channels). */
  readonly routes: HttpRoute[];
  /** Connects to the platform (register webhook, start polling, log in). */
  start(): Promise<void>;
  /** Stops receiving new platform events; in-flight messages are drained by the gateway. */
  stop(): Promise<void>;
  /**
   * Sends an unsolicited message (a reminder, a digest) to one user, split under the platform limit like replies.
   * Resolves once every part was accepted by the platform; rejects with `ChannelSendError` (redacted, no token)
   * otherwise, possibly after some parts were sent. Absent on channels that cannot push (the web chat).
   */
  notify?(userId: string, text: string): Promise<void>;
  /**
   * Answers webhook bodies accepted into the durable inbox but never finished (this or another instance died);
   * resolves with how many. Absent on channels without an inbox.
   */
  resume?(staleMs?: number): Promise<number>;
}

/**
 * Why a platform refused a message, when the adapter can tell:
 * - `outside_interaction_window`: the platform only delivers to users who wrote recently (Zalo OA consultation
 *   messages: refused 7 days after the user's last message, errors -230 / -232). Sending the same message again
 *   cannot succeed until the user writes; it is final for that message.
 * - `rate_limited`: the platform's rate limit held after the adapter's bounded retries; a later attempt may succeed.
 */
export type SendFailureReason = 'outside_interaction_window' | 'rate_limited';

export interface SendFailureOptions {
  /** True when retrying the same message cannot succeed: callers record it as final instead of retrying. */
  permanent?: boolean;
  reason?: SendFailureReason;
  cause?: unknown;
}

/**
 * Raised when a platform call fails; names the channel and the operation, never a token. `permanent` tells callers
 * (the reminders scheduler) not to retry that message; everything else may succeed on a later attempt.
 */
export class ChannelSendError extends Error {
  readonly permanent: boolean;
  readonly reason: SendFailureReason | undefined;
  override readonly cause?: unknown;

  constructor(
    readonly channel: ChannelName,
    readonly operation: string,
    readonly detail: string,
    options: SendFailureOptions = {},
  ) {
    super(`${channel}: ${operation} thất bại (failed): ${detail}`);
    this.name = 'ChannelSendError';
    this.permanent = options.permanent ?? false;
    this.reason = options.reason;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** True for a send failure that retrying the same message cannot fix (see `SendFailureReason`). */
export function isPermanentSendFailure(error: unknown): error is ChannelSendError & { permanent: true } {
  return error instanceof ChannelSendError && error.permanent;
}


/**
 * Why a notification could not even be attempted: the channel is not configured, failed to start, cannot push
 * (the web chat, the CLI), or the service is shutting down.
 */
export type NotifyUnavailableReason = 'not_configured' | 'not_started' | 'no_push' | 'closed';

const NOTIFY_UNAVAILABLE_DETAIL: Record<NotifyUnavailableReason, string> = {
  not_configured: 'channel not configured',
  not_started: 'channel failed to start',
  no_push: 'channel cannot send unsolicited messages',
  closed: 'service is shutting down',
};

/** Raised by `RunningService.notify` when no started channel of that name can push; nothing was sent. */
export class NotifyUnavailableError extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly reason: NotifyUnavailableReason,
  ) {
    super(`${channel}: không gửi được tin chủ động (cannot notify): ${NOTIFY_UNAVAILABLE_DETAIL[reason]}`);
    this.name = 'NotifyUnavailableError';
  }
}
