import type { PostureExamples } from '../types';
import { accountFixture, allow, awsPolicyRef, iamUser } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `user-direct-policy`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'managed policy attached to a user', expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' }, account: accountFixture({ users: [iamUser('alice', { AttachedManagedPolicies: [awsPolicyRef('AmazonS3FullAccess')] })] }) },
    {
      name: 'inline policy on a user',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({ users: [iamUser('alice', { UserPolicyList: [{ PolicyName: 'read-bucket', document: allow('s3:GetObject', 'arn:aws:s3:::data/*') }] })] }),
    },
  ],
  pass: [
    { name: 'user with permissions only from a group', account: accountFixture() },
    { name: 'user in no group with no policy at all', account: accountFixture({ users: [iamUser('alice', { GroupList: [] })] }) },
  ],
};
