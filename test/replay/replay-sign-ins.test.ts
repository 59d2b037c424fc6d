/**
 * replay and console-sign-in-attack: console sign-ins of every file are scored last, in time order, with one
 * in-memory counter, so failures split across log files (and across worker threads) are counted as they would have
 * been live; the totals count each event once and the second pass is not a file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runReplay } from '../../lib/replay/run';
import { DEFAULT_CONFIG } from '../../lib/config/types';

jest.setTimeout(120_000);

const ACCT = '111122223333';

function failure(id: string, time: string, user = 'bob') {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEBOB', arn: `arn:aws:iam::${ACCT}:user/${user}`, accountId: ACCT, accessKeyId: '', userName: user },
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.10',
    userAgent: 'Mozilla/5.0',
    errorMessage: 'Failed authentication',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Failure' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
    eventID: id,
    eventType: 'AwsConsoleSignIn',
    recipientAccountId: ACCT,
  };
}

/** Six failures for bob in four minutes, split over three files whose names sort against time order. */
function archive(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'replay-signin-'));
  const files = [
    ['c.json.gz', [failure('f1', '2026-11-02T09:00:00Z'), failure('f2', '2026-11-02T09:00:30Z')]],
    ['a.json.gz', [failure('f5', '2026-11-02T09:03:00Z'), failure('f6', '2026-11-02T09:03:30Z')]],
    ['b.json.gz', [failure('f3', '2026-11-02T09:01:00Z'), failure('f4', '2026-11-02T09:02:00Z')]],
  ] as const;
  return files.map(([name, records]) => {
    const f = join(dir, name);
    writeFileSync(f, gzipSync(JSON.stringify({ Records: records })));
    return f;
  });
}

test.each([
  [0, false],
  [2, false],
  [1, true],
])('failures split across files are counted in time order (workers: %i, this thread scoring too: %s)', async (workers, scoreHereToo) => {
  const lines: string[] = [];
  const summary = await runReplay({
    tasks: archive().map((file, id) => ({ id, file })),
    workers,
    scoreHereToo,
    init: { config: DEFAULT_CONFIG, collectLines: true },
    onResult: (r) => lines.push(...r.lines),
  });
  expect(summary.files).toBe(3);
  expect(summary.events).toBe(6);
  expect(summary.byRule['console-sign-in-attack']).toEqual({ high: 1 });
  const hit = lines.map((l) => JSON.parse(l) as { eventId: string; findings: { ruleId: string }[] }).filter((l) => l.findings.some((f) => f.ruleId === 'console-sign-in-attack'));
  expect(hit.map((h) => h.eventId)).toEqual(['f5']); // the fifth in time order, although its file came first
});
