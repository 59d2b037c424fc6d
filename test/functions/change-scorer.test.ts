/**
 * Idempotency of the change scorer against a real DynamoDB API (dynalite on 127.0.0.1) and a mocked SNS:
 * at-least-once delivery must give exactly one e-mail per CloudTrail event, and a failed publish must be retried.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { createScorer, statePersistenceLayer, IDEMPOTENCY_TTL_SECONDS } from '../../functions/change-scorer';
import { DynamoSignInCounter } from '../../lib/aws/dynamo-sign-in-counter';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { AlertRecord } from '../../lib/store/types';
import { createStateTable, startDynalite, type LocalDynamo } from './dynalite-server';

const TABLE = 'iam-guardian-test-state';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts';
const snsMock = mockClient(SNSClient);
let dynamo: LocalDynamo;

type Envelope = { id: string; detail: { eventID: string } & Record<string, unknown> } & Record<string, unknown>;

function sample(name: string): Envelope {
  return JSON.parse(readFileSync(join(__dirname, '../../events', name), 'utf8')) as Envelope;
}

let seq = 0;
/** A fresh CloudTrail event (new eventID) from a sample; `delivery(n)` gives the n-th EventBridge delivery of it. */
function freshEvent(name = 'root-create-access-key.json') {
  const base = sample(name);
  const eventID = `0c8d1f2a-5b6e-4c3d-9a8b-${String(++seq).padStart(12, '0')}`;
  return {
    eventID,
    delivery: (n: number): Envelope => ({ ...base, id: `delivery-${eventID}-${n}`, detail: { ...base.detail, eventID } }),
  };
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'iam-guardian-test-change-scorer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-test-change-scorer',
    memoryLimitInMB: '512',
    awsRequestId: `req-${++seq}`,
    logGroupName: '/aws/lambda/iam-guardian-test-change-scorer',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const silentLogger = new Logger({ logLevel: 'SILENT' });

function makeScorer(store?: { putAlert(a: AlertRecord): Promise<void> }) {
  return createScorer({
    sns: new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } }),
    topicArn: TOPIC,
    persistenceStore: statePersistenceLayer(TABLE, dynamo.client),
    config: DEFAULT_CONFIG,
    logger: silentLogger,
    now: () => '2026-11-02T09:15:00.000Z',
    store,
  });
}

const publishes = () => snsMock.commandCalls(PublishCommand);

beforeAll(async () => {
  dynamo = await startDynalite();
  await createStateTable(dynamo.client, TABLE);
});

afterAll(async () => {
  await dynamo.stop();
  snsMock.restore();
});

beforeEach(() => {
  snsMock.reset();
  let n = 0;
  snsMock.on(PublishCommand).callsFake(async () => {
    // A real publish takes a while: long enough for concurrent deliveries to overlap.
    await new Promise((r) => setTimeout(r, 30));
    return { MessageId: `msg-${++n}` };
  });
});

test('the same event delivered 5 times sequentially publishes exactly once', async () => {
  const scorer = makeScorer();
  const ev = freshEvent();
  const results = [];
  for (let i = 0; i < 5; i++) results.push(await scorer.handle(ev.delivery(i), lambdaContext()));
  expect(publishes()).toHaveLength(1);
  expect(publishes()[0].args[0].input.TopicArn).toBe(TOPIC);
  // Every delivery reports the same (stored) outcome, including the message id of the one e-mail.
  expect(new Set(results.map((r) => r.messageId))).toEqual(new Set(['msg-1']));
  expect(results.every((r) => r.alert && r.severity === 'critical')).toBe(true);
});

test('the same event delivered 5 times concurrently publishes exactly once', async () => {
  const scorer = makeScorer();
  const ev = freshEvent();
  const results = await Promise.all([0, 1, 2, 3, 4].map((i) => scorer.handle(ev.delivery(i), lambdaContext())));
  expect(publishes()).toHaveLength(1);
  expect(results.filter((r) => r.messageId === 'msg-1').length + results.filter((r) => r.duplicateInProgress).length).toBe(5);
  expect(results.some((r) => r.duplicateInProgress)).toBe(true);
  // Later redeliveries (after the first completed) still publish nothing.
  await scorer.handle(ev.delivery(5), lambdaContext());
  expect(publishes()).toHaveLength(1);
});

