/**
 * Regex blow-up and unbounded policy work (issue 12): wildcard matching is linear (no RegExp built from input),
 * star runs collapse, over-long patterns and deep nesting are reported as limits, and the scorer and the sweep have
 * a time budget. Time bounds here are generous hang detection, not benchmarks.
 */
import fc from 'fast-check';
import { globMatches, globMatcher, globsIntersect, collapseStars, MAX_PATTERN_CHARS } from '../../lib/policy/glob';
import { matchActionPattern, setSize } from '../../lib/policy/catalog';
import { parsePolicyDocument } from '../../lib/policy/document';
import { analysePolicies } from '../../lib/policy/analyse';
import { globMatch } from '../../lib/config/apply';
import { scoreEventOffline, type ScoreOptions } from '../../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { checkBudget } from '../../lib/policy/budget';
import { EVENT_RULES } from '../../lib/rules';
import type { EventRule } from '../../lib/rules/types';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../../lib/account/snapshot';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { deepListText, hostileEvents, putUserPolicy, ROOT } from './inputs/corpus';
import { testSeed } from '../support/seed';

const HANG_MS = 10_000;
const seed = testSeed('inputs-wildcards fast-check');

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

/** Reference semantics on small inputs: the glob as an anchored RegExp (safe here: short patterns only). */
function reference(pattern: string, value: string, ci: boolean): boolean {
  const src = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${src}$`, ci ? 'is' : 's').test(value);
}

describe('linear-time glob matching', () => {
  it('agrees with the RegExp reference on small patterns (fast-check)', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', ':', '/', 'A');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }).map((a) => a.join('')), fc.array(fc.constantFrom('a', 'b', ':', '/', 'A'), { maxLength: 14 }).map((a) => a.join('')), fc.boolean(), (p, v, ci) => {
        expect(globMatches(p, v, ci)).toBe(reference(p, v, ci));
        expect(globMatcher(p, ci)(v)).toBe(reference(p, v, ci));
        expect(globMatch(p, v)).toBe(reference(p, v, false));
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('long wildcard runs and alternations finish in time (fast-check)', () => {
    const piece = fc.oneof(fc.constant('*'.repeat(500)), fc.constant('*a'), fc.constant('?*'), fc.constant('a'), fc.constant('*?'.repeat(50)));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }).map((a) => a.join('')), fc.string({ maxLength: 2000 }), (p, v) => {
        const { ms } = timed(() => {
          globMatches(p, `${'a'.repeat(3000)}${v}`, true);
          globsIntersect(p.slice(0, MAX_PATTERN_CHARS), `arn:aws:s3:::${'a'.repeat(500)}*`);
        });
        expect(ms).toBeLessThan(HANG_MS);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('collapses star runs and matches the issue pattern against every action quickly', () => {
    expect(collapseStars('iam:************x')).toBe('iam:*x');
    const { value, ms } = timed(() => matchActionPattern('iam:************x'));
    expect(ms).toBeLessThan(HANG_MS);
    expect(value.unknown).toBe(true); // no IAM action ends in "x"
    expect(setSize(matchActionPattern(`*:${'*?'.repeat(10)}*`).set)).toBeGreaterThan(1000);
  });

  it('a config suppression glob built to backtrack is linear too', () => {
    const { value, ms } = timed(() => globMatch(`arn:${'a*'.repeat(2000)}b`, `arn:${'a'.repeat(20000)}`));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(HANG_MS);
  });
});

describe('policy parser limits (never throws, reports the limit)', () => {
  it.each([5_000, 100_000])('a document nested %i levels deep', (depth) => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject",${deepListText(depth)}],"Resource":"*","Condition":{"StringEquals":{"k":${deepListText(depth)}}}}]}`;
    const r = parsePolicyDocument(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.limits?.join(' ')).toMatch(/nested more than 32 levels/);
  });

  it('an over-long pattern, too many statements and too many entries are named', () => {
    const long = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', `s3:${'*a'.repeat(MAX_PATTERN_CHARS)}`], Resource: '*' }] });
    expect(long.ok && long.limits?.[0]).toMatch(/Statement 0 Action has an entry of \d+ characters \(limit 4096\)/);
    expect(long.ok && long.document.statements[0].action).toEqual(['s3:GetObject']);
    const many = parsePolicyDocument({ Statement: Array.from({ length: 1500 }, () => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })) });
    expect(many.ok && many.limits?.[0]).toMatch(/1500 statements \(limit 1000\)/);
    const entries = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: Array.from({ length: 12_000 }, (_, i) => `s3:Get${i}`), Resource: '*' }] });
    expect(entries.ok && entries.limits?.[0]).toMatch(/2000 entries beyond the document's limit of 10000/);
  });

  it('a throwing getter (not JSON, but hostile) is a parse error, not an exception', () => {
    const evil = { get Statement(): unknown {
      throw new Error('boom');
    } };
    const r = parsePolicyDocument(evil);
    expect(r).toEqual({ ok: false, error: expect.stringContaining('boom') as unknown as string });
  });
});

