/**
 * Weekly report Lambda (schedule). Thin: read the history (sweeps, findings, the week's alerts) from the state table →
 * buildWeeklyReport → archive the HTML in the report bucket → presigned link → publish the text e-mail.
 * The account id comes from the function's own ARN (no STS call).
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import type { Config } from '../lib/config/types';
import { configFromEnv } from '../lib/config/env';
import type { StateStore } from '../lib/store/types';
import { buildWeeklyReport, TREND_WEEKS, WEEK_MS } from '../lib/report/model';
import { renderReportHtml } from '../lib/report/html';
import { weeklyReportEmail } from '../lib/report/email';
import { archiveReport, presignReportUrl, reportKey } from '../lib/aws/report-archive';
import { DynamoStore } from '../lib/aws/dynamo-store';
import { publishAlert } from '../lib/aws/sns';
import { requiredEnv } from './runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OrgRunStore } from '../lib/aws/org-run-store';
import { buildOrgWeekly } from '../lib/report/org/weekly';
import { renderOrgReportHtml } from '../lib/report/org/html';
import { renderOrgReportText } from '../lib/report/org/text';
import { fillCommand } from '../lib/text/escape';
import { alertsConfig, routeWeeklyReport } from '../lib/chat/routing';
import { chatReportNotification } from '../lib/chat/report';
import { webhookOrgReportPayload, webhookReportPayload } from '../lib/chat/webhook-payload';
import { chatOrgReportNotification } from '../lib/chat/org-report';
import { extraDeliveriesFromEnv, type ExtraDeliveries } from '../lib/aws/chat-delivery';

export interface ReportDeps {
  store: StateStore;
  s3: S3Client;
  bucket: string;
  sns: SNSClient;
  topicArn: string;
  config: Config;
  /** The chat summary and webhooks, after the e-mail (never throws, bounded: lib/aws/chat-delivery.ts). */
  extra?: Pick<ExtraDeliveries, 'deliver'>;
  logger?: Logger;
  metrics?: Metrics;
  now?: () => string;
}

export interface ReportOutcome {
  account: string;
  key: string;
  score?: number;
  messageId?: string;
  /** Whether the chat summary went out (absent: not routed to chat); webhooks delivered / failed. */
  chat?: boolean;
  webhooksDelivered?: number;
  webhooksFailed?: number;
}

/** The 12-digit account id in a Lambda function ARN (arn:aws:lambda:region:account:function:name). */
export function accountOfFunctionArn(arn: string): string {
  const account = arn.split(':')[4];
  if (!account || !/^\d{12}$/.test(account)) throw new Error(`cannot read the account id from function ARN ${JSON.stringify(arn)}`);
  return account;
}

export function createReport(deps: ReportDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: 'iam-guardian' });

  async function handle(account: string): Promise<ReportOutcome> {
    const now = deps.now?.() ?? new Date().toISOString();
    const nowMs = Date.parse(now);
    const [sweeps, findings, alerts] = await Promise.all([
      deps.store.listSweeps(account, new Date(nowMs - (TREND_WEEKS + 1) * WEEK_MS).toISOString()),
      deps.store.getFindings(account),
      deps.store.listAlerts(account, new Date(nowMs - WEEK_MS).toISOString()),
    ]);
    const report = buildWeeklyReport({ account, now, sweeps, findings, alerts, config: deps.config, source: 'nightly sweeps and real-time alerts (DynamoDB)' });
    const key = reportKey(account, now);
    await archiveReport(deps.s3, deps.bucket, key, renderReportHtml(report));
    const url = await presignReportUrl(deps.s3, deps.bucket, key);
    const text = weeklyReportEmail(report, { htmlUrl: url, bucket: deps.bucket, key });
    const messageId = await publishAlert(deps.sns, deps.topicArn, text);
    deps.metrics?.addMetric('ReportsPublished', MetricUnit.Count, 1);
    logger.info('weekly report published', { account, key, sweeps: sweeps.length, findings: findings.length, alerts: alerts.length });
    const outcome: ReportOutcome = { account, key, score: report.score, messageId };
    // The chat summary and webhooks after the e-mail: their failures go to the failure queue, never fail the report.
    const route = routeWeeklyReport(deps.config);
    if (deps.extra && (route.chat || route.webhooks.length > 0)) {
      try {
        const out = await deps.extra.deliver(route, {
          chat: chatReportNotification(report, { htmlUrl: url, bucket: deps.bucket, key }),
          webhook: webhookReportPayload(report, { htmlUrl: url }),
          subject: `weekly-report ${account}`,
        });
        if (out.chat) outcome.chat = out.chat.ok;
        outcome.webhooksDelivered = out.webhooks.filter((w) => w.ok).length;
        outcome.webhooksFailed = out.webhooks.length - outcome.webhooksDelivered;
      } catch (err) {
        logger.error('weekly chat summary and webhooks skipped', { account, error: err as Error });
      }
    }
    return outcome;
  }

  return { handle };
}

