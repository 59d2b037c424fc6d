/**
 * The change scorer's paths the routing/score tests do not reach: the time budget, rules that throw non-errors or
 * when unparseable-event is disabled, the evidence built from the event, the order of equal-severity findings, the
 * sign-in counters (sync and async, failing), per-account scope, and the `score` command's text and JSON lines.
 */
import { ENGINE_ACCOUNT, ENGINE_NOW, engineConfig, engineRecord, engineRule } from '../support/engine-builders';
import type { Config } from '../../lib/config/types';
import type { EventRule, RuleHit } from '../../lib/rules/types';
import { EVENT_RULES } from '../../lib/rules/event';
import {
  baseEventName,
  DEFAULT_EVENT_BUDGET_MS,
  quietEventNameAllowed,
  ruleIndex,
  scoreEvent,
  scoreEventFull,
  scoreEventOffline,
  scoreNormalized,
  UNPARSEABLE_RULE_ID,
  type ScoredEvent,
} from '../../lib/engine/score-event';
import { scoredEventText } from '../../lib/engine/text';
import { scoredEventJson } from '../../lib/engine/json';
import { normalizeEvent, REQUIRED_REQUEST_PARAMETERS } from '../../lib/cloudtrail/normalize';
import { DOCUMENT_FIELDS } from '../../lib/rules/event/unparseable-event';
import { offlineEnrichment } from '../../lib/cloudtrail/enrich';
import type { SignInObservation, SignInWindowCounts } from '../../lib/store/sign-in-counter';

const ACCT = ENGINE_ACCOUNT;
const NOW = ENGINE_NOW;
const cfg = engineConfig;
/** The records here carry a CLI user agent (the evidence and text tests read it). */
const rec = (eventName: string, over: Record<string, unknown> = {}) => engineRecord(eventName, { userAgent: 'aws-cli/2.15.0', ...over });
/** The rules here have two console steps (the text tests print them). */
const rule = (id: string, eventNames: string[], evaluate: EventRule['evaluate'], severity: EventRule['severity'] = 'high'): EventRule =>
  engineRule(id, eventNames, evaluate, severity, ['step one', 'step two']);

const hits = (...h: RuleHit[]) => () => h;

describe('the time budget', () => {
  it('is 5 s by default', () => {
    expect(DEFAULT_EVENT_BUDGET_MS).toBe(5000);
  });

  it('an event the rules cannot judge in time is a high unparseable-event naming every rule not run', () => {
    const rules = [rule('first', ['CreateUser'], hits({ resource: 'r', message: 'm' })), rule('second', ['CreateUser'], hits())];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules, budgetMs: 0 });
    expect(s.findings).toHaveLength(1);
    const f = s.findings[0];
    expect(f.ruleId).toBe(UNPARSEABLE_RULE_ID);
    expect(f.severity).toBe('high');
    expect(f.resource).toBe(ACCT);
    expect(f.title).toBe('Event could not be fully read');
    expect(f.message).toBe(
      'The CreateUser event id-CreateUser could not be judged within the 0 ms time budget (a crafted policy or input?); rules not completed: first, second. Review the event by hand.',
    );
    expect(f.evidence).toMatchObject({
      failedRule: 'first',
      notRun: ['first', 'second'],
      error: 'BudgetExceededError: the work did not finish within its 0 ms time budget',
      budgetMs: 0,
      problems: [],
      scoreFactors: { unverified: true },
    });
    expect(s.alert).toBe(true);
  });

  it('a rule that runs out of time part-way stops the loop; the rules before it keep their findings', () => {
    const slow = rule('slow', ['CreateUser'], () => {
      // Far longer than the budget, and the budget far longer than the quick rule takes even on a loaded machine.
      const until = performance.now() + 150;
      while (performance.now() < until) {
        /* spin */
      }
      return [];
    });
    const rules = [rule('quick', ['CreateUser'], hits({ resource: 'q', message: 'quick hit' }), 'low'), slow, rule('after', ['CreateUser'], hits({ resource: 'a', message: 'after' }))];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules, budgetMs: 100 });
    expect(s.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      [UNPARSEABLE_RULE_ID, 'high'],
      ['quick', 'low'],
    ]);
    expect(s.findings[0].evidence).toMatchObject({ failedRule: 'after', notRun: ['after'], budgetMs: 100 });
  });

  it('the catalogue rule is used when present (its metadata), even if the time runs out', () => {
    const rules = [...EVENT_RULES.filter((r) => r.id === UNPARSEABLE_RULE_ID), rule('x', ['CreateUser'], hits())];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules, budgetMs: 0 });
    const meta = EVENT_RULES.find((r) => r.id === UNPARSEABLE_RULE_ID);
    expect(s.findings.map((f) => f.title)).toEqual([meta?.title]);
  });
});

