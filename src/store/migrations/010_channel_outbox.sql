-- Replies a channel failed to deliver (Telegram/Zalo send errors), kept so nothing an official confirmed is lost.
-- Written by src/channels/outbox.ts; purged after RETENTION_DAYS by purgeChannelOutbox.
create table if not exists channel_outbox (
  id bigserial primary key,
  channel text not null,
  user_id text not null,
  conversation_id text not null,
  message_id text,
  outcome text not null,
  reply_text text not null,
  error text not null,
  failed_at timestamptz not null default now(),
  resent_at timestamptz
);

create index if not exists channel_outbox_pending_idx on channel_outbox (failed_at) where resent_at is null;
