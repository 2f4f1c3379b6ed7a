/**
 * The coordinator console wired as `src/main.ts` wires it, for the console's HTTP and browser tests: a store, the
 * real knowledge and engine, the officials' service with `/dangnhap`, `serve` with Telegram pointed at a fake Bot
 * API on loopback (webhook mode) and the `/admin` routes. A coordinator gets a sign-in code the way a person does:
 * "/dangnhap" through the Telegram webhook, read back from the fake API's sendMessage.
 */
import { FakeTelegramApi, sendAndAwaitReply } from '../../src/channels/fake-telegram-api.ts';
import type { ChannelName } from '../../src/engine/types.ts';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { adminRoutes } from '../../src/console/admin.ts';
import { areaFor, staffSignIn, type StaffSignIn } from '../../src/console/sign-in.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { addOfficial, type Official } from '../../src/officials/repository.ts';
import { createOfficialsService, type OfficialNotifier } from '../../src/officials/service.ts';
import { latestStatuses } from '../../src/status/view.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment, engineOver, knowledgeData, realSnapshot } from '../support/knowledge.ts';
import { CapturingLogger, siteOf } from '../channels/support.ts';

export const TOKEN = '123456:console-test-token';
export const WEBHOOK_SECRET = 'console-webhook-secret';

export interface ConsoleHarness {
  store: StoreHandle;
  snapshot: KnowledgeSnapshot;
  service: RunningService;
  api: FakeTelegramApi;
  signIn: StaffSignIn;
  logger: CapturingLogger;
  /** Registers a Telegram account as an official of `agencyId`. */
  official(userId: string, agencyId: string, name: string, role?: 'official' | 'coordinator'): Promise<Official>;
  /** Sends a text as Telegram user `userId` in their private chat; resolves with the bot's reply text. */
  telegram(userId: string, text: string): Promise<string>;
  /** A fresh sign-in code for `userId`, obtained with "/dangnhap" on Telegram. */
  codeFor(userId: string): Promise<string>;
  close(): Promise<void>;
}

let updateId = 5000;

export async function startConsole(prefix: string, options: { publicBaseUrl?: string } = {}): Promise<ConsoleHarness> {
  const { open } = engines(prefix).at(-1)!;
  const store = await open();
  const snapshot = await realSnapshot();
  const api = new FakeTelegramApi();
  await api.start();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: '/tmp/console-test-unused',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...(options.publicBaseUrl ? { PUBLIC_BASE_URL: options.publicBaseUrl } : {}),
  });
  const logger = new CapturingLogger();
  const signIn = staffSignIn({ db: store.db, sessionHours: config.http.staffSessionHours, secureCookies: false });
  let notifier: OfficialNotifier | null = null;
  const officialsConfig = { ...config.officials, coordinatorAgencies: knowledgeData().profile.coordinatorAgencies };
  const officials = createOfficialsService({
    db: store.db,
    knowledge: () => snapshot,
    deployment: deployment(),
    config: officialsConfig,
    notify: () => notifier,
    signIn: async (official, now) => {
      const area = areaFor(official.role);
      if (!area) return null;
      const issued = await signIn.issueCode(official.id, area, now);
      return { code: issued.code, link: `${config.http.publicBaseUrl ?? ''}${issued.path}`, area, expiresAt: issued.expiresAt };
    },
  });
  const engine = engineOver(snapshot, { officials, statuses: () => latestStatuses(store.db) });
  const site = siteOf(deployment(), snapshot);
  const service = await serve({
    config,
    engine,
    site,
    db: store.db,
    logger,
    pages: { knowledge: () => snapshot, statuses: () => new Map() },
    routes: adminRoutes({
      db: store.db,
      signIn,
      knowledge: () => snapshot,
      site: site.webChat,
      officials: officialsConfig,
      notifier: () => notifier,
      secureCookies: false,
      logger,
    }),
  });
  notifier = (official, text) => service.notify(official.channel as ChannelName, official.userId, text);

  async function telegram(userId: string, text: string): Promise<string> {
    updateId += 1;
    return sendAndAwaitReply(api, { base: service.url, secret: WEBHOOK_SECRET }, { updateId, chatId: Number(userId), text, firstName: 'Cán bộ' }, 10_000);
  }

  return {
    store,
    snapshot,
    service,
    api,
    signIn,
    logger,
    official: (userId, agencyId, name, role = 'official') => addOfficial(store.db, { channel: 'telegram', userId, agencyId, name, role, now: new Date() }),
    telegram,
    async codeFor(userId) {
      const reply = await telegram(userId, '/dangnhap');
      const code = /: ([A-Z2-9]{8})\n/u.exec(reply)?.[1];
      if (!code) throw new Error(`no code in the reply: ${reply}`);
      return code;
    },
    async close() {
      await service.close();
      await api.close();
      await store.dispose();
    },
  };
}
