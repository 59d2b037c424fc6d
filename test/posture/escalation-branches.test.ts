/**
 * privilege-escalation and role-trust-confused-deputy, branch by branch (issue 21: surviving mutants): a policy that
 * opens paths for more principals than the message names, conditional paths, escalation resources quoted, and which
 * service principals count as PassRole execution services.
 */
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { POSTURE_RULES } from '../../lib/rules/posture';
import type { PostureRule } from '../../lib/rules/types';
import type { AccountModel } from '../../lib/account/model';
import { accountFixture, allow, awsPolicyRef, credRow, customerPolicy, daysAgo, iamRole, iamUser, trust } from '../support/posture-fixtures';

const A = '111122223333';
const rule = (id: string): PostureRule => {
  const r = POSTURE_RULES.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};
const run = (id: string, account: AccountModel) => rule(id).evaluate(account, { config: DEFAULT_CONFIG });

describe('privilege-escalation: a policy opening paths for several principals', () => {
  const admin = iamRole('Admin', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${A}:root` }), AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] });
  const account = (names: string[], condition?: unknown) => {
    const pol = customerPolicy('assume-admin', allow('sts:AssumeRole', `arn:aws:iam::${A}:role/Admin`, condition), { AttachmentCount: names.length });
    const users = names.map((n) => iamUser(n, { GroupList: [], AttachedManagedPolicies: [{ PolicyName: 'assume-admin', PolicyArn: pol.Arn }] }));
    return { pol, model: accountFixture({ users, roles: [admin], policies: [pol], credentialReport: { rows: names.map((n) => credRow(n)), generatedAt: daysAgo(0) } }) };
  };
  const policyHit = (names: string[], condition?: unknown) => {
    const { pol, model } = account(names, condition);
    const hits = run('privilege-escalation', model).hits.filter((h) => h.resource === pol.Arn);
    expect(hits).toHaveLength(1);
    return hits[0];
  };

  it('names two paths and counts the rest', () => {
    const two = policyHit(['ann', 'ben']);
    expect(two.message).not.toContain('more');
    expect(two.message.split('; ')).toHaveLength(2);
    const three = policyHit(['ann', 'ben', 'cid']);
    expect(three.severity).toBeUndefined();
    expect(three.message).toMatch(/^The customer-managed policy assume-admin opens a path to administrator for 3 principals: [^;]+; [^;]+ and 1 more\. Narrowing this one policy closes them all\.$/);
  });

  it('paths that hold only under a condition: medium, said', () => {
    const h = policyHit(['ann', 'ben'], { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(h.severity).toBe('medium');
    expect(h.message).toContain(' (only under a condition). Narrowing this one policy closes them all.');
  });
});

describe('privilege-escalation: resources of an escalation method', () => {
  it('quotes at most two resources of a method', () => {
    const arns = ['a', 'b', 'c'].map((n) => `arn:aws:iam::${A}:policy/${n}`);
    const u = iamUser('dev', { GroupList: [], UserPolicyList: [{ PolicyName: 'versions', document: allow('iam:CreatePolicyVersion', arns) }] });
    const [h] = run('privilege-escalation', accountFixture({ users: [u] })).hits.filter((x) => x.resource === u.Arn);
    expect(h.message).toContain(`CreateNewPolicyVersion (iam:CreatePolicyVersion on ${arns[0]}, ${arns[1]})`);
    expect(h.message).not.toContain(arns[2]);
  });
});

describe('role-trust-confused-deputy: PassRole execution services', () => {
  const roleTrusting = (service: string) => accountFixture({ roles: [iamRole('svc', { AssumeRolePolicyDocument: trust({ Service: service }) })] });
  it.each([
    'lambda.amazonaws.com',
    'ec2.amazonaws.com',
    'ecs-tasks.amazonaws.com',
    'eks.amazonaws.com',
    'eks-fargate-pods.amazonaws.com',
    'states.amazonaws.com',
    'glue.amazonaws.com',
    'sagemaker.amazonaws.com',
    'batch.amazonaws.com',
    'elasticmapreduce.amazonaws.com',
    'tasks.apprunner.amazonaws.com',
    'build.apprunner.amazonaws.com',
  ])('%s (a role handed to it with iam:PassRole) needs no source condition', (service) => {
    expect(run('role-trust-confused-deputy', roleTrusting(service)).hits).toEqual([]);
  });

  it.each(['config.amazonaws.com', 'cloudtrail.amazonaws.com', 'events.amazonaws.com'])('%s without a source condition is reported', (service) => {
    expect(run('role-trust-confused-deputy', roleTrusting(service)).hits.map((h) => h.resource)).toEqual([`arn:aws:iam::${A}:role/svc`]);
  });
});
