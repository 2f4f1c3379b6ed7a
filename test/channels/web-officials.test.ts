/**
 * Officials act only on channels whose platform proves who the sender is (OFFICIAL_CHANNELS). The web chat's
 * visitors are anonymous — the session cookie is whatever the browser sends — so through `serve` with the real
 * engine and the officials' workflow over a real store, an official's command on the web is refused with the reply
 * that points to Telegram or Zalo, nothing is stored, and the same command works on Telegram.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/channels/http.ts';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { OFFICIALS_MESSAGES } from '../../src/engine/messages.ts';
import { OFFICIAL_CHANNELS, type Engine, type IncomingMessage, type Reply } from '../../src/engine/types.ts';
import { documentName } from '../../src/knowledge/labels.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { addOfficial, createInvite } from '../../src/officials/repository.ts';
import { createOfficialsService } from '../../src/officials/service.ts';
import { latestStatuses } from '../../src/status/view.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment, engineOver, knowledgeData, realSnapshot } from '../support/knowledge.ts';
import { CapturingLogger, siteOf } from './support.ts';

interface ChatBody {
  answer: string;
  citations: unknown[];
  outcome: string;
  refused: boolean;
}

const REFUSAL = OFFICIALS_MESSAGES.officialsOnlyOnIdentifiedChannels;
/** An agency of the real knowledge with a task it leads (PL1.29). */
const AGENCY = 'so-yt';

// The refusal is decided before the store is read; one store suffices (both engines run the officials' contract in
// test/officials). The real PostgreSQL when configured, since it opens much faster than a migrated PGlite.
const { label, open } = engines('web_officials').at(-1)!;

describe(`officials' commands on the web chat (${label})`, () => {
  let store: StoreHandle;
  let snapshot: KnowledgeSnapshot;
  let engine: Engine;
  let service: RunningService;
  let counter = 0;

  beforeAll(async () => {
    store = await open();
    snapshot = await realSnapshot();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/tmp/web-officials-test-unused' });
    const officials = createOfficialsService({
      db: store.db,
      knowledge: () => snapshot,
      deployment: deployment(),
      config: { ...config.officials, coordinatorAgencies: knowledgeData().profile.coordinatorAgencies },
    });
    engine = engineOver(snapshot, { officials, statuses: () => latestStatuses(store.db) });
    service = await serve({ config, engine, site: siteOf(deployment(), snapshot), db: store.db, logger: new CapturingLogger() });
  });

  afterAll(async () => {
    await service?.close();
    await store?.dispose();
  });

  afterEach(async () => {
    await store.db.exec('TRUNCATE reminders_sent, pending_updates, status_updates, invites, officials RESTART IDENTITY CASCADE');
  });

  /** Posts to /api/chat as a browser whose session cookie is `session` (a visitor chooses it freely). */
  async function web(text: string, session: string): Promise<ChatBody> {
    const response = await fetch(`${service.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${session}` },
      body: JSON.stringify({ text }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as ChatBody;
  }

  function telegram(userId: string, text: string): Promise<Reply> {
    counter += 1;
    const message: IncomingMessage = {
      channel: 'telegram',
      userId,
      conversationId: userId,
      messageId: `tg-${counter}`,
      text,
      userName: 'Cán bộ thử nghiệm',
      today: '2026-05-20',
    };
    return engine.handle(message);
  }

  const count = async (table: string) => Number((await store.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

  it('the web is not among the channels that prove identity', () => {
    expect(OFFICIAL_CHANNELS).not.toContain('web');
    expect(REFUSAL).toMatch(/Telegram/);
    expect(REFUSAL).toMatch(/Zalo/);
  });

  it('refuses registration on the web and leaves the invite to be used on Telegram', async () => {
    const invite = await createInvite(store.db, { agencyId: AGENCY, role: 'official', now: new Date(), ttlHours: 72 });
    const reply = await web(`/dangky ${invite.code}`, 'web-visitor-1');
    expect(reply).toMatchObject({ answer: REFUSAL, outcome: 'refused', refused: true, citations: [] });
    expect(await count('officials')).toBe(0);

    const registered = await telegram('7001', `/dangky ${invite.code}`);
    expect(registered).toMatchObject({ outcome: 'answered', refused: false });
    expect(registered.text).toBe(`${OFFICIALS_MESSAGES.registered(snapshot.agencies.displayName(AGENCY), false)}\n${OFFICIALS_MESSAGES.askName}`);
    expect(await count('officials')).toBe(1);
  });

  it("refuses an official's commands from a web visitor who sends that official's id as the session", async () => {
    await addOfficial(store.db, { channel: 'telegram', userId: '7002', agencyId: AGENCY, name: 'Cán bộ thử nghiệm', role: 'official', now: new Date() });
    for (const command of ['/capnhat PL1.29 đã trình dự thảo đề án, đạt 50%', '/nhiemvu', '/quahan', '/huy', '/baocao', '/tatnhacnho']) {
      const reply = await web(command, '7002');
      expect(reply, command).toMatchObject({ answer: REFUSAL, outcome: 'refused', refused: true, citations: [] });
    }
    expect(await count('pending_updates')).toBe(0);
    expect(await count('status_updates')).toBe(0);

    // The same account on Telegram is the official: the update becomes a draft awaiting confirmation.
    const draft = await telegram('7002', '/capnhat PL1.29 đã trình dự thảo đề án, đạt 50%');
    expect(draft.outcome).toBe('confirm');
    expect(await count('pending_updates')).toBe(1);
  });

  it("never confirms a Telegram official's draft from the web", async () => {
    await addOfficial(store.db, { channel: 'telegram', userId: '7003', agencyId: AGENCY, name: 'Cán bộ thử nghiệm', role: 'official', now: new Date() });
    expect((await telegram('7003', '/capnhat PL1.29 đã trình dự thảo đề án, đạt 60%')).outcome).toBe('confirm');
    const reply = await web('có', '7003');
    expect(reply.answer).not.toContain('PL1.29');
    expect(await count('status_updates')).toBe(0);
    expect(await count('pending_updates')).toBe(1);
    // Confirmed where it was drafted, it is stored.
    expect((await telegram('7003', 'có')).outcome).toBe('answered');
    expect(await count('status_updates')).toBe(1);
  });

  it('still answers /help on the web, without anything an official would see', async () => {
    const documents = documentName(snapshot.documents[0]!.document);
    const reply = await web('/help', 'web-visitor-2');
    expect(reply).toMatchObject({ answer: OFFICIALS_MESSAGES.help(deployment(), documents, null), outcome: 'answered', refused: false });
  });
});
