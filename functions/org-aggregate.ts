/**
 * Org sweep, step 3 (after the Distributed Map): read the run's per-account records, build the organization report
 * (org score, accounts ranked with their trend from each account's stored history, worst findings across accounts,
 * accounts not evaluated and why — an account left `pending` is reported, never dropped) and e-mail the nightly org
 * digest; then index the run so the weekly report finds it. Thin: lib/org/run.ts and lib/report/org render.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { StateStore, SweepSummary } from '../lib/store/types';
import { DynamoStore } from '../lib/aws/dynamo-store';
import { OrgRunStore } from '../lib/aws/org-run-store';
import { publishAlert } from '../lib/aws/sns';
import { reportInputFromRun, runIdOf } from '../lib/org/run';
import { buildOrgReport, TREND_MIN_AGE_MS } from '../lib/report/org/model';
import { renderOrgReportText } from '../lib/report/org/text';
import { DAY_MS } from '../lib/report/model';
import { requiredEnv } from './runtime';

export interface AggregateOutput {
  runId: string;
  total: number;
  evaluated: number;
  notEvaluated: number;
  score?: number;
  messageId?: string;
}

export interface AggregateDeps {
  runs: OrgRunStore;
  store: StateStore;
  sns: SNSClient;
  topicArn: string;
  orgId?: string;
  logger?: Logger;
}

/** Histories read at once (one Query each). */
const HISTORY_CONCURRENCY = 10;

/** Each account's sweeps of the last two weeks (the trend compares with a week earlier). */
export async function readHistories(store: StateStore, accounts: readonly string[], runId: string): Promise<Map<string, SweepSummary[]>> {
  const since = new Date(Date.parse(runId) - TREND_MIN_AGE_MS - 8 * DAY_MS).toISOString();
  const out = new Map<string, SweepSummary[]>();
  for (let i = 0; i < accounts.length; i += HISTORY_CONCURRENCY) {
    const chunk = accounts.slice(i, i + HISTORY_CONCURRENCY);
    const lists = await Promise.all(chunk.map((a) => store.listSweeps(a, since)));
    chunk.forEach((a, j) => out.set(a, lists[j]));
  }
  return out;
}

export function createAggregate(deps: AggregateDeps) {
  return async function handle(event: unknown): Promise<AggregateOutput> {
    const runId = runIdOf((event as { runId?: unknown } | null)?.runId);
    const records = await deps.runs.listRecords(runId);
    for (const w of deps.runs.warnings.splice(0)) deps.logger?.warn('run record did not validate', { problem: w });
    const evaluated = records.filter((r) => r.status === 'evaluated').map((r) => r.account);
    const history = await readHistories(deps.store, evaluated, runId);
    const report = buildOrgReport({ ...reportInputFromRun(records, history, runId, `org sweep run ${runId} (state table)`), ...(deps.orgId ? { orgId: deps.orgId } : {}) });
    const text = renderOrgReportText(report, { kind: 'nightly' });
    const messageId = await publishAlert(deps.sns, deps.topicArn, text);
    const out = { runId, total: report.total, evaluated: report.evaluated, notEvaluated: report.notEvaluated, ...(report.score !== undefined ? { score: report.score } : {}) };
    await deps.runs.putRunIndex(out);
    deps.logger?.info('org sweep aggregated', out);
    return { ...out, messageId };
  };
}

function buildHandler() {
  const logger = new Logger();
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const table = requiredEnv('TABLE_NAME');
  const handle = createAggregate({
    runs: new OrgRunStore(doc, table),
    store: new DynamoStore(doc, table, { onWarning: (m) => logger.warn('stored record did not validate', { problem: m }) }),
    sns: new SNSClient({}),
    topicArn: requiredEnv('ALERT_TOPIC_ARN'),
    orgId: process.env.ORG_ID || undefined,
    logger,
  });
  return middy((event: unknown, _context: Context) => handle(event)).use(injectLambdaContext(logger));
}

let built: ReturnType<typeof buildHandler> | undefined;

/** Lambda entry point (clients built once per container, on first use). */
export const handler = (event: unknown, context: Context): Promise<AggregateOutput> => {
  built ??= buildHandler();
  return built(event, context);
};
