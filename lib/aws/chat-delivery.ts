/**
 * The deliveries after the e-mail: the chat topic (AWS Chatbot custom notification, lib/chat) and the generic
 * webhooks (URLs from SSM SecureString parameters, read once per container). The caller publishes the e-mail first
 * and then calls `deliver`, which never throws and is bounded in time (`deadlineMs`, every read, post, retry and wait
 * included): a dead webhook or chat topic can neither block nor repeat the e-mail. What was not delivered is recorded
 * in the function failure queue (lib/aws/delivery-failures.ts) and logged; when even that fails, it is logged.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { WebhookSpec } from '../config/types';
import type { AlertRoute } from '../chat/routing';
import type { ChatNotification } from '../chat/notification';
import { postWebhook, type WebhookOptions, type WebhookResult } from '../chat/webhook';
import { readSecureParameter } from './ssm';
import { recordDeliveryFailure, type DeliveryFailure } from './delivery-failures';
import { thrownLine } from '../text/error-text';

export interface DeliveryLog {
  warn(message: string, data: Record<string, unknown>): void;
  error(message: string, data: Record<string, unknown>): void;
}

export interface ExtraDeliveryDeps {
  sns: SNSClient;
  /** The chat topic; absent = chat is not deployed (nothing is posted). */
  chatTopicArn?: string;
  ssm: SSMClient;
  sqs: SQSClient;
  /** The function failure queue; absent = failures are only logged. */
  failureQueueUrl?: string;
  /** Bound on one `deliver` call (ms). Default 10 000. */
  deadlineMs?: number;
  /** Passed to every webhook post (tests: the self-signed CA). */
  webhookOptions?: Omit<WebhookOptions, 'deadlineMs'>;
  log?: DeliveryLog;
  now?: () => string;
}

export interface ExtraMessage {
  chat: ChatNotification;
  /** The webhook body (JSON-serialised once for every webhook). */
  webhook: unknown;
  /** What it is about (event id / weekly report), for the failure record and the logs. */
  subject: string;
}

export interface ExtraOutcome {
  chat?: { ok: boolean; messageId?: string; error?: string };
  webhooks: WebhookResult[];
  /** Failure records written to the queue. */
  recorded: number;
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

const errorText = thrownLine;

export function createExtraDeliveries(deps: ExtraDeliveryDeps) {
  const deadlineMs = deps.deadlineMs ?? 10_000;
  /** Parameter name → its URL (read once per container; a failed read is retried by the next delivery). */
  const urls = new Map<string, Promise<string>>();

  function urlOf(parameter: string): Promise<string> {
    let p = urls.get(parameter);
    if (!p) {
      p = readSecureParameter(deps.ssm, parameter);
      urls.set(parameter, p);
      p.catch(() => urls.delete(parameter));
    }
    return p;
  }

  /** Starts reading every webhook's URL (cold start); errors surface at delivery time. */
  function prefetch(webhooks: readonly WebhookSpec[]): void {
    for (const w of webhooks) urlOf(w.parameter).catch(() => undefined);
  }

  async function record(f: DeliveryFailure): Promise<boolean> {
    deps.log?.warn('delivery failed', { channel: f.channel, target: f.target, reason: f.reason, subject: f.subject });
    if (!deps.failureQueueUrl) return false;
    try {
      await recordDeliveryFailure(deps.sqs, deps.failureQueueUrl, f);
      return true;
    } catch (err) {
      deps.log?.error('failed delivery not recorded in the failure queue', { channel: f.channel, target: f.target, error: errorText(err) });
      return false;
    }
  }

  async function postChat(n: ChatNotification, started: number): Promise<ExtraOutcome['chat']> {
    if (!deps.chatTopicArn) return undefined;
    try {
      const r = await withDeadline(
        deps.sns.send(new PublishCommand({ TopicArn: deps.chatTopicArn, Message: JSON.stringify(n) })),
        Math.max(1, deadlineMs - (Date.now() - started)),
        'chat topic publish',
      );
      return { ok: true, messageId: r.MessageId };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }

  async function postOne(w: WebhookSpec, body: string, started: number): Promise<WebhookResult> {
    const left = (): number => Math.max(1, deadlineMs - (Date.now() - started));
    let url: string;
    try {
      url = await withDeadline(urlOf(w.parameter), left(), `reading ${w.parameter}`);
    } catch (err) {
      return { name: w.name, ok: false, attempts: [], reason: `its URL could not be read: ${errorText(err)}` };
    }
    return postWebhook({ name: w.name, url, timeoutMs: w.timeoutSeconds * 1000, retries: w.retries }, body, { ...deps.webhookOptions, deadlineMs: left() });
  }

  /** Delivers one message to the route's chat topic and webhooks (never throws; bounded by deadlineMs). */
  async function deliver(route: AlertRoute, msg: ExtraMessage): Promise<ExtraOutcome> {
    const started = Date.now();
    const body = JSON.stringify(msg.webhook);
    const [chat, webhooks] = await Promise.all([
      route.chat ? postChat(msg.chat, started) : Promise.resolve(undefined),
      Promise.all(route.webhooks.map((w) => postOne(w, body, started))),
    ]);
    const time = deps.now?.() ?? new Date().toISOString();
    const failures: DeliveryFailure[] = [];
    if (chat && !chat.ok) {
      failures.push({ channel: 'chat', target: deps.chatTopicArn ?? 'chat', reason: chat.error ?? 'publish failed', subject: msg.subject, time, body: JSON.stringify(msg.chat) });
    }
    for (const r of webhooks) {
      if (!r.ok) failures.push({ channel: 'webhook', target: r.name, reason: r.reason ?? 'not delivered', attempts: r.attempts.length, ...(r.status !== undefined ? { status: r.status } : {}), subject: msg.subject, time, body });
    }
    const recorded = (await Promise.all(failures.map(record))).filter(Boolean).length;
    return { ...(chat ? { chat } : {}), webhooks, recorded };
  }

  return { deliver, prefetch };
}

export type ExtraDeliveries = ReturnType<typeof createExtraDeliveries>;

/**
 * The deployed functions' deliveries (change scorer, weekly report): the chat topic and failure queue from the
 * environment (CHAT_TOPIC_ARN, FAILURE_QUEUE_URL), and the webhooks' URLs read at cold start (SecureString
 * parameters), not on the first alert's path.
 */
export function extraDeliveriesFromEnv(sns: SNSClient, webhooks: readonly WebhookSpec[], log: DeliveryLog): ExtraDeliveries {
  const extra = createExtraDeliveries({
    sns,
    chatTopicArn: process.env.CHAT_TOPIC_ARN || undefined,
    ssm: new SSMClient({}),
    sqs: new SQSClient({}),
    failureQueueUrl: process.env.FAILURE_QUEUE_URL || undefined,
    log,
  });
  extra.prefetch(webhooks);
  return extra;
}
