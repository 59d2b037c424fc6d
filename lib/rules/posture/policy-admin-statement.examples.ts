import type { PostureExamples } from '../types';
import { accountFixture, allow, customerPolicy, iamRole, iamUser, policy } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `policy-admin-statement`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'customer policy with Action * on *', expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:policy/everything' }, account: accountFixture({ policies: [customerPolicy('everything', allow('*'))] }) },
    {
      name: 'inline role policy with NotAction on * that keeps IAM',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/ops' },
      account: accountFixture({
        roles: [iamRole('ops', { RolePolicyList: [{ PolicyName: 'ops', document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['s3:DeleteBucket'], Resource: '*' }] }) }] })],
      }),
    },
    {
      name: 'unattached customer policy allowing iam:* and *:* only under a condition (medium)',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:policy/break-glass' },
      account: accountFixture({
        policies: [
          customerPolicy(
            'break-glass',
            policy({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyWithMfa', Effect: 'Allow', Action: '*:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] }),
            { AttachmentCount: 0 },
          ),
        ],
      }),
    },
    {
      name: 'two inline policies of a user each granting everything',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/ops-bot' },
      account: accountFixture({
        users: [
          iamUser('ops-bot', {
            UserPolicyList: [
              { PolicyName: 'all', document: allow('*') },
              { PolicyName: 'all-again', document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', '*'], Resource: ['*'] }] }) },
            ],
          }),
        ],
      }),
    },
  ],
  pass: [
    { name: 'scoped customer policy', account: accountFixture({ policies: [customerPolicy('read-data', allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']))] }) },
    {
      name: 'boundary-only policy allowing *, and PowerUser-style NotAction excluding IAM',
      account: accountFixture({
        users: [iamUser('alice', { PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary', PermissionsBoundaryType: 'Policy' } })],
        policies: [
          customerPolicy('boundary', allow('*'), { AttachmentCount: 0 }),
          customerPolicy('power', policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }] })),
        ],
      }),
    },
  ],
};