describe('rules that throw', () => {
  it('a long thrown non-Error is cut at 500 characters too', () => {
    const rules = [
      rule('s', ['CreateUser'], () => {
        throw 'y'.repeat(700);
      }),
    ];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    expect(s.findings[0].evidence.error).toBe('y'.repeat(500));
  });

  it('a thrown non-Error is shown as text; a long message is cut at 500 characters', () => {
    const rules = [
      rule('str', ['CreateUser'], () => {
        throw 'plain string';
      }),
      rule('long', ['CreateUser'], () => {
        throw new RangeError('x'.repeat(600));
      }),
    ];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    expect(s.findings.map((f) => f.severity)).toEqual(['medium', 'medium']);
    expect(s.findings[0].message).toBe('Rule str could not evaluate CreateUser event id-CreateUser (plain string); review the event by hand.');
    expect(s.findings[0].evidence).toMatchObject({ failedRule: 'str', error: 'plain string', problems: [], scoreFactors: { unverified: true } });
    const long = s.findings[1].evidence.error as string;
    expect(long).toHaveLength(500);
    expect(long.startsWith('RangeError: xxx')).toBe(true);
  });

  it('an Error with an empty message still shows its name and the separator', () => {
    const rules = [
      rule('e', ['CreateUser'], () => {
        throw new Error('');
      }),
    ];
    expect(scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules }).findings[0].evidence.error).toBe('Error: ');
  });

  it('an error whose text cannot be built is "unprintable error"', () => {
    const rules = [
      rule('weird', ['CreateUser'], () => {
        throw {
          toString() {
            throw new Error('no');
          },
        };
      }),
    ];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    expect(s.findings[0].evidence.error).toBe('unprintable error');
  });

  it('with unparseable-event disabled, a crashing rule adds nothing and the other rules still count', () => {
    const rules = [
      rule('boom', ['CreateUser'], () => {
        throw new Error('boom');
      }),
      rule('fine', ['CreateUser'], hits({ resource: 'r', message: 'm' }), 'low'),
    ];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg({ disabledRules: [UNPARSEABLE_RULE_ID] }), now: NOW, rules });
    expect(s.findings.map((f) => f.ruleId)).toEqual(['fine']);
    expect(s.severity).toBe('low');
  });

  it('a rule that returns something other than a list adds nothing', () => {
    const rules = [rule('odd', ['CreateUser'], (() => undefined) as unknown as EventRule['evaluate'])];
    expect(scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules }).findings).toEqual([]);
  });
});

