import type { PostureExamples } from '../types';
import { accountFixture, daysAgo, iamRole } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `unused-role`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'role last used 200 days ago', expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:role/old-batch' }, account: accountFixture({ roles: [iamRole('old-batch', { RoleLastUsed: { LastUsedDate: daysAgo(200), Region: 'eu-west-1' } })] }) },
    { name: 'role never used, created a year ago', expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:role/never' }, account: accountFixture({ roles: [iamRole('never', { RoleLastUsed: {} })] }) },
    {
      name: 'boundary: role last used 91 days ago, one day over the 90-day limit',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:role/batch' },
      account: accountFixture({ roles: [iamRole('batch', { RoleLastUsed: { LastUsedDate: daysAgo(91), Region: 'eu-west-1' } })] }),
    },
  ],
  pass: [
    { name: 'role used two days ago', account: accountFixture({ roles: [iamRole('app')] }) },
    {
      name: 'new role not used yet, and an old service-linked role',
      account: accountFixture({
        roles: [
          iamRole('fresh', { CreateDate: daysAgo(5), RoleLastUsed: {} }),
          iamRole('AWSServiceRoleForSupport', { Path: '/aws-service-role/support.amazonaws.com/', RoleLastUsed: {} }),
        ],
      }),
    },
    {
      name: 'boundary: role last used exactly 90 days ago',
      account: accountFixture({ roles: [iamRole('batch', { RoleLastUsed: { LastUsedDate: daysAgo(90), Region: 'eu-west-1' } })] }),
    },
    {
      name: 'boundary: role last used 89 days ago',
      account: accountFixture({ roles: [iamRole('batch', { RoleLastUsed: { LastUsedDate: daysAgo(89), Region: 'eu-west-1' } })] }),
    },
  ],
};
