-- Many documents side by side (documents as data). Each document's knowledge is stored whole, as the JSON the
-- interpreter made (src/documents/types.ts `DocumentKnowledge`): the store is its record, the answer path reads it
-- from memory (src/knowledge/snapshot.ts). An ingest adds a document or replaces the one with the same id; it never
-- touches the others. `knowledge_version` goes up on every change so other instances notice and reload.

-- Status updates, drafts and reminders named tasks by their bare id while one document was loaded; from now on
-- they name them by key (`101:PL1.29`). The one document stored so far gives the prefix (its number's digits).
UPDATE status_updates SET task_id = substring(d.id from '^[0-9]+') || ':' || task_id
  FROM (SELECT id FROM documents) d
  WHERE position(':' in task_id) = 0 AND (SELECT count(*) FROM documents) = 1 AND substring(d.id from '^[0-9]+') IS NOT NULL;
UPDATE reminders_sent SET task_id = substring(d.id from '^[0-9]+') || ':' || task_id
  FROM (SELECT id FROM documents) d
  WHERE task_id <> '' AND position(':' in task_id) = 0 AND (SELECT count(*) FROM documents) = 1 AND substring(d.id from '^[0-9]+') IS NOT NULL;
UPDATE pending_updates SET draft = jsonb_set(draft, '{taskId}', to_jsonb(substring(d.id from '^[0-9]+') || ':' || (draft->>'taskId')))
  FROM (SELECT id FROM documents) d
  WHERE position(':' in (draft->>'taskId')) = 0 AND (SELECT count(*) FROM documents) = 1 AND substring(d.id from '^[0-9]+') IS NOT NULL;

DROP TABLE IF EXISTS agency_aliases;
DROP TABLE IF EXISTS agencies;
DROP TABLE IF EXISTS tasks;
DROP TABLE IF EXISTS sections;
DROP TABLE IF EXISTS documents;

CREATE TABLE documents (
  id            text PRIMARY KEY,
  -- The official number ("101/QĐ-UBND"); null for a draft printed without one.
  number        text,
  kind          text NOT NULL,
  title         text NOT NULL,
  knowledge     jsonb NOT NULL,
  -- The file it was read from (name only), its sha256, and the sha256 of the canonical JSON of `knowledge`.
  source_name   text NOT NULL,
  source_hash   text NOT NULL,
  content_hash  text NOT NULL,
  loaded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX documents_number ON documents (number) WHERE number IS NOT NULL;

-- One row: the knowledge's version, 0 until the first load.
CREATE TABLE knowledge_version (
  id          int PRIMARY KEY CHECK (id = 1),
  version     bigint NOT NULL,
  changed_at  timestamptz NOT NULL
);
INSERT INTO knowledge_version (id, version, changed_at) VALUES (1, 0, now());

-- Item ids are qualified by document from now on (`101:PL2.11`); the old unqualified vectors are embedded again.
DELETE FROM embeddings;
