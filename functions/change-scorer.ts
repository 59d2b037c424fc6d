/**
 * Change scorer Lambda (EventBridge target). Thin: parse → scoreEvent (IAM enrichment) → publish alert → record it.
 *
 * Exactly one e-mail per CloudTrail event although EventBridge and Lambda deliver at least once: the work is wrapped
 * in Powertools idempotency keyed on `detail.eventID` (the envelope `id` changes per delivery) — or, when the record
 * has no usable eventID (absent, empty, not a string), on a hash of the whole record, so two different such events
 * never share a key and neither alert is dropped (idempotencyKeyOf) — persisted in the
 * state table (pk/sk, TTL attribute `ttl`). A delivery that finds a COMPLETED record returns the stored result and
 * publishes nothing; a failed publish throws, the IN_PROGRESS record is deleted, and the retry publishes.
 * A concurrent duplicate (IN_PROGRESS) is acknowledged without work: the delivery holding the record either
 * completes or fails and is itself retried by Lambda (then dead-lettered), so nothing is lost.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { Config } from '../lib/config/types';
import type { EnrichmentSource } from '../lib/cloudtrail/enrichment-types';
import type { AlertRecord, StateStore } from '../lib/store/types';
import { scoreEvent, type ScoredEvent } from '../lib/engine/score-event';
import { AUDIT_RULE_ID } from '../lib/rules/event/iam-policy-changed';
import { stableFingerprint } from '../lib/cloudtrail/normalize';
import { formatEventAlert } from '../lib/alerts/format';
import { publishAlert } from '../lib/aws/sns';
import { iamEnrichmentSource } from '../lib/aws/iam-enricher';
import { DynamoStore, IDEMPOTENCY_PERSISTENCE_OPTIONS } from '../lib/aws/dynamo-store';
import { DynamoSignInCounter } from '../lib/aws/dynamo-sign-in-counter';
import type { SignInCounter } from '../lib/store/sign-in-counter';
import { configFromEnv } from '../lib/config/env';
import { configForAccount, needsOus } from '../lib/config/accounts';
import type { AccountScope } from '../lib/engine/score-event';
import { createAccountDirectory, type AccountDirectory } from '../lib/org/account-directory';
import { organizationsLookups } from '../lib/aws/organizations-directory';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { alertsConfig, routeAlert } from '../lib/chat/routing';
import { chatAlertNotification } from '../lib/chat/alert';
import { webhookAlertPayload } from '../lib/chat/webhook-payload';
import { extraDeliveriesFromEnv, type ExtraDeliveries } from '../lib/aws/chat-delivery';
import { requiredEnv } from './runtime';

/** Idempotency records outlive every redelivery path: EventBridge retries (4 h), Lambda event age (6 h), DLQ (14 days). */
export const IDEMPOTENCY_TTL_SECONDS = 14 * 24 * 3600;

