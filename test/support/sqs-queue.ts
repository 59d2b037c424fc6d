/** A minimal SQS queue on an aws-sdk-client-mock stub: receive hands out visible messages and hides them; delete removes them. */
import type { AwsStub } from 'aws-sdk-client-mock';
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SQS stub's input/output union types
export function fakeQueue(sqs: AwsStub<any, any, any>, messages: Message[]): { deleted: string[] } {
  const visible = [...messages];
  const deleted: string[] = [];
  sqs.on(ReceiveMessageCommand).callsFake((input: { MaxNumberOfMessages?: number }) => {
    const batch = visible.splice(0, input.MaxNumberOfMessages ?? 1);
    return batch.length ? { Messages: batch } : {};
  });
  sqs.on(DeleteMessageCommand).callsFake((input: { ReceiptHandle: string }) => {
    deleted.push(input.ReceiptHandle);
    return {};
  });
  return { deleted };
}
