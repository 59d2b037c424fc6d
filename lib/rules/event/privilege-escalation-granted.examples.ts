import type { EventExamples } from '../types';
import { S3_READ_DOC, iamCall, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `privilege-escalation-granted`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'CreateAccessKey and UpdateLoginProfile on every user, put on a role',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/helpdesk' },
      input: iamCall('PutRolePolicy', userIdentity('alice'), {
        roleName: 'helpdesk',
        policyName: 'user-support',
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile', 'iam:ListUsers'], Resource: '*' }],
        }),
      }),
    },
    {
      name: 'lambda:UpdateFunctionCode on all functions for a user',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('PutUserPolicy', userIdentity('alice'), {
        userName: 'bob',
        policyName: 'lambda-deployer',
        policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:UpdateFunctionCode', 'lambda:ListFunctions'], Resource: '*' }] }),
      }),
    },
  ],
  pass: [
    {
      name: 'read-only S3 on a group',
      input: iamCall('PutGroupPolicy', userIdentity('alice'), { groupName: 'analysts', policyName: 's3-read', policyDocument: S3_READ_DOC }),
    },
    {
      name: 'PassRole of one specific role to Lambda only',
      input: iamCall('PutGroupPolicy', userIdentity('alice'), {
        groupName: 'developers',
        policyName: 'pass-app-role',
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: 'arn:aws:iam::111122223333:role/app-lambda-role',
              Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
            },
            { Effect: 'Allow', Action: ['lambda:GetFunction', 'lambda:ListFunctions'], Resource: '*' },
          ],
        }),
      }),
    },
  ],
};