export interface OrgReportDeps extends Omit<ReportDeps, 'store'> {
  store: StateStore;
  runs: Pick<OrgRunStore, 'latestRun' | 'listRecords' | 'warnings'>;
  orgId?: string;
}

export interface OrgReportOutcome {
  key: string;
  runId: string;
  accounts: number;
  score?: number;
  messageId?: string;
  /** Whether the chat summary went out (absent: not routed to chat); webhooks delivered / failed. */
  chat?: boolean;
  webhooksDelivered?: number;
  webhooksFailed?: number;
}

/** `reports/org/<YYYY-MM-DD>/index.html` and `.../<account>.html`: one organization report a day. */
export function orgReportKeys(now: string): { index: string; account: (id: string) => string } {
  const dir = `reports/org/${now.slice(0, 10)}`;
  return { index: `${dir}/index.html`, account: (id) => `${dir}/${id}.html` };
}

/**
 * Organizations mode: the weekly report of the organization from the org sweep's latest run (within 8 days): each
 * account's own weekly page, the organization page linking to them (presigned links), and the e-mail.
 */
export function createOrgReport(deps: OrgReportDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: 'iam-guardian' });
  return async function handle(): Promise<OrgReportOutcome> {
    const now = deps.now?.() ?? new Date().toISOString();
    const run = await deps.runs.latestRun(new Date(Date.parse(now) - 8 * 86_400_000).toISOString());
    if (!run) throw new Error('Organizations mode: no org sweep finished in the last 8 days (see the org sweep state machine); no report to send');
    const records = await deps.runs.listRecords(run.runId);
    for (const w of deps.runs.warnings.splice(0)) logger.warn('run record did not validate', { problem: w });
    const { report, accounts } = await buildOrgWeekly({ store: deps.store, records, now, config: deps.config, source: `org sweep run ${run.runId} and stored history (DynamoDB)`, ...(deps.orgId ? { orgId: deps.orgId } : {}) });
    const keys = orgReportKeys(now);
    const links = new Map<string, string>();
    for (const a of accounts) {
      const key = keys.account(a.account);
      await archiveReport(deps.s3, deps.bucket, key, renderReportHtml(a));
      links.set(a.account, await presignReportUrl(deps.s3, deps.bucket, key));
    }
    await archiveReport(deps.s3, deps.bucket, keys.index, renderOrgReportHtml(report, { accountHref: (id) => links.get(id) }));
    const url = await presignReportUrl(deps.s3, deps.bucket, keys.index);
    const rendered = renderOrgReportText(report, { htmlUrl: url, kind: 'weekly' });
    const messageId = await publishAlert(deps.sns, deps.topicArn, {
      subject: rendered.subject,
      message: `${rendered.message}\nIf the link no longer opens, fetch the archived report with your own credentials:\n  ${fillCommand('aws s3 cp --recursive <prefix> ./iam-guardian-org-report/', { prefix: `s3://${deps.bucket}/${keys.index.replace(/index\.html$/, '')}` })}\n`,
    });
    deps.metrics?.addMetric('ReportsPublished', MetricUnit.Count, 1);
    logger.info('weekly org report published', { key: keys.index, runId: run.runId, accounts: report.total });
    const outcome: OrgReportOutcome = { key: keys.index, runId: run.runId, accounts: report.total, ...(report.score !== undefined ? { score: report.score } : {}), messageId };
    // The chat summary and webhooks after the e-mail, as for one account: their failures go to the failure queue and
    // are logged, never fail the report (the e-mail is out and must not be sent again by a retry).
    const route = routeWeeklyReport(deps.config);
    if (deps.extra && (route.chat || route.webhooks.length > 0)) {
      try {
        const out = await deps.extra.deliver(route, {
          chat: chatOrgReportNotification(report, { htmlUrl: url, bucket: deps.bucket, key: keys.index }),
          webhook: webhookOrgReportPayload(report, { htmlUrl: url }),
          subject: `weekly-org-report ${report.orgId ?? 'organization'}`,
        });
        if (out.chat) outcome.chat = out.chat.ok;
        outcome.webhooksDelivered = out.webhooks.filter((w) => w.ok).length;
        outcome.webhooksFailed = out.webhooks.length - outcome.webhooksDelivered;
      } catch (err) {
        logger.error('weekly org chat summary and webhooks skipped', { runId: run.runId, error: err as Error });
      }
    }
    return outcome;
  };
}

