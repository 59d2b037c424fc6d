/**
 * Deliveries that failed after the e-mail went out (a chat post, a webhook) are recorded in the stack's function
 * failure queue (FunctionFailureQueue), next to Lambda's own failed invocations: the same queue-depth alarm
 * (UndeliveredAlarm) then tells the operator, and the message keeps what was not delivered. They are not thrown: a
 * throw would release the idempotency record and e-mail the alert a second time.
 * `npx iam-guardian redrive` lists such a record and leaves it in the queue (it is not a Lambda invocation to replay).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export const DELIVERY_FAILURE_KIND = 'iam-guardian-delivery-failure';
/** Longest body kept in the record (SQS accepts 256 KB per message). */
const MAX_BODY_CHARS = 200_000;

export interface DeliveryFailure {
  channel: 'chat' | 'webhook';
  /** The webhook's name, or the chat topic's ARN. */
  target: string;
  reason: string;
  attempts?: number;
  status?: number;
  /** What the delivery was for: the CloudTrail event id, or `weekly-report <account>`. */
  subject: string;
  time: string;
  /** The body that was not delivered (cut when longer than 200 000 characters). */
  body: string;
}

/** The queue message for one failure (JSON, `kind` first so a reader can tell it from Lambda's records). */
export function deliveryFailureMessage(f: DeliveryFailure): string {
  const body = f.body.length > MAX_BODY_CHARS ? `${f.body.slice(0, MAX_BODY_CHARS)}… [cut: ${f.body.length} characters]` : f.body;
  return JSON.stringify({ kind: DELIVERY_FAILURE_KIND, version: 1, ...f, body });
}

/** Sends one failure record; errors propagate (the caller logs them). */
export async function recordDeliveryFailure(client: SQSClient, queueUrl: string, f: DeliveryFailure): Promise<void> {
  await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: deliveryFailureMessage(f) }));
}
