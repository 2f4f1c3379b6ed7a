/**
 * `npm run zalo:login`: logs a personal Zalo account in by QR code through zca-js (update check off) and saves
 * the credentials (cookie, imei, user agent) to `${DATA_DIR}/zalo-credentials.json` for `npm start`.
 * The QR image is written to `${DATA_DIR}/zalo-qr.png`; scan it with the Zalo app of the account to use.
 */
import path from 'node:path';
import { writeJsonAtomic } from '../channels/files.ts';
import { importZcaJs, ZALO_CREDENTIALS_FILE, type ZcaLoginQrEvent } from '../channels/zalo-personal.ts';

export interface ZaloLoginDeps {
  dataDir: string;
  /** Where instructions go (stdout by default). */
  write?: (line: string) => void;
}

export async function zaloLogin(deps: ZaloLoginDeps): Promise<number> {
  const write = deps.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const qrPath = path.join(deps.dataDir, 'zalo-qr.png');
  const credentialsPath = path.join(deps.dataDir, ZALO_CREDENTIALS_FILE);
  const { Zalo } = await importZcaJs();
  const zalo = new Zalo({ checkUpdate: false, selfListen: false, logging: false });
  let saved: Promise<void> | undefined;
  await zalo.loginQR({ qrPath }, (event: ZcaLoginQrEvent) => {
    switch (event.type) {
      case 0:
        void event.actions.saveToFile(qrPath).then(() =>
          write(`Mở ứng dụng Zalo trên điện thoại và quét mã QR trong tệp: ${qrPath}`),
        );
        break;
      case 1:
        write('Mã QR đã hết hạn; đang tạo mã mới…');
        event.actions.retry();
        break;
      case 2:
        write('Đã quét mã; hãy xác nhận đăng nhập trên điện thoại.');
        break;
      case 3:
        write('Đăng nhập bị từ chối trên điện thoại.');
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
  if (!saved) {
    write('Không nhận được thông tin đăng nhập từ Zalo.');
    return 1;
  }
  await saved;
  write(`Đã lưu thông tin đăng nhập vào ${credentialsPath}. Đặt ZALO_PERSONAL_ENABLED=true rồi chạy npm start.`);
  return 0;
}
