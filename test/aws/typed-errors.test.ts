/**
 * The typed errors of lib/aws and lib/cli (issue 21): each failure is an instance of its class with the fields a caller
 * reads, AWS-supplied values in the message are escaped, and the command-line callers branch on the type.
 */
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsResponseError, AwsTargetError, UnprocessedItemsError } from '../../lib/aws/errors';
import { getObjectBytes } from '../../lib/aws/s3-archive';
import { OrgRunStore } from '../../lib/aws/org-run-store';
import { queueRegion, redriveDlq } from '../../lib/aws/redrive';
import { FileTooLargeError } from '../../lib/io/bounded-read';
import { FormatUnavailableError, OptionValueError } from '../../lib/cli/errors';
import { renderFindings } from '../../lib/cli/options';
import { parseSince } from '../../lib/cli/commands/rightsize';
import type { OrgRunRecord } from '../../lib/org/run';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient } from '@aws-sdk/client-lambda';

const rejection = async (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

describe('s3 archive objects', () => {
  const s3mock = mockClient(S3Client);
  const s3 = new S3Client({ region: 'us-east-1' });
  afterEach(() => s3mock.reset());
  afterAll(() => s3mock.restore());

  it('an object without a body is an AwsResponseError naming the object, its key escaped', async () => {
    s3mock.on(GetObjectCommand).resolves({});
    const err = await rejection(getObjectBytes(s3, 'trail-logs', 'AWSLogs/1/\x1b[2Jx.json.gz'));
    expect(err).toBeInstanceOf(AwsResponseError);
    expect((err as AwsResponseError).call).toBe('GetObject');
    expect((err as Error).message).toBe('s3://trail-logs/AWSLogs/1/\\x1b[2Jx.json.gz has no body');
  });

  it('an object above the limit is a FileTooLargeError with the limit, and its body is never read', async () => {
    const read = jest.fn(() => Promise.resolve(new Uint8Array(2049)));
    const destroy = jest.fn();
    s3mock.on(GetObjectCommand).resolves({ Body: { transformToByteArray: read, destroy } as unknown as GetObjectCommandOutput['Body'], ContentLength: 2049 });
    const err = await rejection(getObjectBytes(s3, 'b', 'k.json.gz', 2048));
    expect(err).toBeInstanceOf(FileTooLargeError);
    expect((err as FileTooLargeError).limit).toBe(2048);
    expect((err as FileTooLargeError).problem).toBe(
      'the object is larger than the 2 KiB limit per file (set IAM_GUARDIAN_MAX_INPUT_MB to raise it); it was not read',
    );
    expect(destroy).toHaveBeenCalledTimes(1);
    expect(read).not.toHaveBeenCalled();
  });

  it('an object exactly at the limit is read', async () => {
    const body = { transformToByteArray: () => Promise.resolve(new Uint8Array(Buffer.from('abcd'))) } as unknown as GetObjectCommandOutput['Body'];
    s3mock.on(GetObjectCommand).resolves({ Body: body, ContentLength: 4 });
    expect(Buffer.from(await getObjectBytes(s3, 'b', 'k.json', 4)).toString()).toBe('abcd');
  });
});

describe('DynamoDB batch writes that stay unprocessed', () => {
  const docMock = mockClient(DynamoDBDocumentClient);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  afterAll(() => docMock.restore());

  it('OrgRunStore.putRecords gives up after 8 attempts with an UnprocessedItemsError (table, count, attempts)', async () => {
    jest.useFakeTimers();
    try {
      const record: OrgRunRecord = { runId: '2026-12-05T01:00:00.000Z', account: '111122223333', name: 'prod', status: 'pending', at: '2026-12-05T01:00:00.000Z' };
      docMock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));
      const pending = rejection(new OrgRunStore(doc, 'state').putRecords([record, { ...record, account: '444455556666' }]));
      await jest.runAllTimersAsync();
      const err = await pending;
      expect(err).toBeInstanceOf(UnprocessedItemsError);
      expect(err).toMatchObject({ table: 'state', unprocessed: 2, attempts: 8 });
      expect((err as Error).message).toBe('DynamoDB left 2 run record(s) unprocessed after 8 attempts (table state)');
      expect(docMock.commandCalls(BatchWriteCommand)).toHaveLength(8);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('redrive targets', () => {
  it('a queue URL that is not an SQS queue URL is an AwsTargetError', () => {
    expect(() => queueRegion('https://example.com/queue')).toThrow(AwsTargetError);
  });

  it('a default function outside the stack is an AwsTargetError whose message shows the name on one line', async () => {
    const err = await rejection(
      redriveDlq(new SQSClient({ region: 'us-east-1' }), new LambdaClient({ region: 'us-east-1' }), 'https://sqs.us-east-1.amazonaws.com/111122223333/q', {
        defaultFunction: 'evil\nfunction',
        allowedFunctions: ['arn:aws:lambda:us-east-1:111122223333:function:scorer'],
      }),
    );
    expect(err).toBeInstanceOf(AwsTargetError);
    expect((err as Error).message).toBe(
      "the default function evil\\nfunction is not one of the stack's functions (arn:aws:lambda:us-east-1:111122223333:function:scorer)",
    );
  });
});

describe('CLI errors', () => {
  it('OptionValueError names the option and shows its value on one line', () => {
    const e = new OptionValueError('since', 'yesterday\r\x1b[2K', 'a date');
    expect(e).toMatchObject({ name: 'OptionValueError', option: 'since', value: 'yesterday\r\x1b[2K' });
    expect(e.message).toBe('--since yesterday\\r\\x1b[2K is not a date');
  });

  it('rightsize: a --since that is no date is an OptionValueError', () => {
    expect(() => parseSince('yesterday\x1b[2J', Date.parse('2026-12-05T00:00:00Z'))).toThrow(OptionValueError);
    expect(() => parseSince('yesterday\x1b[2J', 0)).toThrow('--since yesterday\\x1b[2J is not a date (use 90d, YYYY-MM-DD or an ISO time)');
    expect(parseSince('2026-11-01', 0)).toBe('2026-11-01T00:00:00.000Z');
  });

  it('a format without a renderer is a FormatUnavailableError', () => {
    expect(() => renderFindings('html', [])).toThrow(FormatUnavailableError);
  });
});
