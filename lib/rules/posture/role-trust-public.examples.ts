import type { PostureExamples } from '../types';
import { accountFixture, iamRole, trust } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `role-trust-public`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'Principal {"AWS": "*"} without condition', expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:role/shared' }, account: accountFixture({ roles: [iamRole('shared', { AssumeRolePolicyDocument: trust({ AWS: '*' }) })] }) },
    {
      name: '"*" narrowed only by sts:ExternalId',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:role/vendor-integration' },
      account: accountFixture({ roles: [iamRole('vendor-integration', { AssumeRolePolicyDocument: trust({ AWS: '*' }, { StringEquals: { 'sts:ExternalId': 'b7f1c2d3-vendor-ext-id' } }) })] }),
    },
    {
      name: 'GitHub OIDC without a sub condition',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:role/github-deploy' },
      account: accountFixture({
        roles: [
          iamRole('github-deploy', {
            AssumeRolePolicyDocument: trust({ Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }),
          }),
        ],
      }),
    },
  ],
  pass: [
    { name: '"*" limited to the organization', account: accountFixture({ roles: [iamRole('org-read', { AssumeRolePolicyDocument: trust({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } }) })] }) },
    {
      name: 'GitHub OIDC limited to one repository',
      account: accountFixture({
        roles: [
          iamRole('github-deploy', {
            AssumeRolePolicyDocument: trust(
              { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
              { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/app:ref:refs/heads/main' } },
            ),
          }),
        ],
      }),
    },
  ],
};
