import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/knowledge/ingest.ts';
import { GROUP_SIZE, RUN_SIZE, reviewedTasks, syntheticDocument } from '../../scripts/synthetic-document.ts';
import { gazetteer } from '../knowledge/data.ts';

describe('the synthetic plan document', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'synthetic-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const ingest = (tasks: number) => {
    const file = path.join(directory, `plan-${tasks}.md`);
    writeFileSync(file, syntheticDocument({ tasks, number: 9001 }));
    return readDocumentFile(file, gazetteer());
  };

  it('varies the reviewed tasks of the checkout', () => {
    expect(reviewedTasks().length).toBeGreaterThan(100);
    expect(syntheticDocument({ tasks: 30 })).toBe(syntheticDocument({ tasks: 30 }));
  });

  it('ingests with as many tasks as it promises, distinct names and no review warning', () => {
    const tasks = 2 * GROUP_SIZE + RUN_SIZE + 7;
    const knowledge = ingest(tasks);
    expect(knowledge.id).toBe('9001');
    expect(knowledge.tasks).toHaveLength(tasks);
    expect(knowledge.warnings).toEqual([]);
    expect(new Set(knowledge.tasks.map((task) => task.id)).size).toBe(tasks);
    expect(new Set(knowledge.tasks.map((task) => task.name)).size).toBe(tasks);
    expect(knowledge.tasks.every((task) => (task.lead?.text ?? '') !== '')).toBe(true);
    expect(new Set(knowledge.tasks.map((task) => task.group?.code)).size).toBe(3);
  });
});
