/**
 * admin-access, branch by branch: a customer managed policy that makes several principals admin (one finding for the
 * policy, its fix, the count of what was checked), the notes on an admin user (keys counted, no credential report row,
 * nobody signs in), and the reasons quoted (issue 21: surviving mutants of this rule).
 */
import { adminAccess } from '../../lib/rules/posture/admin-access';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { AccountModel } from '../../lib/account/model';
import { accountFixture, allow, awsPolicyRef, credRow, customerPolicy, daysAgo, iamGroup, iamUser, rootRow } from '../support/posture-fixtures';

const A = '111122223333';
const run = (account: AccountModel) => adminAccess.evaluate(account, { config: DEFAULT_CONFIG });
const direct = (name: string) => iamUser(name, { GroupList: [], AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] });

describe('a customer managed policy that makes principals admin', () => {
  const teamAdmin = customerPolicy('team-admin', allow('*'), { AttachmentCount: 2 });
  const holder = (name: string) => iamUser(name, { GroupList: [], AttachedManagedPolicies: [{ PolicyName: 'team-admin', PolicyArn: teamAdmin.Arn }] });

  it('is one finding naming its holders, with the command that reads the policy; checked counts it', () => {
    const account = accountFixture({ users: [iamUser('alice'), holder('carol'), holder('dave')], policies: [teamAdmin] });
    const { checked, hits } = run(account);
    const forPolicy = hits.filter((h) => h.resource === teamAdmin.Arn);
    expect(forPolicy.map((h) => [h.severity, h.message])).toEqual([
      [undefined, 'The customer managed policy team-admin on its own makes 2 principals administrators: user/carol, user/dave. Narrowing this one policy closes them all.'],
    ]);
    expect(forPolicy[0].fix?.cli).toBe(`aws iam get-policy --policy-arn ${teamAdmin.Arn}   # then narrow it (aws iam create-policy-version --set-as-default) or detach it from its holders`);
    expect(hits.map((h) => h.resource).sort()).toEqual([teamAdmin.Arn, `arn:aws:iam::${A}:user/carol`, `arn:aws:iam::${A}:user/dave`].sort());
    const principals = account.users.length + account.roles.length;
    expect(checked).toBe(principals + 1);
    const withoutPolicyFinding = run(accountFixture({ users: [iamUser('alice'), direct('carol')] }));
    expect(withoutPolicyFinding.checked).toBe(principals - 1);
  });
});

describe('notes on an admin user', () => {
  const keys = (n: number) => ({
    password_enabled: 'false',
    access_key_1_active: n >= 1 ? 'true' : 'false',
    access_key_1_last_rotated: n >= 1 ? daysAgo(10) : 'N/A',
    access_key_2_active: n >= 2 ? 'true' : 'false',
    access_key_2_last_rotated: n >= 2 ? daysAgo(10) : 'N/A',
  });

  it('counts active access keys: "1 active access key", "2 active access keys"', () => {
    for (const [n, text] of [[1, '1 active access key'], [2, '2 active access keys']] as const) {
      const [h] = run(accountFixture({ users: [direct('deploy')], credentialReport: { rows: [rootRow(), credRow('deploy', keys(n))], generatedAt: daysAgo(0) } })).hits;
      expect(h.message).toBe(`IAM user deploy has administrator access (managed policy arn:aws:iam::aws:policy/AdministratorAccess statement 0 allows "*" on "*"); granted to the user directly, not through a group; ${text}.`);
    }
  });

  it('says when the user has no credential report row', () => {
    const [h] = run(accountFixture({ users: [direct('deploy')], credentialReport: { rows: [rootRow()], generatedAt: daysAgo(0) } })).hits;
    expect(h.message).toContain('; MFA and keys could not be checked (no credential report row).');
    expect(h.severity).toBeUndefined();
  });

  it('a group admin nobody signs in as (no password, no key) is info, with its own note', () => {
    const account = accountFixture({
      users: [iamUser('breakglass', { GroupList: ['Admins'] })],
      groups: [iamGroup('Admins', { AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] })],
      credentialReport: { rows: [rootRow(), credRow('breakglass', keys(0))], generatedAt: daysAgo(0) },
    });
    const [h] = run(account).hits;
    expect(h.severity).toBe('info');
    expect(h.message).toContain('no console password and no access key: nobody signs in as this admin user (delete it if unused)');
    const withKey = accountFixture({ ...account, credentialReport: { rows: [rootRow(), credRow('breakglass', keys(1))], generatedAt: daysAgo(0) } });
    expect(run(withKey).hits[0].severity).toBeUndefined();
  });
});

describe('reasons quoted', () => {
  it('at most two admin reasons in the message, all of them in the evidence', () => {
    // Allow * on * only with MFA, plus two ways to grant itself anything without it: three reasons.
    const inline = [
      { PolicyName: 'mfa-admin', document: allow('*', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) },
      { PolicyName: 'self-service', document: allow(['iam:PutUserPolicy', 'iam:AttachUserPolicy'], '*') },
    ];
    const [h] = run(accountFixture({ users: [iamUser('root-ish', { GroupList: [], UserPolicyList: inline })], credentialReport: { rows: [rootRow(), credRow('root-ish')], generatedAt: daysAgo(0) } })).hits;
    const reasons = h.evidence?.adminReasons as string[];
    expect(reasons.length).toBeGreaterThan(2);
    expect(h.message).toContain(`has administrator access (${reasons.slice(0, 2).join('; ')});`);
    expect(h.message).not.toContain(reasons[2]);
  });
});
