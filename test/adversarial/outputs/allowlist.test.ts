/**
 * Allow-list by name only (issue 12): a role named like Control Tower's (`aws-controltower-backdoor`) with public trust
 * and AdministratorAccess must still be found. Allow-listed roles keep their trust and admin checks; an entry removes
 * only the findings it covers, and only for a role that behaves as the entry expects. Genuine Control Tower / AFT /
 * Organizations roles stay quiet.
 */
import { evaluateAccount } from '../../../lib/posture/evaluate';
import { accountFixture, allow, awsPolicyRef, iamRole, trust } from '../../support/posture-fixtures';
import { DEFAULT_CONFIG, type Config } from '../../../lib/config/types';
import { resolveConfig } from '../../../lib/config/resolve';
import { allowListVerdict } from '../../../lib/posture/allowlist';
import type { RoleDetail } from '../../../lib/account/model';
import { scoreEventOffline } from '../../../lib/engine/score-event';

const ACCT = '111122223333';
const MGMT = '999999999999';
const AUDIT = '888888888888';
const admin = [awsPolicyRef('AdministratorAccess')];
const roleArn = (name: string, path = '/') => `arn:aws:iam::${ACCT}:role${path}${name}`;

function findingsFor(roles: RoleDetail[], config: Config = DEFAULT_CONFIG) {
  const ev = evaluateAccount(accountFixture({ roles }), config);
  return (arn: string) => ev.findings.filter((f) => f.resource === arn).map((f) => f.ruleId).sort();
}

describe('a backdoor named like Control Tower', () => {
  it('public trust + AdministratorAccess: public trust and admin access are both reported', () => {
    const r = iamRole('aws-controltower-backdoor', { AssumeRolePolicyDocument: trust('*'), AttachedManagedPolicies: admin });
    const f = findingsFor([r])(r.Arn);
    expect(f).toEqual(expect.arrayContaining(['admin-access', 'role-trust-public']));
    expect(allowListVerdict(r, accountFixture({ roles: [r] }), DEFAULT_CONFIG).problems.join('; ')).toMatch(/trust policy is public/);
  });

  it('trust of an account outside the organization (trustedAccounts set) is reported, with the admin access', () => {
    const config = { ...DEFAULT_CONFIG, trustedAccounts: [MGMT, AUDIT] };
    const r = iamRole('aws-controltower-helper', { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::444455556666:root' }), AttachedManagedPolicies: admin });
    expect(findingsFor([r], config)(r.Arn)).toEqual(expect.arrayContaining(['admin-access', 'role-trust-external-no-condition']));
  });

  it('an unexpected service (ec2) and admin through an inline policy are reported', () => {
    const r = iamRole('AWSControlTowerExecution', {
      AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MGMT}:root` }),
      AttachedManagedPolicies: admin,
      RolePolicyList: [{ PolicyName: 'extra', document: allow('*', '*') }],
    });
    expect(findingsFor([r])(r.Arn)).toEqual(expect.arrayContaining(['admin-access', 'policy-admin-statement']));
    const s = iamRole('aws-controltower-ec2', { AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }), AttachedManagedPolicies: admin });
    expect(findingsFor([s])(s.Arn)).toContain('admin-access');
    expect(allowListVerdict(s, accountFixture({ roles: [s] }), DEFAULT_CONFIG).problems.join('; ')).toMatch(/trusts ec2\.amazonaws\.com/);
  });
});

describe('genuine Control Tower, AFT and Organizations roles stay quiet', () => {
  const roles = [
    iamRole('AWSControlTowerExecution', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MGMT}:root` }), AttachedManagedPolicies: admin }),
    iamRole('aws-controltower-AdministratorExecutionRole', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${AUDIT}:role/aws-controltower-AuditAdministratorRole` }), AttachedManagedPolicies: admin }),
    iamRole('aws-controltower-ReadOnlyExecutionRole', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${AUDIT}:role/aws-controltower-AuditReadOnlyRole` }), AttachedManagedPolicies: [awsPolicyRef('ReadOnlyAccess')] }),
    iamRole('aws-controltower-ConfigRecorderRole', { AssumeRolePolicyDocument: trust({ Service: 'config.amazonaws.com' }), AttachedManagedPolicies: [awsPolicyRef('ReadOnlyAccess')] }),
    iamRole('aws-controltower-ForwardSnsNotificationRole', { AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }),
    iamRole('AWSControlTowerAdmin', { Path: '/service-role/', AssumeRolePolicyDocument: trust({ Service: 'controltower.amazonaws.com' }) }),
    iamRole('AWSAFTExecution', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MGMT}:root` }), AttachedManagedPolicies: admin }),
    iamRole('AWSAFTService', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MGMT}:root` }), AttachedManagedPolicies: admin }),
    iamRole('OrganizationAccountAccessRole', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MGMT}:root` }), AttachedManagedPolicies: admin }),
    iamRole('stacksets-exec-0123456789abcdef0123456789abcdef', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MGMT}:root` }), AttachedManagedPolicies: admin }),
  ];

  it.each(roles.map((r) => [r.RoleName, r]))('%s: no trust or admin finding', (_n, r) => {
    const trustAndAdmin = ['admin-access', 'privilege-escalation', 'policy-admin-statement', 'role-trust-public', 'role-trust-external-no-condition', 'role-trust-confused-deputy', 'unused-role'];
    expect(findingsFor(roles)(r.Arn).filter((id) => trustAndAdmin.includes(id))).toEqual([]);
    expect(findingsFor(roles, { ...DEFAULT_CONFIG, trustedAccounts: [MGMT, AUDIT] })(r.Arn).filter((id) => trustAndAdmin.includes(id))).toEqual([]);
  });

  it('the same roles are reported when the user replaces the default allow-list with nothing', () => {
    const config = resolveConfig({ allowList: [], replaceDefaultAllowList: true });
    expect(findingsFor(roles, config)(roleArn('AWSControlTowerExecution'))).toContain('admin-access');
  });
});

