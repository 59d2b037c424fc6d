/** One contract, three StateStore implementations: memory, local files, DynamoDB (dynalite on 127.0.0.1). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBDocumentClient, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { StateStore, SweepSummary, AlertRecord } from '../../lib/store/types';
import { MemoryStore } from '../../lib/store/memory';
import { FileStore, StoreFileError } from '../../lib/store/file';
import { DynamoStore, TABLE_KEY_SCHEMA, tableDefinition } from '../../lib/aws/dynamo-store';
import { UnprocessedItemsError } from '../../lib/aws/errors';
import { validateAlert } from '../../lib/store/validate';
import { finding, startDynalite } from './helpers';

const A = '123456789012';
const B = '210987654321';

const sweep = (time: string, score: number, account = A): SweepSummary => ({
  account,
  time,
  score,
  counts: { critical: 1, high: 2, medium: 0, low: 0, info: 3 },
  rules: { 'admin-access': { checked: 10, failed: 2, severity: 'high' } },
  notEvaluated: { 'access-analyzer-disabled': 'ListAnalyzers access denied' },
});

const alert = (time: string, eventId: string, account = A): AlertRecord => ({
  account,
  eventId,
  time,
  eventName: 'CreateAccessKey',
  actor: 'arn:aws:iam::123456789012:user/x',
  ruleIds: ['access-key-created'],
  severity: 'medium',
  score: 55,
  subject: 'MEDIUM 123456789012: access key created',
  lines: ['one'],
});

let dyn: Awaited<ReturnType<typeof startDynalite>>;
beforeAll(async () => {
  dyn = await startDynalite('state');
});
afterAll(async () => {
  await dyn.stop();
});

let tableNo = 0;
const stores: [string, () => Promise<StateStore>][] = [
  ['MemoryStore', async () => new MemoryStore()],
  ['FileStore', async () => new FileStore(mkdtempSync(path.join(tmpdir(), 'iamg-store-')))],
  [
    'DynamoStore',
    async () => {
      const name = `state-${++tableNo}`;
      await dyn.client.send(new CreateTableCommand(tableDefinition(name)));
      return new DynamoStore(dyn.client, name);
    },
  ],
];

describe.each(stores)('%s', (_name, make) => {
  let store: StateStore;
  beforeEach(async () => {
    store = await make();
  });

  it('stores findings by uid per account, replacing on update, losslessly', async () => {
    const f1 = finding('admin-access', 'arn:aws:iam::123456789012:user/alice');
    const f2 = finding('user-console-no-mfa', 'arn:aws:iam::123456789012:user/bob', { severity: 'medium', suppression: { reason: 'r', expires: '2027-01-01', rule: '*', resource: '*' }, status: 'suppressed' });
    const other = finding('admin-access', 'arn:aws:iam::210987654321:user/zed', {}, B);
    await store.putFindings([f1, f2, other]);
    const updated = { ...f1, status: 'open' as const, lastSeen: '2026-11-02T00:00:00.000Z' };
    await store.putFindings([updated]);
    const got = (await store.getFindings(A)).sort((a, b) => a.ruleId.localeCompare(b.ruleId));
    expect(got).toEqual([updated, f2]);
    expect(await store.getFindings(B)).toEqual([other]);
    expect(await store.getFindings('999999999999')).toEqual([]);
  });

  it('writes and reads back more findings than one batch or page holds', async () => {
    const many = Array.from({ length: 230 }, (_, i) => finding('credentials-unused', `arn:aws:iam::123456789012:user/u${i}`, { evidence: { pad: 'x'.repeat(6000), i } }));
    await store.putFindings(many);
    const got = await store.getFindings(A);
    expect(got).toHaveLength(230);
    expect(new Set(got.map((f) => f.uid)).size).toBe(230);
    expect(got.find((f) => f.resource.endsWith('/u117'))?.evidence).toEqual({ pad: 'x'.repeat(6000), i: 117 });
  });

  it('lists sweeps since a time, oldest first', async () => {
    await store.putSweep(sweep('2026-11-03T03:00:00.000Z', 70));
    await store.putSweep(sweep('2026-11-01T03:00:00.000Z', 60));
    await store.putSweep(sweep('2026-11-02T03:00:00.000Z', 65));
    await store.putSweep(sweep('2026-11-02T03:00:00.000Z', 66, B));
    const got = await store.listSweeps(A, '2026-11-02T00:00:00.000Z');
    expect(got.map((s) => [s.time, s.score])).toEqual([
      ['2026-11-02T03:00:00.000Z', 65],
      ['2026-11-03T03:00:00.000Z', 70],
    ]);
    expect(got[0]).toEqual(sweep('2026-11-02T03:00:00.000Z', 65));
    expect(await store.listSweeps(A, '2026-11-01T03:00:00.000Z')).toHaveLength(3);
  });

  it('lists alerts since a time, oldest first, keyed by time and event id', async () => {
    await store.putAlert(alert('2026-11-02T10:00:00.000Z', 'e2'));
    await store.putAlert(alert('2026-11-01T10:00:00.000Z', 'e1'));
    await store.putAlert(alert('2026-11-02T10:00:00.000Z', 'e3'));
    await store.putAlert(alert('2026-11-02T10:00:00.000Z', 'e9', B));
    const got = await store.listAlerts(A, '2026-11-01T12:00:00.000Z');
    expect(got.map((a) => a.eventId).sort()).toEqual(['e2', 'e3']);
    expect(got[0]).toEqual(alert('2026-11-02T10:00:00.000Z', got[0].eventId));
  });
});

describe('DynamoStore specifics', () => {
  it('exports the key schema serverless.yml must match', () => {
    expect(TABLE_KEY_SCHEMA).toEqual({ partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'ttl' });
    expect(tableDefinition('t').KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('resends UnprocessedItems until DynamoDB takes them, and fails loudly when it never does', async () => {
    const doc = mockClient(DynamoDBDocumentClient);
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const f = [finding('a', 'r1'), finding('a', 'r2')];
    const leftover = { t: [{ PutRequest: { Item: { pk: 'x', sk: 'y' } } }] };
    doc.on(BatchWriteCommand).resolvesOnce({ UnprocessedItems: leftover }).resolvesOnce({ UnprocessedItems: leftover }).resolves({ UnprocessedItems: {} });
    await new DynamoStore(client, 't').putFindings(f);
    const calls = doc.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(3);
    expect(calls[1].args[0].input.RequestItems).toEqual(leftover);

    doc.reset();
    doc.on(BatchWriteCommand).resolves({ UnprocessedItems: leftover });
    const err = await new DynamoStore(client, 't', { maxBatchAttempts: 3 }).putFindings(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessedItemsError);
    expect(err).toMatchObject({ table: 't', unprocessed: 1, attempts: 3 });
    expect((err as Error).message).toBe('DynamoDB left 1 item(s) unprocessed after 3 attempts (table t)');
    doc.restore();
  });
});

describe('FileStore specifics', () => {
  it('a damaged history file is an error naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iamg-store-'));
    writeFileSync(path.join(dir, `${A}.findings.json`), '{"broken":');
    await expect(new FileStore(dir).getFindings(A)).rejects.toThrow(StoreFileError);
    await expect(new FileStore(dir).getFindings(A)).rejects.toThrow(`${A}.findings.json`);
    writeFileSync(path.join(dir, `${A}.sweeps.json`), '{"not":"a list"}');
    await expect(new FileStore(dir).listSweeps(A, '2026-01-01T00:00:00Z')).rejects.toThrow(/expected shape/);
  });
});

describe('validateAlert: lineRules (each line\'s rule and finding severity)', () => {
  const base = { account: '111122223333', eventId: 'e', time: '2026-11-02T03:00:00Z', ruleIds: ['a', 'b'], severity: 'high', score: 70, subject: 's', lines: ['one', 'two'] };
  it('keeps a well-formed list, one entry per line', () => {
    const warnings: string[] = [];
    const a = validateAlert({ ...base, lineRules: [{ ruleId: 'a', severity: 'high' }, { ruleId: 'b', severity: 'low', extra: '<x>' }] }, 'file', (m) => warnings.push(m));
    expect(a?.lineRules).toEqual([{ ruleId: 'a', severity: 'high' }, { ruleId: 'b', severity: 'low' }]);
    expect(warnings).toEqual([]);
  });
  it.each([
    ['a bad severity', [{ ruleId: 'a', severity: '<script>' }, { ruleId: 'b', severity: 'low' }]],
    ['not one per line', [{ ruleId: 'a', severity: 'high' }]],
    ['not a list', 'high'],
    ['a non-string rule id', [{ ruleId: 1, severity: 'high' }, { ruleId: 'b', severity: 'low' }]],
  ])('drops %s with a warning (the report falls back to the rules\' severities)', (_name, lineRules) => {
    const warnings: string[] = [];
    const a = validateAlert({ ...base, lineRules }, 'file', (m) => warnings.push(m));
    expect(a?.lineRules).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/file: alert "e": field lineRules is not one \{ruleId, severity\} per line/);
  });
});
