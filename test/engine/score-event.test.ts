import { ENGINE_ACCOUNT, ENGINE_NOW, engineConfig, engineRecord, engineRule } from '../support/engine-builders';
import { baseEventName, ruleIndex, scoreEvent, scoreEventOffline } from '../../lib/engine/score-event';
import type { EnrichmentSource } from '../../lib/cloudtrail/enrichment-types';

const ACCT = ENGINE_ACCOUNT;
const NOW = ENGINE_NOW;
const rec = engineRecord;
const rule = engineRule;
const cfg = engineConfig;
const hitOn = (resource = `arn:aws:iam::${ACCT}:user/bob`) => () => [{ resource, message: `something about ${resource}` }];

describe('routing', () => {
  it('runs only the rules whose eventNames match, plus * rules', () => {
    const calls: string[] = [];
    const rules = [
      rule('a', ['CreateUser'], () => (calls.push('a'), [])),
      rule('b', ['DeleteUser'], () => (calls.push('b'), [])),
      rule('star', ['*'], () => (calls.push('star'), [])),
    ];
    scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    expect(calls).toEqual(['star', 'a']);
    calls.length = 0;
    scoreEventOffline(rec('ListBuckets'), { config: cfg(), now: NOW, rules });
    expect(calls).toEqual(['star']);
  });

  it('Lambda version suffixes route to the base name (and to a rule naming the suffixed form)', () => {
    expect(baseEventName('DeleteFunction20150331')).toBe('DeleteFunction');
    expect(baseEventName('UpdateFunctionCode20150331v2')).toBe('UpdateFunctionCode');
    expect(baseEventName('CreateUser')).toBe('CreateUser');
    const rules = [rule('base', ['DeleteFunction'], hitOn('fn')), rule('suffixed', ['DeleteFunction20150331'], hitOn('fn2'))];
    const s = scoreEventOffline(rec('DeleteFunction20150331', { eventSource: 'lambda.amazonaws.com', requestParameters: { functionName: 'f' } }), {
      config: cfg(),
      now: NOW,
      rules,
    });
    expect(s.findings.map((f) => f.ruleId).sort()).toEqual(['base', 'suffixed']);
  });

  it('disabled rules (globs) do not run; the index is cached per config', () => {
    const calls: string[] = [];
    const rules = [rule('root-x', ['CreateUser'], () => (calls.push('root-x'), [])), rule('other', ['CreateUser'], () => (calls.push('other'), []))];
    const config = cfg({ disabledRules: ['root-*'] });
    scoreEventOffline(rec('CreateUser'), { config, now: NOW, rules });
    expect(calls).toEqual(['other']);
    expect(ruleIndex(config, rules)).toBe(ruleIndex(config, rules));
  });
});

