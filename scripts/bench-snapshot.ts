/**
 * `npx tsx scripts/bench-snapshot.ts DATA_DIR [ROUNDS]`: builds the knowledge snapshot from the store's documents
 * ROUNDS times (default 6) with the local embedder and prints each build's milliseconds; the first includes the
 * modules' warm-up, as at a restart.
 */
import { readFileSync } from 'node:fs';
import { parseGazetteer } from '../src/documents/agencies/gazetteer.ts';
import { ensureDocuments } from '../src/knowledge/ingest.ts';
import { parsePlaces } from '../src/knowledge/places.ts';
import { parseProfile } from '../src/knowledge/profile.ts';
import { buildSnapshot } from '../src/knowledge/snapshot.ts';
import { HashedNgramEmbedder } from '../src/retrieval/embedder.ts';
import { openDatabase } from '../src/store/open.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: npx tsx scripts/bench-snapshot.ts DATA_DIR [ROUNDS]');
const rounds = Number(process.argv[3] ?? 6);
const db = await openDatabase({ dataDir: dir });
const { documents, version } = await ensureDocuments(db, 'knowledge/documents');
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const data = { gazetteer: parseGazetteer(json('knowledge/gazetteer.json')), places: parsePlaces(json('knowledge/places.json')), profile: parseProfile(json('knowledge/profile.json')) };
const times: number[] = [];
for (let i = 0; i < rounds; i += 1) {
  const start = performance.now();
  await buildSnapshot({ version, documents, ...data, embedder: new HashedNgramEmbedder() });
  times.push(performance.now() - start);
}
console.log(times.map((time) => time.toFixed(0)).join(' '));
await db.close();
