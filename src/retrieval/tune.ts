/**
 * Tuning harness (a script, not a test): scores retrieval configurations on labelled questions and prints
 * MRR@10, recall@3 and hit@1 for BM25 only, vector only, reciprocal-rank fusion and weighted fusion over a grid
 * of weights, on the questions as written and with every diacritic removed.
 *
 *   npx tsx src/retrieval/tune.ts [queries.jsonl] [--grid]
 *
 * Documents come from the reviewed knowledge committed in `knowledge/documents/`; ids of the labelled questions
 * are compared without their document part. `--grid` also varies BM25 k1/b and the tokenizer's stop-word mode.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitQualifiedId } from '../documents/interpret/ids.ts';
import { readReviewedDocuments } from '../knowledge/files.ts';
import { fold } from '../text/vietnamese.ts';
import type { StopwordMode } from '../text/tokenize.ts';
import { searchDocuments } from './documents.ts';
import { HashedNgramEmbedder } from './embedder.ts';
import { Retriever, type FusionOptions } from './hybrid.ts';
import type { SearchDocument } from './types.ts';

interface LabelledQuery {
  q: string;
  relevant: string[];
}

interface Scores {
  mrr: number;
  recall3: number;
  hit1: number;
}

const root = path.resolve(import.meta.dirname, '../..');

function loadDocuments(): { documents: SearchDocument[]; source: string } {
  return { documents: searchDocuments(readReviewedDocuments(path.join(root, 'knowledge/documents'))), source: 'knowledge/documents/*' };
}

function loadQueries(file: string): LabelledQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledQuery);
}

async function score(retriever: Retriever, queries: LabelledQuery[], fusion: Partial<FusionOptions>, folded: boolean): Promise<Scores> {
  let mrr = 0;
  let recall3 = 0;
  let hit1 = 0;
  for (const { q, relevant } of queries) {
    const hits = await retriever.search(folded ? fold(q) : q, { limit: 10, fusion });
    const ids = hits.map((hit) => splitQualifiedId(hit.id).localId);
    const first = ids.findIndex((id) => relevant.includes(id));
    if (first >= 0) mrr += 1 / (first + 1);
    if (first === 0) hit1 += 1;
    const top3 = ids.slice(0, 3);
    recall3 += relevant.filter((id) => top3.includes(id)).length / Math.min(relevant.length, 3);
  }
  const n = queries.length || 1;
  return { mrr: mrr / n, recall3: recall3 / n, hit1: hit1 / n };
}

function row(label: string, asWritten: Scores, withoutDiacritics: Scores): string {
  const cell = (s: Scores) => `${s.mrr.toFixed(3)}  ${s.recall3.toFixed(3)}  ${s.hit1.toFixed(3)}`;
  return `| ${label.padEnd(34)} | ${cell(asWritten)} | ${cell(withoutDiacritics)} |`;
}

/**
 * Distribution of the signals the engine can threshold for out-of-scope questions (best raw BM25, best cosine,
 * best coverage), in-scope questions against `test/eval/retrieval-out-of-scope.jsonl`.
 */
