-- Webhook bodies accepted from a platform, stored before the platform gets its 200 (Telegram and Zalo do not
-- redeliver after a 2xx). The primary key de-duplicates redeliveries across restarts and across instances on one
-- database; a row without done_at is unfinished work that a restart (or another instance, once the claim is
-- stale) resumes. The payload is JSON kept as text (jsonb refuses \u0000). Written by src/channels/inbox.ts.
CREATE TABLE channel_inbox (
  channel      text NOT NULL,
  event_key    text NOT NULL,
  payload      text NOT NULL,
  received_at  timestamptz NOT NULL,
  claimed_at   timestamptz NOT NULL,
  attempts     int NOT NULL DEFAULT 1,
  done_at      timestamptz,
  PRIMARY KEY (channel, event_key)
);
CREATE INDEX channel_inbox_unfinished ON channel_inbox (channel, claimed_at) WHERE done_at IS NULL;
