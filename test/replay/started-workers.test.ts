/**
 * Worker threads started ahead of runReplay (while the archive is listed): the same result as workers runReplay starts
 * itself; not used when started for another init; a worker lost before the replay is a failure of the replay, never a
 * wait for files that cannot come.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runReplay, startReplayWorkers } from '../../lib/replay/run';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { ReplayWorkerError } from '../../lib/replay/types';

jest.setTimeout(60_000);

const ACCT = '111122223333';

function rootCall(id: string, minute: number) {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT },
    eventTime: `2026-11-01T10:${String(minute).padStart(2, '0')}:00Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2',
    requestParameters: null,
    responseElements: null,
    eventID: id,
    eventType: 'AwsApiCall',
    readOnly: true,
    recipientAccountId: ACCT,
  };
}

function archive(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'replay-started-'));
  return Array.from({ length: 6 }, (_, k) => {
    const f = join(dir, `f${k}.json.gz`);
    writeFileSync(f, gzipSync(JSON.stringify({ Records: [rootCall(`e${k}a`, k), rootCall(`e${k}b`, k + 10)] })));
    return f;
  });
}

async function replay(started: ReturnType<typeof startReplayWorkers>, init: { config: typeof DEFAULT_CONFIG; collectLines: boolean }, workers = 1) {
  const lines: string[] = [];
  const summary = await runReplay({ tasks: archive().map((file, id) => ({ id, file })), workers, started, scoreHereToo: true, init, onResult: (r) => lines.push(...r.lines) });
  return { summary, lines: lines.map((l) => l.replace(/"file":"[^"]*"/, '')).sort() };
}

test('workers started ahead score the archive as workers started by runReplay', async () => {
  const init = { config: DEFAULT_CONFIG, collectLines: true };
  const started = startReplayWorkers(1, init);
  expect(started?.workers).toHaveLength(1);
  const ahead = await replay(started, init);
  const own = await replay(undefined, { config: DEFAULT_CONFIG, collectLines: true });
  expect(ahead.summary.files).toBe(6);
  expect(ahead.summary.byRule).toEqual(own.summary.byRule);
  expect(ahead.summary.byRule['root-activity']).toBeDefined();
  expect(ahead.lines).toEqual(own.lines);
  expect(ahead.lines).toHaveLength(12);
});

test('workers started for another init are stopped and not used', async () => {
  const started = startReplayWorkers(1, { config: DEFAULT_CONFIG, collectLines: false });
  const exited = new Promise<number>((resolve) => started?.workers[0].once('exit', resolve));
  const { summary, lines } = await replay(started, { config: DEFAULT_CONFIG, collectLines: true });
  await exited;
  expect(summary.files).toBe(6);
  expect(lines).toHaveLength(12);
});

test('a worker lost before the replay fails it instead of leaving it waiting', async () => {
  const init = { config: DEFAULT_CONFIG, collectLines: false };
  const started = startReplayWorkers(1, init);
  await started?.workers[0].terminate();
  await expect(replay(started, init)).rejects.toBeInstanceOf(ReplayWorkerError);
});

test('none to start: no workers', () => {
  expect(startReplayWorkers(0, { config: DEFAULT_CONFIG, collectLines: false })).toBeUndefined();
});
