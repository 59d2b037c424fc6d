/**
 * The change scorer as the suites run it: its real idempotency layer on a dynalite state table (started on loopback
 * for the suite, stopped after it), SNS through a client the suite mocks with aws-sdk-client-mock, a silent logger
 * and a fixed clock. `scorerOnDynalite(table)` registers the suite's beforeAll/afterAll; `scorer(over)` builds a
 * scorer with any dependency replaced.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { createScorer, statePersistenceLayer, type ScorerDeps } from '../../functions/change-scorer';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { createStateTable, startDynalite, type LocalDynamo } from '../functions/dynalite-server';

export const SCORER_TOPIC = 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts';
export const SCORER_NOW = '2026-11-02T09:15:00.000Z';
const TEST_CREDENTIALS = { accessKeyId: 'AKID', secretAccessKey: 'x' };

export interface ScorerHarness {
  /** The dynalite client (valid between the suite's beforeAll and afterAll). */
  dynamo(): DynamoDBClient;
  scorer(over?: Partial<ScorerDeps>): ReturnType<typeof createScorer>;
}

export function scorerOnDynalite(table: string): ScorerHarness {
  let local: LocalDynamo | undefined;
  beforeAll(async () => {
    local = await startDynalite();
    await createStateTable(local.client, table);
  });
  afterAll(async () => {
    await local?.stop();
  });
  const dynamo = (): DynamoDBClient => {
    if (!local) throw new TypeError('scorerOnDynalite: dynalite is not running (use it inside a test)');
    return local.client;
  };
  return {
    dynamo,
    scorer: (over = {}) =>
      createScorer({
        sns: new SNSClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS }),
        topicArn: SCORER_TOPIC,
        persistenceStore: statePersistenceLayer(table, dynamo()),
        config: DEFAULT_CONFIG,
        logger: new Logger({ logLevel: 'SILENT' }),
        now: () => SCORER_NOW,
        ...over,
      }),
  };
}
