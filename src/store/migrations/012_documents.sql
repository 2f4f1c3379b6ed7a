-- Many documents side by side (documents as data). Each document's knowledge is stored whole, as the JSON the
-- interpreter made (src/documents/types.ts `DocumentKnowledge`): the store is its record, the answer path reads it
-- from memory (src/knowledge/snapshot.ts). An ingest adds a document or replaces the one with the same id; it never
-- touches the others. `knowledge_version` goes up on every change so other instances notice and reload.

DROP TABLE IF EXISTS agency_aliases;
DROP TABLE IF EXISTS agencies;
DROP TABLE IF EXISTS tasks;
DROP TABLE IF EXISTS sections;
DROP TABLE IF EXISTS documents;

CREATE TABLE documents (
  id            text PRIMARY KEY,
  -- The official number ("719/QĐ-UBND"); null for a draft printed without one.
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

-- Item ids are qualified by document from now on (`719:PL2.11`); the old unqualified vectors are embedded again.
DELETE FROM embeddings;
