/**
 * Which channels an alert goes to (config `alerts`), decided once from the engine's verdict: suppressions and
 * alertThreshold silence every channel alike; chat and webhooks come after the e-mail and never fail or repeat it.
 * The scorer runs with its real idempotency layer on dynalite (as in test/functions/change-scorer.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { createReport } from '../../functions/weekly-report';
import { DEFAULT_CONFIG, type Config, type WebhookSpec } from '../../lib/config/types';
import { resolveConfig } from '../../lib/config/resolve';
import { routeAlert, routeWeeklyReport } from '../../lib/chat/routing';
import { scoreEventOffline } from '../../lib/engine/score-event';
import type { AlertRoute } from '../../lib/chat/routing';
import type { ExtraMessage, ExtraOutcome } from '../../lib/aws/chat-delivery';
import { MemoryStore } from '../../lib/store/memory';
import { SCORER_TOPIC, scorerOnDynalite } from '../support/scorer-harness';

jest.setTimeout(60_000);

const TABLE = 'iam-guardian-chat-routing';
const TOPIC = SCORER_TOPIC;
const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const sns = mockClient(SNSClient);
const s3 = mockClient(S3Client);
let order: string[] = [];
let seq = 0;

const harness = scorerOnDynalite(TABLE);
afterAll(() => {
  sns.restore();
  s3.restore();
});
beforeEach(() => {
  sns.reset();
  s3.reset();
  order = [];
  sns.on(PublishCommand).callsFake(() => {
    order.push('email');
    return { MessageId: `mail-${order.length}` };
  });
  s3.on(PutObjectCommand).resolves({});
});

type Env = { detail: { eventID: string } & Record<string, unknown> } & Record<string, unknown>;
function event(name = 'attach-admin-policy-to-user.json'): Env {
  const e = JSON.parse(readFileSync(join(__dirname, '../../events', name), 'utf8')) as Env;
  return { ...e, detail: { ...e.detail, eventID: `5d6e7f80-1111-4222-8333-${String(++seq).padStart(12, '0')}` } };
}
const severityOf = (e: Env) => scoreEventOffline(e, { config: DEFAULT_CONFIG, now: '2026-11-02T09:15:00.000Z' }).severity;

function fakeExtra(fail = false) {
  const calls: { route: AlertRoute; msg: ExtraMessage }[] = [];
  return {
    calls,
    deliver: async (route: AlertRoute, msg: ExtraMessage): Promise<ExtraOutcome> => {
      order.push('extra');
      calls.push({ route, msg });
      if (fail) throw new Error('unexpected');
      return { chat: { ok: true, messageId: 'chat-1' }, webhooks: route.webhooks.map((w) => ({ name: w.name, ok: false, attempts: [], reason: 'HTTP 500 after 3 attempt(s)' })), recorded: route.webhooks.length };
    },
  };
}

function scorer(config: Config, extra: ReturnType<typeof fakeExtra>, logger = new Logger({ logLevel: 'SILENT' })) {
  return harness.scorer({ config, extra, logger });
}

const hook = (over: Partial<WebhookSpec> = {}): WebhookSpec => ({ name: 'pager', parameter: '/iam-guardian/webhooks/pager', severities: ['critical'], weeklySummary: false, timeoutSeconds: 5, retries: 2, ...over });

describe('routeAlert', () => {
  it('no verdict, no channel; defaults send every alert to e-mail and chat', () => {
    expect(routeAlert(DEFAULT_CONFIG, { alert: false, severity: 'critical' })).toEqual({ email: false, chat: false, webhooks: [] });
    expect(routeAlert(DEFAULT_CONFIG, { alert: true, severity: 'none' })).toEqual({ email: false, chat: false, webhooks: [] });
    expect(routeAlert(DEFAULT_CONFIG, { alert: true, severity: 'low' })).toEqual({ email: true, chat: true, webhooks: [] });
  });
  it('by severity, per channel and per webhook (config as written, defaults filled)', () => {
    const config = resolveConfig({ alerts: { email: { severities: ['critical', 'high'] }, chat: { severities: ['critical'] }, webhooks: [{ name: 'pager', parameter: '/iam-guardian/p', severities: ['high'] }, { name: 'all', parameter: '/iam-guardian/a' }] } });
    expect(config.alerts?.webhooks[1]).toEqual({ name: 'all', parameter: '/iam-guardian/a', severities: ['critical', 'high', 'medium', 'low', 'info'], weeklySummary: false, timeoutSeconds: 5, retries: 2 });
    const high = routeAlert(config, { alert: true, severity: 'high' });
    expect([high.email, high.chat, high.webhooks.map((w) => w.name)]).toEqual([true, false, ['pager', 'all']]);
    const medium = routeAlert(config, { alert: true, severity: 'medium' });
    expect([medium.email, medium.chat, medium.webhooks.map((w) => w.name)]).toEqual([false, false, ['all']]);
  });
  it('weekly report: e-mail always, chat unless turned off, webhooks that ask for it', () => {
    expect(routeWeeklyReport(DEFAULT_CONFIG)).toEqual({ email: true, chat: true, webhooks: [] });
    const c = resolveConfig({ alerts: { chat: { weeklySummary: false }, webhooks: [{ name: 'w', parameter: '/iam-guardian/w', weeklySummary: true }] } });
    expect(routeWeeklyReport(c)).toMatchObject({ chat: false, webhooks: [{ name: 'w' }] });
  });
});

describe('change scorer', () => {
  it('default: the e-mail first, then the chat notification and the webhook body of the same event', async () => {
    const extra = fakeExtra();
    const e = event();
    const out = await scorer(DEFAULT_CONFIG, extra).handle(e);
    expect(order).toEqual(['email', 'extra']);
    expect(out).toMatchObject({ alert: true, messageId: 'mail-1', chat: true, webhooksDelivered: 0, webhooksFailed: 0 });
    expect(extra.calls[0].msg.chat.content.title).toContain('[');
    expect(extra.calls[0].msg.webhook).toMatchObject({ source: 'iam-guardian', type: 'alert', eventId: e.detail.eventID });
    expect(extra.calls[0].msg.subject).toBe(`event ${e.detail.eventID}`);
  });

  it('a severity routed to chat only: no e-mail, the chat post goes out', async () => {
    const e = event();
    const sev = severityOf(e);
    if (sev === 'none') throw new Error('sample must alert');
    const extra = fakeExtra();
    const config = resolveConfig({ alerts: { email: { severities: [] }, chat: { severities: [sev] } } });
    const out = await scorer(config, extra).handle(e);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(order).toEqual(['extra']);
    expect(out.messageId).toBeUndefined();
    expect(extra.calls[0].route).toEqual({ email: false, chat: true, webhooks: [] });
  });

  it('an alert routed to no channel at all is still recorded for the weekly report', async () => {
    const extra = fakeExtra();
    const recorded: string[] = [];
    const config = resolveConfig({ alerts: { email: { severities: [] }, chat: { severities: [] } } });
    const s = harness.scorer({ config, extra, store: { putAlert: async (a) => void recorded.push(a.eventId) } });
    const e = event();
    const out = await s.handle(e);
    expect(out.alert).toBe(true);
    expect(order).toEqual([]);
    expect(recorded).toEqual([e.detail.eventID]);
  });

  it('a suppression silences e-mail, chat and webhooks alike (one decision)', async () => {
    const extra = fakeExtra();
    const config = resolveConfig({ suppressions: [{ rule: '*', resource: '*', reason: 'accepted risk', expires: '2099-01-01' }], alerts: { webhooks: [{ name: 'all', parameter: '/iam-guardian/a' }] } });
    const out = await scorer(config, extra).handle(event());
    expect(out.alert).toBe(false);
    expect(order).toEqual([]);
    expect(extra.calls).toHaveLength(0);
  });

  it('webhooks by severity, failures reported in the result; the e-mail is sent once and the invocation succeeds', async () => {
    const e = event();
    const sev = severityOf(e);
    if (sev === 'none') throw new Error('sample must alert');
    const extra = fakeExtra();
    const config: Config = { ...DEFAULT_CONFIG, alerts: { email: { severities: [sev] }, chat: { severities: [], weeklySummary: true }, webhooks: [hook({ severities: [sev] }), hook({ name: 'other', severities: sev === 'info' ? ['low'] : ['info'] })] } };
    const out = await scorer(config, extra).handle(e);
    expect(extra.calls[0].route.webhooks.map((w) => w.name)).toEqual(['pager']);
    expect(out).toMatchObject({ messageId: 'mail-1', webhooksDelivered: 0, webhooksFailed: 1 });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('a delivery step that throws is logged; the e-mail stands and is not repeated on redelivery', async () => {
    const logger = new Logger({ logLevel: 'SILENT' });
    const errors = jest.spyOn(logger, 'error');
    const extra = fakeExtra(true);
    const e = event();
    const s = scorer(DEFAULT_CONFIG, extra, logger);
    await expect(s.handle(e)).resolves.toMatchObject({ messageId: 'mail-1' });
    await s.handle({ ...e, id: 'second-delivery' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith('chat and webhook deliveries skipped', expect.anything());
  });
});

describe('weekly report', () => {
  function report(config: Config, extra: ReturnType<typeof fakeExtra>) {
    return createReport({
      store: new MemoryStore(),
      s3: new S3Client({ region: 'us-east-1', credentials: creds }),
      bucket: 'iam-guardian-prod-reportbucket-1a2b3c4d5e6f',
      sns: new SNSClient({ region: 'us-east-1', credentials: creds }),
      topicArn: TOPIC,
      config,
      extra,
      logger: new Logger({ logLevel: 'SILENT' }),
      now: () => '2026-11-02T07:00:00.000Z',
    });
  }

  it('the chat summary after the e-mail, with the archived report link', async () => {
    const extra = fakeExtra();
    const out = await report(DEFAULT_CONFIG, extra).handle('111122223333');
    expect(order).toEqual(['email', 'extra']);
    expect(out.chat).toBe(true);
    expect(extra.calls[0].msg.chat.metadata?.eventType).toBe('IamGuardianWeeklyReport');
    expect(extra.calls[0].msg.chat.content.description).toMatch(/\*Full report:\* https:\/\/iam-guardian-prod-reportbucket-1a2b3c4d5e6f\.s3\./);
    expect(extra.calls[0].msg.webhook).toMatchObject({ type: 'weekly-report', account: '111122223333' });
  });

  it('weeklySummary off and no webhook asking for it: nothing but the e-mail', async () => {
    const extra = fakeExtra();
    await report(resolveConfig({ alerts: { chat: { weeklySummary: false } } }), extra).handle('111122223333');
    expect(order).toEqual(['email']);
  });
});
