import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';

const ACCT = '111122223333';

function rootCall(id: string, time: string) {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT },
    eventTime: time,
    eventSource: 's3.amazonaws.com',
    eventName: 'CreateBucket',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2',
    requestParameters: { bucketName: 'x' },
    responseElements: null,
    eventID: id,
    eventType: 'AwsApiCall',
    readOnly: false,
    recipientAccountId: ACCT,
  };
}

describe('replay command', () => {
  const root = mkdtempSync(join(tmpdir(), 'replay-cli-'));
  const day = join(root, 'AWSLogs', ACCT, 'CloudTrail', 'eu-west-1', '2026', '10', '01');
  mkdirSync(day, { recursive: true });
  writeFileSync(join(day, 'a.json.gz'), gzipSync(JSON.stringify({ Records: [rootCall('r1', '2026-10-01T08:00:00Z')] })));

  test('--json prints one line per flagged event and a summary; exit 0', async () => {
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'replay', root, '--json', '--workers', '0'], io);
    expect(code).toBe(0);
    const lines = io.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ eventId: 'r1', eventName: 'CreateBucket', alert: true });
    expect((lines[0].findings as { ruleId: string }[]).map((f) => f.ruleId)).toContain('root-activity');
    expect(lines[1]).toMatchObject({ summary: { files: 1, events: 1, flagged: 1 } });
  });

  test('an unreadable file is named, the rest is scored, exit 1', async () => {
    writeFileSync(join(day, 'b.json'), '{"Records": [');
    const io = memoryIo();
    const code = await main(['node', 'iam-guardian', 'replay', root, '--workers', '0'], io);
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/Replayed 2 file\(s\), 1 event\(s\)/);
    expect(io.stdout).toMatch(/b\.json: invalid JSON/);
    expect(io.stdout).toMatch(/Root was used/);
  });

  test('bad arguments and missing folders are clear errors', async () => {
    const io = memoryIo();
    expect(await main(['node', 'iam-guardian', 'replay', join(root, 'nope')], io)).toBe(1);
    expect(io.stderr).toMatch(/nope: no such file or folder/);
    const io2 = memoryIo();
    expect(await main(['node', 'iam-guardian', 'replay', root, '--since', 'yesterday'], io2)).toBe(1);
    expect(io2.stderr).toBe('iam-guardian replay: --since yesterday is not a date (use YYYY-MM-DD or an ISO timestamp)\n');
  });
});
