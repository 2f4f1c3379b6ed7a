-- The 1022 desk (issue 13): operators answer citizens who asked for a person, through the citizen's own channel.
--
-- Operators are registered staff like officials, with the role 'operator' (they may enter /desk only).
ALTER TABLE officials DROP CONSTRAINT officials_role_check;
ALTER TABLE officials ADD CONSTRAINT officials_role_check CHECK (role IN ('official', 'coordinator', 'operator'));
ALTER TABLE invites DROP CONSTRAINT invites_role_check;
ALTER TABLE invites ADD CONSTRAINT invites_role_check CHECK (role IN ('official', 'coordinator', 'operator'));

-- One row per handoff of one chat account. `offered`: the assistant asked "chuyển cho tổng đài viên?" and waits for
-- the answer (dropped on "không" or after 30 minutes); `queued`: accepted, waiting for an operator; `open`: claimed by
-- `operator_id`; `closed`: ended by the operator or the citizen. At most one row that is not closed per account, so
-- two instances on one PostgreSQL never open two desk conversations for one person (the unique index decides).
-- Rows (and their messages) are deleted DESK_RETENTION_DAYS after closing (src/desk/store.ts `purgeDesk`).
CREATE TABLE desk_conversations (
  id               bigserial PRIMARY KEY,
  channel          text NOT NULL,
  user_id          text NOT NULL,
  status           text NOT NULL CHECK (status IN ('offered', 'queued', 'open', 'closed')),
  operator_id      bigint REFERENCES officials (id),
  offered_at       timestamptz NOT NULL,
  queued_at        timestamptz,
  opened_at        timestamptz,
  closed_at        timestamptz,
  closed_by        text CHECK (closed_by IN ('operator', 'citizen')),
  -- Whether the citizen was told once that their messages now go to an operator (later ones get no reply).
  acknowledged     boolean NOT NULL DEFAULT false,
  last_citizen_at  timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (status <> 'open' OR operator_id IS NOT NULL)
);
CREATE UNIQUE INDEX desk_conversations_active ON desk_conversations (channel, user_id) WHERE status <> 'closed';
CREATE INDEX desk_conversations_queue ON desk_conversations (status, queued_at);
CREATE INDEX desk_conversations_closed ON desk_conversations (closed_at) WHERE status = 'closed';

-- What was said: the assistant's earlier attempts copied in at the handoff (`earlier`), then the citizen's messages
-- and the operators' replies. `delivery` of an operator's reply: `sent` (pushed on the citizen's channel), `stored`
-- (the web chat shows it when it polls), `failed` (the platform refused it; the desk shows it).
CREATE TABLE desk_messages (
  id               bigserial PRIMARY KEY,
  conversation_id  bigint NOT NULL REFERENCES desk_conversations (id) ON DELETE CASCADE,
  author           text NOT NULL CHECK (author IN ('citizen', 'assistant', 'operator')),
  operator_id      bigint REFERENCES officials (id),
  body             text NOT NULL,
  earlier          boolean NOT NULL DEFAULT false,
  delivery         text NOT NULL DEFAULT 'none' CHECK (delivery IN ('none', 'sent', 'stored', 'failed')),
  created_at       timestamptz NOT NULL
);
CREATE INDEX desk_messages_conversation ON desk_messages (conversation_id, id);

-- Saved answers ("câu trả lời mẫu"): an operator's answer reviewed and saved with its question. Kept until removed;
-- personal data is taken out when saved. No foreign key to the conversation: conversations are purged, answers stay.
CREATE TABLE desk_saved_answers (
  id                   bigserial PRIMARY KEY,
  question             text NOT NULL,
  answer               text NOT NULL,
  reviewed_by          bigint NOT NULL REFERENCES officials (id),
  reviewer_name        text NOT NULL,
  reviewed_at          timestamptz NOT NULL,
  source_conversation  bigint,
  removed_at           timestamptz
);
