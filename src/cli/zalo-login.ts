/**
 * `npm run zalo:login`: logs a personal Zalo account in by QR code through zca-js (update check off) and saves
 * the credentials (cookie, imei, user agent) to `${DATA_DIR}/zalo-credentials.json` (atomic, mode 0600) for
 * `npm start`. The QR image is written to `${DATA_DIR}/zalo-qr.png`; scan it with the Zalo app of the account to use.
 *
 * zca-js waits after an expired or declined QR code until told to retry or abort. An expired code is renewed up to
 * ZALO_QR_ATTEMPTS times; a declined login, or a code that expired that often, aborts: the command prints why and
 * exits with code 1 instead of hanging.
 */
import path from 'node:path';
import { writeJsonAtomic } from '../channels/files.ts';
import { describeError } from '../channels/text.ts';
import { importZcaJs, ZALO_CREDENTIALS_FILE, type ZcaLoginQrEvent, type ZcaModule } from '../channels/zalo-personal.ts';
import { ZALO_LOGIN_MESSAGES as M } from '../engine/messages.ts';

/** QR codes shown before giving up (each lives about 100 s in zca-js 2.2). */
export const ZALO_QR_ATTEMPTS = 3;

export interface ZaloLoginDeps {
  dataDir: string;
  /** Where instructions go (stdout by default). */
  write?: (line: string) => void;
  /** zca-js itself by default; a fake in tests. */
  zca?: ZcaModule;
}

type Ending = 'declined' | 'expired' | null;

export async function zaloLogin(deps: ZaloLoginDeps): Promise<number> {
  const write = deps.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const qrPath = path.join(deps.dataDir, 'zalo-qr.png');
  const credentialsPath = path.join(deps.dataDir, ZALO_CREDENTIALS_FILE);
  const { Zalo } = deps.zca ?? (await importZcaJs());
  const zalo = new Zalo({ checkUpdate: false, selfListen: false, logging: false });
  let saved: Promise<void> | undefined;
  let expired = 0;
  let ending: Ending = null;
  try {
    await zalo.loginQR({ qrPath }, (event: ZcaLoginQrEvent) => {
      switch (event.type) {
        case 0:
          void event.actions.saveToFile(qrPath).then(
            () => write(M.scanQr(qrPath)),
            (error: unknown) => write(M.failed(describeError(error).message)),
          );
          break;
        case 1:
          expired += 1;
          if (expired < ZALO_QR_ATTEMPTS) {
            write(M.qrExpiredRetry(expired + 1, ZALO_QR_ATTEMPTS));
            event.actions.retry();
          } else {
            ending = 'expired';
            event.actions.abort();
          }
          break;
        case 2:
          write(M.scanned);
          break;
        case 3:
          ending = 'declined';
          event.actions.abort();
          break;
        case 4:
          saved = writeJsonAtomic(credentialsPath, {
            cookie: event.data.cookie,
            imei: event.data.imei,
            userAgent: event.data.userAgent,
          });
          break;
      }
    });
  } catch (error) {
    if (ending === 'declined') write(M.declined);
    else if (ending === 'expired') write(M.qrExpiredGaveUp(expired));
    else if (!saved) write(M.failed(describeError(error).message));
    if (!saved) return 1;
    // The credentials arrived before a later step failed: they are saved and usable.
  }
  if (!saved) {
    write(M.noLoginInfo);
    return 1;
  }
  await saved;
  write(M.saved(credentialsPath));
  return 0;
}