describe('problems of the event', () => {
  it('the safety net lists at most five problems, without a severity of its own (the rule default, medium)', () => {
    const odd = { eventTime: { a: 1 }, awsRegion: [1], sourceIPAddress: { b: 2 }, userAgent: { c: 3 }, errorMessage: { d: 4 }, eventType: { e: 5 } };
    const s = scoreEventOffline(rec('AttachUserPolicy', { ...odd, requestParameters: { userName: 7, policyArn: 42 } }), { config: cfg(), now: NOW, rules: [] });
    expect(s.findings).toHaveLength(1);
    const f = s.findings[0];
    expect(f.severity).toBe('medium');
    const problems = f.evidence.problems as string[];
    expect(problems.length).toBeGreaterThan(5);
    expect(f.message).toBe(`Event AttachUserPolicy (id-AttachUserPolicy) could not be fully read: ${problems.slice(0, 5).join('; ')}.`);
    expect(f.evidence.scoreFactors).toEqual({ unverified: true });
  });

  it('no safety-net finding when the rule itself already reported the event', () => {
    const own = rule(UNPARSEABLE_RULE_ID, ['*'], (ev) => (ev.problems.length ? [{ resource: ev.account, message: 'own' }] : []), 'low');
    const s = scoreEventOffline(rec('AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: 42 } }), { config: cfg(), now: NOW, rules: [own] });
    expect(s.findings.map((f) => f.message)).toEqual(['own']);
  });
});

describe('evidence and order', () => {
  it('carries the event fields that are present, and only those', () => {
    const full = scoreEventOffline(rec('CreateUser', { errorCode: 'AccessDenied', errorMessage: 'no' }), {
      config: cfg(),
      now: NOW,
      rules: [rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm', evidence: { extra: 1 } }))],
    });
    expect(full.findings[0].evidence).toEqual({
      eventId: 'id-CreateUser',
      eventName: 'CreateUser',
      actor: 'IAM user alice',
      actorArn: `arn:aws:iam::${ACCT}:user/alice`,
      eventTime: '2026-11-02T09:14:27Z',
      region: 'us-east-1',
      sourceIp: '203.0.113.24',
      userAgent: 'aws-cli/2.15.0',
      errorCode: 'AccessDenied',
      extra: 1,
    });
    const bare = rec('CreateUser', { userIdentity: { type: 'IAMUser', userName: 'alice', accountId: ACCT } });
    for (const k of ['eventTime', 'awsRegion', 'sourceIPAddress', 'userAgent']) delete bare[k];
    const s = scoreEventOffline(bare, { config: cfg(), now: NOW, rules: [rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm' }))] });
    expect(Object.keys(s.findings[0].evidence)).toEqual(['eventId', 'eventName', 'actor']);
    expect(s.eventTime).toBeUndefined();
    expect(s.region).toBeUndefined();
    expect(s.sourceIp).toBeUndefined();
    expect(Object.keys(s)).not.toEqual(expect.arrayContaining(['eventTime']));
  });

  it('score factors: the hit’s factors at the place of its evidence key, else last; none when every factor is false', () => {
    const evidence = (hit: RuleHit) => scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules: [rule('a', ['CreateUser'], hits(hit))] }).findings[0].evidence;
    const run = (hit: RuleHit) => Object.keys(evidence(hit));
    expect(evidence({ resource: 'r', message: 'm', factors: { grantToUser: true }, evidence: { scoreFactors: 'placeholder', after: 1 } }).scoreFactors).toEqual({ grantToUser: true });
    expect(evidence({ resource: 'r', message: 'm', factors: { grantToUser: false }, evidence: { scoreFactors: { x: 1 }, after: 1 } }).scoreFactors).toBeUndefined();
    expect(evidence({ resource: 'r', message: 'm', evidence: { scoreFactors: { x: 1 } } }).scoreFactors).toBeUndefined();
    expect(run({ resource: 'r', message: 'm', factors: { grantToUser: true }, evidence: { scoreFactors: 'placeholder', after: 1 } }).slice(-2)).toEqual(['scoreFactors', 'after']);
    expect(run({ resource: 'r', message: 'm', factors: { grantToUser: true }, evidence: { after: 1 } }).slice(-2)).toEqual(['after', 'scoreFactors']);
    expect(run({ resource: 'r', message: 'm', factors: { grantToUser: false }, evidence: { scoreFactors: { x: 1 }, after: 1 } }).slice(-1)).toEqual(['after']);
    const s = scoreEventOffline(rec('CreateUser'), {
      config: cfg(),
      now: NOW,
      rules: [rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm', factors: { grantToUser: false }, severity: 'medium' }))],
    });
    expect(s.findings[0].evidence.scoreFactors).toBeUndefined();
    expect(s.score).toBe(50);
  });

  it('findings of equal severity keep the rules’ order; worse ones come first', () => {
    const rules = [
      rule('m1', ['CreateUser'], hits({ resource: 'r1', message: 'm' }), 'medium'),
      rule('c1', ['CreateUser'], hits({ resource: 'r2', message: 'm' }), 'critical'),
      rule('m2', ['CreateUser'], hits({ resource: 'r3', message: 'm' }), 'medium'),
      rule('l1', ['CreateUser'], hits({ resource: 'r4', message: 'm' }), 'low'),
      rule('m3', ['CreateUser'], hits({ resource: 'r5', message: 'm' }), 'medium'),
    ];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    expect(s.findings.map((f) => f.ruleId)).toEqual(['c1', 'm1', 'm2', 'm3', 'l1']);
    expect(s.severity).toBe('critical');
  });

  it('the unverified floor: a high unverified hit stays high, a hit without severity takes the rule’s before the floor', () => {
    const sev = (r: EventRule) => scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules: [r] }).findings[0].severity;
    expect(sev(rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm', factors: { unverified: true } }), 'high'))).toBe('high');
    expect(sev(rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm', factors: { unverified: true } }), 'info'))).toBe('medium');
    expect(sev(rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm', severity: 'medium', factors: { unverified: true } }), 'info'))).toBe('medium');
    expect(sev(rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm', factors: { unverified: false } }), 'info'))).toBe('info');
    expect(sev(rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm' }), 'low'))).toBe('low');
  });
});

describe('the rule index', () => {
  it('Lambda suffixes ending in 0 and in 9 are stripped; names ending in a non-digit are kept as they are', () => {
    expect(baseEventName('GetFunction20150330')).toBe('GetFunction');
    expect(baseEventName('GetFunction20150339')).toBe('GetFunction');
    expect(baseEventName('GetFunction20150331v0')).toBe('GetFunction');
    expect(baseEventName('Get20150331:')).toBe('Get20150331:');
    expect(baseEventName('Get20150331/')).toBe('Get20150331/');
    expect(baseEventName('')).toBe('');
  });

  it('an event whose suffixed name no rule lists runs the rules of its base name', () => {
    const s = scoreEventOffline(rec('DeleteFunction20150331', { eventSource: 'lambda.amazonaws.com', requestParameters: { functionName: 'f' } }), {
      config: cfg(),
      now: NOW,
      rules: [rule('base-only', ['DeleteFunction'], hits({ resource: 'fn', message: 'm' }))],
    });
    expect(s.findings.map((f) => f.ruleId)).toEqual(['base-only']);
  });

  it('a rule listed twice runs once for its name', () => {
    const calls: string[] = [];
    const r = rule('twice', ['CreateUser'], () => (calls.push('x'), []));
    expect(ruleIndex(cfg(), [r, r]).byName.get('CreateUser')).toEqual([r]);
    scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules: [r, r] });
    expect(calls).toEqual(['x']);
  });


  it('a rule naming both a suffixed name and its base is listed once per name', () => {
    const r = rule('both', ['DeleteFunction20150331', 'DeleteFunction'], hits({ resource: 'r', message: 'm' }));
    const idx = ruleIndex(cfg(), [r]);
    expect(idx.byName.get('DeleteFunction')).toEqual([r]);
    expect(idx.byName.get('DeleteFunction20150331')).toEqual([r]);
    const s = scoreEventOffline(rec('DeleteFunction20150331', { eventSource: 'lambda.amazonaws.com', requestParameters: { functionName: 'f' } }), { config: cfg(), now: NOW, rules: [r] });
    expect(s.findings).toHaveLength(1);
  });

  it('a rule routed by name and also by the stripped name runs once', () => {
    const calls: string[] = [];
    const r = rule('both', ['UpdateFunctionCode20150331v2', 'UpdateFunctionCode'], () => (calls.push('x'), []));
    scoreEventOffline(rec('UpdateFunctionCode20150331v2', { eventSource: 'lambda.amazonaws.com', requestParameters: { functionName: 'f' } }), {
      config: cfg(),
      now: NOW,
      rules: [r, rule('star', ['*'], () => (calls.push('star'), []))],
    });
    expect(calls).toEqual(['star', 'x']);
  });

  it('keeps the unparseable rule even when disabled, and says whether it is enabled', () => {
    const u = EVENT_RULES.find((r) => r.id === UNPARSEABLE_RULE_ID);
    const off = ruleIndex(cfg({ disabledRules: [UNPARSEABLE_RULE_ID] }), EVENT_RULES);
    expect(off.unparseable).toBe(u);
    expect(off.unparseableEnabled).toBe(false);
    expect(off.always).not.toContain(u);
    const on = ruleIndex(cfg(), EVENT_RULES);
    expect(on.unparseableEnabled).toBe(true);
    expect(on.always).toContain(u);
  });

  it('the quiet pre-check is allowed for the real catalogue only, and not when another `*` rule is enabled', () => {
    expect(ruleIndex(cfg(), EVENT_RULES).quietCheckOk).toBe(true);
    expect(ruleIndex(cfg(), [...EVENT_RULES]).quietCheckOk).toBe(false);
    expect(ruleIndex(cfg(), [rule('star', ['*'], hits())]).quietCheckOk).toBe(false);
  });

  it('names: required parameters, routed names and their base names are never quiet', () => {
    const idx = ruleIndex(cfg(), EVENT_RULES);
    expect(quietEventNameAllowed(idx, 'DescribeInstances')).toBe(true);
    // IAM reads are quiet: no rule is routed to them and they carry no policy document.
    expect(quietEventNameAllowed(idx, 'GetRole')).toBe(true);
    // Every call whose policy document unparseable-event reads has required parameters, so it is never quiet.
    for (const name of Object.keys(DOCUMENT_FIELDS)) {
      expect([name, name in REQUIRED_REQUEST_PARAMETERS, quietEventNameAllowed(idx, name)]).toEqual([name, true, false]);
    }
    expect(quietEventNameAllowed(idx, 'constructor')).toBe(false);
    expect(quietEventNameAllowed(idx, 'AttachUserPolicy')).toBe(false);
    const routed = [...idx.byName.keys()].find((n) => /^[A-Za-z]+$/.test(n) && !(n in {}));
    expect(routed).toBeDefined();
    expect(quietEventNameAllowed(idx, `${routed}20150331`)).toBe(false);
  });
});

describe('sign-in counters', () => {
  const login = (over: Record<string, unknown> = {}) =>
    rec('ConsoleLogin', {
      eventSource: 'signin.amazonaws.com',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
      ...over,
    });
  const counts: SignInWindowCounts = { userFailures: 3, sourceFailures: 4, windowMinutes: 15, threshold: 10 };
  const seenBy = (seen: unknown[]) => [rule('see', ['ConsoleLogin'], (_ev, ctx) => (seen.push(ctx.enrichment.signIn), []))];

  it('offline: the sync counter is asked once per sign-in and its counts reach the rules', () => {
    const seen: unknown[] = [];
    const observed: SignInObservation[] = [];
    scoreEventFull(login(), { config: cfg(), now: NOW, rules: seenBy(seen), signIns: { observeSync: (o) => (observed.push(o), counts) } });
    expect(observed).toHaveLength(1);
    expect(observed[0]).toMatchObject({ account: ACCT, failed: true, userKey: 'user#alice', sourceIp: '203.0.113.24' });
    expect(seen).toEqual([{ status: 'ok', value: counts }]);
  });

  it('offline: a failing counter leaves the counts unavailable with the reason; the caller’s enrichment is not changed', () => {
    const seen: unknown[] = [];
    const ev = normalizeEvent(login());
    const enrichment = offlineEnrichment(ev);
    scoreEventFull(login(), {
      config: cfg(),
      now: NOW,
      rules: seenBy(seen),
      enrichment,
      signIns: {
        observeSync: () => {
          throw new Error('table gone');
        },
      },
    });
    expect(seen).toEqual([{ status: 'unavailable', reason: 'Error: table gone' }]);
    expect(enrichment.signIn).toBeUndefined();
  });

  it('offline: counts already in the enrichment are kept; a non-sign-in event is not counted', () => {
    const seen: unknown[] = [];
    const observeSync = jest.fn(() => counts);
    const given = { ...offlineEnrichment(normalizeEvent(login())), signIn: { status: 'ok' as const, value: { ...counts, userFailures: 9 } } };
    scoreEventFull(login(), { config: cfg(), now: NOW, rules: seenBy(seen), enrichment: given, signIns: { observeSync } });
    scoreEventFull(rec('CreateUser'), { config: cfg(), now: NOW, rules: [], signIns: { observeSync } });
    expect(observeSync).not.toHaveBeenCalled();
    expect(seen).toEqual([given.signIn]);
  });

  it('async: counts from the counter, or unavailable with the reason when it fails', async () => {
    const seen: unknown[] = [];
    await scoreEvent(login(), { config: cfg(), now: NOW, rules: seenBy(seen), signIns: { observe: async () => counts } });
    await scoreEvent(login(), {
      config: cfg(),
      now: NOW,
      rules: seenBy(seen),
      signIns: {
        observe: async () => {
          throw new TypeError('throttled');
        },
      },
    });
    const observe = jest.fn(async () => counts);
    await scoreEvent(rec('CreateUser'), { config: cfg(), now: NOW, rules: [], signIns: { observe } });
    expect(seen).toEqual([{ status: 'ok', value: counts }, { status: 'unavailable', reason: 'TypeError: throttled' }]);
    expect(observe).not.toHaveBeenCalled();
  });
});

describe('per-account scope (Organizations mode)', () => {
  it('the account’s configuration and enrichment source apply; a string source makes every lookup unavailable with it', async () => {
    const seen: unknown[] = [];
    const POLICY = `arn:aws:iam::${ACCT}:policy/p`;
    const rules = [
      rule('see', ['AttachUserPolicy'], (_ev, ctx) => (seen.push(ctx.enrichment.policyDocuments[POLICY]), [{ resource: 'r', message: 'm' }]), 'low'),
    ];
    const asked: string[] = [];
    const s = await scoreEvent(rec('AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: POLICY } }), {
      config: cfg(),
      now: NOW,
      rules,
      forAccount: async (account) => (asked.push(account), { config: cfg({ alertThreshold: 'low' }), source: 'member account role not assumable' }),
    });
    expect(asked).toEqual([ACCT]);
    expect(seen).toEqual([{ status: 'unavailable', reason: 'member account role not assumable' }]);
    expect(s.alert).toBe(true);
    const plain = await scoreEvent(rec('AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: POLICY } }), { config: cfg(), now: NOW, rules });
    expect(plain.alert).toBe(false);
  });

  it('a scope without a source falls back to nothing (offline), not the default source', async () => {
    const seen: unknown[] = [];
    const POLICY = `arn:aws:iam::${ACCT}:policy/p`;
    const rules = [rule('see', ['AttachUserPolicy'], (_ev, ctx) => (seen.push(ctx.enrichment.policyDocuments[POLICY]?.status), []))];
    const source = {
      getPolicyDocument: async () => ({ statements: [] }),
      getGroupPolicies: async (g: string) => ({ groupName: g, attachedPolicyArns: [], inlinePolicies: [], attachedDocuments: [] }),
    };
    const ev = rec('AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: POLICY } });
    await scoreEvent(ev, { config: cfg(), now: NOW, rules, source, forAccount: async () => ({ config: cfg() }) });
    await scoreEvent(ev, { config: cfg(), now: NOW, rules, source });
    expect(seen).toEqual(['unavailable', 'ok']);
  });
});

describe('scoreNormalized', () => {
  it('without `now`, the findings are stamped with the current time', () => {
    const before = Date.now();
    const ev = normalizeEvent(rec('CreateUser'));
    const s = scoreNormalized(ev, offlineEnrichment(ev), { config: cfg(), rules: [rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm' }))] });
    const t = Date.parse(s.findings[0].firstSeen);
    expect(t).toBeGreaterThanOrEqual(before - 1);
    expect(t).toBeLessThanOrEqual(Date.now() + 1);
  });
});

describe('the score command’s lines', () => {
  function scored(over: Partial<Config> = {}): ScoredEvent {
    const rules = [
      rule('a', ['CreateUser'], hits({ resource: `arn:aws:iam::${ACCT}:user/bob\nforged`, message: 'made\u202ebob' }), 'high'),
      rule('b', ['CreateUser'], hits({ resource: 'r2', message: 'second' }), 'low'),
    ];
    return scoreEventOffline(rec('CreateUser', { eventID: 'id\x1b[2J' }), { config: cfg(over), now: NOW, rules });
  }

  it('text: what happened, each finding with resource, message, fix, and how to accept it; values on one line', () => {
    const s = scored();
    expect(s.score).toBeGreaterThan(0);
    expect(scoredEventText(s, 'in\nput.json')).toBe(
      [
        'in\\nput.json: CreateUser by IAM user alice at 2026-11-02T09:14:27Z [id\\x1b[2J]',
        `  HIGH, score ${s.score}/100, ALERT`,
        '  - [high] a: title of a',
        `      resource: arn:aws:iam::${ACCT}:user/bob\\nforged`,
        '      made\\u202ebob',
        '      console 1: step one',
        '      console 2: step two',
        '      cli: aws iam something',
        '  - [low] b: title of b',
        '      resource: r2',
        '      second',
        '      console 1: step one',
        '      console 2: step two',
        '      cli: aws iam something',
        '  accept a finding: add {rule, resource, reason, expires} under suppressions in iam-guardian.config.yaml (README, "Configuration, suppressions, exports")',
        '',
      ].join('\n'),
    );
  });

  it('text: suppressed findings say why and until when; no accept line when every finding is suppressed; a catalogue rule adds why', () => {
    const sup = [
      { rule: 'a', resource: '*', reason: 'reviewed\nok', owner: 'sec', expires: '2027-01-01' },
      { rule: 'b', resource: '*', reason: 'known', owner: 'sec', expires: '2027-02-01' },
    ];
    const s = scored({ suppressions: sup as Config['suppressions'] });
    expect(s.alert).toBe(false);
    const text = scoredEventText(s);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'CreateUser by IAM user alice at 2026-11-02T09:14:27Z [id\\x1b[2J]',
      `  HIGH, score ${s.score}/100, no alert`,
      '  - [high] a: title of a (suppressed: reviewed\\nok, until 2027-01-01)',
    ]);
    expect(text).toContain('  - [low] b: title of b (suppressed: known, until 2027-02-01)\n');
    expect(text).not.toContain('accept a finding');
    const root = scoreEventOffline(rec('CreateAccessKey', { userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT }, requestParameters: {} }), {
      config: cfg(),
      now: NOW,
    });
    const rootRule = EVENT_RULES.find((r) => r.id === 'root-access-key-created');
    expect(scoredEventText(root)).toContain(`      why: ${rootRule?.why}\n`);
  });

  it('text: no findings, no time, no cli', () => {
    const bare = rec('CreateUser');
    delete bare.eventTime;
    const s = scoreEventOffline(bare, { config: cfg(), now: NOW, rules: [] });
    expect(scoredEventText(s)).toBe('CreateUser by IAM user alice [id-CreateUser]\n  no findings, score 0/100, no alert\n');
    const noCli = scoreEventOffline(rec('CreateUser'), {
      config: cfg(),
      now: NOW,
      rules: [rule('a', ['CreateUser'], hits({ resource: 'r', message: 'm', fix: { console: [], cli: '' } }), 'low')],
    });
    expect(scoredEventText(noCli)).not.toContain('cli:');
  });

  it('text: a suppressed finding without its suppression record says "by configuration"; one without expiry has no "until"', () => {
    const s = scored();
    const [a, b] = s.findings;
    const hand: ScoredEvent = {
      ...s,
      findings: [
        { ...a, status: 'suppressed', suppression: undefined },
        { ...b, status: 'suppressed', suppression: { rule: 'b', resource: '*', reason: 'known', expires: '' } },
      ],
    };
    const text = scoredEventText(hand);
    expect(text).toContain('  - [high] a: title of a (suppressed: by configuration)\n');
    expect(text).toContain('  - [low] b: title of b (suppressed: known)\n');
    expect(text).not.toContain('accept a finding');
  });

  it('json: the design.md line, suppressed findings keep their status', () => {
    const s = scored({ suppressions: [{ rule: 'b', resource: '*', reason: 'known', owner: 'sec', expires: '2027-02-01' }] as Config['suppressions'] });
    const j = scoredEventJson(s);
    expect(Object.keys(j)).toEqual(['eventId', 'eventName', 'severity', 'score', 'alert', 'findings']);
    expect(j).toMatchObject({ eventId: 'id\x1b[2J', eventName: 'CreateUser', severity: 'high', score: s.score, alert: true });
    const fs = j.findings as { ruleId: string; status: string }[];
    expect(fs.map((f) => [f.ruleId, f.status])).toEqual([
      ['a', undefined],
      ['b', 'suppressed'],
    ]);
    expect(j.findings).toEqual([
      expect.not.objectContaining({ suppression: expect.anything() }),
      expect.objectContaining({ suppression: { reason: 'known', owner: 'sec', expires: '2027-02-01' } }),
    ]);
  });
});
