import type { PostureExamples } from '../types';
import { accountFixture, iamRole, trust } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `role-trust-external-no-condition`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'vendor account root without ExternalId', expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/vendor' }, account: accountFixture({ roles: [iamRole('vendor', { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::444455556666:root' }) })] }) },
    {
      name: 'role in another account, one guarded and one not',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/cross' },
      account: accountFixture({
        roles: [
          iamRole('cross', {
            AssumeRolePolicyDocument: trust({ AWS: ['arn:aws:iam::444455556666:role/ci', '777788889999'] }),
          }),
        ],
      }),
    },
  ],
  pass: [
    {
      name: 'vendor with ExternalId',
      account: accountFixture({ roles: [iamRole('vendor', { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::444455556666:root' }, { StringEquals: { 'sts:ExternalId': 'a1b2c3d4e5' } }) })] }),
    },
    {
      name: 'account listed in trustedAccounts',
      account: accountFixture({ roles: [iamRole('audit', { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::999988887777:root' }) })] }),
      config: { trustedAccounts: ['999988887777'] },
    },
  ],
};
