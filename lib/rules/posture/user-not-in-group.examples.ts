import type { PostureExamples } from '../types';
import { accountFixture, awsPolicyRef, iamUser } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `user-not-in-group`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'user in no group', expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' }, account: accountFixture({ users: [iamUser('alice', { GroupList: [] })] }) },
    {
      name: 'user with a direct policy and no group',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/bob' },
      account: accountFixture({ users: [iamUser('alice'), iamUser('bob', { GroupList: [], AttachedManagedPolicies: [awsPolicyRef('ReadOnlyAccess')] })] }),
    },
  ],
  pass: [
    { name: 'user in a group', account: accountFixture() },
    { name: 'account with no IAM users', account: accountFixture({ users: [] }) },
  ],
};
