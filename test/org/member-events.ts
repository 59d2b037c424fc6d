/**
 * A sample event (events/*.json, recorded in account 111122223333) as a member account's event delivered to the
 * central org bus: EventBridge keeps the sender's envelope `account`, and the CloudTrail record names the member in
 * `recipientAccountId`, `userIdentity.accountId` and every ARN of that account. Every occurrence of the sample's
 * account id is replaced (ids of other accounts in the record, e.g. a trusted partner, stay).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLE_ACCOUNT = '111122223333';
export const EVENTS_DIR = join(__dirname, '../../events');

export type Envelope = { id: string; account: string; detail: Record<string, unknown> } & Record<string, unknown>;

export function sampleEvent(name: string): Envelope {
  return JSON.parse(readFileSync(join(EVENTS_DIR, name), 'utf8')) as Envelope;
}

/** The sample as delivered from `account` (optionally with another eventID and envelope id). */
export function asMember(sample: Envelope, account: string, opts: { eventID?: string; deliveryId?: string } = {}): Envelope {
  const e = JSON.parse(JSON.stringify(sample).split(SAMPLE_ACCOUNT).join(account)) as Envelope;
  if (opts.eventID) e.detail.eventID = opts.eventID;
  if (opts.deliveryId) e.id = opts.deliveryId;
  return e;
}
