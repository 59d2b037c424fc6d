import type { EventExamples } from '../types';
import type { PolicyDocument } from '../../policy/document';
import { parsePolicyDocument } from '../../policy/document';
import { S3_READ_DOC, iamCall, userIdentity } from '../../../test/support/event-records';

const ACCT = '111122223333';

/** A role trust policy as IAM stores it, parsed the way the scorer's role lookup parses it. */
function trust(statement: Record<string, unknown>): PolicyDocument {
  const r = parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] });
  if (!r.ok) throw new TypeError('example trust policy does not parse');
  return r.document;
}

const roleArn = (name: string) => `arn:aws:iam::${ACCT}:role/${name}`;

/** PassRole on every role plus creating and invoking Lambda functions: the classic PassRole-to-Lambda escalation. */
const PASS_ANY_ROLE_TO_LAMBDA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }],
});

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
    {
      name: 'PassRole of any role to Lambda: the account lookups name an admin role Lambda can assume, and what was not checked',
      expect: { severity: 'high', resource: `arn:aws:iam::${ACCT}:user/bob` },
      input: iamCall('PutUserPolicy', userIdentity('alice'), { userName: 'bob', policyName: 'lambda-admin', policyDocument: PASS_ANY_ROLE_TO_LAMBDA }),
      enrichment: {
        roles: {
          status: 'ok',
          value: {
            complete: false,
            roles: [
              { name: 'zz-ops-lambda', arn: roleArn('zz-ops-lambda'), trust: trust({ Principal: { Service: 'lambda.amazonaws.com' } }) },
              { name: 'app-lambda', arn: roleArn('app-lambda'), trust: trust({ Principal: { Service: 'lambda.amazonaws.com' } }) },
              { name: 'custom-lambda', arn: roleArn('custom-lambda'), trust: trust({ Principal: { Service: 'lambda.amazonaws.com' } }) },
              { name: 'unread-lambda', arn: roleArn('unread-lambda'), trust: trust({ Principal: { Service: 'lambda.amazonaws.com' } }) },
              {
                name: 'guarded-lambda',
                arn: roleArn('guarded-lambda'),
                trust: trust({ Principal: { Service: 'lambda.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCT } } }),
              },
              { name: 'web-ec2', arn: roleArn('web-ec2'), trust: trust({ Principal: { Service: 'ec2.amazonaws.com' } }) },
              { name: 'broken', arn: roleArn('broken'), trustError: 'the trust policy is not valid JSON' },
            ],
          },
        },
        rolePolicies: {
          [roleArn('zz-ops-lambda')]: { status: 'ok', value: { attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], inlinePolicyNames: [] } },
          [roleArn('app-lambda')]: { status: 'ok', value: { attachedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], inlinePolicyNames: [] } },
          [roleArn('custom-lambda')]: { status: 'ok', value: { attachedPolicyArns: [`arn:aws:iam::${ACCT}:policy/app-data`], inlinePolicyNames: ['extra'] } },
          [roleArn('unread-lambda')]: { status: 'unavailable', reason: 'AccessDenied' },
        },
      },
    },
    {
      name: 'PassRole of any role to Lambda when the account roles could not be read',
      expect: { severity: 'high', resource: `arn:aws:iam::${ACCT}:user/bob` },
      input: iamCall('PutUserPolicy', userIdentity('alice'), { userName: 'bob', policyName: 'lambda-admin', policyDocument: PASS_ANY_ROLE_TO_LAMBDA }),
      enrichment: { roles: { status: 'unavailable', reason: 'AccessDenied' } },
    },
    {
      name: 'PassRole of any role to Lambda when no role Lambda can assume exists yet',
      expect: { severity: 'high', resource: `arn:aws:iam::${ACCT}:user/bob` },
      input: iamCall('PutUserPolicy', userIdentity('alice'), { userName: 'bob', policyName: 'lambda-admin', policyDocument: PASS_ANY_ROLE_TO_LAMBDA }),
      enrichment: { roles: { status: 'ok', value: { complete: true, roles: [{ name: 'web-ec2', arn: roleArn('web-ec2'), trust: trust({ Principal: { Service: 'ec2.amazonaws.com' } }) }] } } },
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