async function printCalibration(retriever: Retriever, inScope: LabelledQuery[]): Promise<void> {
  const file = path.join(root, 'test/eval/retrieval-out-of-scope.jsonl');
  if (!existsSync(file)) return;
  const outOfScope = loadQueries(file);
  const signals = async (questions: string[]) => {
    const rows: Array<{ bm25: number; similarity: number; coverage: number }> = [];
    for (const q of questions) {
      const result = await retriever.searchDetailed(q);
      rows.push({ bm25: result.bestBm25, similarity: result.bestSimilarity, coverage: result.bestCoverage });
    }
    return rows;
  };
  const quantile = (values: number[], share: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(share * (sorted.length - 1))))] ?? 0;
  };
  const inRows = await signals(inScope.flatMap((query) => [query.q, fold(query.q)]));
  const outRows = await signals(outOfScope.flatMap((query) => [query.q, fold(query.q)]));
  console.log(`\nout-of-scope calibration (${inRows.length} in-scope vs ${outRows.length} out-of-scope, with and without diacritics)`);
  console.log('| signal     | in p05 | in p10 | in median | out median | out p90 | out max |');
  for (const key of ['bm25', 'similarity', 'coverage'] as const) {
    const inside = inRows.map((row) => row[key]);
    const outside = outRows.map((row) => row[key]);
    const cells = [quantile(inside, 0.05), quantile(inside, 0.1), quantile(inside, 0.5), quantile(outside, 0.5), quantile(outside, 0.9), Math.max(...outside)];
    console.log(`| ${key.padEnd(10)} | ${cells.map((value) => value.toFixed(3).padStart(6)).join(' | ')} |`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const queryFile = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? path.join(root, 'test/eval/retrieval-queries.jsonl'));
  const grid = args.includes('--grid');
  const { documents, source } = loadDocuments();
  const queries = loadQueries(queryFile);
  const known = new Set(documents.map((document) => splitQualifiedId(document.id).localId));
  const unknown = queries.flatMap((query) => query.relevant.filter((id) => !known.has(id)));
  if (unknown.length > 0) console.log(`warning: relevant ids not among the documents: ${[...new Set(unknown)].join(', ')}`);
  console.log(`documents: ${documents.length} from ${source}; queries: ${queries.length} from ${path.relative(root, queryFile)}`);

  const bm25Grid: Array<{ k1: number; b: number; stopwords: StopwordMode }> = grid
    ? [0.9, 1.2, 1.6].flatMap((k1) => [0.4, 0.6, 0.75].flatMap((b) => (['unigrams', 'none', 'all'] as StopwordMode[]).map((stopwords) => ({ k1, b, stopwords }))))
    : [{ k1: 0.9, b: 0.6, stopwords: 'unigrams' }];
  const charWeights = grid ? [0.4, 0.6, 0.8] : [0.6];

  const header = `| ${'configuration'.padEnd(34)} | MRR@10 R@3    hit@1 | MRR@10 R@3    hit@1 |`;
  const results: Array<{ label: string; combined: number; line: string }> = [];
  for (const charWeight of charWeights) {
    const embedder = new HashedNgramEmbedder({ charWeight });
    for (const { k1, b, stopwords } of bm25Grid) {
      const started = performance.now();
      const retriever = await Retriever.create({ documents, embedder, bm25: { k1, b, tokenizer: { stopwords } } });
      const buildMs = performance.now() - started;
      const prefix = grid ? `k1=${k1} b=${b} sw=${stopwords} c=${charWeight} ` : '';
      const configurations: Array<[string, Partial<FusionOptions>]> = [
        ['bm25 only', { method: 'weighted', bm25Weight: 1, vectorWeight: 0 }],
        ['vector only', { method: 'weighted', bm25Weight: 0, vectorWeight: 1 }],
        ['rrf k=60', { method: 'rrf', rrfK: 60 }],
        ...[0.5, 0.6, 0.7, 0.8, 0.9].map((w): [string, Partial<FusionOptions>] => [`weighted ${w}/${(1 - w).toFixed(1)}`, { method: 'weighted', bm25Weight: w, vectorWeight: 1 - w }]),
      ];
      if (!grid) console.log(`\nindex + embeddings built in ${buildMs.toFixed(0)} ms\n${header}\n|${'-'.repeat(36)}|${'-'.repeat(21)}|${'-'.repeat(21)}|`);
      for (const [label, fusion] of configurations) {
        const asWritten = await score(retriever, queries, fusion, false);
        const withoutDiacritics = await score(retriever, queries, fusion, true);
        const line = row(prefix + label, asWritten, withoutDiacritics);
        results.push({ label: prefix + label, combined: asWritten.mrr + withoutDiacritics.mrr + 0.5 * (asWritten.recall3 + withoutDiacritics.recall3), line });
        if (!grid) console.log(line);
      }
    }
  }
  results.sort((x, y) => y.combined - x.combined);
  if (grid) {
    console.log(`\nbest 15 of ${results.length} (columns: as written | without diacritics)\n${header}`);
    for (const result of results.slice(0, 15)) console.log(result.line);
  }
  console.log(`\nbest: ${results[0]?.label} (MRR as written + MRR folded + half the recall@3 sum = ${results[0]?.combined.toFixed(3)})`);

  const timing = await Retriever.create({ documents, embedder: new HashedNgramEmbedder() });
  await printCalibration(timing, queries);
  const started = performance.now();
  for (const { q } of queries) await timing.search(q, { limit: 10 });
  console.log(`mean hybrid query time: ${((performance.now() - started) / queries.length).toFixed(2)} ms over ${queries.length} questions`);
}

await main();