test('concurrent deliveries from separate containers (separate scorer instances) publish exactly once', async () => {
  const ev = freshEvent();
  await Promise.all([0, 1, 2, 3, 4].map((i) => makeScorer().handle(ev.delivery(i), lambdaContext())));
  expect(publishes()).toHaveLength(1);
});

test('a failed publish is retried: first attempt fails, second succeeds, one e-mail in total', async () => {
  snsMock.reset();
  snsMock
    .on(PublishCommand)
    .rejectsOnce(Object.assign(new Error('Internal error'), { name: 'InternalErrorException', $fault: 'server' }))
    .resolves({ MessageId: 'msg-after-retry' });
  const scorer = makeScorer();
  const ev = freshEvent();
  await expect(scorer.handle(ev.delivery(0), lambdaContext())).rejects.toThrow(/Internal error/);
  const retry = await scorer.handle(ev.delivery(1), lambdaContext());
  expect(retry.messageId).toBe('msg-after-retry');
  // Two attempts reached SNS, exactly one succeeded; further redeliveries send nothing.
  expect(publishes()).toHaveLength(2);
  await scorer.handle(ev.delivery(2), lambdaContext());
  await scorer.handle(ev.delivery(3), lambdaContext());
  expect(publishes()).toHaveLength(2);
});

test('the idempotency record sits in the state table: pk/sk, COMPLETED, ttl about 14 days ahead', async () => {
  const scorer = makeScorer();
  const ev = freshEvent();
  const before = Math.floor(Date.now() / 1000);
  await scorer.handle(ev.delivery(0), lambdaContext());
  const scan = await dynamo.client.send(new ScanCommand({ TableName: TABLE }));
  const items = (scan.Items ?? []).filter((i) => i.pk?.S === 'idempotency#change-scorer');
  expect(items.length).toBeGreaterThan(0);
  const mine = await Promise.all(
    items.map((i) => dynamo.client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: i.pk, sk: i.sk } }))),
  );
  const completed = mine.map((m) => m.Item).filter((i) => i?.status?.S === 'COMPLETED');
  expect(completed.length).toBe(items.length);
  const ttl = Number(completed[completed.length - 1]?.ttl?.N);
  expect(ttl).toBeGreaterThanOrEqual(before + IDEMPOTENCY_TTL_SECONDS - 5);
  expect(ttl).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS + 5);
});

test('different CloudTrail events each get their e-mail', async () => {
  const scorer = makeScorer();
  await scorer.handle(freshEvent().delivery(0), lambdaContext());
  await scorer.handle(freshEvent('root-console-login-no-mfa.json').delivery(0), lambdaContext());
  expect(publishes()).toHaveLength(2);
});

test('noise is scored and not published', async () => {
  const scorer = makeScorer();
  const r = await scorer.handle(freshEvent('s3-list-buckets-iam-user.json').delivery(0), lambdaContext());
  expect(r.alert).toBe(false);
  expect(publishes()).toHaveLength(0);
});

test('the alert is recorded in the history; a failing history write never causes a second e-mail', async () => {
  const recorded: AlertRecord[] = [];
  const ok = makeScorer({ putAlert: async (a) => void recorded.push(a) });
  const ev = freshEvent();
  await ok.handle(ev.delivery(0), lambdaContext());
  expect(recorded).toHaveLength(1);
  expect(recorded[0]).toMatchObject({ eventId: ev.eventID, severity: 'critical', account: '111122223333' });
  expect(recorded[0].ruleIds).toContain('root-access-key-created');

  const failing = makeScorer({
    putAlert: async () => {
      throw Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
    },
  });
  const ev2 = freshEvent();
  const r = await failing.handle(ev2.delivery(0), lambdaContext());
  expect(r.messageId).toBeDefined();
  await failing.handle(ev2.delivery(1), lambdaContext());
  expect(publishes()).toHaveLength(2); // one per event
});

