/**
 * `rightsize` reading usage from AWS (mocked with aws-sdk-client-mock in AWS's shapes): an S3 archive with an object
 * that cannot be read (listed, the others used), and CloudTrail Event history pages with a malformed CloudTrailEvent.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { useStandInCredentials } from '../support/test-credentials';

const SNAP = join(__dirname, '..', '..', 'samples', 'snapshots', 'messy');
const ANN = 'arn:aws:iam::210987654321:user/ann-datascience';
const ACCT = '210987654321';

function rec(name: string, source: string, time: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAANN', arn: ANN, accountId: ACCT, userName: 'ann-datascience' },
    eventTime: time,
    eventSource: source,
    eventName: name,
    awsRegion: 'us-east-1',
    eventType: 'AwsApiCall',
    managementEvent: true,
    eventCategory: 'Management',
    recipientAccountId: ACCT,
    requestParameters: null,
    ...extra,
  };
}

useStandInCredentials();

describe('--archive s3://', () => {
  const s3 = mockClient(S3Client);
  afterAll(() => s3.restore());
  const prefix = `AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/11/01/`;
  const body = (b: Buffer) => ({ transformToByteArray: () => Promise.resolve(new Uint8Array(b)) }) as unknown as GetObjectCommandOutput['Body'];

  it('uses the readable objects and lists the one it could not read', async () => {
    s3.reset();
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, KeyCount: 2, Contents: [{ Key: `${prefix}a.json.gz`, Size: 300 }, { Key: `${prefix}denied.json.gz`, Size: 300 }] });
    const records = [rec('ListObjectsV2', 's3.amazonaws.com', '2026-11-01T08:00:00Z', { requestParameters: { bucketName: 'sagemaker-data', 'list-type': '2' } }), rec('DescribeInstances', 'ec2.amazonaws.com', '2026-11-01T09:00:00Z')];
    s3.on(GetObjectCommand, { Key: `${prefix}a.json.gz` }).resolves({ Body: body(gzipSync(JSON.stringify({ Records: records }))), ContentLength: 300 });
    s3.on(GetObjectCommand, { Key: `${prefix}denied.json.gz` }).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { httpStatusCode: 403 } }));
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'rightsize', '--principal', ANN, '--snapshot', SNAP, '--archive', `s3://trail-bucket/${prefix}`, '--since', 'all', '--json'], io);
    expect(code).toBe(0);
    const j = JSON.parse(io.stdout) as { used: { action: string; resources: string[] }[]; source: { files: number; problems: string[] }; managementEventsOnly: boolean; notes: string[] };
    expect(j.used.map((u) => u.action)).toEqual(['ec2:DescribeInstances', 's3:ListBucket']);
    expect(j.used.find((u) => u.action === 's3:ListBucket')?.resources).toEqual(['arn:aws:s3:::sagemaker-data']);
    expect(j.source.files).toBe(2);
    expect(j.source.problems).toEqual([`s3://trail-bucket/${prefix}denied.json.gz: AccessDenied: Access Denied`]);
    expect(j.managementEventsOnly).toBe(true);
    expect(j.notes.join(' ')).toMatch(/management events only/);
    expect(io.stderr).toMatch(/1 file\(s\) or page\(s\) could not be read; the usage is incomplete/);
  });
});

describe('--event-history', () => {
  const ct = mockClient(CloudTrailClient);
  afterAll(() => ct.restore());

  it('reads every page; a malformed CloudTrailEvent is counted, not dropped silently, and the others are used', async () => {
    ct.reset();
    const now = Date.now();
    const t = (h: number) => new Date(now - h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ev = (id: string, r: Record<string, unknown>) => ({ EventId: id, EventName: r.eventName as string, EventSource: r.eventSource as string, EventTime: new Date(r.eventTime as string), Username: 'ann-datascience', CloudTrailEvent: JSON.stringify(r) });
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: [ev('e1', rec('ListBuckets', 's3.amazonaws.com', t(1))), { EventId: 'bad', EventName: 'X', CloudTrailEvent: '{"eventName": ' }], NextToken: 'n1' })
      .resolvesOnce({ Events: [ev('e2', rec('GetCallerIdentity', 'sts.amazonaws.com', t(30)))] });
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'rightsize', '--principal', ANN, '--snapshot', SNAP, '--event-history', '--json'], io);
    expect([code, io.stderr]).toEqual([0, '']);
    const j = JSON.parse(io.stdout) as { used: { action: string }[]; unmapped: { eventName: string }[]; events: { records: number; unreadable: number }; source: { source: string; files: number } };
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(2);
    expect(j.source.source).toMatch(/CloudTrail Event history \(us-east-1\)/);
    expect(j.source.files).toBe(2);
    expect(j.events.records).toBe(3);
    expect(j.events.unreadable).toBe(1); // the malformed event, counted and shown
    expect(j.used.map((u) => u.action)).toEqual(['s3:ListAllMyBuckets']);
    expect(j.unmapped.map((u) => u.eventName)).toEqual(['GetCallerIdentity']);
  });

  it('a region list that is not one is refused', async () => {
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', 'rightsize', '--all', '--snapshot', SNAP, '--event-history', '--regions', 'mars-1'], io)).toBe(1);
    expect(io.stderr).toMatch(/--regions "mars-1": not a region list/);
  });
});
