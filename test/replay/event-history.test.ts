/**
 * CloudTrail Event history as a replay source: LookupEvents paging, pacing (measured on a fake clock), throttles
 * retried by the SDK, malformed CloudTrailEvent strings, and the same summary as `replay` of the same records in files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import { TokenBucket, type PacerClock } from '../../lib/aws/pacer';
import { enabledRegions, lookupEventPages, makePacer } from '../../lib/aws/event-history';
import { replayEventHistory, historyProgressLine, type HistoryPage } from '../../lib/replay/event-history';
import { runReplay } from '../../lib/replay/run';
import { replayFromEventHistory } from '../../lib/cli/event-history';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { CliIo } from '../../lib/cli/io';

const EVENTS_DIR = join(__dirname, '../../events');
const CREDS = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

/** Bare CloudTrail records of the sample events (EventBridge envelopes' detail), with recent times. */
function sampleRecords(): Record<string, unknown>[] {
  const now = Date.now();
  return readdirSync(EVENTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f, i) => {
      const v = JSON.parse(readFileSync(join(EVENTS_DIR, f), 'utf8')) as Record<string, unknown>;
      const rec = (v.detail ?? v) as Record<string, unknown>;
      return { ...rec, eventTime: new Date(now - (i + 1) * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    });
}

/** Events as LookupEvents returns them: the record as a JSON string plus summary fields. */
function asLookupEvent(rec: Record<string, unknown>): Event {
  return {
    EventId: String(rec.eventID ?? ''),
    EventName: String(rec.eventName ?? ''),
    EventSource: String(rec.eventSource ?? ''),
    EventTime: new Date(String(rec.eventTime)),
    ReadOnly: String(rec.readOnly ?? 'false'),
    Resources: [],
    CloudTrailEvent: JSON.stringify(rec),
  };
}

function fakeClock(): PacerClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

function memoryIo(): CliIo & { outText: () => string; errText: () => string } {
  let out = '';
  let err = '';
  let code = 0;
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    progress: () => undefined,
    isTty: false,
    fail: () => (code = 1),
    exitCode: () => code,
    cwd: process.cwd(),
    outText: () => out,
    errText: () => err,
  };
}

let ct = mockClient(CloudTrailClient);
afterEach(() => ct.reset());
afterAll(() => ct.restore());

test('pages with NextToken until the last page, asking for the window and 50 events a page', async () => {
  const recs = sampleRecords();
  ct.on(LookupEventsCommand)
    .resolvesOnce({ Events: recs.slice(0, 50).map(asLookupEvent), NextToken: 'tok-1' })
    .resolvesOnce({ Events: recs.slice(50).map(asLookupEvent), NextToken: 'tok-2' })
    .resolvesOnce({ Events: [] });
  const client = new CloudTrailClient({ region: 'us-east-1', credentials: CREDS });
  const start = new Date('2026-09-01T00:00:00Z');
  const end = new Date('2026-12-01T00:00:00Z');
  const pages: Event[][] = [];
  for await (const p of lookupEventPages(client, { start, end, pacer: makePacer(fakeClock()) })) pages.push(p);
  expect(pages.map((p) => p.length)).toEqual([50, recs.length - 50, 0]);
  const calls = ct.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
  expect(calls.map((c) => c.NextToken)).toEqual([undefined, 'tok-1', 'tok-2']);
  for (const c of calls) expect(c).toMatchObject({ StartTime: start, EndTime: end, MaxResults: 50 });
  expect(calls.every((c) => c.LookupAttributes === undefined)).toBe(true);
});

test('no more than 2 LookupEvents calls in any second, measured on a fake clock', async () => {
  const clock = fakeClock();
  const times: number[] = [];
  let n = 0;
  ct.on(LookupEventsCommand).callsFake(() => {
    times.push(clock.t);
    n += 1;
    return { Events: [], NextToken: n < 25 ? `t${n}` : undefined };
  });
  const client = new CloudTrailClient({ region: 'us-east-1', credentials: CREDS });
  for await (const page of lookupEventPages(client, { start: new Date(0), end: new Date(1000), pacer: makePacer(clock) })) void page;
  expect(times).toHaveLength(25);
  for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(2);
  // Not slower than needed either: 25 calls at 2/s take 12 s.
  expect(clock.t).toBeLessThanOrEqual(12_000);
});

test('a token bucket with a burst never exceeds burst + rate in a second', async () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(2, 3, clock);
  const times: number[] = [];
  await Promise.all(Array.from({ length: 20 }, () => bucket.take().then(() => times.push(clock.t))));
  for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
  expect(() => new TokenBucket(0)).toThrow();
});

