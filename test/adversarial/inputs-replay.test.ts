/**
 * Replay robustness (issue 12 / 15): one unreadable S3 object, an oversized object, broken and looping symlinks,
 * special files, and records without eventTime are listed in the summary (exit 1 where something was not read);
 * the other files are still replayed.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { useStandInCredentials } from '../support/test-credentials';

jest.setTimeout(60_000);

const ACCT = '111122223333';
function rootCall(id: string, time?: string) {
  const r: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT },
    eventSource: 's3.amazonaws.com',
    eventName: 'CreateBucket',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    requestParameters: { bucketName: 'x' },
    responseElements: null,
    eventID: id,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCT,
  };
  if (time) r.eventTime = time;
  else r['@timestamp'] = '2026-10-01T08:00:00Z';
  return r;
}
const logFile = (...recs: unknown[]) => gzipSync(JSON.stringify({ Records: recs }));

describe('replay of a local archive with links and odd files', () => {
  const root = mkdtempSync(join(tmpdir(), 'adv-replay-'));
  const day = join(root, 'AWSLogs', ACCT, 'CloudTrail', 'eu-west-1', '2026', '10', '01');
  mkdirSync(day, { recursive: true });
  const elsewhere = mkdtempSync(join(tmpdir(), 'adv-replay-target-'));
  writeFileSync(join(elsewhere, 'real.json.gz'), logFile(rootCall('linked-1', '2026-10-01T08:00:00Z')));
  writeFileSync(join(day, 'a.json.gz'), logFile(rootCall('plain-1', '2026-10-01T09:00:00Z'), rootCall('untimed-1')));
  symlinkSync(join(elsewhere, 'real.json.gz'), join(day, 'linked.json.gz'));
  symlinkSync(join(elsewhere, 'missing.json.gz'), join(day, 'dangling.json.gz'));
  symlinkSync(root, join(day, 'loop')); // a folder link back to the root: walked once
  execFileSync('mkfifo', [join(day, 'pipe.json')]);

  it('follows the file link, names the broken link, the loop and the pipe, counts untimed events; exit 1', async () => {
    const io = memoryIo(root);
    const code = await main(['node', 'iam-guardian', 'replay', root, '--workers', '0', '--since', '2026-09-30'], io);
    expect(code).toBe(1);
    const out = io.stdout;
    expect(out).toMatch(/Replayed 2 file\(s\), 3 event\(s\)/);
    expect(out).toMatch(/Root was used: 3 root finding/);
    expect(out).toMatch(/1 event\(s\) without a time \(no eventTime\): included although --since could not be applied to them; in .*a\.json\.gz/);
    expect(out).toMatch(/dangling\.json\.gz: a symbolic link to nothing/);
    expect(out).toMatch(/loop: a link to a folder already read/);
    expect(out).toMatch(/pipe\.json: not a regular file/);
  });

  it('--json summary carries the skipped paths and the untimed count', async () => {
    const io = memoryIo(root);
    expect(await main(['node', 'iam-guardian', 'replay', root, '--workers', '0', '--json'], io)).toBe(1);
    const summary = (JSON.parse(io.stdout.trim().split('\n').pop() as string) as { summary: { skippedFiles: unknown[]; untimed: number } }).summary;
    expect(summary.untimed).toBe(1);
    expect(summary.skippedFiles).toHaveLength(3);
  });
});

describe('replay of an S3 archive with an unreadable object', () => {
  const s3 = mockClient(S3Client);
  afterAll(() => s3.restore());
  useStandInCredentials();
  const prefix = `AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/10/01/`;
  // The part of the SDK's stream mixin the reader uses.
  const body = (b: Buffer) => ({ transformToByteArray: () => Promise.resolve(new Uint8Array(b)) }) as unknown as GetObjectCommandOutput['Body'];

  beforeEach(() => {
    s3.reset();
    s3.on(ListObjectsV2Command).resolves({
      IsTruncated: false,
      KeyCount: 4,
      Contents: [
        { Key: `${prefix}a.json.gz`, Size: 300 },
        { Key: `${prefix}denied.json.gz`, Size: 300 },
        { Key: `${prefix}huge.json.gz`, Size: 10 * 1024 * 1024 * 1024 },
        { Key: `${prefix}c.json.gz`, Size: 300 },
      ],
    });
    s3.on(GetObjectCommand, { Key: `${prefix}a.json.gz` }).resolves({ Body: body(logFile(rootCall('s3-a', '2026-10-01T08:00:00Z'))), ContentLength: 300 });
    s3.on(GetObjectCommand, { Key: `${prefix}denied.json.gz` }).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { httpStatusCode: 403 } }),
    );
    s3.on(GetObjectCommand, { Key: `${prefix}c.json.gz` }).resolves({ Body: body(logFile(rootCall('s3-c', '2026-10-01T09:00:00Z'))), ContentLength: 300 });
  });

  it('lists the denied and the oversized object, replays the others, exit 1', async () => {
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'replay', `s3://trail-bucket/${prefix}`, '--workers', '0'], io);
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/Replayed 4 file\(s\), 2 event\(s\)/);
    expect(io.stdout).toMatch(/denied\.json\.gz: could not be fetched \(AccessDenied: Access Denied\)/);
    expect(io.stdout).toMatch(/huge\.json\.gz: the object is larger than the 256 MiB limit/);
    expect(io.stdout).toMatch(/Root was used: 2 root finding/);
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).not.toContain(`${prefix}huge.json.gz`);
  });

  it('an object that grew above the limit after the listing is refused on its ContentLength, with the same reason', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, KeyCount: 2, Contents: [{ Key: `${prefix}a.json.gz`, Size: 300 }, { Key: `${prefix}grown.json.gz`, Size: 300 }] });
    const destroy = jest.fn();
    const grown = { transformToByteArray: () => Promise.reject(new Error('read')), destroy } as unknown as GetObjectCommandOutput['Body'];
    s3.on(GetObjectCommand, { Key: `${prefix}grown.json.gz` }).resolves({ Body: grown, ContentLength: 10 * 1024 * 1024 * 1024 });
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', 'replay', `s3://trail-bucket/${prefix}`, '--workers', '0'], io)).toBe(1);
    expect(io.stdout).toMatch(/grown\.json\.gz: the object is larger than the 256 MiB limit per file \(set IAM_GUARDIAN_MAX_INPUT_MB to raise it\); it was not read/);
    expect(io.stdout).not.toMatch(/FileTooLargeError|could not be fetched/);
    expect(destroy).toHaveBeenCalledTimes(1);
  });
});