describe('generated hostile policies (fast-check: long wildcard runs, deep nesting)', () => {
  const stars = fc.integer({ min: 1, max: 3000 }).map((k) => '*'.repeat(k));
  const wildPattern = fc
    .array(fc.oneof(stars, fc.constantFrom('?', 'a', 'iam', ':', '*?', 'Get'), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 40 })
    .map((parts) => parts.join(''));
  const deep = fc.integer({ min: 1, max: 20_000 }).map((d) => deepListText(d));
  const policyText = fc
    .record({ actions: fc.array(wildPattern, { minLength: 1, maxLength: 30 }), resources: fc.array(wildPattern, { minLength: 1, maxLength: 10 }), nest: deep, effect: fc.constantFrom('Allow', 'Deny') })
    .map(
      ({ actions, resources, nest, effect }) =>
        `{"Version":"2012-10-17","Statement":[{"Effect":"${effect}","Action":${JSON.stringify(actions)},"Resource":${JSON.stringify(resources)},"Condition":{"StringLike":{"aws:x":${nest}}}},{"Effect":"Allow","Action":${nest},"Resource":"*"}]}`,
    );

  it('parse and analysis never throw and finish in time', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        const { ms } = timed(() => {
          const r = parsePolicyDocument(text);
          expect(r.ok).toBe(true);
          if (r.ok) analysePolicies([r.document]);
        });
        expect(ms).toBeLessThan(HANG_MS);
      }),
      { seed, numRuns: 60 },
    );
  });
});

describe('the scorer under hostile events', () => {
  const opts: ScoreOptions = { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' };

  it.each(hostileEvents().map((h) => [h.name, h.event] as const))('%s: judged in time, with an alert', (_name, event) => {
    const { value, ms } = timed(() => scoreEventOffline(event, opts));
    expect(ms).toBeLessThan(HANG_MS);
    expect(value.alert).toBe(true);
  });

  it('the regex bomb event is still an admin grant', () => {
    const s = scoreEventOffline(putUserPolicy(['*:*', 'iam:************x']), opts);
    expect(s.findings.map((f) => f.ruleId)).toContain('admin-granted');
  });

  it('a pattern over the limit is unparseable-event high naming the limit, next to the rest of the judgement', () => {
    const s = scoreEventOffline(putUserPolicy(['*', `iam:${'a*'.repeat(3000)}`]), opts);
    const u = s.findings.find((f) => f.ruleId === 'unparseable-event');
    expect(u?.severity).toBe('high');
    expect(u?.message).toMatch(/limit 4096/);
    expect(s.findings.map((f) => f.ruleId)).toContain('admin-granted');
  });

  it('an event that cannot be judged within the budget is unparseable-event high with the reason, never dropped', () => {
    const slow: EventRule = {
      ...(EVENT_RULES.find((r) => r.id === 'admin-granted') as EventRule),
      id: 'admin-granted',
      evaluate() {
        for (;;) checkBudget(); // what a pathological policy does to the real rules: work until the deadline
      },
    };
    const rules = [slow, ...EVENT_RULES.filter((r) => r.id !== 'admin-granted')];
    const { value, ms } = timed(() => scoreEventOffline(putUserPolicy(['s3:GetObject']), { ...opts, rules, budgetMs: 200 }));
    expect(ms).toBeLessThan(HANG_MS);
    const u = value.findings.find((f) => f.ruleId === 'unparseable-event');
    expect(u?.severity).toBe('high');
    expect(u?.message).toMatch(/could not be judged within the 200 ms time budget/);
    expect(u?.message).toMatch(/admin-granted/);
    expect(value.alert).toBe(true);
  });
});

describe('the sweep under a pathological inline policy', () => {
  /** The sample account, with one more user holding `policy` inline. */
  async function accountWith(policy: unknown) {
    const dir = mkdtempSync(join(tmpdir(), 'adv-sweep-'));
    cpSync(join(ROOT, 'samples/snapshots/messy'), dir, { recursive: true });
    const file = join(dir, 'authorization-details.json');
    const details = JSON.parse(readFileSync(file, 'utf8')) as { UserDetailList: Array<Record<string, unknown>> };
    details.UserDetailList.push({
      Path: '/',
      UserName: 'mallory',
      UserId: 'AIDAMALLORYQWERTYUIO',
      Arn: 'arn:aws:iam::210987654321:user/mallory',
      CreateDate: '2025-01-01T00:00:00Z',
      UserPolicyList: [{ PolicyName: 'crafted', PolicyDocument: policy }],
      GroupList: [],
      AttachedManagedPolicies: [],
      Tags: [],
    });
    writeFileSync(file, JSON.stringify(details));
    return loadSnapshot(dir);
  }

  it.each([
    ['the regex bomb', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*:*', 'iam:************x'], Resource: '*' }] }, true],
    ['5,000 levels deep', `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"k":${deepListText(5000)}}}}]}`, false],
    ['200 distinct backtracking patterns', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: Array.from({ length: 200 }, (_, i) => `*:${'*?'.repeat(20)}*z${i}`), Resource: '*' }] }, false],
  ])('%s: the sweep finishes, judges every other principal, and names the crafted one', async (_name, policy, malloryAdmin) => {
    const model = await accountWith(policy);
    const { value, ms } = timed(() => evaluateAccount(model, DEFAULT_CONFIG));
    expect(ms).toBeLessThan(HANG_MS * 3);
    const admins = value.findings.filter((f) => f.ruleId === 'admin-access').map((f) => f.resource);
    expect(admins).toContain('arn:aws:iam::210987654321:user/admin-bob');
    if (malloryAdmin) expect(admins).toContain('arn:aws:iam::210987654321:user/mallory');
    if (typeof policy === 'string') expect(value.warnings.join('\n')).toMatch(/mallory.*nested more than 32 levels/);
  });
});
