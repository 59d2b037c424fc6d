/**
 * SignInCounter over the state table: one item per key and one-minute slot, incremented atomically.
 *
 *   pk                       sk                  attributes
 *   SIGNIN#<counter key>     SLOT#<slot, 10 d>   count (N, UpdateItem ADD), ttl (epoch s: slot end + window + 1 day)
 *
 * A failure is one UpdateItem per key (`ADD #count :one SET #ttl = :ttl`); the window is one strongly consistent
 * Query per key over the slot range (at most windowMinutes items). DynamoDB TTL removes old slots. The slot rule is
 * the one of lib/store/sign-in-counter.ts, so the in-memory counter gives the same counts for the same events.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import {
  SLOT_SECONDS,
  counterKeys,
  slotOf,
  type SignInCounter,
  type SignInCounterOptions,
  type SignInObservation,
  type SignInWindowCounts,
} from '../store/sign-in-counter';
import { TABLE_KEY_SCHEMA } from './dynamo-store';

const slotKey = (slot: number) => `SLOT#${String(Math.max(0, slot)).padStart(10, '0')}`;

export class DynamoSignInCounter implements SignInCounter {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient | DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly opts: SignInCounterOptions,
  ) {
    this.doc = client instanceof DynamoDBDocumentClient ? client : DynamoDBDocumentClient.from(client);
  }

  private async add(key: string, slot: number): Promise<void> {
    const ttl = (slot + 1 + this.opts.windowMinutes) * SLOT_SECONDS + 24 * 3600;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [TABLE_KEY_SCHEMA.partitionKey]: `SIGNIN#${key}`, [TABLE_KEY_SCHEMA.sortKey]: slotKey(slot) },
        UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': TABLE_KEY_SCHEMA.ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':ttl': ttl },
      }),
    );
  }

  private async sum(key: string, slot: number): Promise<number> {
    let n = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const res: QueryCommandOutput = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': TABLE_KEY_SCHEMA.partitionKey, '#sk': TABLE_KEY_SCHEMA.sortKey },
          ExpressionAttributeValues: { ':pk': `SIGNIN#${key}`, ':from': slotKey(slot - this.opts.windowMinutes + 1), ':to': slotKey(slot) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        const c = (item as { count?: unknown }).count;
        if (typeof c === 'number' && Number.isFinite(c)) n += c;
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return n;
  }

  async observe(obs: SignInObservation): Promise<SignInWindowCounts> {
    const slot = slotOf(obs.timeMs);
    const keys = counterKeys(obs);
    const present = [keys.user, keys.source].filter((k): k is string => k !== undefined);
    if (obs.failed) await Promise.all(present.map((k) => this.add(k, slot)));
    const out: SignInWindowCounts = { windowMinutes: this.opts.windowMinutes, threshold: this.opts.threshold };
    const [u, s] = await Promise.all([keys.user ? this.sum(keys.user, slot) : undefined, keys.source ? this.sum(keys.source, slot) : undefined]);
    if (u !== undefined) out.userFailures = u;
    if (s !== undefined) out.sourceFailures = s;
    return out;
  }
}
