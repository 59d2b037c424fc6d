import type { PostureExamples } from '../types';
import { accountFixture, allow, customerPolicy, policy } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `policy-service-wildcard`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 's3:* on one bucket', expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:policy/data' }, account: accountFixture({ policies: [customerPolicy('data', allow('s3:*', ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']))] }) },
    { name: 'dynamodb:* next to scoped actions', expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:policy/app' }, account: accountFixture({ policies: [customerPolicy('app', allow(['dynamodb:*', 'sqs:SendMessage']))] }) },
  ],
  pass: [
    { name: 'explicit actions', account: accountFixture({ policies: [customerPolicy('app', allow(['dynamodb:GetItem', 'dynamodb:PutItem'], 'arn:aws:dynamodb:us-east-1:111122223333:table/app'))] }) },
    {
      name: 'partial wildcard and a Deny with a service wildcard',
      account: accountFixture({
        policies: [customerPolicy('read', policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }))],
      }),
    },
  ],
};