export interface ScorerResult {
  eventId: string;
  eventName: string;
  severity: string;
  score: number;
  alert: boolean;
  /** SNS MessageId when an alert was published. */
  messageId?: string;
  /** This delivery found the same event in progress elsewhere and did nothing. */
  duplicateInProgress?: boolean;
  /** The account the event was scored for, and its name when known (Organizations mode). */
  account?: string;
  accountName?: string;
  /** Channels beyond e-mail (config `alerts`): whether the chat post went out, webhooks delivered / failed. */
  chat?: boolean;
  webhooksDelivered?: number;
  webhooksFailed?: number;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Why a member account's IAM is not read by the central scorer (said in the findings that needed a lookup). */
export function memberAccountReason(account: string): string {
  return `account ${account} is another account of the organization: the central scorer does not read its IAM`;
}

export interface ScorerDeps {
  sns: SNSClient;
  topicArn: string;
  persistenceStore: BasePersistenceLayer;
  config: Config;
  /** IAM lookups for events that do not carry what they change. */
  source?: EnrichmentSource;
  /** Failed console sign-in counters (console-sign-in-attack); the state table's atomic counters when deployed. */
  signIns?: SignInCounter;
  /** Alert history for the weekly report (best effort: never blocks or duplicates an e-mail). */
  store?: Pick<StateStore, 'putAlert'>;
  /**
   * The account this function runs in. Events of another account (Organizations mode: the org bus) are judged
   * without `source`: this account's IAM says nothing about theirs (the lookups are reported as not made).
   */
  homeAccount?: string;
  /** Organizations mode: member accounts' names (alerts, history) and OUs (per-account configuration). */
  accounts?: AccountDirectory;
  /** Chat topic and webhooks, after the e-mail (never throws, bounded in time: lib/aws/chat-delivery.ts). */
  extra?: Pick<ExtraDeliveries, 'deliver'>;
  logger?: Logger;
  metrics?: Metrics;
  now?: () => string;
}

/** The idempotency persistence layer on the state table (composite key: pk = static, sk = hashed eventID). */
export function statePersistenceLayer(tableName: string, client: DynamoDBClient): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName,
    ...IDEMPOTENCY_PERSISTENCE_OPTIONS, // keyAttr pk, sortKeyAttr sk, expiryAttr ttl (the table's TTL attribute)
    staticPkValue: 'idempotency#change-scorer',
    awsSdkV3Client: client,
  });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The account an event belongs to, as normalisation reads it (recipientAccountId, envelope, userIdentity). */
function accountOf(event: unknown, detail: unknown): string | undefined {
  const d = isObj(detail) ? detail : {};
  const ui = isObj(d.userIdentity) ? d.userIdentity : {};
  for (const v of [d.recipientAccountId, isObj(event) ? event.account : undefined, ui.accountId]) {
    if (typeof v === 'string' && v !== '') return v.length <= 64 ? v : `sha256:${createHash('sha256').update(v).digest('hex')}`;
  }
  return undefined;
}

/**
 * The idempotency key of one delivery: `<account>#<eventID>` when the eventID is a non-empty string (the account of
 * the event, so that two member accounts' events with the same eventID on the org bus are both scored; the bare
 * eventID when no account can be read), else a SHA-256 of the whole record (EventBridge redelivers the same detail,
 * so retries still share it; two different records, or one record from two accounts, do not).
 */
export function idempotencyKeyOf(event: unknown): string {
  const detail = isObj(event) && 'detail' in event ? event.detail : event;
  const id = isObj(detail) ? detail.eventID : undefined;
  if (typeof id === 'string' && id !== '') {
    const account = accountOf(event, detail);
    return account === undefined ? id : `${account}#${id}`;
  }
  let text: string;
  try {
    // An EventBridge event is at most 256 KB: the whole record is hashed, not a prefix of it.
    text = JSON.stringify(detail) ?? String(detail);
  } catch {
    text = stableFingerprint(detail, 1_000_000);
  }
  // The account too: the same record delivered from two accounts' buses (no recipientAccountId) is two events.
  return `record-sha256:${createHash('sha256').update(`${accountOf(event, detail) ?? ''}\n${text}`).digest('hex')}`;
}

interface KeyedDelivery {
  idempotencyKey: string;
  event: unknown;
}

