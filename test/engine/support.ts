/** The real engine over the real knowledge, with the in-memory vector side (the store-backed one is tested in store/). */
import { readKnowledgeFiles } from '../../src/catalogue/ingest.ts';
import type { Knowledge } from '../../src/catalogue/types.ts';
import { buildCatalogue, type StatusSource } from '../../src/engine/catalogue-query.ts';
import { createEngine, type CommandHandler } from '../../src/engine/engine.ts';
import { buildKnowledgeIndex } from '../../src/engine/knowledge-index.ts';
import type { Engine, Reply } from '../../src/engine/types.ts';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';

export function knowledge(): Knowledge {
  const loaded = readKnowledgeFiles(new URL('../../knowledge', import.meta.url).pathname);
  if (!loaded) throw new Error('knowledge/*.json missing: run npm run ingest');
  return loaded;
}

export async function realEngine(options: { statuses?: StatusSource; officials?: CommandHandler; maxChars?: number } = {}): Promise<Engine> {
  const k = knowledge();
  const index = await buildKnowledgeIndex(k, new HashedNgramEmbedder());
  return createEngine({ knowledge: k, catalogue: buildCatalogue(k), index, maxChars: options.maxChars ?? 2000, ...options });
}

let counter = 0;
export function ask(engine: Engine, text: string, extra: { today?: string; conversationId?: string } = {}): Promise<Reply> {
  counter += 1;
  return engine.handle({
    channel: 'cli',
    userId: 'test',
    conversationId: extra.conversationId ?? `test-${counter}`,
    messageId: null,
    text,
    today: extra.today ?? '2026-11-28',
  });
}

export const ids = (reply: Reply) => reply.citations.map((citation) => citation.id);
