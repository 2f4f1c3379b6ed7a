-- The decision as structured knowledge (issue 2). Replaced as a whole by saveKnowledge in one transaction.
-- Every `position` column keeps the order of the Knowledge arrays, so loadKnowledge returns them as saved.
-- Every `folded` column holds fold() (src/text/vietnamese.ts) of the searchable text, filled by the repository.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE documents (
  id                text PRIMARY KEY,
  number            text NOT NULL,
  type              text NOT NULL,
  issuer            text NOT NULL,
  issued_on         date NOT NULL,
  signer            text NOT NULL,
  signer_title      text,
  effective_on      date,
  effect_text       text,
  title             text NOT NULL,
  legal_bases       jsonb NOT NULL DEFAULT '[]',
  related_documents jsonb NOT NULL DEFAULT '[]',
  warnings          jsonb NOT NULL DEFAULT '[]',
  -- sha256 of the seed file, and of the canonical JSON of the whole Knowledge: both equal means nothing to do.
  source_hash       text NOT NULL,
  content_hash      text NOT NULL,
  loaded_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sections (
  id          text PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position    int NOT NULL,
  path        jsonb NOT NULL,
  heading     text NOT NULL,
  body        text NOT NULL,
  folded      text NOT NULL,
  line        int NOT NULL
);
CREATE INDEX sections_document_position ON sections (document_id, position);

CREATE TABLE tasks (
  id            text PRIMARY KEY,
  document_id   text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position      int NOT NULL,
  appendix      int NOT NULL,
  row_label     text NOT NULL,
  block         jsonb,
  grp           jsonb,
  code          text,
  name          text NOT NULL,
  content       text NOT NULL,
  lead          jsonb,
  partners      jsonb,
  result        text,
  deadline      jsonb NOT NULL,
  -- deadline.due for 'date' and 'period' deadlines, null otherwise: lets SQL sort and filter by due date.
  due           date,
  deadline_kind text NOT NULL,
  funding       text,
  inherited     jsonb NOT NULL DEFAULT '[]',
  line          int NOT NULL,
  folded        text NOT NULL
);
CREATE INDEX tasks_document_position ON tasks (document_id, position);
CREATE INDEX tasks_code ON tasks (code);
CREATE INDEX tasks_due ON tasks (due);

CREATE TABLE agencies (
  id        text PRIMARY KEY,
  position  int NOT NULL,
  name      text NOT NULL,
  short     text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('agency', 'collective', 'group')),
  -- The aliases exactly as listed (order and spelling); agency_aliases is the folded lookup derived from them.
  aliases   jsonb NOT NULL DEFAULT '[]',
  successor jsonb
);

CREATE TABLE agency_aliases (
  alias_folded text NOT NULL,
  agency_id    text NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  PRIMARY KEY (alias_folded, agency_id)
);
CREATE INDEX agency_aliases_agency ON agency_aliases (agency_id);

-- Vectors of any dimension: the model and dimension are recorded per row, and a query compares only vectors of
-- the same model and dimension, so a model change re-embeds instead of mixing spaces.
CREATE TABLE embeddings (
  item_kind    text NOT NULL,
  item_id      text NOT NULL,
  model        text NOT NULL,
  dimensions   int NOT NULL CHECK (dimensions > 0),
  embedding    vector NOT NULL,
  content_hash text NOT NULL,
  PRIMARY KEY (item_kind, item_id, model)
);
CREATE INDEX embeddings_model_dimensions ON embeddings (model, dimensions);