test('an IAM policy change below the alert threshold sends no e-mail but is kept (audit) for the weekly report', async () => {
  const recorded: AlertRecord[] = [];
  const scorer = makeScorer({ putAlert: async (a) => void recorded.push(a) });
  const ev = freshEvent('detach-role-policy.json');
  const r = await scorer.handle(ev.delivery(0), lambdaContext());
  expect(r).toMatchObject({ alert: false, severity: 'info' });
  expect(publishes()).toHaveLength(0);
  expect(recorded).toHaveLength(1);
  expect(recorded[0]).toMatchObject({ eventId: ev.eventID, audit: true, severity: 'info', ruleIds: ['iam-policy-changed'], eventName: 'DetachRolePolicy' });
  // An alerted policy change is recorded once, as an alert (no audit flag); noise is not recorded at all.
  await scorer.handle(freshEvent('put-user-policy-star.json').delivery(0), lambdaContext());
  await scorer.handle(freshEvent('s3-list-buckets-iam-user.json').delivery(0), lambdaContext());
  expect(recorded).toHaveLength(2);
  expect(recorded[1].audit).toBeUndefined();
  expect(recorded[1].ruleIds).toContain('iam-policy-changed');
  // Each line's rule and the finding's own severity, for the weekly report's badges (not the event's worst).
  expect(recorded[1].lineRules).toHaveLength(recorded[1].lines.length);
  expect(recorded[1].lineRules?.find((x) => x.ruleId === 'iam-policy-changed')?.severity).toBe('info');
  expect(recorded[1].lineRules?.map((x) => x.ruleId).sort()).toEqual([...new Set(recorded[1].ruleIds)].sort());
});

test('garbage input still yields an alert (unparseable-event), never a crash', async () => {
  const scorer = makeScorer();
  const r = await scorer.handle({ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', detail: 'not an object' }, lambdaContext());
  expect(r.alert).toBe(true);
  expect(publishes()).toHaveLength(1);
});

test('with the DynamoDB store on the same table, the alert history and the idempotency records coexist', async () => {
  const { DynamoStore } = await import('../../lib/aws/dynamo-store');
  const store = new DynamoStore(dynamo.client, TABLE);
  const scorer = makeScorer(store);
  const ev = freshEvent();
  for (let i = 0; i < 3; i++) await scorer.handle(ev.delivery(i), lambdaContext());
  const alerts = (await store.listAlerts('111122223333', '2026-01-01T00:00:00Z')).filter((a) => a.eventId === ev.eventID);
  expect(alerts).toHaveLength(1);
  expect(alerts[0].severity).toBe('critical');
  expect(publishes()).toHaveLength(1);
});

test('console sign-in failures are counted in the state table: the fifth for one user alerts once, duplicates do not count twice', async () => {
  const scorer = createScorer({
    sns: new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } }),
    topicArn: TOPIC,
    persistenceStore: statePersistenceLayer(TABLE, dynamo.client),
    config: DEFAULT_CONFIG,
    logger: silentLogger,
    now: () => '2026-11-02T09:15:00.000Z',
    signIns: new DynamoSignInCounter(dynamo.client, TABLE, { windowMinutes: 10, threshold: 5 }),
  });
  const results = [];
  for (let i = 0; i < 6; i++) {
    const ev = freshEvent('console-login-iam-user-failed-password.json');
    const d = ev.delivery(0);
    d.detail.eventTime = `2026-11-02T09:14:${String(10 + i).padStart(2, '0')}Z`;
    results.push(await scorer.handle(d, lambdaContext()));
    // A completed event redelivered is answered from the idempotency record: no second count.
    results.push(await scorer.handle({ ...d, id: `${d.id}-again` }, lambdaContext()));
  }
  const alerts = results.filter((r) => r.alert && r.messageId).map((r) => r.messageId);
  expect(new Set(alerts).size).toBe(1);
  expect(publishes()).toHaveLength(1);
  expect(publishes()[0].args[0].input.Message).toMatch(/5 failed sign-ins for IAM user bob/);
});
