/**
 * Worker threads started by the bin script before the CLI loads (lib/replay/prestart.ts): how many a command line
 * asks for, their adoption by the replay (settings sent as their first message), and the cases where they are stopped
 * instead (another count, a failure), so the replay never waits on a worker it cannot use.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { prestartCount, prestartReplayWorkers, takePrestartedWorkers } from '../../lib/replay/prestart';
import { runReplay, startReplayWorkers } from '../../lib/replay/run';
import { replayWorkerScript } from '../../lib/replay/worker-bundle';
import { DEFAULT_CONFIG } from '../../lib/config/types';

jest.setTimeout(60_000);

const ACCT = '111122223333';
const argv = (...args: string[]) => ['node', 'bin/iam-guardian.js', ...args];

describe('how many workers a command line starts ahead', () => {
  const cores = availableParallelism();
  it.each([
    [['replay', 'logs/'], cores - 1],
    [['replay', 'logs/', '--workers', '4'], 3],
    [['replay', '--workers=3', 'logs/'], 2],
    [['replay', 'logs/', '--workers', '1'], 0],
    [['replay', 'logs/', '--workers', '0'], 0],
    [['replay', 'logs/', '--workers', 'two'], 0],
    [['replay', 'logs/', '--workers', '1e9'], 0],
    [['replay', 'logs/', '--workers'], 0],
    [['replay', '--event-history'], 0],
    [['replay', '--help'], 0],
    [['replay', '-h'], 0],
    [['score', 'events/'], 0],
    [[], 0],
    [['replay', '--', '--workers', '4'], cores - 1],
  ])('%j → %i', (args, want) => {
    expect(prestartCount(argv(...args))).toBe(Math.max(0, want));
  });
});

function archive(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'replay-prestart-'));
  return Array.from({ length: 4 }, (_, k) => {
    const f = join(dir, `f${k}.json.gz`);
    const rec = {
      eventVersion: '1.08',
      userIdentity: { type: 'Root', principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT },
      eventTime: `2026-11-01T10:0${k}:00Z`,
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.7',
      requestParameters: null,
      responseElements: null,
      eventID: `e${k}`,
      eventType: 'AwsApiCall',
      recipientAccountId: ACCT,
    };
    writeFileSync(f, gzipSync(JSON.stringify({ Records: [rec] })));
    return f;
  });
}

const script = replayWorkerScript;

test('workers started ahead get their settings from the replay and score its files', async () => {
  prestartReplayWorkers(argv('replay', 'x', '--workers', '2'), script());
  const init = { config: DEFAULT_CONFIG, collectLines: true };
  const started = startReplayWorkers(1, init);
  expect(takePrestartedWorkers(1)).toBeUndefined(); // taken once
  const lines: string[] = [];
  const summary = await runReplay({ tasks: archive().map((file, id) => ({ id, file })), workers: 1, started, scoreHereToo: false, init, onResult: (r) => lines.push(...r.lines) });
  expect(summary.files).toBe(4);
  expect(summary.byRule['root-activity']).toBeDefined();
  expect(lines).toHaveLength(4);
});

test('started for another count: stopped, and the replay starts its own', async () => {
  prestartReplayWorkers(argv('replay', 'x', '--workers', '3'), script());
  const init = { config: DEFAULT_CONFIG, collectLines: false };
  const started = startReplayWorkers(1, init);
  expect(started?.workers).toHaveLength(1);
  const summary = await runReplay({ tasks: archive().map((file, id) => ({ id, file })), workers: 1, started, scoreHereToo: false, init });
  expect(summary.files).toBe(4);
});

test('a worker started ahead that failed is not taken', async () => {
  prestartReplayWorkers(argv('replay', 'x', '--workers', '2'), { kind: 'eval', code: 'throw new Error("boom")' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(takePrestartedWorkers(1)).toBeUndefined();
});

test('a worker given work before its settings fails loudly instead of guessing them', async () => {
  const s = script();
  const w = new Worker(s.kind === 'file' ? s.path : s.code, { eval: s.kind === 'eval' });
  const error = new Promise<Error>((resolve) => w.once('error', resolve));
  w.postMessage({ id: 0, file: '/nonexistent.json' });
  expect((await error).message).toMatch(/before its settings/);
  await w.terminate();
});
