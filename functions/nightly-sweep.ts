/**
 * Nightly sweep Lambda (schedule). Thin: self-check the deployed monitor → collect the account (read-only IAM,
 * CloudTrail, Access Analyzer) → buildAccountModel → runSweep with the DynamoDB store → e-mail when something new and
 * serious appears (runSweep publishes before it stores, so a failed publish is retried with the next attempt).
 * The self-check and the sweep are independent: one failing never skips the other; any failure fails the
 * invocation (Lambda retries, then the on-failure queue, and the Errors alarm fires).
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { Context } from 'aws-lambda';
import type { Config } from '../lib/config/types';
import { configFromEnv } from '../lib/config/env';
import type { StateStore } from '../lib/store/types';
import type { RawSnapshot } from '../lib/account/raw';
import { buildAccountModel } from '../lib/account/build';
import { runSweep } from '../lib/sweep/run';
import { collectSnapshot } from '../lib/aws/collect';
import { makeClients } from '../lib/aws/clients';
import { DynamoStore } from '../lib/aws/dynamo-store';
import { publishAlert } from '../lib/aws/sns';
import { sendFindingsToSecurityHub } from '../lib/aws/securityhub';
import { checkStack, stackProblemsAlert, type StackCheckClients, type StackExpectation } from '../lib/aws/stack-check';
import { listEnv, requiredEnv } from './runtime';

/** Rule name suffixes of the main stack (serverless.yml) and of the forwarder (forwarder/serverless.yml). */
export const SCORER_RULES = ['iam-changes', 'sign-in', 'root-activity', 'resource-exposure', 'defence-evasion'];
export const TAMPER_RULES = ['cloudtrail-tamper', 'monitor-tamper'];
/**
 * Each tamper rule has a twin `<rule>-direct` that publishes straight to the alerts topic (without CloudFormation's own
 * calls); the tamper rule itself only feeds the scorer.
 */
export const DIRECT_SUFFIX = '-direct';
export const FORWARDER_RULES = ['root-activity', 'sign-in', 'cloudtrail-tamper', 'monitor-tamper', 'resource-exposure', 'defence-evasion', 'credential-issuers'];

/**
 * What the self-check expects, from the function's environment: RULE_PREFIX, SCORER_ARN, REPORT_ARN,
 * ALERT_TOPIC_ARN, OPS_TOPIC_ARN, FORWARD_REGIONS (comma list) and FORWARDER_PREFIX.
 */
export function expectedStack(env: NodeJS.ProcessEnv = process.env): StackExpectation {
  const prefix = requiredEnv('RULE_PREFIX', env);
  const scorer = requiredEnv('SCORER_ARN', env);
  const topic = requiredEnv('ALERT_TOPIC_ARN', env);
  const account = scorer.split(':')[4];
  const partition = scorer.split(':')[1] || 'aws';
  const homeBus = `arn:${partition}:events:us-east-1:${account}:event-bus/default`;
  const rules: StackExpectation['rules'] = [
    ...SCORER_RULES.map((r) => ({ name: `${prefix}-${r}`, targetArns: [scorer] })),
    ...TAMPER_RULES.map((r) => ({ name: `${prefix}-${r}`, targetArns: [scorer] })),
    ...TAMPER_RULES.map((r) => ({ name: `${prefix}-${r}${DIRECT_SUFFIX}`, targetArns: [topic] })),
  ];
  const report = env.REPORT_ARN;
  if (report) rules.push({ name: `${prefix}-weekly-report`, targetArns: [report] });
  const fwdPrefix = env.FORWARDER_PREFIX;
  if (fwdPrefix) {
    for (const region of listEnv('FORWARD_REGIONS', env)) {
      for (const r of FORWARDER_RULES) rules.push({ name: `${fwdPrefix}-${r}`, targetArns: [homeBus], region });
    }
  }
  const ops = env.OPS_TOPIC_ARN;
  return { rules, topicArn: topic, ...(ops ? { otherTopicArns: [ops] } : {}) };
}

export interface SweepDeps {
  collect(): Promise<RawSnapshot>;
  store: StateStore;
  sns: SNSClient;
  topicArn: string;
  config: Config;
  stackCheck?: { clients: StackCheckClients; expectation: StackExpectation; account: string };
  /** Used when config.securityHub.enabled: tonight's findings (and those resolved) go to Security Hub as ASFF. */
  securityHub?: { client: SecurityHubClient; region: string };
  logger?: Logger;
  metrics?: Metrics;
}

