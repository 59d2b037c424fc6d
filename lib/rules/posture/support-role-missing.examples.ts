import type { PostureExamples } from '../types';
import { accountFixture, awsPolicyRef, iamGroup, iamRole } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `support-role-missing`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'no role has AWSSupportAccess', expect: { severity: 'low', resource: '111122223333' }, account: accountFixture({ roles: [iamRole('app')] }) },
    { name: 'no roles at all', expect: { severity: 'low', resource: '111122223333' }, account: accountFixture({ roles: [] }) },
  ],
  pass: [
    { name: 'a support role exists', account: accountFixture() },
    {
      name: 'a group has AWSSupportAccess',
      account: accountFixture({ roles: [], groups: [iamGroup('Developers'), iamGroup('Support', { AttachedManagedPolicies: [awsPolicyRef('AWSSupportAccess')] })] }),
    },
  ],
};
