/**
 * Replays dead-lettered events through the function that should have handled them, deleting each message only after
 * that function ran successfully.
 *
 * Why lambda:Invoke and not SQS StartMessageMoveTask: a message-move task only returns messages from a dead-letter
 * queue to the SQS *source queue* that dead-lettered them (redrive allow policy). Our queues receive from EventBridge
 * targets and from Lambda on-failure destinations, which are not SQS queues, so there is nothing to move back to; the
 * standard recovery is to re-invoke the target with the original event. The scorer is idempotent on
 * `detail.eventID`, so replaying an event that was in fact alerted sends no second e-mail.
 *
 * Two message formats are understood:
 * - EventBridge rule DLQ: the body is the original event; attributes RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE,
 *   EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS. A Lambda TARGET_ARN is re-invoked; any other target (the tamper path's
 *   SNS topic, the forwarder's home bus) is replayed through the default function (the scorer), which alerts.
 * - Lambda on-failure destination record: `{version, timestamp, requestContext: {functionArn, condition, ...},
 *   requestPayload, responseContext, responsePayload}`; requestContext.functionArn gets requestPayload.
 *
 * Confused deputy: whoever can send to the queue writes the message, and so names the function. Only the stack's own
 * functions (`allowedFunctions`: from the stack's resources, `stackFunctionArns`, or a configured list) are invoked; a
 * message naming any other function is reported as `refused` and left in the queue, never invoked or deleted.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { type CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DELIVERY_FAILURE_KIND } from './delivery-failures';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { thrownLine } from '../text/error-text';
import { oneLine } from '../text/escape';
import { AwsTargetError } from './errors';

export type RedriveStatus = 'replayed' | 'failed' | 'skipped' | 'refused' | 'would-replay';

export interface RedriveItem {
  messageId: string;
  kind: 'eventbridge-dlq' | 'lambda-on-failure' | 'unreadable';
  /** The function invoked (or that would be). */
  functionName?: string;
  eventId?: string;
  eventName?: string;
  /** Why it was dead-lettered (ERROR_CODE / condition), when the message says. */
  reason?: string;
  status: RedriveStatus;
  error?: string;
}

export interface RedriveResult {
  received: number;
  replayed: number;
  failed: number;
  skipped: number;
  /** Messages naming a function outside `allowedFunctions`: not invoked, left in the queue. */
  refused: number;
  items: RedriveItem[];
}

export interface RedriveOptions {
  /** Function for events whose failed target was not a Lambda function (SNS topic, event bus). */
  defaultFunction: string;
  /**
   * The only functions that may be invoked (ARNs, unqualified; a message's `:alias` / `:version` qualifier is allowed
   * when its function is). The default function must be one of them.
   */
  allowedFunctions: readonly string[];
  /** List what would be replayed; invoke and delete nothing. */
  dryRun?: boolean;
  /** Stop after this many messages (default 1000). */
  maxMessages?: number;
  /**
   * How long a received message stays hidden (s). Default 960: longer than the slowest function (900 s), so a
   * message being replayed is not handed out twice; a failed one reappears after this.
   */
  visibilityTimeout?: number;
  onProgress?: (item: RedriveItem) => void;
}

/** The region in an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>, or the legacy host form). */
export function queueRegion(queueUrl: string): string {
  const m = /^https:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com)\/\d{12}\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/.exec(queueUrl);
  const region = m?.[1] ?? m?.[2];
  if (!region) throw new AwsTargetError(`not an SQS queue URL: ${JSON.stringify(queueUrl)} (expected https://sqs.<region>.amazonaws.com/<account>/<queue>)`);
  return region;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function attr(m: Message, name: string): string | undefined {
  return m.MessageAttributes?.[name]?.StringValue;
}

/** `arn:aws:lambda:region:acct:function:name[:qualifier]` → the ARN without an `$LATEST` qualifier. */
function functionFromArn(arn: string): string | undefined {
  const m = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+)(?::(.+))?$/.exec(arn);
  if (!m) return undefined;
  return m[2] && m[2] !== '$LATEST' ? `${m[1]}:${m[2]}` : m[1];
}

/** A function ARN without its `:alias` / `:version` qualifier. */
function unqualified(arn: string): string {
  const m = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+)/.exec(arn);
  return m ? m[1] : arn;
}

/**
 * ARNs of the Lambda functions a CloudFormation stack created (ListStackResources, all pages: resources of type
 * AWS::Lambda::Function, whose physical id is the function name). Needs cloudformation:ListStackResources.
 */
export async function stackFunctionArns(cfn: CloudFormationClient, stackName: string, region: string, account: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    for (const s of r.StackResourceSummaries ?? []) {
      if (s.ResourceType !== 'AWS::Lambda::Function' || !s.PhysicalResourceId) continue;
      const id = s.PhysicalResourceId;
      out.push(id.startsWith('arn:') ? unqualified(id) : `arn:aws:lambda:${region}:${account}:function:${id}`);
    }
    token = r.NextToken;
    if (!token) break;
  }
  return out;
}

interface Plan {
  kind: RedriveItem['kind'];
  functionName?: string;
  payload?: unknown;
  reason?: string;
  problem?: string;
}

