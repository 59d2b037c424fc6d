import type { PostureExamples } from '../types';
import { accountFixture, daysAgo, iamRole } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `unused-role`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'role last used 200 days ago', account: accountFixture({ roles: [iamRole('old-batch', { RoleLastUsed: { LastUsedDate: daysAgo(200), Region: 'eu-west-1' } })] }) },
    { name: 'role never used, created a year ago', account: accountFixture({ roles: [iamRole('never', { RoleLastUsed: {} })] }) },
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
  ],
};
