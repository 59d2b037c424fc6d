/**
 * Storage of the deployed org sweep's runs (lib/org/run.ts), in the state table next to each account's history:
 *
 *   pk                 sk                      item
 *   ORGRUN#<run id>    ACCOUNT#<account id>    one account's record of the run (pending / evaluated / not-evaluated)
 *   ORGRUNS            RUN#<run id>            the run's totals, written by the last step (the weekly report finds the
 *                                              latest run here)
 * and the Distributed Map's items, a JSON array in the report bucket: `org-sweep/<run id>/accounts.json`.
 * Each account's findings and sweep history stay where the single-account sweep keeps them (lib/aws/dynamo-store.ts).
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseRunRecord, type OrgRunItem, type OrgRunRecord } from '../org/run';
import { UnprocessedItemsError } from './errors';

export const RUN_INDEX_PK = 'ORGRUNS';
export const runPk = (runId: string): string => `ORGRUN#${runId}`;

/** The S3 key of a run's Distributed Map items (under the prefix the state machine role may read). */
export function runItemsKey(runId: string): string {
  return `org-sweep/${runId.replace(/[^0-9A-Za-z.:-]/g, '_')}/accounts.json`;
}

export interface RunIndexEntry {
  runId: string;
  total: number;
  evaluated: number;
  notEvaluated: number;
  score?: number;
}

const MAX_BATCH_ATTEMPTS = 8;

export class OrgRunStore {
  /** Problems found in stored records on read. */
  readonly warnings: string[] = [];

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Writes records 25 at a time, resending what DynamoDB leaves unprocessed (backoff 50 ms doubling, ≤ 2 s). */
  async putRecords(records: readonly OrgRunRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 25) {
      let pending: Record<string, unknown>[] = records.slice(i, i + 25).map((r) => ({ ...r, pk: runPk(r.runId), sk: `ACCOUNT#${r.account}`, type: 'org-run' }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS) throw new UnprocessedItemsError(this.tableName, pending.length, MAX_BATCH_ATTEMPTS, 'run record(s)');
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** (attempt - 1))));
        const res = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
        pending = (res.UnprocessedItems?.[this.tableName] ?? []).map((w) => w.PutRequest?.Item).filter((x): x is Record<string, unknown> => x !== undefined);
      }
    }
  }

  async putRecord(r: OrgRunRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...r, pk: runPk(r.runId), sk: `ACCOUNT#${r.account}`, type: 'org-run' } }));
  }

  private async query(pk: string, from: string, to: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((res.Items ?? []) as Record<string, unknown>[]));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Every account's record of the run (invalid ones are left out and named in `warnings`). */
  async listRecords(runId: string): Promise<OrgRunRecord[]> {
    const out: OrgRunRecord[] = [];
    for (const item of await this.query(runPk(runId), 'ACCOUNT#', 'ACCOUNT#\uffff')) {
      const r = parseRunRecord(item);
      if (typeof r === 'string') this.warnings.push(r);
      else out.push({ ...r, runId });
    }
    return out;
  }

  async putRunIndex(e: RunIndexEntry): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...e, pk: RUN_INDEX_PK, sk: `RUN#${e.runId}`, type: 'org-run-index' } }));
  }

  /** The latest finished run at or after `since` (ISO), if any. */
  async latestRun(since: string): Promise<RunIndexEntry | undefined> {
    const items = await this.query(RUN_INDEX_PK, `RUN#${since}`, 'RUN#\uffff');
    const last = items.at(-1);
    if (!last || typeof last.runId !== 'string') return undefined;
    return {
      runId: last.runId,
      total: Number(last.total) || 0,
      evaluated: Number(last.evaluated) || 0,
      notEvaluated: Number(last.notEvaluated) || 0,
      ...(typeof last.score === 'number' ? { score: last.score } : {}),
    };
  }
}

/** Writes the Distributed Map's items (a JSON array) where its ItemReader reads them. */
export async function writeRunItems(s3: S3Client, bucket: string, key: string, items: readonly OrgRunItem[]): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(items), ContentType: 'application/json', ServerSideEncryption: 'AES256' }),
  );
}
