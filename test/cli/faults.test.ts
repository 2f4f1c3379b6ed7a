/** The fault script's arguments and its counting rules (the run itself is `npm run test:faults`, also in CI). */
import { describe, expect, it } from 'vitest';
import { parseFaultsArgs, tallyChats, tallyUpdates } from '../../src/cli/faults.ts';
import { UsageError } from '../../src/cli/args.ts';

describe('test:faults', () => {
  it('reads its flags with the documented defaults and refuses bad ones', () => {
    expect(parseFaultsArgs([])).toEqual({ updates: 500, officials: 5, citizens: 20, kills: 8, engines: ['pglite'], twoInstances: false, strict: false });
    expect(parseFaultsArgs(['--updates', '120', '--kills', '3', '--engine', 'both', '--two-instances', '--strict'])).toMatchObject({
      updates: 120,
      kills: 3,
      engines: ['pglite', 'postgres'],
      twoInstances: true,
      strict: true,
    });
    expect(() => parseFaultsArgs(['--engine', 'mysql'])).toThrow(UsageError);
    expect(() => parseFaultsArgs(['--updates', '-1'])).toThrow(UsageError);
    expect(() => parseFaultsArgs(['--kill', '3'])).toThrow(UsageError);
  });

  it('counts per chat: missing replies, extra replies, and lets a never-acknowledged message go either way', () => {
    expect(tallyChats([{ acknowledged: 3, unacknowledged: 0, replies: 3 }])).toEqual({ unanswered: 0, answeredTwice: 0 });
    expect(tallyChats([{ acknowledged: 3, unacknowledged: 0, replies: 2 }, { acknowledged: 1, unacknowledged: 0, replies: 3 }])).toEqual({ unanswered: 1, answeredTwice: 2 });
    // A message whose 200 never came may have been stored and answered before the kill: neither required nor extra.
    expect(tallyChats([{ acknowledged: 2, unacknowledged: 1, replies: 3 }])).toEqual({ unanswered: 0, answeredTwice: 0 });
    expect(tallyChats([{ acknowledged: 2, unacknowledged: 1, replies: 2 }])).toEqual({ unanswered: 0, answeredTwice: 0 });
  });

  it('finds confirmed updates missing from the store and rows stored twice (task ids with or without the document)', () => {
    const expected = [
      { userId: '1', taskId: 'PL1.29', percent: 10 },
      { userId: '1', taskId: 'PL1.29', percent: 11 },
    ];
    expect(tallyUpdates(expected, [{ user_id: '1', task_id: '719:PL1.29', percent: 10, rows: 2 }])).toEqual({ lost: 1, duplicates: 1 });
    expect(
      tallyUpdates(expected, [
        { user_id: '1', task_id: '719:PL1.29', percent: 10, rows: 1 },
        { user_id: '1', task_id: 'PL1.29', percent: 11, rows: 1 },
      ]),
    ).toEqual({ lost: 0, duplicates: 0 });
  });
});
