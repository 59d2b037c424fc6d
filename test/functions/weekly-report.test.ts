/** The weekly report handler: history from a store → HTML archived in S3 (mocked) → text e-mail with a presigned link. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { accountOfFunctionArn, createReport } from '../../functions/weekly-report';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { MemoryStore } from '../../lib/store/memory';
import type { SweepSummary } from '../../lib/store/types';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-alerts`;
const BUCKET = 'iam-guardian-prod-reportbucket-1a2b3c4d5e6f';
const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);

function sweep(time: string, score: number): SweepSummary {
  return { account: ACCOUNT, time, score, counts: { critical: 1, high: 2, medium: 0, low: 0, info: 0 } };
}

beforeEach(() => {
  s3.reset();
  sns.reset();
  s3.on(PutObjectCommand).resolves({ ETag: '"9b2cf535f27731c974343645a3985328"' });
  sns.on(PublishCommand).resolves({ MessageId: 'report-1' });
});
afterAll(() => {
  s3.restore();
  sns.restore();
});

test('archives the HTML, links it presigned for 7 days, and e-mails the text', async () => {
  const store = new MemoryStore();
  for (const [t, s] of [['2026-10-26T03:00:00Z', 61], ['2026-11-01T03:00:00Z', 64], ['2026-11-02T03:00:00Z', 70]] as const) await store.putSweep(sweep(t, s));
  const report = createReport({
    store,
    s3: new S3Client({ region: 'us-east-1', credentials: creds }),
    bucket: BUCKET,
    sns: new SNSClient({ region: 'us-east-1', credentials: creds }),
    topicArn: TOPIC,
    config: DEFAULT_CONFIG,
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => '2026-11-02T07:00:00.000Z',
  });
  const out = await report.handle(ACCOUNT);
  expect(out).toMatchObject({ account: ACCOUNT, key: `reports/${ACCOUNT}/2026-11-02.html`, score: 70, messageId: 'report-1' });

  const puts = s3.commandCalls(PutObjectCommand);
  expect(puts).toHaveLength(1);
  const put = puts[0].args[0].input;
  expect(put).toMatchObject({ Bucket: BUCKET, Key: out.key, ServerSideEncryption: 'AES256' });
  expect(String(put.Body)).toMatch(/<html/i);

  const pubs = sns.commandCalls(PublishCommand);
  expect(pubs).toHaveLength(1);
  const msg = pubs[0].args[0].input.Message ?? '';
  expect(msg).toContain(`https://${BUCKET}.s3.us-east-1.amazonaws.com/${encodeURI(out.key)}`);
  expect(msg).toMatch(/X-Amz-Expires=604800/);
  expect(msg).toContain(ACCOUNT);
  expect(msg).toContain(`aws s3 cp s3://${BUCKET}/${out.key} `);
});

test('a failed archive fails the invocation and sends nothing (retried, then dead-lettered)', async () => {
  s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
  const report = createReport({
    store: new MemoryStore(),
    s3: new S3Client({ region: 'us-east-1', credentials: creds }),
    bucket: BUCKET,
    sns: new SNSClient({ region: 'us-east-1', credentials: creds }),
    topicArn: TOPIC,
    config: DEFAULT_CONFIG,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  await expect(report.handle(ACCOUNT)).rejects.toThrow(/Access Denied/);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
});

test('account id from the function ARN', () => {
  expect(accountOfFunctionArn(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-weekly-report`)).toBe(ACCOUNT);
  expect(() => accountOfFunctionArn('not-an-arn')).toThrow(/account id/);
});
