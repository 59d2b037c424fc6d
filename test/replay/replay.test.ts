import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runReplay } from '../../lib/replay/run';
import { processFileSync } from '../../lib/replay/process-file';
import { listLocalFiles, dateOfPath, dayInRange, parseS3Url } from '../../lib/replay/files';
import { renderSummaryText, findingsCount } from '../../lib/replay/summary';
import { progressLine, makeProgress } from '../../lib/replay/progress';
import { DEFAULT_CONFIG } from '../../lib/config/types';

const ACCT = '111122223333';

function rootLogin(id: string, time: string) {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT },
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
    eventID: id,
    eventType: 'AwsConsoleSignIn',
    recipientAccountId: ACCT,
  };
}

function noise(id: string, time: string) {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, userName: 'alice' },
    eventTime: time,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.1',
    userAgent: 'aws-cli/2',
    requestParameters: { filterSet: {} },
    responseElements: null,
    eventID: id,
    eventType: 'AwsApiCall',
    readOnly: true,
    recipientAccountId: ACCT,
  };
}

function makeArchive(): string {
  const root = mkdtempSync(join(tmpdir(), 'replay-test-'));
  const day1 = join(root, 'AWSLogs', ACCT, 'CloudTrail', 'us-east-1', '2026', '11', '01');
  const day2 = join(root, 'AWSLogs', ACCT, 'CloudTrail', 'us-east-1', '2026', '11', '05');
  mkdirSync(day1, { recursive: true });
  mkdirSync(day2, { recursive: true });
  writeFileSync(
    join(day1, 'a.json.gz'),
    gzipSync(JSON.stringify({ Records: [rootLogin('e1', '2026-11-01T10:00:00Z'), noise('n1', '2026-11-01T10:01:00Z')] })),
  );
  writeFileSync(join(day2, 'b.json'), JSON.stringify({ Records: [noise('n2', '2026-11-05T09:00:00Z'), noise('n3', '2026-11-05T09:00:01Z')] }));
  writeFileSync(join(day2, 'broken.json.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
  writeFileSync(join(day2, 'notes.txt'), 'not a log file');
  return root;
}

describe('replay', () => {
  const root = makeArchive();

  test('finds log files in the S3 layout and reads their dates', async () => {
    const files = await listLocalFiles(root);
    expect(files.map((f) => f.slice(root.length))).toEqual([
      `/AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/11/01/a.json.gz`,
      `/AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/11/05/b.json`,
      `/AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/11/05/broken.json.gz`,
    ]);
    expect(dateOfPath(files[0])).toBe('2026-11-01');
    expect(await listLocalFiles(root, '2026-11-04T00:00:00Z')).toHaveLength(2);
    expect(dayInRange('2026-11-01', '2026-11-02T12:00:00Z')).toBe(true); // delivery lag: the day before is kept
    expect(dayInRange('2026-10-30', '2026-11-02T12:00:00Z')).toBe(false);
    expect(parseS3Url('s3://trail-bucket/AWSLogs/1/')).toEqual({ bucket: 'trail-bucket', prefix: 'AWSLogs/1/' });
    expect(parseS3Url('/tmp/x')).toBeUndefined();
  });

  test('scores every record, reports unreadable files, same result in process and on worker threads', async () => {
    const files = await listLocalFiles(root);
    const init = { config: DEFAULT_CONFIG, collectLines: true };
    const inProcess = await runReplay({ tasks: files.map((file, id) => ({ id, file })), workers: 0, init });
    const threaded = await runReplay({ tasks: files.map((file, id) => ({ id, file })), workers: 2, init });
    // A list of local files: one worker and this thread take files from one shared counter.
    const shared = await runReplay({ tasks: files.map((file, id) => ({ id, file })), workers: 1, scoreHereToo: true, init });
    // Tasks that are not a list of paths (S3 objects arrive one by one): handed out, at most two in flight per worker,
    // this thread scoring the third.
    const fed = await runReplay({ tasks: (function* () { for (const [id, file] of files.entries()) yield { id, file }; })(), workers: 1, scoreHereToo: true, init });
    for (const s of [inProcess, threaded, shared, fed]) {
      expect(s.files).toBe(3);
      expect(s.events).toBe(4);
      expect(s.failedFiles).toHaveLength(1);
      expect(s.failedFiles[0].file).toMatch(/broken\.json\.gz$/);
      expect(s.failedFiles[0].error).toMatch(/gzip/);
      expect(s.byRule['root-sign-in']).toEqual({ critical: 1 });
      expect(s.flagged).toBe(1);
      expect(s.alerts).toBe(1);
    }
    // Many more files than threads through the shared counter: every file scored exactly once, whichever thread took
    // it, with the same counts and finding lines as in this thread alone.
    const many = Array.from({ length: 40 }, (_, id) => ({ id, file: files[id % files.length] }));
    const run = async (workers: number, scoreHereToo: boolean) => {
      const ids: number[] = [];
      const lines: string[] = [];
      const s = await runReplay({ tasks: many, workers, scoreHereToo, init, onResult: (r) => {
          if (r.id >= 0) ids.push(r.id);
          lines.push(...r.lines);
        },
      });
      return { s, ids: ids.sort((a, b) => a - b), lines: lines.sort() };
    };
    const alone = await run(0, false);
    expect(alone.ids).toEqual(many.map((t) => t.id));
    expect(alone.s.failedFiles).toHaveLength(13);
    for (const [workers, scoreHereToo] of [[1, true], [2, false], [2, true]] as const) {
      const r = await run(workers, scoreHereToo);
      expect(r.ids).toEqual(alone.ids);
      expect(r.lines).toEqual(alone.lines);
      for (const k of ['files', 'events', 'flagged', 'alerts', 'byRule'] as const) expect(r.s[k]).toEqual(alone.s[k]);
      expect(r.s.failedFiles).toHaveLength(13);
    }
    const text = renderSummaryText(threaded);
    expect(text).toMatch(/root-sign-in\s+1\s+\(critical 1\)/);
    expect(text).toMatch(/Root was used/);
    expect(text).toMatch(/could not be read/);
  });

  test('gzip output sizing is only a hint: multi-member files, a lying size trailer and truncation', () => {
    const init = { config: DEFAULT_CONFIG, collectLines: false };
    const text = JSON.stringify({ Records: [rootLogin('g1', '2026-11-01T10:00:00Z'), noise('g2', '2026-11-01T10:01:00Z')] });
    const one = gzipSync(text);
    // Two gzip members (as `cat a.gz b.gz` makes): the trailer names only the second one's size.
    const half = Math.floor(text.length / 2);
    const multi = Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))]);
    // A trailer claiming 1 byte (corrupt ISIZE): zlib checks it, so this must be named, not mis-read.
    const lying = Buffer.from(one);
    lying.writeUInt32LE(1, lying.length - 4);
    const results = [one, multi].map((bytes, id) => processFileSync({ id, file: `f${id}.json.gz`, bytes }, init));
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.events).toBe(2);
      expect(r.rawBytes).toBe(Buffer.byteLength(text));
      expect(r.byRule['root-sign-in']).toEqual({ critical: 1 });
    }
    const bad = processFileSync({ id: 3, file: 'lying.json.gz', bytes: lying }, init);
    expect(bad.error).toMatch(/gzip data is corrupt/);
    const cut = processFileSync({ id: 4, file: 'cut.json.gz', bytes: one.subarray(0, one.length - 6) }, init);
    expect(cut.error).toMatch(/gzip data is corrupt|unexpected end/);
  });

  test('--since/--until filter records by eventTime', async () => {
    const files = await listLocalFiles(root);
    const s = await runReplay({
      tasks: files.map((file, id) => ({ id, file })),
      workers: 0,
      init: { config: DEFAULT_CONFIG, collectLines: false, since: '2026-11-01T10:00:30Z', until: '2026-11-05T09:00:00Z' },
    });
    expect(s.events).toBe(2);
    expect(s.skipped).toBe(2);
    expect(findingsCount(s)).toBe(0);
  });

  test('progress is one rewriting line on a terminal and plain lines when piped', async () => {
    const files = await listLocalFiles(root);
    const s = await runReplay({ tasks: files.map((file, id) => ({ id, file })), workers: 0, init: { config: DEFAULT_CONFIG, collectLines: false } });
    expect(progressLine(s, 3)).toMatch(/^replay 100%: 3\/3 files, 4 events, [\d.]+ MB\/s, 1 findings so far$/);
    let tty = '';
    const pt = makeProgress({ isTty: true, err: (t) => (tty += t) }, 3);
    pt.update(s);
    pt.done();
    expect(tty.startsWith('\r\x1b[K')).toBe(true);
    let piped = '';
    const pp = makeProgress({ isTty: false, err: (t) => (piped += t) }, 3, 0);
    pp.update(s);
    pp.done();
    expect(piped).not.toContain('\r');
    expect(piped.endsWith('\n')).toBe(true);
  });
});
