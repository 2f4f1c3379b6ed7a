-- State that several instances on one PostgreSQL must share to act as one service (issue 12). One process on the
-- embedded store keeps the same state in memory and never writes these tables.
--
-- Rate-limit windows (src/channels/rate-limit.ts): hits per hashed key (a chat account, a web session, a client
-- address) per one-minute window starting at `window_start` (ms since the epoch). Windows older than the previous
-- minute are deleted.
CREATE TABLE rate_windows (
  bucket        text NOT NULL,
  window_start  bigint NOT NULL,
  hits          int NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- What a conversation is about, for follow-ups (src/engine/conversation.ts): the tasks and documents of the last
-- answer and how its question was read (slots and topic words, personal data redacted). The key is the hashed
-- channel and conversation id. Kept as JSON text (jsonb refuses \u0000); read only while fresher than the
-- conversation time-out and deleted after it.
CREATE TABLE conversation_states (
  conversation  text PRIMARY KEY,
  state         text NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX conversation_states_age ON conversation_states (updated_at);
