/**
 * admin-access and privilege-escalation on the privilege graph: trust-aware PassRole (the data-science false
 * positive), role assumption and chains, trust rewriting, impossible policy versions, static conditions.
 */
import { accountFixture, allow, awsPolicyRef, customerPolicy, iamGroup, iamRole, iamUser, policy, supportRole, trust } from '../support/posture-fixtures';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { AccountModel } from '../../lib/account/model';

const A = '111122223333';
const u = (n: string) => `arn:aws:iam::${A}:user/${n}`;
const r = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const admin = [awsPolicyRef('AdministratorAccess')];
const found = (account: AccountModel, rule: string) =>
  evaluateAccount(account, DEFAULT_CONFIG)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.resource)
    .sort();

const sageMakerGroup = iamGroup('DataScience', {
  GroupPolicyList: [
    {
      PolicyName: 'sm',
      document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } }] }),
    },
  ],
});

describe('admin-access on the privilege graph', () => {
  it('SageMaker users and their execution role are not admin when the only admin role trusts Lambda', () => {
    const account = accountFixture({
      users: [iamUser('ann', { GroupList: ['DataScience'] })],
      groups: [sageMakerGroup],
      roles: [supportRole(), iamRole('sagemaker-exec', { AssumeRolePolicyDocument: trust({ Service: 'sagemaker.amazonaws.com' }), RolePolicyList: sageMakerGroup.GroupPolicyList }), iamRole('ops-admin', { AttachedManagedPolicies: admin })],
    });
    expect(found(account, 'admin-access')).toEqual([r('ops-admin')]);
  });

  it('the same users are admin (with the path) once the admin role trusts SageMaker', () => {
    const account = accountFixture({
      users: [iamUser('ann', { GroupList: ['DataScience'] })],
      groups: [sageMakerGroup],
      roles: [supportRole(), iamRole('ops-admin', { AssumeRolePolicyDocument: trust({ Service: 'sagemaker.amazonaws.com' }), AttachedManagedPolicies: admin })],
    });
    const f = evaluateAccount(account, DEFAULT_CONFIG).findings.find((x) => x.ruleId === 'admin-access' && x.resource === u('ann'));
    expect(f?.message).toContain('user/ann → iam:PassRole + sagemaker:CreateNotebookInstance → role/ops-admin (AdministratorAccess)');
    expect((f?.evidence as { path: { kind: string }[] }).path.map((s) => s.kind)).toEqual(['pass-role']);
  });

  it('PassRole + ec2:RunInstances, admin role trusting only a user: no path', () => {
    const account = accountFixture({
      users: [iamUser('dev', { GroupList: [], UserPolicyList: [{ PolicyName: 'ec2', document: allow(['iam:PassRole', 'ec2:RunInstances']) }] })],
      roles: [supportRole(), iamRole('ops', { AssumeRolePolicyDocument: trust({ AWS: u('bob') }), AttachedManagedPolicies: admin })],
    });
    expect(found(account, 'admin-access')).toEqual([r('ops')]);
  });

  it('sts:AssumeRole on * with an admin role trusting the account root; user named in a trust; three-role chain; UpdateAssumeRolePolicy', () => {
    const account = accountFixture({
      users: [
        iamUser('alice', { GroupList: [], UserPolicyList: [{ PolicyName: 'assume', document: allow('sts:AssumeRole') }] }),
        iamUser('carol', { GroupList: [] }),
        iamUser('dave', { GroupList: [] }),
        iamUser('erin', { GroupList: [], UserPolicyList: [{ PolicyName: 'trust', document: allow('iam:UpdateAssumeRolePolicy', r('locked-admin')) }] }),
      ],
      roles: [
        iamRole('root-admin', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${A}:root` }), AttachedManagedPolicies: admin }),
        iamRole('carol-admin', { AssumeRolePolicyDocument: trust({ AWS: u('carol') }), AttachedManagedPolicies: admin }),
        iamRole('hop-a', { AssumeRolePolicyDocument: trust({ AWS: u('dave') }) }),
        iamRole('hop-b', { AssumeRolePolicyDocument: trust({ AWS: r('hop-a') }) }),
        iamRole('chain-admin', { AssumeRolePolicyDocument: trust({ AWS: r('hop-b') }), AttachedManagedPolicies: admin }),
        iamRole('locked-admin', { AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }), AttachedManagedPolicies: admin }),
      ],
    });
    expect(found(account, 'admin-access')).toEqual(
      [u('alice'), u('carol'), u('dave'), u('erin'), r('root-admin'), r('carol-admin'), r('hop-a'), r('hop-b'), r('chain-admin'), r('locked-admin')].sort(),
    );
    const dave = evaluateAccount(account, DEFAULT_CONFIG).findings.find((x) => x.resource === u('dave'));
    expect(dave?.message).toContain('user/dave → sts:AssumeRole → role/hop-a → sts:AssumeRole → role/hop-b → sts:AssumeRole → role/chain-admin (AdministratorAccess)');
  });

  it('CreatePolicyVersion on AWS managed policies, or under an expired date condition, is no path', () => {
    const account = accountFixture({
      users: [
        iamUser('dev', { GroupList: [], UserPolicyList: [{ PolicyName: 'v', document: allow(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], 'arn:aws:iam::aws:policy/*') }] }),
        iamUser('old', {
          GroupList: [],
          UserPolicyList: [{ PolicyName: 'v', document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } }] }) }],
          AttachedManagedPolicies: [{ PolicyName: 'mine', PolicyArn: `arn:aws:iam::${A}:policy/mine` }],
        }),
      ],
      policies: [customerPolicy('mine', allow('s3:GetObject'))],
    });
    expect(found(account, 'admin-access')).toEqual([]);
    expect(found(account, 'privilege-escalation')).toEqual([]);
  });
});

describe('policy-level findings', () => {
  it('a customer policy that opens a path for a whole group is one finding, referenced by each principal finding', () => {
    const deploy = customerPolicy('deploy-lambda', allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']));
    const account = accountFixture({
      users: ['a1', 'a2', 'a3'].map((n) => iamUser(n, { GroupList: ['Deployers'] })),
      groups: [iamGroup('Deployers', { AttachedManagedPolicies: [{ PolicyName: 'deploy-lambda', PolicyArn: deploy.Arn }] })],
      policies: [deploy],
      roles: [supportRole(), iamRole('ops-admin', { AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }), AttachedManagedPolicies: admin })],
    });
    const ev = evaluateAccount(account, DEFAULT_CONFIG);
    const pol = ev.findings.filter((f) => f.ruleId === 'privilege-escalation');
    expect(pol.map((f) => f.resource)).toEqual([deploy.Arn]);
    expect(pol[0].message).toContain('customer-managed policy deploy-lambda opens a path to administrator for 3 principals');
    expect((pol[0].evidence as { principals: string[] }).principals.sort()).toEqual([u('a1'), u('a2'), u('a3')]);
    const users = ev.findings.filter((f) => f.ruleId === 'admin-access' && f.resource.includes(':user/'));
    expect(users).toHaveLength(3);
    for (const f of users) expect((f.evidence as { policyFindings: unknown[] }).policyFindings).toEqual([{ ruleId: 'privilege-escalation', resource: deploy.Arn }]);
  });

  it('admin-access on a customer policy that on its own makes its holders admin: one finding, referenced by each principal', () => {
    const star = customerPolicy('everything', allow('*'));
    const account = accountFixture({
      users: ['c1', 'c2'].map((n) => iamUser(n, { GroupList: ['Platform'] })),
      groups: [iamGroup('Platform', { AttachedManagedPolicies: [{ PolicyName: 'everything', PolicyArn: star.Arn }] })],
      policies: [star],
      roles: [supportRole(), iamRole('ci', { AttachedManagedPolicies: [{ PolicyName: 'everything', PolicyArn: star.Arn }] })],
    });
    const ev = evaluateAccount(account, DEFAULT_CONFIG);
    const onPolicy = ev.findings.filter((f) => f.ruleId === 'admin-access' && f.resource === star.Arn);
    expect(onPolicy).toHaveLength(1);
    expect(onPolicy[0].severity).toBe('high');
    expect(onPolicy[0].message).toContain('customer managed policy everything on its own makes 3 principals administrators');
    expect((onPolicy[0].evidence as { principals: string[] }).principals.sort()).toEqual([r('ci'), u('c1'), u('c2')]);
    const principals = ev.findings.filter((f) => f.ruleId === 'admin-access' && f.resource !== star.Arn);
    expect(principals.map((f) => f.resource).sort()).toEqual([r('ci'), u('c1'), u('c2')]);
    for (const f of principals) expect((f.evidence as { policyFindings: unknown[] }).policyFindings).toEqual([{ ruleId: 'admin-access', resource: star.Arn }]);
  });

  it('admin-access on a group inline admin policy (resource = group, policy name in evidence); AWS managed AdministratorAccess gets none', () => {
    const account = accountFixture({
      users: [iamUser('d1', { GroupList: ['Ops'] }), iamUser('boss', { GroupList: [], AttachedManagedPolicies: admin })],
      groups: [iamGroup('Ops', { GroupPolicyList: [{ PolicyName: 'all-in', document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: '*' }] }) }] })],
      roles: [supportRole()],
    });
    const ev = evaluateAccount(account, DEFAULT_CONFIG);
    const groupArn = account.groups.find((g) => g.GroupName === 'Ops')!.Arn;
    const f = ev.findings.find((x) => x.ruleId === 'admin-access' && x.resource === groupArn);
    expect(f?.message).toContain('inline policy all-in of group Ops on its own makes its holder administrator: user/d1');
    expect(f?.evidence).toMatchObject({ policyName: 'all-in', principals: [u('d1')] });
    expect(f?.fix.cli).toContain("--group-name Ops --policy-name all-in");
    expect(ev.findings.filter((x) => x.ruleId === 'admin-access').map((x) => x.resource).sort()).toEqual([groupArn, u('boss'), u('d1')].sort());
    const boss = ev.findings.find((x) => x.ruleId === 'admin-access' && x.resource === u('boss'));
    expect((boss?.evidence as { policyFindings: unknown[] }).policyFindings).toEqual([]);
  });

  it('a principal that is also admin through AWS managed AdministratorAccess does not reference the policy finding (fixing it alone does not close it)', () => {
    const star = customerPolicy('everything', allow('*'));
    const account = accountFixture({
      users: [iamUser('e1', { GroupList: [], AttachedManagedPolicies: [...admin, { PolicyName: 'everything', PolicyArn: star.Arn }] })],
      policies: [star],
      roles: [supportRole()],
    });
    const ev = evaluateAccount(account, DEFAULT_CONFIG);
    expect(ev.findings.some((x) => x.ruleId === 'admin-access' && x.resource === star.Arn)).toBe(true);
    const e1 = ev.findings.find((x) => x.ruleId === 'admin-access' && x.resource === u('e1'));
    expect((e1?.evidence as { policyFindings: unknown[] }).policyFindings).toEqual([]);
  });

  it('an inline policy of a group: the finding is on the group and names the policy', () => {
    const account = accountFixture({
      users: [iamUser('b1', { GroupList: ['Ops'] })],
      groups: [iamGroup('Ops', { GroupPolicyList: [{ PolicyName: 'keys', document: allow('iam:CreateAccessKey', `arn:aws:iam::${A}:user/*`) }] })],
      roles: [supportRole()],
    });
    account.users.push(iamUser('boss', { GroupList: [], AttachedManagedPolicies: admin }));
    const f = evaluateAccount(account, DEFAULT_CONFIG).findings.find((x) => x.ruleId === 'privilege-escalation');
    expect(f?.resource).toBe(`arn:aws:iam::${A}:group/Ops`);
    expect(f?.message).toContain('inline policy keys of group Ops');
  });
});
