import type { EventExamples } from '../types';
import { iamCall, userIdentity } from '../../../test/support/event-records';

const trust = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const GITHUB_ANY_REPO = trust({
  Effect: 'Allow',
  Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
});

/** Pass and fail examples of `trust-policy-public`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'UpdateAssumeRolePolicy with Principal AWS "*"',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:role/DataPipelineRole' },
      input: iamCall('UpdateAssumeRolePolicy', userIdentity('mallory'), {
        roleName: 'DataPipelineRole',
        policyDocument: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }),
      }),
    },
    {
      name: 'Principal "*" narrowed only by sts:ExternalId (the external id is not a secret)',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:role/VendorIntegrationRole' },
      input: iamCall('UpdateAssumeRolePolicy', userIdentity('alice'), {
        roleName: 'VendorIntegrationRole',
        policyDocument: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'b7f1c2d3-vendor-ext-id' } } }),
      }),
    },
    {
      name: 'CreateRole trusting GitHub OIDC without a sub condition',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:role/github-deploy' },
      input: iamCall(
        'CreateRole',
        userIdentity('alice'),
        { roleName: 'github-deploy', assumeRolePolicyDocument: GITHUB_ANY_REPO },
        {
          role: {
            path: '/',
            roleName: 'github-deploy',
            roleId: 'AROAEXAMPLEGITHUB01',
            arn: 'arn:aws:iam::111122223333:role/github-deploy',
            createDate: 'Nov 2, 2026, 9:14:27 AM',
            assumeRolePolicyDocument: encodeURIComponent(GITHUB_ANY_REPO),
          },
        },
      ),
    },
  ],
  pass: [
    {
      name: 'Lambda service role',
      input: iamCall('CreateRole', userIdentity('alice'), {
        roleName: 'thumbnailer-lambda',
        assumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      }),
    },
    {
      name: '"*" limited to the organization',
      input: iamCall('UpdateAssumeRolePolicy', userIdentity('alice'), {
        roleName: 'OrgAuditRole',
        policyDocument: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
      }),
    },
    {
      name: 'GitHub OIDC limited to one repository',
      input: iamCall('CreateRole', userIdentity('alice'), {
        roleName: 'github-deploy',
        assumeRolePolicyDocument: trust({
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/data-pipeline:ref:refs/heads/main' },
          },
        }),
      }),
    },
  ],
};
