/**
 * Org sweep, step 1 (the central stack's state machine, Organizations mode): list the organization's accounts
 * (ListAccounts, every page), record every account for this run (ACTIVE ones pending, suspended / closing ones not
 * evaluated with the reason) and write the ACTIVE ones as the Distributed Map's items to S3. Thin: lib/org/run.ts
 * decides, lib/aws does the I/O.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { listOrgAccounts } from '../lib/aws/org-accounts';
import { OrgRunStore, runItemsKey, writeRunItems } from '../lib/aws/org-run-store';
import { runIdOf, startRun } from '../lib/org/run';
import { SWEEP_RETRY } from '../lib/aws/clients';
import { requiredEnv } from './runtime';

export interface ListAccountsOutput {
  runId: string;
  bucket: string;
  key: string;
  /** Accounts listed. */
  total: number;
  /** Accounts to sweep (the Distributed Map's items). */
  active: number;
}

export interface ListAccountsDeps {
  org: OrganizationsClient;
  s3: S3Client;
  store: OrgRunStore;
  bucket: string;
  logger?: Logger;
  now?: () => string;
}

export function createListAccounts(deps: ListAccountsDeps) {
  return async function handle(event: unknown): Promise<ListAccountsOutput> {
    const runId = runIdOf((event as { time?: unknown } | null)?.time);
    const accounts = await listOrgAccounts(deps.org);
    const { records, items } = startRun(runId, accounts, deps.now?.() ?? new Date().toISOString());
    // Records first: an account whose item exists always has a record the last step can report.
    await deps.store.putRecords(records);
    const key = runItemsKey(runId);
    await writeRunItems(deps.s3, deps.bucket, key, items);
    deps.logger?.info('org accounts listed', { runId, total: accounts.length, active: items.length });
    return { runId, bucket: deps.bucket, key, total: accounts.length, active: items.length };
  };
}

function buildHandler() {
  const logger = new Logger();
  const handle = createListAccounts({
    // Organizations' endpoint is in us-east-1.
    org: new OrganizationsClient({ region: 'us-east-1', retryMode: SWEEP_RETRY.retryMode, maxAttempts: SWEEP_RETRY.maxAttempts }),
    s3: new S3Client({}),
    store: new OrgRunStore(DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), requiredEnv('TABLE_NAME')),
    bucket: requiredEnv('REPORT_BUCKET'),
    logger,
  });
  return middy((event: unknown, _context: Context) => handle(event)).use(injectLambdaContext(logger));
}

let built: ReturnType<typeof buildHandler> | undefined;

/** Lambda entry point (clients built once per container, on first use). */
export const handler = (event: unknown, context: Context): Promise<ListAccountsOutput> => {
  built ??= buildHandler();
  return built(event, context);
};
