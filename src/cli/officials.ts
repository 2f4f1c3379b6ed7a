/**
 * `officials` administration: add, list, remove officials and issue one-time invite codes.
 *   officials add --channel telegram --user 1001 --agency "Sở Y tế" --name "Nguyễn Văn A" [--coordinator]
 *   officials list [--json]
 *   officials remove --channel telegram --user 1001
 *   officials invite --agency "Sở Y tế" [--hours 72] [--coordinator]
 */
import type { Config } from '../config.ts';
import { OFFICIAL_CHANNELS, type ChannelName } from '../engine/types.ts';
import { UnknownAgencyError } from '../knowledge/agencies.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { OfficialsAdminError } from '../officials/errors.ts';
import { bindableAgency } from '../officials/roles.ts';
import { formatDateTimeInVietnam } from '../text/dates.ts';
import { addOfficial, createInvite, listActiveOfficials, removeOfficial, type OfficialRole } from '../officials/repository.ts';
import type { Clock } from '../officials/service.ts';
import type { Database } from '../store/database.ts';
import { parseArgs, stringFlag, UsageError, type ParsedArgs } from './args.ts';

export interface OfficialsCliDeps {
  db: Database;
  knowledge: Pick<KnowledgeSnapshot, 'tasks' | 'agencies'>;
  config: Config['officials'];
  out: (text: string) => void;
  err?: (text: string) => void;
  clock?: Clock;
}


const USAGE = [
  'Cách dùng (usage):',
  '  officials add --channel telegram --user 1001 --agency "Sở Y tế" --name "Nguyễn Văn A" [--coordinator | --role operator]',
  '  officials list [--json]',
  '  officials remove --channel telegram --user 1001',
  '  officials invite --agency "Sở Y tế" [--hours 72] [--coordinator | --role operator]',
].join('\n');

function required(parsed: ParsedArgs, name: string): string {
  const value = stringFlag(parsed, name)?.trim();
  if (!value) throw new UsageError(`Thiếu --${name} (missing --${name}).\n${USAGE}`);
  return value;
}

function channelFlag(parsed: ParsedArgs): ChannelName {
  const channel = required(parsed, 'channel');
  // Officials need a channel that can reach them (confirmations, reminders): the web chat has no accounts.
  if (!OFFICIAL_CHANNELS.includes(channel as ChannelName)) {
    throw new UsageError(`Kênh "${channel}" không hợp lệ; dùng một trong: ${OFFICIAL_CHANNELS.join(', ')}.`);
  }
  return channel as ChannelName;
}

/** `--role official|coordinator|operator` (`--coordinator` is `--role coordinator`); operators work the 1022 desk. */
function roleFlag(parsed: ParsedArgs): OfficialRole {
  const role = stringFlag(parsed, 'role') ?? (parsed.flags.has('coordinator') ? 'coordinator' : 'official');
  if (role !== 'official' && role !== 'coordinator' && role !== 'operator') throw new UsageError('--role phải là official, coordinator hoặc operator.');
  return role;
}

/** Exit code 0 on success, 1 when the request cannot be carried out, 2 on a usage error or unknown agency. */
export async function runOfficialsCli(args: string[], deps: OfficialsCliDeps): Promise<number> {
  const err = deps.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  const now = (deps.clock ?? { now: () => new Date() }).now();
  const directory = deps.knowledge.agencies;
  const [action, ...rest] = args;
  const parsed = parseArgs(rest, ['coordinator', 'json']);
  try {
    switch (action) {
      case 'add': {
        const agency = bindableAgency(required(parsed, 'agency'), deps.knowledge);
        const official = await addOfficial(deps.db, {
          channel: channelFlag(parsed),
          userId: required(parsed, 'user'),
          agencyId: agency.id,
          name: required(parsed, 'name'),
          role: roleFlag(parsed),
          now,
        });
        deps.out(`Đã thêm cán bộ #${official.id}: ${official.name} — ${agency.name} (${official.channel}:${official.userId}, ${official.role}).`);
        return 0;
      }
      case 'list': {
        const officials = await listActiveOfficials(deps.db);
        if (parsed.flags.has('json')) {
          deps.out(JSON.stringify(officials.map((official) => ({ ...official, agency: directory.displayName(official.agencyId) }))));
          return 0;
        }
        if (officials.length === 0) deps.out('Chưa có cán bộ nào (no officials).');
        for (const official of officials) {
          deps.out(
            [
              `#${official.id}`,
              `${official.channel}:${official.userId}`,
              directory.displayName(official.agencyId),
              official.name,
              official.role,
              official.optOutReminders ? 'tắt nhắc hạn' : 'nhận nhắc hạn',
              formatDateTimeInVietnam(official.createdAt),
            ].join('\t'),
          );
        }
        return 0;
      }
      case 'remove': {
        const channel = channelFlag(parsed);
        const userId = required(parsed, 'user');
        if (!(await removeOfficial(deps.db, channel, userId, now))) {
          err(`Không có cán bộ đang hoạt động với tài khoản ${channel}:${userId} (no active official).`);
          return 1;
        }
        deps.out(`Đã gỡ cán bộ ${channel}:${userId}; lịch sử cập nhật vẫn được giữ.`);
        return 0;
      }
      case 'invite': {
        const agency = bindableAgency(required(parsed, 'agency'), deps.knowledge);
        const hoursText = stringFlag(parsed, 'hours');
        const hours = hoursText === undefined ? deps.config.inviteTtlHours : Number(hoursText);
        if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) throw new UsageError('--hours phải là số nguyên từ 1 đến 2160.');
        const invite = await createInvite(deps.db, { agencyId: agency.id, role: roleFlag(parsed), now, ttlHours: hours });
        deps.out(invite.code);
        err(
          `Mã mời một lần cho ${agency.name} (${invite.role}), hết hạn ${formatDateTimeInVietnam(invite.expiresAt)} (giờ Việt Nam). ` +
            `Cán bộ gửi cho trợ lý: /dangky ${invite.code}`,
        );
        return 0;
      }
      default:
        throw new UsageError(`Lệnh con không hợp lệ: ${action ?? '(trống)'}.\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownAgencyError) {
      err(error.message);
      return 2;
    }
    if (error instanceof OfficialsAdminError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
}