export interface SweepOutcome {
  account?: string;
  score?: number;
  findings?: number;
  newFindings?: number;
  /** Security Hub import (config securityHub.enabled): findings accepted and refused. */
  securityHub?: { imported: number; failed: number };
  alerted: boolean;
  stackProblems: string[];
}

export function createSweep(deps: SweepDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: 'iam-guardian' });

  async function handle(): Promise<SweepOutcome> {
    const out: SweepOutcome = { alerted: false, stackProblems: [] };
    const errors: unknown[] = [];

    if (deps.stackCheck) {
      try {
        const problems = await checkStack(deps.stackCheck.clients, deps.stackCheck.expectation);
        out.stackProblems = problems.map((p) => p.problem);
        deps.metrics?.addMetric('StackProblems', MetricUnit.Count, problems.length);
        if (problems.length > 0) {
          logger.warn('monitor self-check found problems', { problems });
          await publishAlert(deps.sns, deps.topicArn, stackProblemsAlert(deps.stackCheck.account, problems));
        }
      } catch (err) {
        logger.error('self-check failed', { error: err as Error });
        errors.push(err);
      }
    }

    try {
      const raw = await deps.collect();
      const account = buildAccountModel(raw);
      const result = await runSweep({
        account,
        store: deps.store,
        config: deps.config,
        publish: async (alert) => {
          await publishAlert(deps.sns, deps.topicArn, alert);
          out.alerted = true;
        },
      });
      Object.assign(out, {
        account: result.account,
        score: result.score,
        findings: result.findings.length,
        newFindings: result.newFindings.length,
      });
      deps.metrics?.addMetric('PostureScore', MetricUnit.Count, result.score);
      if (deps.config.securityHub.enabled && deps.securityHub) {
        // Never throws for API errors (they come back per finding); the sweep's own result is already stored.
        const sent = await sendFindingsToSecurityHub(deps.securityHub.client, [...result.findings, ...result.resolved], { region: deps.securityHub.region });
        out.securityHub = { imported: sent.imported, failed: sent.failed.length };
        if (sent.failed.length > 0) logger.warn('Security Hub refused findings', { failed: sent.failed.slice(0, 20), count: sent.failed.length });
      }
      logger.info('sweep done', { account: result.account, score: result.score, findings: result.findings.length, notEvaluated: result.notEvaluated });
    } catch (err) {
      logger.error('sweep failed', { error: err as Error });
      errors.push(err);
    }

    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `nightly sweep: ${errors.length} failures (self-check and sweep)`);
    return out;
  }

  return { handle };
}

function buildHandler() {
  const logger = new Logger();
  const metrics = new Metrics();
  const regionClients = new Map<string, EventBridgeClient>();
  const events = (region = process.env.AWS_REGION ?? 'us-east-1') => {
    let c = regionClients.get(region);
    if (!c) regionClients.set(region, (c = new EventBridgeClient({ region })));
    return c;
  };
  const sns = new SNSClient({});
  const expectation = expectedStack();
  const collectClients = makeClients();
  const config = configFromEnv();
  const sweep = createSweep({
    collect: () => collectSnapshot(collectClients, { region: process.env.AWS_REGION, onProgress: (m) => logger.debug(m), config }),
    store: new DynamoStore(new DynamoDBClient({}), requiredEnv('TABLE_NAME'), { onWarning: (m) => logger.warn('stored record did not validate', { problem: m }) }),
    sns,
    topicArn: requiredEnv('ALERT_TOPIC_ARN'),
    config,
    stackCheck: { clients: { events, sns }, expectation, account: requiredEnv('SCORER_ARN').split(':')[4] },
    securityHub: { client: new SecurityHubClient({}), region: process.env.AWS_REGION ?? 'us-east-1' },
    logger,
    metrics,
  });
  return middy((_event: unknown, _context: Context) => sweep.handle())
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

let built: ReturnType<typeof buildHandler> | undefined;

/** Lambda entry point (clients built once per container, on first use). */
export const handler = (event: unknown, context: Context): Promise<SweepOutcome> => {
  built ??= buildHandler();
  return built(event, context);
};