export function createScorer(deps: ScorerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: 'iam-guardian' });
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'idempotencyKey',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    throwOnNoIdempotencyKey: false,
  });

  /** Configuration and enrichment source for the event's account (never throws: a failed OU lookup is logged). */
  async function forAccount(account: string): Promise<AccountScope> {
    let ous: string[] | undefined;
    if (deps.accounts && needsOus(deps.config)) ous = await deps.accounts.ous(account);
    const foreign = deps.homeAccount !== undefined && ACCOUNT_ID.test(account) && account !== deps.homeAccount;
    return { config: configForAccount(deps.config, account, ous), source: foreign ? memberAccountReason(account) : deps.source };
  }
  const scoped = deps.homeAccount !== undefined || (deps.config.accounts?.length ?? 0) > 0;

  /** Alert history (and the audit list): a failed write is logged, never retried (the e-mail, if any, went out). */
  async function recordHistory(scored: ScoredEvent, now: string, subject: string, audit: boolean, accountName?: string): Promise<void> {
    if (!deps.store) return;
    const record: AlertRecord = {
      account: scored.account,
      ...(accountName ? { accountName } : {}),
      eventId: scored.eventId,
      time: scored.eventTime ?? now,
      eventName: scored.eventName,
      actor: scored.actor,
      ruleIds: [...new Set(scored.findings.map((f) => f.ruleId))],
      severity: scored.severity === 'none' ? 'info' : scored.severity,
      score: scored.score,
      subject,
      lines: scored.findings.map((f) => `[${f.severity}] ${f.message}`),
      lineRules: scored.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity })),
    };
    if (scored.sourceIp) record.sourceIp = scored.sourceIp;
    if (audit) record.audit = true;
    try {
      await deps.store.putAlert(record);
    } catch (err) {
      // The e-mail went out; failing now would release the idempotency record and send it again.
      logger.error('alert history not recorded', { eventId: scored.eventId, error: err as Error });
      deps.metrics?.addMetric('AlertHistoryWriteFailed', MetricUnit.Count, 1);
    }
  }

  async function deliverExtra(
    extra: Pick<ExtraDeliveries, 'deliver'>,
    scored: ScoredEvent,
    route: ReturnType<typeof routeAlert>,
    accountName: string | undefined,
    result: ScorerResult,
  ): Promise<void> {
    try {
      const out = await extra.deliver(route, {
        chat: chatAlertNotification(scored, { accountName }),
        webhook: webhookAlertPayload(scored, { accountName }),
        subject: `event ${scored.eventId}`,
      });
      if (out.chat) result.chat = out.chat.ok;
      result.webhooksDelivered = out.webhooks.filter((w) => w.ok).length;
      result.webhooksFailed = out.webhooks.length - result.webhooksDelivered;
      if (out.chat?.ok) deps.metrics?.addMetric('ChatPublished', MetricUnit.Count, 1);
      const failed = result.webhooksFailed + (out.chat && !out.chat.ok ? 1 : 0);
      if (failed) deps.metrics?.addMetric('DeliveriesFailed', MetricUnit.Count, failed);
    } catch (err) {
      // A message that cannot be built (never expected) is logged; the e-mail went out.
      logger.error('chat and webhook deliveries skipped', { eventId: scored.eventId, error: err as Error });
      deps.metrics?.addMetric('DeliveriesFailed', MetricUnit.Count, 1);
    }
  }

  async function scoreAndAlert(delivery: KeyedDelivery): Promise<ScorerResult> {
    const { event } = delivery;
    const now = deps.now?.() ?? new Date().toISOString();
    const scored = await scoreEvent(event, {
      config: deps.config,
      now,
      source: deps.source,
      signIns: deps.signIns,
      ...(scoped ? { forAccount } : {}),
    });
    const result: ScorerResult = {
      eventId: scored.eventId,
      eventName: scored.eventName,
      severity: scored.severity,
      score: scored.score,
      alert: scored.alert,
      account: scored.account,
    };
    logger.info('scored', { ...result, findings: scored.findings.map((f) => `${f.ruleId}:${f.severity}:${f.status}`) });
    const audit = deps.store !== undefined && scored.findings.some((f) => f.ruleId === AUDIT_RULE_ID && f.status !== 'suppressed');
    // One decision (alertThreshold, suppressions: scored.alert), then the channels by severity (config `alerts`).
    // The alert is recorded in the history (weekly report) whatever channels it goes to.
    const route = routeAlert(deps.config, scored);
    const extraChannels = route.chat || route.webhooks.length > 0;
    const worthMail = scored.alert && scored.severity !== 'none';
    // The name only when it is shown or stored (a lookup failure leaves the id alone: never a lost alert).
    const accountName = deps.accounts && (worthMail || audit) ? await deps.accounts.name(scored.account) : undefined;
    if (accountName) result.accountName = accountName;
    if (!worthMail) {
      // No e-mail, but an IAM policy change is kept for the weekly report's audit list (CIS 4.4, iam-policy-changed).
      if (audit) await recordHistory(scored, now, `IAM policy change: ${scored.eventName}`, true, accountName);
      return result;
    }

    const text = formatEventAlert(scored, { accountName });
    if (route.email) {
      // Errors propagate: the idempotency record is released and Lambda retries (then the on-failure queue).
      result.messageId = await publishAlert(deps.sns, deps.topicArn, text);
      deps.metrics?.addMetric('AlertsPublished', MetricUnit.Count, 1);
      logger.info('alert published', { eventId: scored.eventId, messageId: result.messageId });
    }
    // After the e-mail, never before it: chat and webhooks cannot delay or repeat it (failures go to the queue).
    if (extraChannels && deps.extra) await deliverExtra(deps.extra, scored, route, accountName, result);
    await recordHistory(scored, now, text.subject, false, accountName);
    return result;
  }

  const idempotentScore = makeIdempotent(scoreAndAlert, {
    persistenceStore: deps.persistenceStore,
    config: idempotencyConfig,
  });

  /** One delivery of one event. */
  async function handle(event: unknown, context?: Context): Promise<ScorerResult> {
    if (context) idempotencyConfig.registerLambdaContext(context);
    try {
      return await idempotentScore({ idempotencyKey: idempotencyKeyOf(event), event });
    } catch (err) {
      if (err instanceof IdempotencyAlreadyInProgressError) {
        logger.info('duplicate delivery while the same event is in progress; acknowledged');
        deps.metrics?.addMetric('DuplicateInProgress', MetricUnit.Count, 1);
        const detail = (event as { detail?: { eventID?: unknown; eventName?: unknown } } | null)?.detail;
        return {
          eventId: typeof detail?.eventID === 'string' ? detail.eventID : 'unknown',
          eventName: typeof detail?.eventName === 'string' ? detail.eventName : 'unknown',
          severity: 'none',
          score: 0,
          alert: false,
          duplicateInProgress: true,
        };
      }
      throw err;
    }
  }

  return { handle, idempotencyConfig };
}