describe("entries from the user's configuration", () => {
  const config = resolveConfig({ allowList: ['arn:aws:iam::*:role/break-glass-*'] });

  it('admin through an AWS managed policy and organization trust: skipped', () => {
    const r = iamRole('break-glass-admin', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCT}:root` }), AttachedManagedPolicies: admin });
    expect(findingsFor([r], config)(r.Arn).filter((id) => id === 'admin-access')).toEqual([]);
  });

  it('admin through an inline policy, or public trust: reported', () => {
    const r = iamRole('break-glass-inline', { AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCT}:root` }), RolePolicyList: [{ PolicyName: 'all', document: allow('*', '*') }] });
    expect(findingsFor([r], config)(r.Arn)).toContain('admin-access');
    const p = iamRole('break-glass-public', { AssumeRolePolicyDocument: trust({ AWS: '*' }), AttachedManagedPolicies: admin });
    expect(findingsFor([p], config)(p.Arn)).toEqual(expect.arrayContaining(['admin-access', 'role-trust-public']));
  });
});

describe('real time: a public trust on an allow-listed name, set by an allow-listed name', () => {
  it('is reported by trust-policy-public', () => {
    const ev = {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:s', arn: `arn:aws:sts::${ACCT}:assumed-role/aws-controltower-x/s`, accountId: ACCT, sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: roleArn('aws-controltower-x'), accountId: ACCT, userName: 'aws-controltower-x' }, attributes: { creationDate: '2026-11-02T10:00:00Z', mfaAuthenticated: 'false' } } },
      eventTime: '2026-11-02T10:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'UpdateAssumeRolePolicy',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.9',
      userAgent: 'aws-cli/2.15.0',
      requestParameters: { roleName: 'aws-controltower-backdoor', policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }) },
      responseElements: null,
      requestID: 'r1',
      eventID: 'e1',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCT,
      eventCategory: 'Management',
    };
    const s = scoreEventOffline(ev, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:05Z' });
    expect(s.findings.map((f) => f.ruleId)).toContain('trust-policy-public');
  });
});
