/**
 * A reply carried by the webhook's own HTTP response. Telegram runs the Bot API method that a webhook's 200 gives as
 * its JSON body ("Making requests when getting updates"), so the acknowledgement and the reply reach it together: a
 * kill -9 either stops both (no 200, so Telegram delivers the update again) or neither. A reply sent through the API
 * after a separate 200 is delivered once its request leaves, but marked done only after its response comes back; a
 * kill between the two answers it again on resume. The price: Telegram does not say whether a method carried this
 * way succeeded, so such a reply cannot be kept in the outbox when it fails.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from './http.ts';

export class WebhookAnswer {
  private state: 'open' | 'answered' | 'acknowledged' = 'open';
  private settle: () => void = () => {};
  /** Resolves once the response was written, with a reply or without. */
  readonly settled: Promise<void>;

  /** `onAnswered` runs in the same tick as the write, before anything else can: the caller marks the reply sent there. */
  constructor(
    private readonly response: ServerResponse,
    private readonly onAnswered: () => void,
  ) {
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /**
   * Writes `call` (a Bot API method and its parameters) as the body of the 200. False when the 200 went out already
   * or the platform closed the connection (it gave up waiting): the caller sends the reply through the API instead.
   */
  answer(call: { method: string } & Record<string, unknown>): boolean {
    if (this.state !== 'open' || this.response.destroyed || this.response.writableEnded) return false;
    this.state = 'answered';
    sendJson(this.response, 200, call);
    this.onAnswered();
    this.settle();
    return true;
  }

  /** Acknowledges with a plain 200 unless a reply went in the response already; later replies use the API. */
  acknowledge(): void {
    if (this.state !== 'open') return;
    this.state = 'acknowledged';
    if (!this.response.destroyed && !this.response.writableEnded) sendJson(this.response, 200, { ok: true });
    this.settle();
  }
}
