/**
 * The change-scorer Lambda under the hostile input corpus (issue 12), with the real idempotency store (dynalite)
 * and a mocked SNS: every input leads to exactly one published alert (or a thrown error, which Lambda retries and
 * then dead-letters), never to silence; two different events without a usable eventID never share an idempotency
 * key, while a redelivery of the same one is still sent once.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { createScorer, idempotencyKeyOf, statePersistenceLayer } from '../../functions/change-scorer';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { createStateTable, startDynalite, type LocalDynamo } from '../functions/dynalite-server';
import { hostileEvents, sample } from './inputs/corpus';

jest.setTimeout(120_000);

const TABLE = 'iam-guardian-adversarial-state';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts';
const sns = mockClient(SNSClient);
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  await createStateTable(dynamo.client, TABLE);
});
afterAll(async () => {
  await dynamo.stop();
  sns.restore();
});
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

function scorer() {
  return createScorer({
    sns: new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } }),
    topicArn: TOPIC,
    persistenceStore: statePersistenceLayer(TABLE, dynamo.client),
    config: DEFAULT_CONFIG,
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => '2026-11-02T09:15:00.000Z',
  });
}

/** The EventBridge shape around a hostile record (the corpus holds envelopes and bare values). */
function delivered(event: unknown, n: number): unknown {
  if (event && typeof event === 'object' && 'detail' in event) return { ...(event as object), id: `delivery-${n}` };
  return { version: '0', id: `delivery-${n}`, 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', account: '111122223333', time: '2026-11-02T09:14:27Z', region: 'us-east-1', resources: [], detail: event };
}

let n = 0;
describe('change-scorer: one alert per hostile input', () => {
  it.each(hostileEvents().map((h) => [h.name, h.event] as const))('%s', async (_name, event) => {
    const s = scorer();
    const t = performance.now();
    let threw = false;
    try {
      const r = await s.handle(delivered(event, ++n));
      expect(r.alert).toBe(true);
    } catch {
      threw = true; // Lambda retries, then the on-failure destination keeps it: not silent.
    }
    expect(performance.now() - t).toBeLessThan(20_000);
    expect(sns.commandCalls(PublishCommand).length + (threw ? 1 : 0)).toBe(1);
  });

  it('two different events with eventID "" both alert; a redelivery of either does not alert again', async () => {
    const a = sample('root-create-access-key.json') as { detail: Record<string, unknown> };
    const b = sample('root-console-login-no-mfa.json') as { detail: Record<string, unknown> };
    a.detail.eventID = '';
    b.detail.eventID = '';
    // Not the corpus's own eventID "" record (already sent once above: its redelivery is rightly not sent again).
    a.detail.eventTime = '2026-11-03T10:00:00Z';
    b.detail.eventTime = '2026-11-03T10:00:01Z';
    expect(idempotencyKeyOf(a)).not.toBe(idempotencyKeyOf(b));
    const s = scorer();
    await s.handle({ ...a, id: 'd-1' });
    await s.handle({ ...b, id: 'd-2' });
    await s.handle({ ...a, id: 'd-3' });
    await s.handle({ ...b, id: 'd-4' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('keys: the eventID when usable, else a hash of the whole record (missing, empty, non-string)', () => {
    const rec = (id: unknown) => ({ detail: { eventID: id, eventName: 'CreateUser', requestParameters: { userName: 'x' } } });
    expect(idempotencyKeyOf(rec('e-1'))).toBe('e-1');
    for (const id of [undefined, '', 42, null, ['e'], { a: 1 }]) expect(idempotencyKeyOf(rec(id))).toMatch(/^record-sha256:[0-9a-f]{64}$/);
    expect(idempotencyKeyOf(rec(''))).not.toBe(idempotencyKeyOf({ detail: { eventID: '', eventName: 'CreateUser', requestParameters: { userName: 'y' } } }));
    // Even a value JSON.stringify cannot serialise gets a key.
    const cyclic: Record<string, unknown> = { eventID: '' };
    cyclic.self = cyclic;
    expect(idempotencyKeyOf({ detail: cyclic })).toMatch(/^record-sha256:/);
  });
});