test('a throttled LookupEvents call is retried by the SDK (adaptive retry over real HTTP responses)', async () => {
  ct.restore();
  try {
    let calls = 0;
    const rec = sampleRecords()[0];
    const body = (o: unknown) => Readable.from([Buffer.from(JSON.stringify(o))]);
    const client = new CloudTrailClient({
      region: 'us-east-1',
      credentials: CREDS,
      retryMode: 'adaptive',
      maxAttempts: 5,
      requestHandler: {
        handle: async () => {
          calls += 1;
          if (calls === 1) {
            return {
              response: {
                statusCode: 400,
                headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' },
                body: body({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
              },
            };
          }
          return {
            response: {
              statusCode: 200,
              headers: { 'content-type': 'application/x-amz-json-1.1' },
              body: body({ Events: [{ EventId: 'e1', EventName: 'X', EventTime: Date.now() / 1000, CloudTrailEvent: JSON.stringify(rec) }] }),
            },
          };
        },
      },
    });
    const pages: Event[][] = [];
    for await (const p of lookupEventPages(client, { start: new Date(0), end: new Date(), pacer: makePacer(fakeClock()) })) pages.push(p);
    expect(calls).toBe(2);
    expect(pages).toHaveLength(1);
    expect(pages[0][0].CloudTrailEvent).toBe(JSON.stringify(rec));
    client.destroy();
  } finally {
    // Back to the mock for the tests after this one.
    ct = mockClient(CloudTrailClient);
  }
}, 30_000);

test('malformed CloudTrailEvent strings become unparseable-event findings, none dropped', async () => {
  const events: Event[] = [
    { EventId: 'a', CloudTrailEvent: '{"eventVersion": "1.08", "eventName": ' },
    { EventId: 'b', CloudTrailEvent: '[1,2]' },
    { EventId: 'c' },
    { EventId: 'd', CloudTrailEvent: 'null' },
  ];
  async function* pages(): AsyncGenerator<HistoryPage> {
    yield { region: 'us-east-1', events };
  }
  const s = await replayEventHistory({ pages: pages(), init: { config: DEFAULT_CONFIG, collectLines: true }, startMs: 0, endMs: 1, regions: ['us-east-1'] });
  expect(s.events).toBe(4);
  expect(s.byRule['unparseable-event']).toBeDefined();
  expect(Object.values(s.byRule['unparseable-event']).reduce((a, b) => a + b, 0)).toBe(4);
  expect(s.flagged).toBe(4);
});

test('the summary equals `replay` of the same records from files', async () => {
  const recs = sampleRecords();
  const dir = mkdtempSync(join(tmpdir(), 'ig-eh-'));
  try {
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ Records: recs.slice(0, 30) }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ Records: recs.slice(30) }));
    const init = { config: DEFAULT_CONFIG, collectLines: false };
    const fromFiles = await runReplay({ tasks: [0, 1].map((id) => ({ id, file: join(dir, id ? 'b.json' : 'a.json') })), workers: 0, init });
    async function* pages(): AsyncGenerator<HistoryPage> {
      for (let i = 0; i < recs.length; i += 50) yield { region: 'us-east-1', events: recs.slice(i, i + 50).map(asLookupEvent) };
    }
    const fromHistory = await replayEventHistory({ pages: pages(), init, startMs: 0, endMs: Date.now(), regions: ['us-east-1'] });
    expect(fromHistory.events).toBe(recs.length);
    expect(fromHistory.flagged).toBeGreaterThan(0);
    const pick = (s: typeof fromFiles) => ({ events: s.events, flagged: s.flagged, alerts: s.alerts, skipped: s.skipped, byRule: s.byRule, failed: s.failedFiles });
    expect(pick(fromHistory)).toEqual(pick(fromFiles));
    expect(fromHistory.byRule['root-activity'] ?? fromHistory.byRule['root-sign-in']).toBeDefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('progress: pages, events, rate and an ETA from the window covered', () => {
  const line = historyProgressLine({ pages: 10, events: 500, regionsDone: 0, regions: 1, fraction: 0.25, seconds: 5 });
  expect(line).toBe('event history: 10 pages, 500 events, 2.0 pages/s, 25% of the window, ETA 15s');
});

test('`all` regions: account:ListRegions, enabled ones only, us-east-1 first', async () => {
  const acc = mockClient(AccountClient);
  acc.on(ListRegionsCommand)
    .resolvesOnce({ Regions: [{ RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }], NextToken: 'n' })
    .resolves({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'af-south-1', RegionOptStatus: 'ENABLED' }] });
  expect(await enabledRegions(new AccountClient({ region: 'us-east-1', credentials: CREDS }))).toEqual(['us-east-1', 'af-south-1', 'eu-west-1']);
  expect(acc.commandCalls(ListRegionsCommand)[0].args[0].input.RegionOptStatusContains).toEqual(['ENABLED', 'ENABLED_BY_DEFAULT']);
  acc.restore();
});

test('the command: two regions read, Ctrl-C stops cleanly and still prints the summary of what was read', async () => {
  const recs = sampleRecords();
  const controller = new AbortController();
  let calls = 0;
  ct.on(LookupEventsCommand).callsFake(() => {
    calls += 1;
    if (calls === 2) controller.abort(); // Ctrl-C while the second page is being read
    return { Events: recs.slice((calls - 1) * 10, calls * 10).map(asLookupEvent), NextToken: `t${calls}` };
  });
  const io = memoryIo();
  await replayFromEventHistory({ config: DEFAULT_CONFIG, json: false, regions: 'us-east-1,eu-west-1' }, io, {
    cloudtrail: (region) => new CloudTrailClient({ region, credentials: CREDS }),
    account: () => new AccountClient({ region: 'us-east-1', credentials: CREDS }),
    clock: fakeClock(),
    signal: controller.signal,
  });
  expect(io.outText()).toMatch(/^Stopped \(Ctrl-C\): read 2 page\(s\), 20 event\(s\) of CloudTrail Event history \(us-east-1, eu-west-1\)/);
  expect(io.outText()).toMatch(/Findings by rule and severity/);
  expect(io.exitCode()).toBe(0);
  expect(calls).toBe(2);
});

test('the command rejects a bad region list without calling AWS', async () => {
  const io = memoryIo();
  await replayFromEventHistory({ config: DEFAULT_CONFIG, json: false, regions: 'us-east-1,$(rm -rf)' }, io, {
    cloudtrail: (region) => new CloudTrailClient({ region, credentials: CREDS }),
    account: () => new AccountClient({ region: 'us-east-1', credentials: CREDS }),
  });
  expect(io.errText()).toMatch(/not a region list/);
  expect(io.exitCode()).toBe(1);
  expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(0);
});
