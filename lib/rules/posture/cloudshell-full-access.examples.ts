import type { PostureExamples } from '../types';
import { accountFixture, awsPolicyRef, iamGroup, iamRole, iamUser } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `cloudshell-full-access`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'attached to a group', expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:group/Developers' }, account: accountFixture({ groups: [iamGroup('Developers', { AttachedManagedPolicies: [awsPolicyRef('AWSCloudShellFullAccess')] })] }) },
    { name: 'attached to a role', expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:role/ops' }, account: accountFixture({ roles: [iamRole('ops', { AttachedManagedPolicies: [awsPolicyRef('AWSCloudShellFullAccess')] })] }) },
  ],
  pass: [
    { name: 'nobody has it', account: accountFixture() },
    { name: 'users with other policies only', account: accountFixture({ users: [iamUser('alice', { AttachedManagedPolicies: [awsPolicyRef('ReadOnlyAccess')] })] }) },
  ],
};
