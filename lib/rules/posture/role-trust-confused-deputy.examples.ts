import type { PostureExamples } from '../types';
import { accountFixture, iamRole, trust } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `role-trust-confused-deputy`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'Config role without SourceAccount', expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:role/config-recorder' }, account: accountFixture({ roles: [iamRole('config-recorder', { AssumeRolePolicyDocument: trust({ Service: 'config.amazonaws.com' }) })] }) },
    {
      name: 'CloudTrail logs role without condition',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:role/trail-to-logs' },
      account: accountFixture({ roles: [iamRole('trail-to-logs', { AssumeRolePolicyDocument: trust({ Service: ['cloudtrail.amazonaws.com'] }) })] }),
    },
  ],
  pass: [
    {
      name: 'Config role with SourceAccount',
      account: accountFixture({
        roles: [iamRole('config-recorder', { AssumeRolePolicyDocument: trust({ Service: 'config.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': '111122223333' } }) })],
      }),
    },
    { name: 'Lambda execution role (passed with iam:PassRole)', account: accountFixture({ roles: [iamRole('fn', { AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) })] }) },
  ],
};
