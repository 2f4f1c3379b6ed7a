-- A report whose task was not clear (a description or a code that fits several tasks): the candidates and the
-- report's words, kept until the official names one of them. One per chat account; not a draft (nothing to confirm).
CREATE TABLE pending_choices (
  channel      text NOT NULL,
  user_id      text NOT NULL,
  official_id  bigint NOT NULL REFERENCES officials (id),
  candidates   jsonb NOT NULL,
  body         text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (channel, user_id)
);
