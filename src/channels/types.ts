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

/** A request handler mounted on the shared HTTP server at an exact path. */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
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
}

/** Raised when a platform call fails; names the channel and the operation, never a token. */
export class ChannelSendError extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly operation: string,
    readonly detail: string,
    override readonly cause?: unknown,
  ) {
    super(`${channel}: ${operation} thất bại (failed): ${detail}`);
    this.name = 'ChannelSendError';
  }
}
