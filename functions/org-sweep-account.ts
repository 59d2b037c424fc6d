/**
 * Org sweep, step 2 (one Distributed Map child execution per ACTIVE account): assume the account's audit role
 * (ExternalId), run today's single-account sweep on it (lib/aws/org.ts collectOrgAccount → buildAccountModel →
 * runSweep, the account's history in the state table) and replace the account's `pending` run record by its result.
 * An account that cannot be swept (role missing, AccessDenied, throttled out) is recorded "not evaluated: reason" and
 * the step still succeeds: one account never fails the run. Only a failure to record fails the step (Step Functions
 * retries it; the last step reports an account left pending).
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { Config } from '../lib/config/types';
import { configFromEnv } from '../lib/config/env';
import { severityRank } from '../lib/findings/types';
import { buildAccountModel } from '../lib/account/build';
import { runSweep } from '../lib/sweep/run';
import type { StateStore } from '../lib/store/types';
import { DynamoStore } from '../lib/aws/dynamo-store';
import { checkExternalId, checkRoleName, collectOrgAccount, type OrgCollectOptions } from '../lib/aws/org';
import { OrgRunStore } from '../lib/aws/org-run-store';
import { SWEEP_RETRY } from '../lib/aws/clients';
import { evaluatedRecord, failedRecord, parseRunItem, type RunRecordStatus } from '../lib/org/run';
import { requiredEnv } from './runtime';

export interface SweepAccountOutput {
  account: string;
  status: RunRecordStatus;
  score?: number;
}

export interface SweepAccountDeps {
  collect: Omit<OrgCollectOptions, 'collect'>;
  store: StateStore;
  runs: OrgRunStore;
  config: Config;
  logger?: Logger;
  now?: () => string;
}

export function createSweepAccount(deps: SweepAccountDeps) {
  return async function handle(event: unknown): Promise<SweepAccountOutput> {
    const item = parseRunItem(event);
    const now = () => deps.now?.() ?? new Date().toISOString();
    let record;
    try {
      // The configuration's lastAccessed block (principals, budget, rotation) and the run's day: the account's IAM
      // last-accessed data is collected one run in lastAccessed.orgRotationDays (lib/last-accessed/rotation.ts).
      const raw = await collectOrgAccount({ id: item.account, name: item.name, state: 'ACTIVE' }, { ...deps.collect, collect: { config: deps.config }, runTime: item.runId });
      const r = await runSweep({ account: buildAccountModel(raw), store: deps.store, config: deps.config, now: item.runId });
      const threshold = severityRank(deps.config.alertThreshold);
      record = evaluatedRecord(item, { score: r.score, findings: r.findings, newSerious: r.newFindings.filter((f) => severityRank(f.severity) >= threshold).length }, now());
    } catch (err) {
      record = failedRecord(item, err, now());
      deps.logger?.warn('account not evaluated', { account: item.account, reason: record.reason });
    }
    await deps.runs.putRecord(record);
    return { account: item.account, status: record.status, ...(record.score !== undefined ? { score: record.score } : {}) };
  };
}

function buildHandler() {
  const logger = new Logger();
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  const table = requiredEnv('TABLE_NAME');
  const externalId = process.env.ORG_EXTERNAL_ID;
  const handle = createSweepAccount({
    collect: {
      sts: new STSClient({ retryMode: SWEEP_RETRY.retryMode, maxAttempts: SWEEP_RETRY.maxAttempts }),
      roleName: checkRoleName(requiredEnv('ORG_AUDIT_ROLE_NAME')),
      ...(externalId ? { externalId: checkExternalId(externalId) } : {}),
      sessionName: 'iam-guardian-org-sweep',
      region: process.env.AWS_REGION,
    },
    store: new DynamoStore(doc, table, { onWarning: (m) => logger.warn('stored record did not validate', { problem: m }) }),
    runs: new OrgRunStore(doc, table),
    config: configFromEnv(),
    logger,
  });
  return middy((event: unknown, _context: Context) => handle(event)).use(injectLambdaContext(logger));
}

let built: ReturnType<typeof buildHandler> | undefined;

/** Lambda entry point (clients built once per container, on first use). */
export const handler = (event: unknown, context: Context): Promise<SweepAccountOutput> => {
  built ??= buildHandler();
  return built(event, context);
};
