/** Shared pieces of the officials' tests: a settable clock, the default configuration, message builders. */
import type { Config } from '../../src/config.ts';
import type { ChannelName, IncomingMessage } from '../../src/engine/types.ts';
import type { Database } from '../../src/store/database.ts';

export class TestClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export function officialsConfig(overrides: Partial<Config['officials']> = {}): Config['officials'] {
  return {
    coordinatorAgencies: ['Sở Khoa học và Công nghệ', 'Văn phòng UBND tỉnh'],
    reminderDays: [14, 3],
    quietHours: { from: 21, to: 7 },
    undoWindowMinutes: 30,
    inviteTtlHours: 72,
    digestWeekday: 1,
    schedulerIntervalMinutes: 0,
    reportingDueDay: 10,
    // No period requests unless a test asks for them: reminder tests count exactly the reminders they expect.
    reportingRequestDays: [],
    ...overrides,
  };
}

let messageCounter = 0;

/** A Telegram-like message with a fresh platform message id unless one is given. */
export function message(
  userId: string,
  text: string,
  extra: Partial<IncomingMessage> & { channel?: ChannelName } = {},
): IncomingMessage {
  messageCounter += 1;
  return {
    channel: 'telegram',
    userId,
    conversationId: `chat-${userId}`,
    messageId: `m${messageCounter}`,
    text,
    userName: `Cán bộ ${userId}`,
    today: '2026-05-20',
    ...extra,
  };
}

export const OFFICIALS_TABLES = ['reporting_periods', 'reminders_sent', 'pending_choices', 'pending_updates', 'status_updates', 'invites', 'officials'];

/** Empties the officials' tables between tests (the schema stays). */
export async function resetOfficials(db: Database): Promise<void> {
  await db.exec(`TRUNCATE ${OFFICIALS_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
}
