/**
 * StateStore over one DynamoDB table (single-table design), through DynamoDBDocumentClient.
 *
 *   pk                 sk                                   item
 *   ACCOUNT#<id>       FINDING#<uid>                        a Finding (first/last seen, status, evidence, …)
 *   ACCOUNT#<id>       SWEEP#<ISO time>                     a SweepSummary
 *   ACCOUNT#<id>       ALERT#<ISO time>#<eventId>           an AlertRecord
 *   (Powertools idempotency records use the same table: keyAttr pk, sortKeyAttr sk, expiryAttr ttl — see
 *    IDEMPOTENCY_PERSISTENCE_OPTIONS — and DynamoDB TTL on `ttl` removes them.)
 *
 * Findings of an account come back with one Query (paged); sweeps and alerts since a time with a range on sk.
 * Batch writes resend UnprocessedItems with exponential backoff (DynamoDB's documented contract for BatchWriteItem).
 */
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { Finding } from '../findings/types';
import type { AlertRecord, StateStore, StoreReadOptions, SweepSummary } from '../store/types';
import { validateAlert, validateAll, validateFinding, validateSweep } from '../store/validate';
import { UnprocessedItemsError } from './errors';

/** The table's key schema; serverless.yml declares the same (HASH pk S, RANGE sk S, TTL on ttl). */
export const TABLE_KEY_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch-seconds attribute DynamoDB TTL deletes on (idempotency records). */
  ttlAttribute: 'ttl',
} as const;

/** Options for @aws-lambda-powertools/idempotency DynamoDBPersistenceLayer so its records share this table. */
export const IDEMPOTENCY_PERSISTENCE_OPTIONS = {
  keyAttr: TABLE_KEY_SCHEMA.partitionKey,
  sortKeyAttr: TABLE_KEY_SCHEMA.sortKey,
  expiryAttr: TABLE_KEY_SCHEMA.ttlAttribute,
} as const;

/** CreateTable input matching TABLE_KEY_SCHEMA (tests on dynalite; the deployed table comes from serverless.yml). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEY_SCHEMA.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEY_SCHEMA.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEY_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEY_SCHEMA.sortKey, KeyType: 'RANGE' },
    ],
  };
}

const accountKey = (account: string) => `ACCOUNT#${account}`;
const iso = (t: string) => {
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO time: ${JSON.stringify(t)}`);
  return new Date(ms).toISOString();
};

type Item = Record<string, unknown>;

function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, type: _type, ttl: _ttl, ...rest } = item;
  return rest;
}

export interface DynamoStoreOptions extends StoreReadOptions {
  /** Attempts for a batch whose items DynamoDB leaves unprocessed (default 8; backoff 50 ms doubling, ≤ 2 s). */
  maxBatchAttempts?: number;
}

export class DynamoStore implements StateStore {
  private readonly doc: DynamoDBDocumentClient;
  /** Problems found in stored records on read (when no onWarning was given); see lib/store/validate.ts. */
  readonly warnings: string[] = [];
  private readonly warn = (m: string): void => (this.opts.onWarning ? this.opts.onWarning(m) : void this.warnings.push(m));

  constructor(
    client: DynamoDBClient | DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly opts: DynamoStoreOptions = {},
  ) {
    this.doc =
      client instanceof DynamoDBDocumentClient
        ? client
        : DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  }

  private async queryAll(pk: string, range: { begins?: string; from?: string; to?: string }): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: range.begins ? '#pk = :pk AND begins_with(#sk, :b)' : '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': TABLE_KEY_SCHEMA.partitionKey, '#sk': TABLE_KEY_SCHEMA.sortKey },
          ExpressionAttributeValues: range.begins ? { ':pk': pk, ':b': range.begins } : { ':pk': pk, ':from': range.from, ':to': range.to },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((res.Items ?? []) as Item[]));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async batchPut(items: Item[]): Promise<void> {
    const max = this.opts.maxBatchAttempts ?? 8;
    for (let i = 0; i < items.length; i += 25) {
      let request: BatchWriteCommandInput['RequestItems'] = {
        [this.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      let attempt = 0;
      while (request && Object.keys(request).length > 0 && (request[this.tableName]?.length ?? 0) > 0) {
        if (attempt >= max) {
          throw new UnprocessedItemsError(this.tableName, request[this.tableName]?.length ?? 0, max);
        }
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** (attempt - 1))));
        const res: BatchWriteCommandOutput = await this.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = res.UnprocessedItems;
        attempt++;
      }
    }
  }

  async getFindings(account: string): Promise<Finding[]> {
    const items = await this.queryAll(accountKey(account), { begins: 'FINDING#' });
    return validateAll(items.map(strip), validateFinding, `table ${this.tableName}`, this.warn);
  }

  async putFindings(findings: Finding[]): Promise<void> {
    await this.batchPut(
      findings.map((f) => ({ ...f, pk: accountKey(f.account), sk: `FINDING#${f.uid}`, type: 'finding' })),
    );
  }

  async putSweep(summary: SweepSummary): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...summary, pk: accountKey(summary.account), sk: `SWEEP#${iso(summary.time)}`, type: 'sweep' },
      }),
    );
  }

  async listSweeps(account: string, since: string): Promise<SweepSummary[]> {
    const items = await this.queryAll(accountKey(account), { from: `SWEEP#${iso(since)}`, to: 'SWEEP#\uffff' });
    return validateAll(items.map(strip), validateSweep, `table ${this.tableName}`, this.warn);
  }

  async putAlert(alert: AlertRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...alert, pk: accountKey(alert.account), sk: `ALERT#${iso(alert.time)}#${alert.eventId}`, type: 'alert' },
      }),
    );
  }

  async listAlerts(account: string, since: string): Promise<AlertRecord[]> {
    const items = await this.queryAll(accountKey(account), { from: `ALERT#${iso(since)}`, to: 'ALERT#\uffff' });
    return validateAll(items.map(strip), validateAlert, `table ${this.tableName}`, this.warn);
  }
}