function buildHandler() {
  const logger = new Logger();
  const metrics = new Metrics();
  if (process.env.ORG_MODE === 'true') {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const table = requiredEnv('TABLE_NAME');
    const config = configFromEnv();
    const org = createOrgReport({
      extra: extraDeliveriesFromEnv(new SNSClient({}), alertsConfig(config).webhooks, logger),
      store: new DynamoStore(doc, table, { onWarning: (m) => logger.warn('stored record did not validate', { problem: m }) }),
      runs: new OrgRunStore(doc, table),
      s3: new S3Client({}),
      bucket: requiredEnv('REPORT_BUCKET'),
      sns: new SNSClient({}),
      topicArn: requiredEnv('ALERT_TOPIC_ARN'),
      config,
      logger,
      metrics,
    });
    return middy((_event: unknown, _context: Context): Promise<ReportOutcome | OrgReportOutcome> => org())
      .use(injectLambdaContext(logger))
      .use(logMetrics(metrics));
  }
  const config = configFromEnv();
  // The report function's timeout is 300 s: the same 10 s bound as the scorer still keeps the summary prompt.
  const extra = extraDeliveriesFromEnv(new SNSClient({}), alertsConfig(config).webhooks, logger);
  const report = createReport({
    extra,
    // Stored records that fail validation are read with safe values; each problem is logged (never silent).
    store: new DynamoStore(new DynamoDBClient({}), requiredEnv('TABLE_NAME'), { onWarning: (m) => logger.warn('stored record did not validate', { problem: m }) }),
    s3: new S3Client({}),
    bucket: requiredEnv('REPORT_BUCKET'),
    sns: new SNSClient({}),
    topicArn: requiredEnv('ALERT_TOPIC_ARN'),
    config,
    logger,
    metrics,
  });
  return middy((_event: unknown, context: Context): Promise<ReportOutcome | OrgReportOutcome> => report.handle(accountOfFunctionArn(context.invokedFunctionArn)))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

let built: ReturnType<typeof buildHandler> | undefined;

/** Lambda entry point (clients built once per container, on first use). */
export const handler = (event: unknown, context: Context): Promise<ReportOutcome | OrgReportOutcome> => {
  built ??= buildHandler();
  return built(event, context);
};
