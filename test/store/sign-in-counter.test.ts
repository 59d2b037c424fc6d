/**
 * console-sign-in-attack counters: the state table's DynamoDB counters (on dynalite, the table as deployed) and the
 * in-memory counter of `score` / `replay` give the same counts and the same findings on the same event sequence;
 * the sequence itself (failures across a window boundary, a password spray from one address, a success after
 * failures, a hidden user name) produces exactly the expected alerts.
 */
import fc from 'fast-check';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoSignInCounter } from '../../lib/aws/dynamo-sign-in-counter';
import { MemorySignInCounter, signInObservation, slotOf, type SignInCounter } from '../../lib/store/sign-in-counter';
import { scoreEvent, scoreEventOffline } from '../../lib/engine/score-event';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { consoleLogin, rootIdentity, userIdentity } from '../support/event-records';
import { createStateTable, startDynalite, type LocalDynamo } from '../functions/dynalite-server';

jest.setTimeout(60_000);

const OPTS = { windowMinutes: 10, threshold: 5 };
const add = (mfa: 'Yes' | 'No') => ({ LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa });

/** A ConsoleLogin at minute:second after 09:00 on 2026-11-02, from `ip`. */
function login(who: Record<string, unknown>, result: 'Success' | 'Failure', minute: number, second: number, ip: string, mfa: 'Yes' | 'No' = 'No') {
  const ev = consoleLogin(who, result, add(mfa), result === 'Failure' ? { errorMessage: 'Failed authentication' } : {});
  const detail = ev.detail as Record<string, unknown>;
  const time = `2026-11-02T09:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}Z`;
  detail.eventTime = time;
  ev.time = time;
  detail.sourceIPAddress = ip;
  detail.eventID = `0000${minute}-${second}-4000-a000-${ip.replace(/\D/g, '').padStart(12, '0').slice(0, 12)}`;
  return ev;
}

const hidden = { type: 'IAMUser', principalId: '111122223333', accountId: '111122223333', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' };
const bob = userIdentity('bob', { signIn: true });
const carol = userIdentity('carol', { signIn: true });

/** The sequence: 4 failures for bob, a 5th 12 minutes later (window slid: no alert), 4 more quickly (alert at the 5th in window), a success (after failures); a spray from one address over hidden names and carol; root failures. */
function sequence() {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 4; i++) out.push(login(bob, 'Failure', 0, i * 10, '198.51.100.10'));
  out.push(login(bob, 'Failure', 12, 0, '198.51.100.11')); // 09:12 — the 09:00 failures are outside 09:03..09:12
  for (let i = 0; i < 4; i++) out.push(login(bob, 'Failure', 13, i * 5, '198.51.100.11')); // 5th in window at the 4th of these
  out.push(login(bob, 'Success', 14, 0, '198.51.100.11'));
  for (let i = 0; i < 4; i++) out.push(login(hidden, 'Failure', 20, i, '203.0.113.99'));
  out.push(login(carol, 'Failure', 20, 30, '203.0.113.99', 'Yes')); // 5th from the address; also MFA step failure
  out.push(login(carol, 'Failure', 20, 40, '203.0.113.99')); // 6th: no second alert
  for (let i = 0; i < 5; i++) out.push(login(rootIdentity({ signIn: true }), 'Failure', 30, i, '192.0.2.1'));
  return out;
}

function summary(scored: { eventName: string; findings: { ruleId: string; severity: string; message: string }[] }[]) {
  return scored.map((s) => s.findings.filter((f) => f.ruleId === 'console-sign-in-attack').map((f) => `${f.severity}: ${f.message}`));
}

let local: LocalDynamo;
let table: string;

beforeAll(async () => {
  local = await startDynalite();
  table = 'iam-guardian-test-state';
  await createStateTable(local.client, table);
});

afterAll(async () => {
  await local.stop();
});

