/**
 * Typed errors of lib/aws (beside CollectError in collect.ts, the sweep that cannot run at all). Callers tell them
 * apart with `instanceof` and the fields, never by the message text. Values that come from AWS or from the user (keys,
 * formats, URLs) are passed through `oneLine` before they reach a message, so no control character or forged line
 * break travels on to a terminal, a log or a DLQ record.
 */
import { oneLine } from '../text/escape';

/**
 * AWS answered, but with something this tool cannot use: a page marked truncated without its marker, paging that never
 * ends, an object without a body, a credential report in another format, unreadable or never complete. `call` names
 * the API call (`GetCredentialReport`, `ListVirtualMFADevices`, `s3:GetObject`…).
 */
export class AwsResponseError extends Error {
  readonly call: string;
  constructor(call: string, message: string) {
    super(message);
    this.name = 'AwsResponseError';
    this.call = call;
  }
}

/** A DynamoDB BatchWriteItem that still left items unprocessed after every retry: nothing more was written. */
export class UnprocessedItemsError extends Error {
  readonly table: string;
  readonly unprocessed: number;
  readonly attempts: number;
  constructor(table: string, unprocessed: number, attempts: number, what = 'item(s)') {
    super(`DynamoDB left ${unprocessed} ${what} unprocessed after ${attempts} attempts (table ${oneLine(table, 255)})`);
    this.name = 'UnprocessedItemsError';
    this.table = table;
    this.unprocessed = unprocessed;
    this.attempts = attempts;
  }
}

/**
 * A value given to an AWS helper that cannot name what it should (a queue URL that is not an SQS queue URL, a default
 * function outside the stack): the command refuses before calling AWS.
 */
export class AwsTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsTargetError';
  }
}
