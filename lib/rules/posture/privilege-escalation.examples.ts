import type { PostureExamples } from '../types';
import { accountFixture, allow, customerPolicy, iamGroup, iamRole, iamUser, policy, supportRole, trust } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `privilege-escalation`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'user can reset other users\' console passwords',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/helpdesk' },
      account: accountFixture({
        users: [
          iamUser('helpdesk', { UserPolicyList: [{ PolicyName: 'helpdesk', document: allow(['iam:UpdateLoginProfile', 'iam:GetLoginProfile'], 'arn:aws:iam::111122223333:user/*') }] }),
          iamUser('uploader', { GroupList: [], UserPolicyList: [{ PolicyName: 'upload', document: allow(['s3:PutObject'], 'arn:aws:s3:::site/*') }] }),
        ],
      }),
    },
    {
      name: 'group grants iam:CreateAccessKey on every user (one of them can write to a bucket)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({
        users: [iamUser('alice'), iamUser('uploader', { GroupList: [], UserPolicyList: [{ PolicyName: 'upload', document: allow(['s3:PutObject'], 'arn:aws:s3:::site/*') }] })],
        groups: [iamGroup('Developers', { GroupPolicyList: [{ PolicyName: 'keys', document: allow('iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/*') }] })],
      }),
    },
    {
      name: 'role can rewrite other teams\' customer policies',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/ci' },
      account: accountFixture({
        roles: [iamRole('ci', { AttachedManagedPolicies: [{ PolicyName: 'ci', PolicyArn: 'arn:aws:iam::111122223333:policy/ci' }] })],
        policies: [customerPolicy('ci', allow(['iam:CreatePolicyVersion'], 'arn:aws:iam::111122223333:policy/team-*'))],
      }),
    },
  ],
  pass: [
    {
      name: 'PassRole + lambda:CreateFunction, but no role trusts Lambda',
      account: accountFixture({
        users: [iamUser('dev', { UserPolicyList: [{ PolicyName: 'deploy', document: allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']) }] })],
        roles: [supportRole(), iamRole('batch', { AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }), RolePolicyList: [{ PolicyName: 'w', document: allow(['s3:PutObject']) }] })],
      }),
    },
    { name: 'read-only data access', account: accountFixture({ users: [iamUser('alice', { UserPolicyList: [{ PolicyName: 'read', document: allow(['s3:GetObject'], 'arn:aws:s3:::data/*') }] })] }) },
    {
      name: 'own access keys only, via ${aws:username}',
      account: accountFixture({
        groups: [
          iamGroup('Developers', {
            GroupPolicyList: [
              {
                PolicyName: 'self-service',
                document: policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys'], Resource: 'arn:aws:iam::*:user/${aws:username}' }] }),
              },
            ],
          }),
        ],
      }),
    },
  ],
};