function plan(m: Message, defaultFunction: string): Plan {
  let body: unknown;
  try {
    body = JSON.parse(m.Body ?? '');
  } catch {
    return { kind: 'unreadable', problem: 'message body is not JSON' };
  }
  if (!isObject(body)) return { kind: 'unreadable', problem: 'message body is not a JSON object' };
  // A chat or webhook delivery that failed after the e-mail (lib/aws/delivery-failures.ts): nothing to invoke.
  if (body.kind === DELIVERY_FAILURE_KIND) return { kind: 'unreadable', problem: `a ${String(body.channel)} delivery that failed (${String(body.target)}): not replayed; the message keeps its body` };

  const ctx = body.requestContext;
  if (isObject(ctx) && 'requestPayload' in body) {
    const fn = typeof ctx.functionArn === 'string' ? functionFromArn(ctx.functionArn) : undefined;
    if (!fn) return { kind: 'unreadable', problem: 'on-failure record without a Lambda requestContext.functionArn' };
    const response = isObject(body.responsePayload) ? body.responsePayload : {};
    const reason = [ctx.condition, response.errorType, response.errorMessage].filter((x) => typeof x === 'string').join(': ');
    return { kind: 'lambda-on-failure', functionName: fn, payload: body.requestPayload, reason: reason || undefined };
  }

  const target = attr(m, 'TARGET_ARN');
  const reason = [attr(m, 'ERROR_CODE'), attr(m, 'ERROR_MESSAGE')].filter(Boolean).join(': ') || undefined;
  const fn = target ? functionFromArn(target) : undefined;
  return { kind: 'eventbridge-dlq', functionName: fn ?? defaultFunction, payload: body, reason };
}

function eventInfo(payload: unknown): { eventId?: string; eventName?: string } {
  const d = isObject(payload) && isObject(payload.detail) ? payload.detail : undefined;
  return {
    eventId: typeof d?.eventID === 'string' ? d.eventID : undefined,
    eventName: typeof d?.eventName === 'string' ? d.eventName : undefined,
  };
}

const errorText = thrownLine;

async function invoke(lambda: LambdaClient, functionName: string, payload: unknown): Promise<string | undefined> {
  const r = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
  );
  if (r.FunctionError) {
    let detail = '';
    try {
      const p = JSON.parse(new TextDecoder().decode(r.Payload ?? new Uint8Array())) as { errorType?: string; errorMessage?: string };
      detail = [p.errorType, p.errorMessage].filter(Boolean).join(': ');
    } catch {
      // payload not JSON: keep the FunctionError alone
    }
    return `function error (${r.FunctionError})${detail ? `: ${detail}` : ''}`;
  }
  if (r.StatusCode !== undefined && (r.StatusCode < 200 || r.StatusCode >= 300)) return `invoke returned status ${r.StatusCode}`;
  return undefined;
}

/** Replays the queue's messages (see the module comment). Never deletes a message whose replay did not succeed. */
export async function redriveDlq(sqs: SQSClient, lambda: LambdaClient, queueUrl: string, opts: RedriveOptions): Promise<RedriveResult> {
  const max = opts.maxMessages ?? 1000;
  const result: RedriveResult = { received: 0, replayed: 0, failed: 0, skipped: 0, refused: 0, items: [] };
  const allowed = new Set(opts.allowedFunctions.map(unqualified));
  const isAllowed = (fn: string): boolean => allowed.has(unqualified(fn));
  if (!isAllowed(opts.defaultFunction)) {
    throw new AwsTargetError(`the default function ${oneLine(opts.defaultFunction, 300)} is not one of the stack's functions (${oneLine([...allowed].join(', '), 2000) || 'none found'})`);
  }
  const seen = new Set<string>();
  while (result.received < max) {
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max - result.received),
        WaitTimeSeconds: 1,
        VisibilityTimeout: opts.dryRun ? 30 : (opts.visibilityTimeout ?? 960),
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = (r.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) {
      seen.add(m.MessageId!);
      result.received++;
      const p = plan(m, opts.defaultFunction);
      const item: RedriveItem = { messageId: m.MessageId!, kind: p.kind, status: 'skipped', ...eventInfo(p.payload) };
      if (p.functionName) item.functionName = p.functionName;
      if (p.reason) item.reason = p.reason;
      if (p.problem || !p.functionName) {
        item.error = p.problem ?? 'no function to replay to';
        result.skipped++;
      } else if (!isAllowed(p.functionName)) {
        // Whoever wrote the message chose this function: never invoke it; leave the message for a person to look at.
        item.status = 'refused';
        item.error = `${p.functionName} is not one of the stack's functions; not invoked, left in the queue`;
        result.refused++;
      } else if (opts.dryRun) {
        item.status = 'would-replay';
      } else {
        let error: string | undefined;
        try {
          error = await invoke(lambda, p.functionName, p.payload);
        } catch (err) {
          error = errorText(err);
        }
        if (error) {
          item.status = 'failed';
          item.error = error;
          result.failed++;
        } else {
          try {
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
            item.status = 'replayed';
            result.replayed++;
          } catch (err) {
            // Replayed but still queued: a later redrive replays it again (harmless: the scorer is idempotent).
            item.status = 'failed';
            item.error = `replayed, but the message could not be deleted: ${errorText(err)}`;
            result.failed++;
          }
        }
      }
      result.items.push(item);
      opts.onProgress?.(item);
    }
  }
  return result;
}
