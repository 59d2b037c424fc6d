import type { PostureExamples } from '../types';
import { accountFixture, allow, awsPolicyRef, credRow, daysAgo, iamGroup, iamRole, iamUser, policy, supportRole, trust } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `admin-access`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'user named in an admin role\'s trust policy',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/carol' },
      account: accountFixture({
        users: [iamUser('carol')],
        roles: [supportRole(), iamRole('Ops', { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::111122223333:user/carol' }), AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] })],
      }),
    },
    {
      name: 'AdministratorAccess attached to a user with an access key',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/deploy' },
      account: accountFixture({
        users: [iamUser('deploy', { GroupList: [], AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] })],
        credentialReport: { rows: [credRow('deploy', { password_enabled: 'false', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(10) })] },
      }),
    },
    {
      name: 'role with an inline Allow NotAction on *',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/ci' },
      account: accountFixture({
        roles: [iamRole('ci', { RolePolicyList: [{ PolicyName: 'almost-all', document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: '*' }] }) }] })],
      }),
    },
    {
      name: 'admin group member without MFA',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      account: accountFixture({
        users: [iamUser('bob', { GroupList: ['Admins'] })],
        groups: [iamGroup('Admins', { AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] })],
        credentialReport: { rows: [credRow('bob', { mfa_active: 'false' })] },
      }),
    },
  ],
  pass: [
    { name: 'read-only developers', account: accountFixture({ groups: [iamGroup('Developers', { GroupPolicyList: [{ PolicyName: 'read', document: allow(['s3:GetObject', 's3:ListBucket']) }] })] }) },
    {
      name: 'Allow * on * with an explicit Deny * on *',
      account: accountFixture({
        users: [iamUser('alice', { GroupList: [], UserPolicyList: [{ PolicyName: 'x', document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }] }) }] })],
      }),
    },
    {
      name: 'service-linked and Identity Center roles with admin',
      account: accountFixture({
        roles: [
          iamRole('AWSReservedSSO_AdministratorAccess_0123456789abcdef', { Path: '/aws-reserved/sso.amazonaws.com/', AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] }),
          // Organizations' role as AWS creates it: trusted by the management account, AdministratorAccess.
          iamRole('OrganizationAccountAccessRole', { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::999999999999:root' }), AttachedManagedPolicies: [awsPolicyRef('AdministratorAccess')] }),
        ],
      }),
    },
  ],
};
