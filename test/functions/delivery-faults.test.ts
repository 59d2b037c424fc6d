/**
 * Fault injection over the whole delivery path, with the real idempotency store (dynalite):
 * EventBridge routes every sample in events/ with the deployed patterns (at least once: each delivery duplicated,
 * duplicates concurrent), Lambda's async invoke retries a failing scorer twice then writes the on-failure record,
 * SNS fails 30% of publishes, and `redrive` replays the on-failure queue once SNS is healthy.
 * Expected: exactly one e-mail per alert-worthy event, nothing left in the queue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { parse } from 'yaml';
import { compilePattern, matchCompiled } from '../support/eventbridge-matcher';
import { createScorer, statePersistenceLayer } from '../../functions/change-scorer';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { createStateTable, startDynalite, type LocalDynamo } from './dynalite-server';
import { rng } from '../../bench/rng';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '../..');
const TABLE = 'iam-guardian-faults-state';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts';
const patterns = parse(readFileSync(join(ROOT, 'lib/eventbridge/patterns.yml'), 'utf8')) as Record<string, unknown>;
/** The scorer's rules and their states as serverless.yml deploys them (package.test.ts checks the template). */
const RULES = Object.entries({ iamChanges: 'ENABLED', signIn: 'ENABLED', rootActivity: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', cloudTrailTamper: 'ENABLED', monitorTamper: 'ENABLED' }).map(
  ([key, state]) => ({ key, state, pattern: compilePattern(patterns[key]) }),
);


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

function context(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'iam-guardian-prod-change-scorer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-change-scorer',
    memoryLimitInMB: '512',
    awsRequestId: 'r',
    logGroupName: 'g',
    logStreamName: 's',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

test.each([1, 2])('seed %i: at-least-once delivery, 30%% SNS failures, retries, on-failure queue and redrive → one e-mail per alert', async (seed) => {
  const random = rng(seed);
  let snsHealthy = false;
  const delivered: string[] = []; // eventIDs of successful publishes
  sns.reset();
  sns.on(PublishCommand).callsFake(async (input: { Message: string }) => {
    await new Promise((r) => setTimeout(r, Math.floor(random() * 20)));
    if (!snsHealthy && random() < 0.3) throw Object.assign(new Error('Internal error'), { name: 'InternalErrorException', $fault: 'server' });
    // The alert's "Event id:" line (a finding's message may name other UUIDs, e.g. a Roles Anywhere trust anchor id).
    const id = /Event id: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/.exec(input.Message)?.[1] ?? 'unknown';
    delivered.push(id);
    return { MessageId: `m-${delivered.length}` };
  });

  // Each seed is its own account history: a fresh idempotency namespace.
  const files = readdirSync(join(ROOT, 'events')).filter((f) => f.endsWith('.json'));
  const events = files.map((f) => {
    const e = JSON.parse(readFileSync(join(ROOT, 'events', f), 'utf8')) as { detail: Record<string, unknown> };
    e.detail.eventID = `${String(seed).padStart(8, '0')}-0000-4000-8000-${String(files.indexOf(f)).padStart(12, '0')}`;
    return e;
  });

  const scorer = createScorer({
    sns: new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    topicArn: TOPIC,
    persistenceStore: statePersistenceLayer(TABLE, dynamo.client),
    config: DEFAULT_CONFIG,
    logger: new Logger({ logLevel: 'SILENT' }),
  });

  const stats = { events: events.length, routed: 0, deliveries: 0, invocations: 0, publishAttempts: 0, onFailure: 0, redriven: 0 };
  const onFailureQueue: unknown[] = [];

  /** Lambda async invoke: first attempt + 2 retries, then the on-failure destination. */
  async function asyncInvoke(event: unknown) {
    for (let attempt = 0; attempt < 3; attempt++) {
      stats.invocations++;
      try {
        await scorer.handle(event, context());
        return;
      } catch {
        // retried by Lambda
      }
    }
    onFailureQueue.push({ version: '1.0', requestContext: { condition: 'RetriesExhausted' }, requestPayload: event });
  }

  const alertWorthy = new Set<string>();
  await Promise.all(
    events.map(async (event) => {
      const readOnly = event.detail.readOnly === true;
      const targets = RULES.filter((r) => (!readOnly || r.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') && matchCompiled(r.pattern, event));
      if (targets.length === 0) return;
      stats.routed++;
      if (scoreEventOffline(event, { config: DEFAULT_CONFIG }).alert) alertWorthy.add(String(event.detail.eventID));
      // Every matching rule delivers; EventBridge may deliver each 1-3 times, concurrently, with a new envelope id.
      const deliveries = targets.flatMap((_t, ti) => Array.from({ length: 1 + Math.floor(random() * 3) }, (_x, k) => ({ ...event, id: `${event.detail.eventID}-${ti}-${k}` })));
      stats.deliveries += deliveries.length;
      await Promise.all(deliveries.map((d) => asyncInvoke(d)));
    }),
  );
  stats.onFailure = onFailureQueue.length;

  // Redrive once SNS is healthy again.
  snsHealthy = true;
  for (const record of onFailureQueue.splice(0)) {
    stats.redriven++;
    await scorer.handle((record as { requestPayload: unknown }).requestPayload, context());
  }
  stats.publishAttempts = sns.commandCalls(PublishCommand).length;

  process.stdout.write(`fault injection seed ${seed}: ${JSON.stringify({ ...stats, alertWorthy: alertWorthy.size, emails: delivered.length })}\n`);
  expect(alertWorthy.size).toBeGreaterThan(20);
  expect(stats.deliveries).toBeGreaterThan(stats.routed); // duplicates were injected
  expect(stats.publishAttempts).toBeGreaterThan(delivered.length); // failures were injected
  // Exactly one e-mail per alert-worthy event, none for the others.
  expect([...delivered].sort()).toEqual([...alertWorthy].sort());
  expect(onFailureQueue).toHaveLength(0);
});
