-- Officials, their status updates by chat, drafts awaiting confirmation and reminders sent (issue 4).
-- Task and agency ids are the knowledge's ids, kept as text without foreign keys: the knowledge is replaced as a
-- whole on every ingest and the audit trail must survive that.

CREATE TABLE officials (
  id                 bigserial PRIMARY KEY,
  channel            text NOT NULL,
  user_id            text NOT NULL,
  agency_id          text NOT NULL,
  name               text NOT NULL,
  role               text NOT NULL CHECK (role IN ('official', 'coordinator')),
  opt_out_reminders  boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  removed_at         timestamptz
);
-- One active binding per chat account; removed rows stay for the audit trail.
CREATE UNIQUE INDEX officials_active_account ON officials (channel, user_id) WHERE removed_at IS NULL;
CREATE INDEX officials_agency ON officials (agency_id) WHERE removed_at IS NULL;

-- One-time registration codes. Only the sha256 of the code is kept.
CREATE TABLE invites (
  code_hash   text PRIMARY KEY,
  agency_id   text NOT NULL,
  role        text NOT NULL DEFAULT 'official' CHECK (role IN ('official', 'coordinator')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     bigint REFERENCES officials (id)
);

-- Append-only: never updated or deleted. A withdrawal is a new row pointing at the row it withdraws.
CREATE TABLE status_updates (
  id                   bigserial PRIMARY KEY,
  task_id              text NOT NULL,
  agency_id            text NOT NULL,
  official_id          bigint NOT NULL REFERENCES officials (id),
  channel              text NOT NULL,
  -- The platform id of the message that started the update (for a withdrawal: the /huy message), and of the
  -- message that confirmed it. Either delivered twice is recognised and stored once.
  platform_message_id  text,
  confirm_message_id   text,
  kind                 text NOT NULL CHECK (kind IN ('status', 'comment', 'withdrawal')),
  status               text CHECK (status IN ('chua_trien_khai', 'dang_trien_khai', 'hoan_thanh', 'vuong_mac')),
  percent              int CHECK (percent BETWEEN 0 AND 100),
  note                 text NOT NULL DEFAULT '',
  evidence_url         text,
  withdraws_id         bigint REFERENCES status_updates (id),
  raw_message          text NOT NULL,
  created_at           timestamptz NOT NULL,
  CHECK ((kind = 'withdrawal') = (withdraws_id IS NOT NULL)),
  CHECK (kind = 'status' OR status IS NULL)
);
CREATE UNIQUE INDEX status_updates_platform_message ON status_updates (channel, platform_message_id);
CREATE UNIQUE INDEX status_updates_confirm_message ON status_updates (channel, confirm_message_id);
CREATE UNIQUE INDEX status_updates_withdrawn_once ON status_updates (withdraws_id);
CREATE INDEX status_updates_task ON status_updates (task_id, agency_id, id);
CREATE INDEX status_updates_official ON status_updates (official_id, id);

-- One draft per chat account, replaced or extended by each message until "có" (stored) or "không" (dropped).
CREATE TABLE pending_updates (
  channel      text NOT NULL,
  user_id      text NOT NULL,
  official_id  bigint NOT NULL REFERENCES officials (id),
  draft        jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (channel, user_id)
);

-- Each reminder at most once: the row is claimed before the message is sent. `task_id` is '' for a digest;
-- `period_key` is the due date for task reminders and the digest date for digests.
CREATE TABLE reminders_sent (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  task_id      text NOT NULL,
  agency_id    text NOT NULL,
  official_id  bigint NOT NULL REFERENCES officials (id),
  period_key   text NOT NULL,
  sent_at      timestamptz NOT NULL,
  UNIQUE (kind, task_id, agency_id, official_id, period_key)
);
