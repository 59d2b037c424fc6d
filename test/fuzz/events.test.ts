import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { checkScored, fuzzEvents, hostilePolicyDocumentArb, loadSamples, mutate, pathsOf } from './fuzz-events';
import { testSeed } from '../support/seed';

const RUNS = Number(process.env.FUZZ_EVENTS ?? 5000);
// About 0.6 ms an event on the bench machine (bench/results.json fuzz: 100,000 events in ~60 s): 5,000 runs take
// seconds. The timeout only catches a hang.
jest.setTimeout(600_000);

describe('fuzz: mutated sample events through the scorer', () => {
  it(`${RUNS} mutated events: no exception, well-formed results, unreadable ⇒ unparseable-event`, () => {
    const seed = testSeed('event fuzz');
    const stats = fuzzEvents(RUNS, seed);
    expect(stats.runs).toBe(RUNS);
    // The generator really produces unreadable events (otherwise the property would be vacuous).
    expect(stats.withProblems).toBeGreaterThan(RUNS / 10);
    expect(stats.unparseableFindings).toBeGreaterThanOrEqual(stats.withProblems);
  });

  it('a hostile policy document in a PutUserPolicy never hides *:*: admin-granted (or unparseable-event), alerted', () => {
    const seed = testSeed('hostile policy event');
    const base = loadSamples().find((s) => s.name === 'put-user-policy-star.json');
    expect(base).toBeDefined();
    let judged = 0;
    let runs = 0;
    fc.assert(
      fc.property(hostilePolicyDocumentArb, (doc) => {
        runs++;
        const input = mutate(JSON.parse(JSON.stringify(base!.value)), ['detail', 'requestParameters', 'policyDocument'], { kind: 'hostile policy document', value: doc });
        const r = scoreEventOffline(input, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' });
        checkScored(r);
        const ids = r.findings.map((f) => f.ruleId);
        // The grant was read and judged by the policy engine (a document beyond the parser's limits is judged on what
        // was read AND reported as unparseable-event): policy-attached-to-user fires for every grant read to a user.
        if (ids.includes('policy-attached-to-user')) judged++;
        // *:* among hostile statements is found; a document that cannot be judged is unparseable-event, alerted.
        if (doc.includes('"Action":"*","Resource":"*"')) {
          expect(ids.some((id) => id === 'admin-granted' || id === 'unparseable-event')).toBe(true);
          expect(r.alert).toBe(true);
        }
      }),
      { seed, numRuns: 60 },
    );
    process.stdout.write(`hostile policy events whose grant reached the policy engine: ${judged}/${runs}\n`);
    expect(judged / runs).toBeGreaterThan(0.5);
  });

  it('arbitrary JSON values (not events at all) never crash the scorer', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        checkScored(scoreEventOffline(v, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' }));
      }),
      { numRuns: 1000 },
    );
  });

  it('removing an essential field of a risky sample yields unparseable-event and an alert', () => {
    const samples = loadSamples().filter((s) => /^(attach-admin|put-user-policy-star|stop-logging|create-role-trust-public)/.test(s.name));
    expect(samples.length).toBeGreaterThanOrEqual(4);
    for (const s of samples) {
      for (const field of ['eventName', 'eventID', 'userIdentity']) {
        const input = mutate(JSON.parse(JSON.stringify(s.value)), ['detail', field], { kind: 'absent' });
        const r = scoreEventOffline(input, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' });
        expect([s.name, field, r.findings.some((f) => f.ruleId === 'unparseable-event'), r.alert]).toEqual([s.name, field, true, true]);
      }
    }
  });

  it('the mutation helpers reach every field', () => {
    const [first] = loadSamples();
    const paths = pathsOf(first.value);
    expect(paths).toContainEqual(['detail', 'userIdentity', 'type']);
    expect(mutate({ a: [1, 2] }, ['a', 0], { kind: 'absent' })).toEqual({ a: [2] });
    expect(mutate({ a: 1 }, [], { kind: 'null', value: null })).toBeNull();
  });
});
