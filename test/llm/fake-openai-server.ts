/**
 * A fake OpenAI-compatible endpoint on loopback for tests: real HTTP (node:http, 127.0.0.1, ephemeral port),
 * POST /v1/chat/completions and POST /v1/embeddings, with scripted replies and failure switches.
 * Every request is recorded (path, authorization header presence, parsed body) so tests can assert on what
 * the client sent.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  hadAuthorization: boolean;
}

/** One scripted reply. Without `status`/`malformed`, answers 200 with `content` (or `json` serialised). */
export interface ScriptedReply {
  content?: string;
  json?: unknown;
  /** Answer with this HTTP status and an OpenAI-style error body. */
  status?: number;
  /** Message of that error body (default "scripted failure <status>"). */
  errorMessage?: string;
  /** Answer 200 with `application/json` and a body that is not JSON. */
  malformed?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  finishReason?: 'stop' | 'length';
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export type EmbeddingMode = 'float' | 'base64' | 'wrong-dimension' | 'empty' | 'missing-data' | 'strings';

export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  /** Dimension of the vectors the embeddings endpoint returns, per model; `defaultDimensions` otherwise. */
  readonly dimensionsByModel = new Map<string, number>();
  defaultDimensions = 8;
  embeddingMode: EmbeddingMode = 'float';
  /** Replies used in order for chat completions; when empty, `fallbackChat` answers. */
  private readonly chatScript: ScriptedReply[] = [];
  /** Failures applied to embeddings requests in order before normal answers resume. */
  private readonly embeddingScript: ScriptedReply[] = [];
  fallbackChat: (body: Record<string, unknown>) => ScriptedReply = () => ({ content: 'Xin chào.' });
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeOpenAiServer> {
    let instance: FakeOpenAiServer | undefined;
    const server = http.createServer((request, response) => {
      void instance!.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new FakeOpenAiServer(server, `http://127.0.0.1:${port}/v1`);
    server.on('connection', (socket) => {
      instance!.sockets.add(socket);
      socket.on('close', () => instance!.sockets.delete(socket));
    });
    return instance;
  }

  scriptChat(...replies: ScriptedReply[]): void {
    this.chatScript.push(...replies);
  }

  scriptEmbeddings(...replies: ScriptedReply[]): void {
    this.embeddingScript.push(...replies);
  }

  reset(): void {
    this.requests.length = 0;
    this.chatScript.length = 0;
    this.embeddingScript.length = 0;
    this.embeddingMode = 'float';
    this.dimensionsByModel.clear();
    this.fallbackChat = () => ({ content: 'Xin chào.' });
  }

  /** Requests to one endpoint, e.g. `chatRequests()` for `/v1/chat/completions`. */
  chatRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path === '/v1/chat/completions');
  }

  embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path === '/v1/embeddings');
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      // recorded as empty
    }
    const path = (request.url ?? '').split('?')[0] ?? '';
    this.requests.push({ path, body, hadAuthorization: typeof request.headers.authorization === 'string' });

    if (request.method !== 'POST') return this.send(response, 405, { error: { message: 'method not allowed' } });
    if (path === '/v1/chat/completions') {
      const reply = this.chatScript.shift() ?? this.fallbackChat(body);
      return this.reply(response, reply, () => this.chatBody(body, reply));
    }
    if (path === '/v1/embeddings') {
      const reply = this.embeddingScript.shift() ?? {};
      return this.reply(response, reply, () => this.embeddingsBody(body));
    }
    return this.send(response, 404, { error: { message: `unknown path ${path}` } });
  }

  private async reply(response: http.ServerResponse, reply: ScriptedReply, success: () => unknown): Promise<void> {
    if (reply.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, reply.delayMs);
        this.timers.add(timer);
      });
      if (response.destroyed || response.writableEnded) return;
    }
    if (reply.status) {
      return this.send(response, reply.status, {
        error: { message: reply.errorMessage ?? `scripted failure ${reply.status}`, type: 'server_error', code: null },
      });
    }
    if (reply.malformed) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id": "chatcmpl-1", "choices": [ {"message": ');
      return;
    }
    this.send(response, 200, success());
  }

  private chatBody(body: Record<string, unknown>, reply: ScriptedReply): unknown {
    const content = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.content ?? '');
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: String(body.model ?? ''),
      choices: [
        { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: reply.finishReason ?? 'stop', logprobs: null },
      ],
      usage: reply.usage
        ? { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens }
        : { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
    };
  }

  private embeddingsBody(body: Record<string, unknown>): unknown {
    const model = String(body.model ?? '');
    const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
    const requested = typeof body.dimensions === 'number' ? body.dimensions : undefined;
    const dimensions = requested ?? this.dimensionsByModel.get(model) ?? this.defaultDimensions;
    if (this.embeddingMode === 'missing-data') return { object: 'list', model };
    const data = inputs.map((text, index) => {
      const vector = fakeVector(`${model}|${text}`, this.embeddingMode === 'wrong-dimension' ? dimensions + 1 : dimensions);
      let embedding: unknown = vector;
      if (this.embeddingMode === 'base64') embedding = Buffer.from(new Float32Array(vector).buffer).toString('base64');
      if (this.embeddingMode === 'empty') embedding = [];
      if (this.embeddingMode === 'strings') embedding = vector.map(String);
      return { object: 'embedding', index, embedding };
    });
    return { object: 'list', model, data, usage: { prompt_tokens: inputs.length * 5, total_tokens: inputs.length * 5 } };
  }

  private send(response: http.ServerResponse, status: number, payload: unknown): void {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload));
  }
}

/** Deterministic unit vector for a text: same text and model, same vector. */
export function fakeVector(seed: string, dimensions: number): number[] {
  let h = 2166136261;
  const values: number[] = [];
  for (let i = 0; i < dimensions; i += 1) {
    for (const char of `${seed}#${i}`) {
      h ^= char.charCodeAt(0);
      h = Math.imul(h, 16777619) >>> 0;
    }
    values.push((h % 2000) / 1000 - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => value / norm);
}
