/**
 * The quiet-record fast path (quietScore, used by scoreEventOffline) must give exactly what the full path gives:
 * checked on every sample record of events/ and on random mutations of them (fields removed, retyped, set to the
 * values the rules and normalisation react to: Root, assumedRoot, errorCode, IAM names, routed event names, "unknown").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { quietScore, ruleIndex, scoreEventFull, scoreEventOffline, type ScoredEvent } from '../../lib/engine/score-event';
import { EVENT_RULES } from '../../lib/rules/event';

const DIR = join(__dirname, '..', '..', 'events');
const NOW = '2026-11-02T10:00:00Z';
type Obj = Record<string, unknown>;

const samples: Obj[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { detail: Obj }).detail);

/** A plain snapshot (reads the lazy `actor` and `event` too) for strict comparison. */
function plain(s: ScoredEvent): Obj {
  return JSON.parse(JSON.stringify({ ...s, actor: s.actor, event: s.event })) as Obj;
}

function expectSame(rec: unknown, config: Config = DEFAULT_CONFIG): boolean {
  const full = scoreEventFull(structuredClone(rec), { config, now: NOW });
  const fast = quietScore(structuredClone(rec), ruleIndex(config, EVENT_RULES));
  if (fast) {
    expect(fast.findings).toEqual([]);
    expect(full.findings).toEqual([]);
    // `actor` and `event` are lazy prototype accessors on the fast result; every other field is an own property, in the same order.
    expect(Object.keys(fast)).toEqual(Object.keys(full).filter((k) => k !== 'event' && k !== 'actor'));
    expect(plain(fast)).toStrictEqual(plain(full));
  }
  expect(plain(scoreEventOffline(structuredClone(rec), { config, now: NOW }))).toStrictEqual(plain(full));
  return fast !== undefined;
}

const ROUTED = [...ruleIndex(DEFAULT_CONFIG, EVENT_RULES).byName.keys()];
const interesting = fc.oneof(
  fc.constantFrom<unknown>(
    undefined, null, '', 'true', 'TRUE', 'false', true, 1, 0, [], {}, 'Root', 'IAMUser', 'AssumedRole', 'AWSService', 'Unknown',
    'unknown', 'AccessDenied', 'Client.UnauthorizedOperation', 'ThrottlingException', 'Failure', 'Success',
    'iam.amazonaws.com', 'signin.amazonaws.com', 'cloudtrail.amazonaws.com', 'AwsServiceEvent', 'AwsApiCall',
    'constructor', 'toString', '__proto__', 'DeleteFunction20150331', 'ListFunctions20150331', 'DescribeInstances',
    'GetObject', 'ConsoleLogin', 'console.amazonaws.com', '111122223333', 'arn:aws:iam::111122223333:root',
  ),
  fc.constantFrom(...ROUTED),
  fc.anything({ maxDepth: 2 }),
);
const TOP_KEYS = [
  'eventID', 'eventName', 'eventSource', 'eventTime', 'eventType', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'errorCode', 'errorMessage', 'recipientAccountId', 'requestParameters', 'responseElements', 'additionalEventData',
  'readOnly', 'userIdentity', 'detail', 'version',
];
const UI_KEYS = ['type', 'arn', 'accountId', 'principalId', 'userName', 'invokedBy', 'assumedRoot', 'sessionContext', 'identityProvider'];

type Mutation = { where: 'top' | 'ui' | 'session' | 'response'; key: string; value: unknown; remove: boolean };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ where: fc.constant('top' as const), key: fc.constantFrom(...TOP_KEYS), value: interesting, remove: fc.boolean() }),
  fc.record({ where: fc.constant('ui' as const), key: fc.constantFrom(...UI_KEYS), value: interesting, remove: fc.boolean() }),
  fc.record({ where: fc.constant('session' as const), key: fc.constantFrom('assumedRoot', 'attributes', 'sessionIssuer'), value: interesting, remove: fc.boolean() }),
  fc.record({ where: fc.constant('response' as const), key: fc.constantFrom('ConsoleLogin', 'x'), value: interesting, remove: fc.boolean() }),
);

function apply(rec: Obj, m: Mutation): void {
  let target: unknown = rec;
  if (m.where === 'ui' || m.where === 'session') target = rec.userIdentity;
  if (m.where === 'session') target = target && typeof target === 'object' ? (target as Obj).sessionContext : undefined;
  if (m.where === 'response') target = rec.responseElements;
  if (!target || typeof target !== 'object' || Array.isArray(target)) return;
  if (m.remove) delete (target as Obj)[m.key];
  else (target as Obj)[m.key] = m.value;
}

/** The quietest sample (a read-only EC2 call by a role), the base most mutations start from. */
const quietBase = samples.find((s) => s.eventName === 'DescribeInstances');

describe('quiet-record fast path', () => {
  it('takes the fast path for quiet samples and matches the full path on every sample', () => {
    let fast = 0;
    for (const s of samples) if (expectSame(s)) fast += 1;
    expect(quietBase).toBeDefined();
    expect(expectSame(quietBase)).toBe(true);
    expect(fast).toBeGreaterThan(0);
    // A sample the rules flag never takes the fast path.
    for (const s of samples) {
      const full = scoreEventFull(s, { config: DEFAULT_CONFIG, now: NOW });
      if (full.findings.length > 0) expect(quietScore(s, ruleIndex(DEFAULT_CONFIG, EVENT_RULES))).toBeUndefined();
    }
  });

  it('fast path == full path on mutated records', () => {
    let fastTaken = 0;
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (sample, muts, fromQuiet) => {
        const rec = structuredClone(fromQuiet && quietBase ? quietBase : sample);
        for (const m of muts) apply(rec, m);
        if (expectSame(rec)) fastTaken += 1;
      }),
      { numRuns: 1000 },
    );
    // The property is not vacuous: plenty of the mutated records still take the fast path.
    expect(fastTaken).toBeGreaterThan(50);
  });

  it('fast path == full path on arbitrary values and with rules disabled by config', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 3 }), (v) => void expectSame(v)), { numRuns: 300 });
    const disabled: Config = { ...DEFAULT_CONFIG, disabledRules: ['root-activity', 'unparseable-event', 'admin-*'] };
    for (const s of samples) expectSame(s, disabled);
  });

  it('the lazy event is normalised on first read and can be replaced', () => {
    const s = scoreEventOffline(structuredClone(quietBase), { config: DEFAULT_CONFIG, now: NOW });
    expect(s.event.eventName).toBe('DescribeInstances');
    expect(s.event.problems).toEqual([]);
    const other = scoreEventFull(samples[0], { config: DEFAULT_CONFIG, now: NOW }).event;
    s.event = other;
    expect(s.event).toBe(other);
  });
});