function buildHandler() {
  const logger = new Logger();
  const metrics = new Metrics();
  const dynamo = new DynamoDBClient({});
  const config = configFromEnv();
  const orgId = process.env.ORG_ID ?? '';
  const homeAccount = process.env.HOME_ACCOUNT_ID;
  const accounts =
    orgId !== ''
      ? createAccountDirectory(organizationsLookups(new OrganizationsClient({ region: 'us-east-1' })), {
          onError: (what, account, reason) => {
            logger.warn('organizations lookup failed; the alert names the account by id', { what, account, reason });
            metrics.addMetric('AccountLookupFailed', MetricUnit.Count, 1);
          },
        })
      : undefined;
  const sns = new SNSClient({});
  const extra = extraDeliveriesFromEnv(sns, alertsConfig(config).webhooks, logger);
  const scorer = createScorer({
    ...(homeAccount ? { homeAccount } : {}),
    ...(accounts ? { accounts } : {}),
    extra,
    sns,
    topicArn: requiredEnv('ALERT_TOPIC_ARN'),
    persistenceStore: statePersistenceLayer(requiredEnv('TABLE_NAME'), dynamo),
    config,
    source: iamEnrichmentSource(new IAMClient({ region: 'us-east-1' })),
    signIns: new DynamoSignInCounter(dynamo, requiredEnv('TABLE_NAME'), {
      windowMinutes: config.thresholds.signInWindowMinutes,
      threshold: config.thresholds.signInFailures,
    }),
    store: new DynamoStore(dynamo, requiredEnv('TABLE_NAME')),
    logger,
    metrics,
  });
  return middy((event: unknown, context: Context) => scorer.handle(event, context))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

let built: ReturnType<typeof buildHandler> | undefined;

/** Lambda entry point (clients built once per container, on first use). */
export const handler = (event: unknown, context: Context): Promise<ScorerResult> => {
  built ??= buildHandler();
  return built(event, context);
};
