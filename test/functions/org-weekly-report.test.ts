/**
 * The weekly report Lambda in Organizations mode (createOrgReport): from the org sweep's latest run, each account's own
 * page and the organization page (linking to them) archived in S3, and one e-mail with the organization page's link.
 * Then the chat summary and webhooks (after the e-mail; their failure never fails the report). S3 and SNS mocked with
 * aws-sdk-client-mock; the history in memory; the chat/webhook delivery (lib/aws/chat-delivery.ts, tested on its own)
 * recorded by a fake.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createOrgReport, orgReportKeys } from '../../functions/weekly-report';
import { MemoryStore } from '../../lib/store/memory';
import { loadSnapshot } from '../../lib/account/snapshot';
import { runSweep } from '../../lib/sweep/run';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { OrgRunRecord } from '../../lib/org/run';
import { resolveConfig } from '../../lib/config/resolve';
import type { Config } from '../../lib/config/types';
import type { AlertRoute } from '../../lib/chat/routing';
import type { ExtraMessage, ExtraOutcome } from '../../lib/aws/chat-delivery';
import { Logger } from '@aws-lambda-powertools/logger';

const creds = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };
const NOW = '2026-11-30T07:00:00.000Z';
const RUN = '2026-11-28T03:00:00.000Z';

it('archives a page per account and the org page linking to them, then e-mails the org report', async () => {
  const store = new MemoryStore();
  const messy = await loadSnapshot('samples/snapshots/messy');
  await runSweep({ account: messy, store, config: DEFAULT_CONFIG, now: RUN });
  const records: OrgRunRecord[] = [
    { runId: RUN, account: messy.accountId, name: 'prod <b>', status: 'evaluated', at: RUN },
    { runId: RUN, account: '999999999999', name: 'sandbox', status: 'not-evaluated', reason: 'access denied: SCP', at: RUN },
  ];
  const asked: string[] = [];
  const runs = {
    warnings: [] as string[],
    latestRun: async (since: string) => {
      asked.push(since);
      return { runId: RUN, total: 2, evaluated: 1, notEvaluated: 1 };
    },
    listRecords: async (runId: string) => (runId === RUN ? records : []),
  };
  const s3 = new S3Client({ region: 'us-east-1', credentials: creds });
  const sns = new SNSClient({ region: 'us-east-1', credentials: creds });
  const puts = new Map<string, string>();
  mockClient(s3)
    .on(PutObjectCommand)
    .callsFake((i: { Key: string; Body: string }) => {
      puts.set(i.Key, i.Body);
      return {};
    });
  const sent: { Subject?: string; Message?: string }[] = [];
  mockClient(sns)
    .on(PublishCommand)
    .callsFake((i: { Subject?: string; Message?: string }) => {
      sent.push(i);
      return { MessageId: 'm' };
    });
  const handle = createOrgReport({ store, runs, s3, bucket: 'reports-bucket', sns, topicArn: 'arn:aws:sns:us-east-1:111122223333:alerts', config: DEFAULT_CONFIG, now: () => NOW });
  const out = await handle();
  const keys = orgReportKeys(NOW);
  expect(out).toMatchObject({ key: keys.index, runId: RUN, accounts: 2 });
  expect(asked).toEqual(['2026-11-22T07:00:00.000Z']);
  expect([...puts.keys()].sort()).toEqual([keys.account(messy.accountId), keys.index].sort());
  const index = puts.get(keys.index)!;
  // The account's link is a presigned https URL of its own page; the hostile name is escaped.
  expect(index).toMatch(new RegExp(`<a href="https://reports-bucket\\.s3\\.us-east-1\\.amazonaws\\.com/reports/org/2026-11-30/${messy.accountId}\\.html\\?[^"]*X-Amz-Signature=`));
  expect(index).toContain('prod &lt;b&gt;');
  expect(index).toContain('access denied: SCP');
  expect(puts.get(keys.account(messy.accountId))).toContain(messy.accountId);
  expect(sent).toHaveLength(1);
  expect(sent[0].Subject).toMatch(/organization IAM weekly report: 1\/2 accounts, 1 not evaluated$/);
  expect(sent[0].Message).toContain('https://reports-bucket.s3.us-east-1.amazonaws.com/reports/org/2026-11-30/index.html?');
  expect(sent[0].Message).toContain('aws s3 cp --recursive s3://reports-bucket/reports/org/2026-11-30/ ./iam-guardian-org-report/');
});

it('fails loudly when no org sweep finished in the last 8 days', async () => {
  const handle = createOrgReport({
    store: new MemoryStore(),
    runs: { warnings: [], latestRun: async () => undefined, listRecords: async () => [] },
    s3: new S3Client({ region: 'us-east-1', credentials: creds }),
    bucket: 'b',
    sns: new SNSClient({ region: 'us-east-1', credentials: creds }),
    topicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
    config: DEFAULT_CONFIG,
    now: () => NOW,
  });
  await expect(handle()).rejects.toThrow(/no org sweep finished in the last 8 days/);
});

describe('the chat summary and webhooks of the org report', () => {
  const order: string[] = [];
  async function setUp(config: Config, fail = false) {
    order.length = 0;
    const store = new MemoryStore();
    const messy = await loadSnapshot('samples/snapshots/messy');
    await runSweep({ account: messy, store, config: DEFAULT_CONFIG, now: RUN });
    const records: OrgRunRecord[] = [
      { runId: RUN, account: messy.accountId, name: 'prod', status: 'evaluated', at: RUN },
      { runId: RUN, account: '999999999999', name: 'sandbox', status: 'not-evaluated', reason: 'access denied: SCP', at: RUN },
    ];
    const runs = { warnings: [] as string[], latestRun: async () => ({ runId: RUN, total: 2, evaluated: 1, notEvaluated: 1 }), listRecords: async () => records };
    const s3 = new S3Client({ region: 'us-east-1', credentials: creds });
    const sns = new SNSClient({ region: 'us-east-1', credentials: creds });
    mockClient(s3).on(PutObjectCommand).resolves({});
    mockClient(sns)
      .on(PublishCommand)
      .callsFake(() => {
        order.push('email');
        return { MessageId: 'mail-1' };
      });
    const calls: { route: AlertRoute; msg: ExtraMessage }[] = [];
    const extra = {
      deliver: async (route: AlertRoute, msg: ExtraMessage): Promise<ExtraOutcome> => {
        order.push('extra');
        calls.push({ route, msg });
        if (fail) throw new Error('chat topic unreachable');
        return { chat: { ok: true, messageId: 'chat-1' }, webhooks: route.webhooks.map((w) => ({ name: w.name, ok: w.name === 'ok', attempts: [], ...(w.name === 'ok' ? {} : { reason: 'HTTP 500 after 3 attempt(s)' }) })), recorded: 0 };
      },
    };
    const logger = new Logger({ logLevel: 'SILENT' });
    const errors = jest.spyOn(logger, 'error');
    const handle = createOrgReport({ store, runs, s3, bucket: 'reports-bucket', sns, topicArn: 'arn:aws:sns:us-east-1:111122223333:alerts', config, extra, logger, orgId: 'o-a1b2c3d4e5', now: () => NOW });
    return { handle, calls, errors, accountId: messy.accountId };
  }

  it('after the e-mail: the org summary to chat and the org body to every webhook that asks for the weekly summary', async () => {
    const hook = (name: string) => ({ name, parameter: `/iam-guardian/webhooks/${name}`, severities: ['critical' as const], weeklySummary: true, timeoutSeconds: 5, retries: 2 });
    const { handle, calls, accountId } = await setUp(resolveConfig({ alerts: { webhooks: [hook('ok'), hook('down')] } }));
    const out = await handle();
    expect(order).toEqual(['email', 'extra']);
    expect(out).toMatchObject({ chat: true, webhooksDelivered: 1, webhooksFailed: 1, messageId: 'mail-1' });
    expect(calls).toHaveLength(1);
    expect(calls[0].route.chat).toBe(true);
    expect(calls[0].route.webhooks.map((w) => w.name)).toEqual(['ok', 'down']);
    const { chat, webhook, subject } = calls[0].msg;
    expect(subject).toBe('weekly-org-report o-a1b2c3d4e5');
    expect(chat.metadata?.eventType).toBe('IamGuardianWeeklyOrgReport');
    expect(chat.content.title).toMatch(/^:bar_chart: Weekly IAM report, o-a1b2c3d4e5: score \d+(\.\d)?\/100$/);
    expect(chat.content.description).toContain('*Not evaluated:* 1 account(s), not checked and not passing');
    expect(chat.content.description).toContain(`\`${accountId}\` prod`);
    expect(chat.content.description).toMatch(/\*Full report \(a page per account\):\* https:\/\/reports-bucket\.s3\.us-east-1\.amazonaws\.com\/reports\/org\/2026-11-30\/index\.html\?/);
    expect(chat.content.nextSteps).toEqual(['`aws s3 cp --recursive s3://reports-bucket/reports/org/2026-11-30/ ./iam-guardian-org-report/`']);
    expect(webhook).toMatchObject({ type: 'weekly-org-report', orgId: 'o-a1b2c3d4e5', accounts: 2, evaluated: 1, notEvaluated: 1 });
  });

  it('weeklySummary off and no webhook asking for it: the e-mail only', async () => {
    const { handle, calls } = await setUp(resolveConfig({ alerts: { chat: { weeklySummary: false } } }));
    const out = await handle();
    expect(order).toEqual(['email']);
    expect(calls).toEqual([]);
    expect(out.chat).toBeUndefined();
  });

  it('a delivery that throws is logged; the report (already e-mailed) still succeeds', async () => {
    const { handle, errors } = await setUp(DEFAULT_CONFIG, true);
    await expect(handle()).resolves.toMatchObject({ messageId: 'mail-1' });
    expect(order).toEqual(['email', 'extra']);
    expect(errors).toHaveBeenCalledWith('weekly org chat summary and webhooks skipped', expect.objectContaining({ runId: RUN }));
  });
});
