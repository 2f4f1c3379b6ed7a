-- Zalo Official Account OAuth tokens, one row per Zalo app id (src/channels/zalo-oa-tokens.ts).
-- A refresh token works once: every instance on this database refreshes inside a transaction that holds this row
-- with SELECT … FOR UPDATE and re-reads it first, so two instances never spend the same refresh token.
create table if not exists zalo_oa_tokens (
  app_id text primary key,
  access_token text,
  refresh_token text,
  -- When the access token stops working (from the OAuth answer's expires_in); null when unknown (seeded tokens).
  expires_at timestamptz,
  -- When this pair was obtained by a refresh, or first stored from the environment or the legacy token file.
  updated_at timestamptz not null,
  -- sha256 of the ZALO_OA_REFRESH_TOKEN these tokens descend from: a different value there means a new
  -- authorisation, whose tokens replace these.
  seeded_from text
);
