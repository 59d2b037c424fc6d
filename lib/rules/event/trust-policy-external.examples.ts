import type { EventExamples } from '../types';
import { iamCall, roleIdentity, userIdentity } from '../../../test/support/event-records';

const trust = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

/** Pass and fail examples of `trust-policy-external`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'trust another account root without a condition',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/Admin' },
      input: iamCall('UpdateAssumeRolePolicy', userIdentity('mallory'), {
        roleName: 'Admin',
        policyDocument: trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }),
      }),
    },
    {
      name: 'CreateRole trusting a user in another account (bare account id)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/vendors/vendor-reader' },
      input: iamCall('CreateRole', roleIdentity('Deployer', 'ci-run-42'), {
        roleName: 'vendor-reader',
        path: '/vendors/',
        assumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: ['444455556666'] }, Action: 'sts:AssumeRole' }),
      }),
    },
  ],
  pass: [
    {
      name: 'vendor with sts:ExternalId',
      input: iamCall('CreateRole', userIdentity('alice'), {
        roleName: 'vendor-reader',
        assumeRolePolicyDocument: trust({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'b7f1c2d3-vendor-ext-id' } },
        }),
      }),
    },
    {
      name: 'same-account principal',
      input: iamCall('UpdateAssumeRolePolicy', userIdentity('alice'), {
        roleName: 'BreakGlass',
        policyDocument: trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      }),
    },
    {
      name: 'service principal only',
      input: iamCall('CreateRole', userIdentity('alice'), {
        roleName: 'ec2-app',
        assumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      }),
    },
  ],
};