test('the DynamoDB counters and the in-memory counter give the same counts and findings on the same events', async () => {
  const events = sequence();
  const dynamo: SignInCounter = new DynamoSignInCounter(local.client, table, OPTS);
  const memory = new MemorySignInCounter(OPTS);
  const viaDynamo = [];
  for (const e of events) viaDynamo.push(await scoreEvent(e, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z', signIns: dynamo }));
  const viaMemory = events.map((e) => scoreEventOffline(e, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z', signIns: memory }));
  expect(summary(viaDynamo)).toEqual(summary(viaMemory));
  // And the counts themselves, event by event, through the counters' own interface (fresh instances).
  const d2 = new DynamoSignInCounter(local.client, `${table}`, OPTS);
  const m2 = new MemorySignInCounter(OPTS);
  const shifted = events.map((e) => {
    const c = structuredClone(e);
    (c.detail as Record<string, unknown>).recipientAccountId = '444455556666'; // another account: fresh keys in the table
    (c.detail as { userIdentity: Record<string, unknown> }).userIdentity.accountId = '444455556666';
    return c;
  });
  for (const e of shifted) {
    const obs = signInObservation(normalizeEvent(e))!;
    expect(await d2.observe(obs)).toEqual(m2.observeSync(obs));
  }
});

test('the sequence raises exactly the expected console-sign-in-attack findings', () => {
  const memory = new MemorySignInCounter(OPTS);
  const got = summary(sequence().map((e) => scoreEventOffline(e, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z', signIns: memory })));
  const severities = got.map((f) => f.map((x) => x.split(':')[0]));
  expect(severities).toEqual([
    [], [], [], [], // bob's first four
    [], // 09:12: the 09:00 failures left the window
    [], [], [], ['high'], // fifth failure within 09:04..09:13
    ['high'], // success after failures
    [], [], [], [], // hidden names from one address
    ['high'], // fifth from the address (the MFA-step failure is folded into the high finding)
    [], // sixth: already alerted
    [], [], [], [], ['high'], // root: fifth failure
  ]);
  expect(got[8][0]).toMatch(/5 failed sign-ins for IAM user bob and 5 failed sign-ins from 198\.51\.100\.11 within 10 minutes/);
  expect(got[9][0]).toMatch(/IAM user bob signed in to the console from 198\.51\.100\.11 .* without MFA after 5 failed sign-ins for this user/);
  expect(got[14][0]).toMatch(/5 failed sign-ins from 203\.0\.113\.99/);
});

test('counter items carry a TTL past the window and use one-minute slots', async () => {
  const doc = DynamoDBDocumentClient.from(local.client);
  const ev = normalizeEvent(login(bob, 'Failure', 0, 0, '198.51.100.10'));
  const obs = signInObservation(ev)!;
  const res = await doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'SIGNIN#111122223333#user#bob' } }));
  expect(res.Items!.length).toBeGreaterThan(0);
  for (const item of res.Items!) {
    expect(item.sk).toMatch(/^SLOT#\d{10}$/);
    expect(typeof item.ttl).toBe('number');
    expect(item.ttl as number).toBeGreaterThan((slotOf(obs.timeMs) + OPTS.windowMinutes) * 60);
  }
});

test('a counter that fails leaves the counts unavailable: the event is still scored', async () => {
  const broken: SignInCounter = { observe: () => Promise.reject(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' })) };
  const s = await scoreEvent(login(carol, 'Failure', 0, 0, '198.51.100.10', 'Yes'), { config: DEFAULT_CONFIG, signIns: broken });
  expect(s.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['console-sign-in-attack:medium']);
  expect(s.findings[0].evidence.counts).toMatch(/not counted: .*ProvisionedThroughputExceededException/);
});

test('the thresholds come from the configuration', () => {
  const config = { ...DEFAULT_CONFIG, thresholds: { ...DEFAULT_CONFIG.thresholds, signInFailures: 3, signInWindowMinutes: 2 } };
  const memory = new MemorySignInCounter({ windowMinutes: 2, threshold: 3 });
  const got = [0, 1, 2].map((m) => scoreEventOffline(login(bob, 'Failure', 40, m, '198.51.100.12'), { config, signIns: memory }));
  expect(got.map((s) => s.findings.filter((f) => f.ruleId === 'console-sign-in-attack').length)).toEqual([0, 0, 1]);
});

describe('random sequences', () => {
  const obsArb = fc.record({
    user: fc.constantFrom(undefined, 'user#bob', 'user#carol', 'root'),
    ip: fc.constantFrom(undefined, '198.51.100.1', '203.0.113.9'),
    minute: fc.integer({ min: 0, max: 40 }),
    second: fc.integer({ min: 0, max: 59 }),
    failed: fc.boolean(),
  });
  const toObs = (o: { user?: string; ip?: string; minute: number; second: number; failed: boolean }) => ({
    account: '111122223333',
    ...(o.user ? { userKey: o.user } : {}),
    ...(o.ip ? { sourceIp: o.ip } : {}),
    timeMs: Date.parse('2026-11-02T09:00:00Z') + (o.minute * 60 + o.second) * 1000,
    failed: o.failed,
  });

  test('the in-memory counter equals a plain count of earlier failures in the same slots window', () => {
    fc.assert(
      fc.property(fc.array(obsArb, { maxLength: 60 }), (list) => {
        const memory = new MemorySignInCounter(OPTS);
        const seen: ReturnType<typeof toObs>[] = [];
        for (const o of list.map(toObs)) {
          if (o.failed) seen.push(o);
          const slot = slotOf(o.timeMs);
          const inWindow = (x: ReturnType<typeof toObs>) => slotOf(x.timeMs) <= slot && slotOf(x.timeMs) > slot - OPTS.windowMinutes;
          const got = memory.observeSync(o);
          if (o.userKey) expect(got.userFailures).toBe(seen.filter((x) => x.userKey === o.userKey && inWindow(x)).length);
          else expect(got.userFailures).toBeUndefined();
          if (o.sourceIp) expect(got.sourceFailures).toBe(seen.filter((x) => x.sourceIp === o.sourceIp && inWindow(x)).length);
          else expect(got.sourceFailures).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  test('DynamoDB and memory agree on random out-of-order sequences', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(obsArb, { minLength: 1, maxLength: 25 }), async (list) => {
        const account = `9${String(++run).padStart(11, '0')}`; // a fresh key space per run
        const dynamo = new DynamoSignInCounter(local.client, table, OPTS);
        const memory = new MemorySignInCounter(OPTS);
        for (const o of list.map(toObs)) {
          const obs = { ...o, account };
          expect(await dynamo.observe(obs)).toEqual(memory.observeSync(obs));
        }
      }),
      { numRuns: 8 },
    );
  });
});
