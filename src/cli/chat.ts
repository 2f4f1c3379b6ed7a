/**
 * The simulation contract: `chat --channel telegram --user 1001 [--today YYYY-MM-DD] [--json] "tin nhắn"` feeds one
 * message through the same engine (officials first, then answering) and the same store a channel message uses,
 * and prints the reply. Nothing is kept in this process: state lives in the store (DATA_DIR or DATABASE_URL), so
 * a conversation is played as a sequence of calls.
 */
import { CHANNEL_NAMES, type ChannelName, type Engine, type IncomingMessage } from '../engine/types.ts';
import { endingOf } from '../engine/outcomes.ts';
import { isIsoDate } from '../text/dates.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';

export interface ChatCliDeps {
  /** The engine a channel message reaches (the lead may pass a wrapper over the channel gateway). */
  engine: Engine;
  out: (text: string) => void;
  err?: (text: string) => void;
  now?: () => Date;
}


/** Builds the IncomingMessage exactly as a channel adapter would; throws UsageError on bad flags. */
export function chatMessage(args: string[], now: Date): { message: IncomingMessage; json: boolean } {
  const parsed = parseArgs(args, ['json']);
  const channel = (stringFlag(parsed, 'channel') ?? 'cli') as ChannelName;
  if (!CHANNEL_NAMES.includes(channel)) throw new UsageError(`--channel phải là một trong: ${CHANNEL_NAMES.join(', ')}.`);
  const userId = stringFlag(parsed, 'user') ?? 'cli-user';
  const today = stringFlag(parsed, 'today');
  if (today !== undefined && !isIsoDate(today)) throw new UsageError(`--today phải có dạng YYYY-MM-DD (got "${today}").`);
  const text = parsed.positional.join(' ').trim();
  if (text === '') {
    throw new UsageError('Thiếu nội dung tin nhắn. Ví dụ: chat --channel telegram --user 1001 "/nhiemvu"');
  }
  const name = stringFlag(parsed, 'name');
  return {
    json: parsed.flags.has('json'),
    message: {
      channel,
      userId,
      conversationId: stringFlag(parsed, 'conversation') ?? userId,
      messageId: stringFlag(parsed, 'message-id') ?? null,
      text,
      ...(name ? { userName: name } : {}),
      ...(today ? { today } : {}),
      receivedAt: now,
    },
  };
}

export async function runChatCli(args: string[], deps: ChatCliDeps): Promise<number> {
  const err = deps.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  let request;
  try {
    request = chatMessage(args, (deps.now ?? (() => new Date()))());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(error.message);
    return 2;
  }
  const reply = await deps.engine.handle(request.message);
  if (request.json) {
    deps.out(
      JSON.stringify({
        answer: reply.text,
        outcome: reply.outcome,
        refused: reply.refused,
        intent: endingOf(reply),
        reason: reply.reason,
        citations: reply.citations,
        ...(reply.buttons ? { buttons: reply.buttons } : {}),
      }),
    );
  } else {
    deps.out(reply.buttons ? `${reply.text}\n${reply.buttons.map((button) => `[${button.text}]`).join(' ')}` : reply.text);
  }
  return 0;
}
