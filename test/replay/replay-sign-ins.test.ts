/**
 * replay and console-sign-in-attack: console sign-ins of every file are counted last, in time order, with one
 * in-memory counter, so failures split across log files (and across worker threads) are counted as they would have
 * been live; the totals count each event once and the second pass is not a file. Each sign-in is scored early, where
 * its file is, with the counts it gets when nothing before it failed; the pass keeps that result only when the real
 * counts cannot change it. The property below holds the whole scheme to the plain definition: every sign-in scored in
 * time order with one counter.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { runReplay } from '../../lib/replay/run';
import { findingLine } from '../../lib/replay/process-file';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { MemorySignInCounter, firstCounts } from '../../lib/store/sign-in-counter';
import { EVENT_RULES } from '../../lib/rules/event';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { examplesOf } from '../support/rule-examples';

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

describe('the counts only console-sign-in-attack reads', () => {
  it('no other rule reads them, on any rule example (the early results of the second pass rely on it)', () => {
    const inputs = EVENT_RULES.flatMap((r) => {
      const ex = examplesOf(r);
      return [...ex.fail, ...ex.pass].map((e) => e.input);
    });
    const readers = new Set<string>();
    for (const rule of EVENT_RULES) {
      for (const input of inputs) {
        const enrichment = { ...emptyEnrichment() };
        Object.defineProperty(enrichment, 'signIn', {
          get: () => {
            readers.add(rule.id);
            return { status: 'ok', value: { userFailures: 9, sourceFailures: 9, windowMinutes: 10, threshold: 5 } };
          },
        });
        try {
          rule.evaluate(normalizeEvent(input), { config: DEFAULT_CONFIG, enrichment });
        } catch {
          // A rule that fails on another rule's example is not what this test is about.
        }
      }
    }
    expect([...readers]).toEqual(['console-sign-in-attack']);
  });

  it('firstCounts is what a fresh counter answers', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.option(fc.constantFrom('user#bob', 'root'), { nil: undefined }), fc.option(fc.constantFrom('198.51.100.1', '::1'), { nil: undefined }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 9 }), (failed, userKey, sourceIp, windowMinutes, threshold) => {
        const obs = { account: ACCT, timeMs: Date.parse('2026-11-02T09:00:00Z'), failed, ...(userKey ? { userKey } : {}), ...(sourceIp ? { sourceIp } : {}) };
        expect(firstCounts(obs, { windowMinutes, threshold })).toEqual(new MemorySignInCounter({ windowMinutes, threshold }).observeSync(obs));
      }),
      { numRuns: 300 },
    );
  });
});

const USERS = ['alice', 'bob', 'HIDDEN_DUE_TO_SECURITY_REASONS'];
const IPS = ['198.51.100.10', '198.51.100.11', '203.0.113.5'];

/** A console sign-in with the fields AWS writes (Success/Failure, MFAUsed, the placeholder name for a wrong user name). */
function signIn(id: string, o: { who: number; ip: number | null; failed: boolean; mfa: boolean; timeMs: number | null; source: string }) {
  const identity =
    o.who === USERS.length
      ? { type: 'Root', principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT }
      : { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCT}:user/${USERS[o.who]}`, accountId: ACCT, userName: USERS[o.who] };
  return {
    eventVersion: '1.08',
    userIdentity: identity,
    ...(o.timeMs === null ? {} : { eventTime: new Date(o.timeMs).toISOString().replace('.000Z', 'Z') }),
    eventSource: o.source,
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    ...(o.ip === null ? {} : { sourceIPAddress: IPS[o.ip] }),
    userAgent: 'Mozilla/5.0',
    ...(o.failed ? { errorMessage: 'Failed authentication' } : {}),
    requestParameters: null,
    responseElements: { ConsoleLogin: o.failed ? 'Failure' : 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: o.mfa ? 'Yes' : 'No' },
    eventID: id,
    eventType: 'AwsConsoleSignIn',
    recipientAccountId: ACCT,
  };
}

const T0 = Date.parse('2026-11-02T09:00:00Z');
const signInArb = fc.record({
  who: fc.integer({ min: 0, max: USERS.length }),
  ip: fc.option(fc.integer({ min: 0, max: IPS.length - 1 }), { nil: null, freq: 8 }),
  failed: fc.boolean(),
  mfa: fc.boolean(),
  untimed: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  source: fc.constantFrom('signin.amazonaws.com', 'signin.amazonaws.com', 'signin.amazonaws.com', 'iam.amazonaws.com'),
});

/** Sign-ins with distinct times (a tie between files has no one order) over about half an hour, cut into files. */
const archiveArb = fc
  .record({
    records: fc.array(signInArb, { minLength: 1, maxLength: 60 }),
    seconds: fc.uniqueArray(fc.integer({ min: 0, max: 1800 }), { minLength: 60, maxLength: 60 }),
    cuts: fc.array(fc.integer({ min: 1, max: 59 }), { maxLength: 4 }),
    threshold: fc.integer({ min: 1, max: 4 }),
    windowMinutes: fc.integer({ min: 1, max: 15 }),
  })
  .map(({ records, seconds, cuts, threshold, windowMinutes }) => {
    const recs = records.map((r, i) => signIn(`e${i}`, { ...r, timeMs: r.untimed ? null : T0 + seconds[i] * 1000 }));
    const at = [...new Set(cuts.filter((c) => c < recs.length))].sort((a, b) => a - b);
    const files = [0, ...at].map((from, k) => recs.slice(from, at[k] ?? recs.length));
    return { files, config: { ...DEFAULT_CONFIG, thresholds: { ...DEFAULT_CONFIG.thresholds, signInFailures: threshold, signInWindowMinutes: windowMinutes } } as Config };
  });

/** The plain definition: every sign-in scored in time order with one counter (untimed ones last, in file order). */
function reference(paths: string[], files: unknown[][], config: Config) {
  const all = files.flatMap((recs, f) => recs.map((r) => ({ r, file: paths[f] })));
  const t = (r: unknown) => {
    const v = Date.parse((r as { eventTime?: string }).eventTime ?? '');
    return Number.isNaN(v) ? Infinity : v;
  };
  const order = all.map((x, i) => ({ ...x, i, t: t(x.r) })).sort((a, b) => a.t - b.t || a.i - b.i);
  const counter = new MemorySignInCounter({ windowMinutes: config.thresholds.signInWindowMinutes, threshold: config.thresholds.signInFailures });
  const lines: string[] = [];
  const byRule: Record<string, Record<string, number>> = {};
  for (const o of order) {
    const scored = scoreEventOffline(o.r, { config, signIns: counter });
    if (scored.findings.length === 0) continue;
    lines.push(findingLine(scored, o.file));
    for (const f of scored.findings) {
      const key = f.status === 'suppressed' ? 'suppressed' : f.severity;
      (byRule[f.ruleId] ??= {})[key] = ((byRule[f.ruleId] ??= {})[key] ?? 0) + 1;
    }
  }
  return { lines, byRule };
}

function writeArchive(files: unknown[][]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'replay-signin-prop-'));
  return files.map((recs, k) => {
    const f = join(dir, `f${k}.json.gz`);
    writeFileSync(f, gzipSync(JSON.stringify({ Records: recs })));
    return f;
  });
}

async function replayed(paths: string[], config: Config, workers: number, fullParse: boolean) {
  const passLines: string[] = [];
  const summary = await runReplay({
    tasks: paths.map((file, id) => ({ id, file })),
    workers,
    scoreHereToo: workers > 0,
    init: { config, collectLines: true, fullParse },
    onResult: (r) => {
      if (r.signInPass) passLines.push(...r.lines);
      else expect(r.lines).toEqual([]);
    },
  });
  return { summary, passLines };
}

describe('sign-ins scored early give what scoring them in time order gives', () => {
  it.each([
    [0, 100],
    [1, 20],
  ])('random sign-ins over random files, same lines in the same order (workers: %i)', async (workers, numRuns) => {
    await fc.assert(
      fc.asyncProperty(archiveArb, fc.boolean(), async ({ files, config }, fullParse) => {
        const paths = writeArchive(files);
        const want = reference(paths, files, config);
        const { summary, passLines } = await replayed(paths, config, workers, fullParse);
        // Untimed sign-ins come last in the order their files arrived (any order with several threads).
        const timed = (lines: string[]) => lines.filter((l) => l.includes('"eventTime"'));
        expect(timed(passLines)).toEqual(timed(want.lines));
        expect([...passLines].sort()).toEqual([...want.lines].sort());
        expect(summary.byRule).toEqual(want.byRule);
        expect(summary.flagged).toBe(want.lines.length);
      }),
      { numRuns },
    );
  });

  it('a password spray (hundreds of sign-ins whose counts matter) is scored again in slices by every thread', async () => {
    const recs = Array.from({ length: 900 }, (_, i) =>
      signIn(`s${i}`, { who: i % 3, ip: i % 2, failed: i % 7 !== 0, mfa: i % 2 === 0, timeMs: T0 + i * 500, source: 'signin.amazonaws.com' }),
    );
    const files = [recs.slice(0, 300), recs.slice(300, 600), recs.slice(600)];
    const paths = writeArchive(files);
    const want = reference(paths, files, DEFAULT_CONFIG);
    const { summary, passLines } = await replayed(paths, DEFAULT_CONFIG, 1, false);
    expect(passLines).toEqual(want.lines);
    expect(summary.byRule).toEqual(want.byRule);
    expect(summary.byRule['console-sign-in-attack']?.high).toBeGreaterThan(10);
  });
});
