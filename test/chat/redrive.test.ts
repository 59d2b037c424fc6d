/**
 * A chat or webhook delivery recorded in the function failure queue is not a Lambda invocation: `redrive` lists it
 * and leaves it in the queue (never replays it through the scorer, which would score the record as an event).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { redriveDlq } from '../../lib/aws/redrive';
import { deliveryFailureMessage } from '../../lib/aws/delivery-failures';
import { fakeQueue } from '../support/sqs-queue';

const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);
const SCORER = 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-change-scorer';

it('a delivery failure record is reported, not invoked, not deleted', async () => {
  const body = deliveryFailureMessage({ channel: 'webhook', target: 'pager', reason: 'HTTP 410 (not retried)', attempts: 1, status: 410, subject: 'event e-1', time: '2026-12-05T02:00:00.000Z', body: '{"type":"alert"}' });
  const q = fakeQueue(sqs, [{ MessageId: 'f1', ReceiptHandle: 'rh-f1', Body: body }]);
  const r = await redriveDlq(new SQSClient({ region: 'us-east-1' }), new LambdaClient({ region: 'us-east-1' }), 'https://sqs.us-east-1.amazonaws.com/111122223333/iam-guardian-prod-function-failures', {
    defaultFunction: SCORER,
    allowedFunctions: [SCORER],
  });
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  expect(q.deleted).toEqual([]);
  expect(r.items).toEqual([expect.objectContaining({ messageId: 'f1', kind: 'unreadable' })]);
  expect(JSON.stringify(r.items[0])).toContain('a webhook delivery that failed (pager)');
});

it('a long undelivered body is cut to fit an SQS message', () => {
  const m = JSON.parse(deliveryFailureMessage({ channel: 'chat', target: 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-chat', reason: 'x', subject: 's', time: 't', body: 'b'.repeat(300_000) })) as { body: string };
  expect(m.body.length).toBeLessThan(201_000);
  expect(m.body.endsWith('… [cut: 300000 characters]')).toBe(true);
});
