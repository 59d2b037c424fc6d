/**
 * Branches of lib/rules/event/_grants.ts that the rule examples do not separate (issue 21: the surviving mutants of
 * the lib/rules sample): whom an analysis is made for, the analysis cache, how an escalation names its resources,
 * AWS managed policies judged by name only, and the roles a PassRole grant reaches.
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment, type Enrichment, type RoleTrust } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { EventRuleContext } from '../../lib/rules/types';
import { passRoleJudgement, passRoleText, readGrant, verdict } from '../../lib/rules/event/_grants';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { iamCall, roleIdentity, userIdentity } from '../support/event-records';

const A = '111122223333';
const NOW = new Date('2026-01-10T12:00:00Z');
const ctx = (enrichment: Partial<Enrichment> = {}): EventRuleContext => ({ config: DEFAULT_CONFIG, enrichment: { ...emptyEnrichment(), ...enrichment } });
function doc(json: unknown): PolicyDocument {
  const r = parsePolicyDocument(JSON.stringify(json));
  if (!r.ok) throw new Error(r.error);
  return r.document;
}
function grantOf(eventName: string, rp: Record<string, unknown>, enrichment: Partial<Enrichment> = {}) {
  const g = readGrant(normalizeEvent(iamCall(eventName, userIdentity('alice'), rp)), ctx(enrichment));
  if (!g) throw new Error(`no grant for ${eventName}`);
  return g;
}
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('the principal an inline policy is analysed for', () => {
  const onUser = (name: string) => policy({ Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: `arn:aws:iam::${A}:user/${name}` });

  it('a user allowed to put a policy on itself is administrator-equivalent', () => {
    const v = verdict(grantOf('PutUserPolicy', { userName: 'selfish', policyName: 'self', policyDocument: onUser('selfish') }));
    expect(v.adminEquivalent).toBe(true);
    expect(v.escalations.map((e) => e.detail)).toEqual([`PutUserPolicy (iam:PutUserPolicy on arn:aws:iam::${A}:user/selfish)`]);
  });

  it('a user allowed to put a policy on another user only: no escalation of its own', () => {
    const v = verdict(grantOf('PutUserPolicy', { userName: 'selfish', policyName: 'self', policyDocument: onUser('other') }));
    expect(v.adminEquivalent).toBe(false);
    expect(v.escalations).toEqual([]);
  });

  it('a role of the same name is not that user', () => {
    const v = verdict(grantOf('PutRolePolicy', { roleName: 'selfish', policyName: 'self', policyDocument: onUser('selfish') }));
    expect(v.adminEquivalent).toBe(false);
    expect(v.escalations).toEqual([]);
  });

  it('a group (principal unknown) might contain that user: the escalation is kept', () => {
    const v = verdict(grantOf('PutGroupPolicy', { groupName: 'selfish', policyName: 'self', policyDocument: onUser('other') }));
    expect(v.escalations.map((e) => e.method)).toEqual(['PutUserPolicy']);
  });
});

describe('escalation details', () => {
  it('name the resources when they are not all of them, at most three', () => {
    const arns = ['a', 'b', 'c', 'd'].map((n) => `arn:aws:iam::${A}:policy/${n}`);
    const v = verdict(grantOf('PutRolePolicy', { roleName: 'ci', policyName: 'p', policyDocument: policy({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: arns }) }));
    expect(v.escalations.map((e) => e.detail)).toEqual([`CreateNewPolicyVersion (iam:CreatePolicyVersion on ${arns.slice(0, 3).join(', ')})`]);
  });

  it('say nothing more when the resource is every resource', () => {
    const v = verdict(grantOf('PutRolePolicy', { roleName: 'ci', policyName: 'p', policyDocument: policy({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' }) }));
    expect(v.escalations.map((e) => e.detail)).toEqual(['CreateNewPolicyVersion (iam:CreatePolicyVersion)']);
  });
});

describe('the analysis cache of event-carried documents', () => {
  it('returns the same analysis for the same documents and principal, also after other documents were analysed', () => {
    const put = (n: number) => grantOf('PutRolePolicy', { roleName: 'app', policyName: 'p', policyDocument: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${n}/*` }) });
    const first = put(1).analysis;
    expect(first).toBeDefined();
    for (let i = 2; i < 20; i++) put(i);
    expect(put(1).analysis).toBe(first);
    expect(put(2).analysis).not.toBe(first);
  });
});

describe('AWS managed policies judged by name (not in the bundled table)', () => {
  it('a ReadOnly name adds neither full access nor admin', () => {
    const v = verdict(grantOf('AttachRolePolicy', { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/FutureServiceReadOnlyAccess' }));
    expect(v).toMatchObject({ adminEquivalent: false, adminReasons: [], fullAccess: [], escalations: [], unverified: false });
  });

  it('a *FullAccess name is full access, not admin, and no escalation', () => {
    const g = grantOf('AttachRolePolicy', { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/FutureServiceFullAccess' });
    const v = verdict(g);
    expect(v.adminEquivalent).toBe(false);
    expect(v.adminReasons).toEqual([]);
    expect(v.fullAccess).toEqual(['AWS managed policy FutureServiceFullAccess (FutureServiceFullAccess is not in the bundled table: judged full access from its name (its document was not checked))']);
    expect(v.escalations).toEqual([]);
  });
});

describe('roles a PassRole grant reaches', () => {
  const PASS = policy({ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], Resource: '*' });
  const trust = (...statements: unknown[]): PolicyDocument => doc({ Version: '2012-10-17', Statement: statements });
  const role = (name: string, t?: PolicyDocument): RoleTrust => ({ arn: `arn:aws:iam::${A}:role/${name}`, name, ...(t ? { trust: t } : { trustError: 'MalformedPolicyDocument' }) });
  const judge = (roles: RoleTrust[], complete = true) => {
    const g = grantOf('PutUserPolicy', { userName: 'dev', policyName: 'deploy', policyDocument: PASS });
    const j = passRoleJudgement(g, ctx({ roles: { status: 'ok', value: { roles, complete } } }), NOW);
    if (!j) throw new Error('no PassRole judgement');
    return j;
  };

  it('a role whose trust cannot be read is reported, not judged', () => {
    const j = judge([role('broken')]);
    expect(j.roles).toEqual([]);
    expect(j.unchecked).toBe('the trust policies of broken could not be read');
    expect(passRoleText(j)).toContain('Not checked: the trust policies of broken could not be read.');
  });

  it('a partial role list says how many roles were read', () => {
    const j = judge([role('one', trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }))], false);
    expect(j.roles.map((r) => r.name)).toEqual(['one']);
    expect(j.unchecked).toBe('only the first 1 roles of the account were read');
    expect(judge([role('one', trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }))], true).unchecked).toBeUndefined();
  });

  it('only the roles the PassRole statement names are listed', () => {
    const scoped = policy({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: [`arn:aws:iam::${A}:role/app-*`, '*'] });
    const narrow = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${A}:role/app-*` }, { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' });
    const ec2 = trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const roles = { status: 'ok' as const, value: { roles: [role('app-web', ec2), role('billing', ec2)], complete: true } };
    const wide = passRoleJudgement(grantOf('PutUserPolicy', { userName: 'dev', policyName: 'd', policyDocument: scoped }), ctx({ roles }), NOW);
    expect(wide?.roles.map((r) => r.name)).toEqual(['app-web', 'billing']);
    const j = passRoleJudgement(grantOf('PutUserPolicy', { userName: 'dev', policyName: 'd', policyDocument: narrow }), ctx({ roles }), NOW);
    expect(j?.roles.map((r) => r.name)).toEqual(['app-web']);
  });

  it('an unconditional admission of one service wins over a conditional admission of another', () => {
    const services = judge([]).services;
    expect(services.length).toBeGreaterThan(1);
    const [conditional, plain] = services;
    const t = trust(
      { Effect: 'Allow', Principal: { Service: `${conditional}` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': A } } },
      { Effect: 'Allow', Principal: { Service: `${plain}` }, Action: 'sts:AssumeRole' },
    );
    const j = judge([role('both', t)]);
    expect(j.roles.map((r) => [r.name, r.service, r.conditional])).toEqual([['both', plain, false]]);
  });
});

describe('allow-list entries apply only to the managed policy they expect', () => {
  const ct = () => roleIdentity('AWSControlTowerExecution', 'AWSControlTower', { invokedBy: 'controltower.amazonaws.com' });
  it('AdministratorAccess attached to AWSControlTowerExecution by Control Tower is covered; an inline *:* by the same caller is not', () => {
    const attach = readGrant(normalizeEvent(iamCall('AttachRolePolicy', ct(), { roleName: 'AWSControlTowerExecution', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })), ctx(), 'admin-granted');
    expect(attach).toBeUndefined();
    const inline = readGrant(normalizeEvent(iamCall('PutRolePolicy', ct(), { roleName: 'AWSControlTowerExecution', policyName: 'x', policyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) })), ctx(), 'admin-granted');
    expect(inline?.allowListCovers).toBeUndefined();
    expect(inline && verdict(inline).adminEquivalent).toBe(true);
  });
});
