-- Staff sign-in for the web areas (/admin for coordinators, /desk for the hotline operators): one-time codes delivered
-- on a channel that proves who the official is, and the sessions they open. Only sha256 hashes of codes and of
-- session ids are kept, so a copy of the store opens no session. Rows live in the store (not in memory) so that
-- every instance on one PostgreSQL accepts the same sessions; expired rows are purged by src/console/sign-in.ts.

CREATE TABLE staff_sign_in_codes (
  code_hash    text PRIMARY KEY,
  official_id  bigint NOT NULL REFERENCES officials (id),
  area         text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz
);
CREATE INDEX staff_sign_in_codes_expiry ON staff_sign_in_codes (expires_at);

CREATE TABLE staff_sessions (
  id_hash      text PRIMARY KEY,
  official_id  bigint NOT NULL REFERENCES officials (id),
  area         text NOT NULL,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);
