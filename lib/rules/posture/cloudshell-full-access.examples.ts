import type { PostureExamples } from '../types';
import { accountFixture, awsPolicyRef, iamGroup, iamRole, iamUser } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `cloudshell-full-access`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'attached to a group', account: accountFixture({ groups: [iamGroup('Developers', { AttachedManagedPolicies: [awsPolicyRef('AWSCloudShellFullAccess')] })] }) },
    { name: 'attached to a role', account: accountFixture({ roles: [iamRole('ops', { AttachedManagedPolicies: [awsPolicyRef('AWSCloudShellFullAccess')] })] }) },
  ],
  pass: [
    { name: 'nobody has it', account: accountFixture() },
    { name: 'users with other policies only', account: accountFixture({ users: [iamUser('alice', { AttachedManagedPolicies: [awsPolicyRef('ReadOnlyAccess')] })] }) },
  ],
};