describe('findings, config and score', () => {
  it('builds findings with evidence of the event, the worst first, and scores them', () => {
    const rules = [
      rule('low-one', ['CreateUser'], () => [{ resource: 'r1', message: 'm1', severity: 'low' }]),
      rule('high-one', ['CreateUser'], () => [{ resource: 'r2', message: 'm2', factors: { grantToUser: true } }]),
    ];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    expect(s).toMatchObject({ eventId: 'id-CreateUser', eventName: 'CreateUser', account: ACCT, actor: 'IAM user alice', sourceIp: '203.0.113.24', region: 'us-east-1' });
    expect(s.findings.map((f) => f.ruleId)).toEqual(['high-one', 'low-one']);
    expect(s.severity).toBe('high');
    expect(s.score).toBe(75);
    expect(s.alert).toBe(true);
    expect(s.findings[0]).toMatchObject({ kind: 'event', status: 'new', account: ACCT, resource: 'r2', firstSeen: NOW, controls: ['IAM.1'] });
    expect(s.findings[0].evidence).toMatchObject({ eventId: 'id-CreateUser', eventName: 'CreateUser', sourceIp: '203.0.113.24', scoreFactors: { grantToUser: true } });
  });

  it('no findings: severity none, score 0, no alert', () => {
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules: [rule('a', ['CreateUser'], () => [])] });
    expect(s).toMatchObject({ severity: 'none', score: 0, alert: false, findings: [] });
  });

  it('below the threshold: no alert; the threshold is configurable', () => {
    const rules = [rule('a', ['CreateUser'], hitOn(), 'low')];
    expect(scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules }).alert).toBe(false);
    expect(scoreEventOffline(rec('CreateUser'), { config: cfg({ alertThreshold: 'low' }), now: NOW, rules }).alert).toBe(true);
  });

  it('severity overrides apply', () => {
    const rules = [rule('a', ['CreateUser'], hitOn(), 'low')];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg({ severityOverrides: { a: 'critical' } }), now: NOW, rules });
    expect(s.severity).toBe('critical');
    expect(s.alert).toBe(true);
  });

  it('a suppressed finding stays, marked with its reason, and sends no alert; expired suppressions do not apply', () => {
    const rules = [rule('a', ['CreateUser'], hitOn(`arn:aws:iam::${ACCT}:user/bob`))];
    const sup = { rule: 'a', resource: `arn:aws:iam::${ACCT}:user/*`, reason: 'break-glass user, reviewed', owner: 'sec', expires: '2027-01-01' };
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg({ suppressions: [sup] }), now: NOW, rules });
    expect(s.findings).toHaveLength(1);
    expect(s.findings[0].status).toBe('suppressed');
    expect(s.findings[0].suppression?.reason).toBe('break-glass user, reviewed');
    expect(s.alert).toBe(false);
    expect(s.severity).toBe('high');
    const expired = scoreEventOffline(rec('CreateUser'), { config: cfg({ suppressions: [{ ...sup, expires: '2026-01-01' }] }), now: NOW, rules });
    expect(expired.findings[0].status).toBe('new');
    expect(expired.alert).toBe(true);
  });

  it('an unverified low hit is raised to the medium floor', () => {
    const rules = [rule('a', ['CreateUser'], () => [{ resource: 'r', message: 'm', severity: 'low', factors: { unverified: true } }])];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    expect(s.severity).toBe('medium');
    expect(s.score).toBe(50);
    expect(s.alert).toBe(true);
  });
});

describe('never lose the event', () => {
  it('a rule that throws becomes an unparseable-event finding naming the rule; other rules still run', () => {
    const rules = [
      rule('boom', ['CreateUser'], () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      }),
      rule('fine', ['CreateUser'], hitOn(), 'low'),
    ];
    const s = scoreEventOffline(rec('CreateUser'), { config: cfg(), now: NOW, rules });
    const u = s.findings.find((f) => f.ruleId === 'unparseable-event');
    expect(u).toBeDefined();
    expect(u?.severity).toBe('medium');
    expect(u?.message).toMatch(/Rule boom could not evaluate CreateUser/);
    expect(u?.evidence).toMatchObject({ failedRule: 'boom' });
    expect(s.findings.some((f) => f.ruleId === 'fine')).toBe(true);
    expect(s.alert).toBe(true);
  });

  it('an event with problems yields unparseable-event even when the catalogue lacks the rule', () => {
    const s = scoreEventOffline(rec('AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: 42 } }), { config: cfg(), now: NOW, rules: [] });
    expect(s.findings.map((f) => f.ruleId)).toEqual(['unparseable-event']);
    expect(s.findings[0].message).toMatch(/requestParameters.policyArn is not a string/);
    expect(s.severity).toBe('medium');
    expect(s.alert).toBe(true);
  });

  it('the user may disable unparseable-event explicitly', () => {
    const s = scoreEventOffline('garbage', { config: cfg({ disabledRules: ['unparseable-event'] }), now: NOW, rules: [] });
    expect(s.findings).toEqual([]);
  });
});

describe('scoreEvent (async, with enrichment)', () => {
  const CUSTOMER = `arn:aws:iam::${ACCT}:policy/p`;
  it('passes what the source read to the rules', async () => {
    const source: EnrichmentSource = {
      getPolicyDocument: async () => ({ statements: [{ index: 0, effect: 'Allow', action: ['*'], resource: ['*'] }] }),
      getGroupPolicies: async (g) => ({ groupName: g, attachedPolicyArns: [], inlinePolicies: [], attachedDocuments: [] }),
    };
    const seen: string[] = [];
    const rules = [
      rule('a', ['AttachUserPolicy'], (_ev, ctx) => {
        const d = ctx.enrichment.policyDocuments[CUSTOMER];
        seen.push(d?.status ?? 'absent');
        return [];
      }),
    ];
    await scoreEvent(rec('AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: CUSTOMER } }), { config: cfg(), now: NOW, source, rules });
    scoreEventOffline(rec('AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: CUSTOMER } }), { config: cfg(), now: NOW, rules });
    expect(seen).toEqual(['ok', 'unavailable']);
  });
});
