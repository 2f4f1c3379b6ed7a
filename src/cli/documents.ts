/**
 * `npm run --silent documents -- list [--json] | remove ID`: the documents in the store of DATA_DIR (or
 * DATABASE_URL). Removing one leaves the others and their ids as they are; the audit trail of status updates is
 * kept (it references task keys, not rows).
 */
import type { Database } from '../store/database.ts';
import { listDocuments, removeDocument } from '../store/documents-repository.ts';
import { formatDateTimeInVietnam } from '../text/dates.ts';
import { parseArgs, UsageError } from './args.ts';

export interface DocumentsCliDeps {
  db: Database;
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = 'Cách dùng (usage): documents list [--json] | documents remove MÃ_VĂN_BẢN';

/** Exit code 0 on success, 1 when there is no such document, 2 on a usage error. */
export async function runDocumentsCli(args: string[], deps: DocumentsCliDeps): Promise<number> {
  const [action, ...rest] = args;
  const parsed = parseArgs(rest, ['json']);
  switch (action) {
    case 'list': {
      const documents = await listDocuments(deps.db);
      if (parsed.flags.has('json')) {
        deps.out(JSON.stringify(documents));
        return 0;
      }
      if (documents.length === 0) deps.out('Kho chưa có văn bản nào (no documents).');
      for (const document of documents) {
        deps.out([document.id, document.number ?? '(chưa có số)', document.kind, `${document.tasks} nhiệm vụ`, `${document.sections} mục`, document.sourceName, formatDateTimeInVietnam(document.loadedAt), document.title].join('\t'));
      }
      return 0;
    }
    case 'remove': {
      const id = parsed.positional[0];
      if (!id) throw new UsageError(`Thiếu mã văn bản cần gỡ.\n${USAGE}`);
      if (!(await removeDocument(deps.db, id))) {
        deps.err(`Không có văn bản mã "${id}" trong kho (no such document). Xem: documents list`);
        return 1;
      }
      deps.out(`Đã gỡ văn bản ${id}; các văn bản khác giữ nguyên.`);
      return 0;
    }
    default:
      throw new UsageError(`Lệnh con không hợp lệ: ${action ?? '(trống)'}.\n${USAGE}`);
  }
}
