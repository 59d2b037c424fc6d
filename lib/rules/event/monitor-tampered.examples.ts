import type { EventExamples } from '../types';
import { envelope, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `monitor-tampered`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'EventBridge rule of the monitor disabled',
      expect: { severity: 'high', resource: 'arn:aws:events:us-east-1:111122223333:rule/iam-guardian-prod-ScorerIamChanges-1HX7Q2K8ZP3YA' },
      input: envelope(
        record({
          eventName: 'DisableRule',
          eventSource: 'events.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { name: 'iam-guardian-prod-ScorerIamChanges-1HX7Q2K8ZP3YA' },
        }),
      ),
    },
    {
      name: 'scorer Lambda deleted (versioned event name)',
      expect: { severity: 'high', resource: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-scorer' },
      input: envelope(
        record({
          eventName: 'DeleteFunction20150331',
          eventSource: 'lambda.amazonaws.com',
          userIdentity: roleIdentity('Admin', 'mallory'),
          requestParameters: { functionName: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-scorer' },
        }),
      ),
    },
    {
      name: 'alert subscription removed',
      expect: { severity: 'high', resource: 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts:5b0d2b3e-7c51-4b0e-9a5e-2f3c0e1d9a77' },
      input: envelope(
        record({
          eventName: 'Unsubscribe',
          eventSource: 'sns.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { subscriptionArn: 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts:5b0d2b3e-7c51-4b0e-9a5e-2f3c0e1d9a77' },
        }),
      ),
    },
    {
      name: 'state table deleted (named by its ARN)',
      expect: { severity: 'high', resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/iam-guardian-prod-state' },
      input: envelope(
        record({
          eventName: 'DeleteTable',
          eventSource: 'dynamodb.amazonaws.com',
          region: 'eu-west-1',
          userIdentity: userIdentity('mallory'),
          requestParameters: { tableName: 'arn:aws:dynamodb:eu-west-1:111122223333:table/iam-guardian-prod-state' },
        }),
      ),
    },
    {
      name: 'state table deleted (named by its name)',
      expect: { severity: 'high', resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/iam-guardian-prod-state' },
      input: envelope(
        record({ eventName: 'DeleteTable', eventSource: 'dynamodb.amazonaws.com', userIdentity: userIdentity('mallory'), requestParameters: { tableName: 'iam-guardian-prod-state' } }),
      ),
    },
    {
      name: 'dead-letter queue deleted by its URL',
      expect: { severity: 'high', resource: 'arn:aws:sqs:us-east-1:111122223333:iam-guardian-prod-dlq' },
      input: envelope(
        record({
          eventName: 'DeleteQueue',
          eventSource: 'sqs.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/iam-guardian-prod-dlq' },
        }),
      ),
    },
    {
      name: "the monitor's alarms deleted among others",
      expect: { severity: 'high', resource: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:billing-high' },
      input: envelope(
        record({
          eventName: 'DeleteAlarms',
          eventSource: 'monitoring.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { alarmNames: ['billing-high', 'iam-guardian-prod-scorer-errors', 'iam-guardian-prod-undelivered'] },
        }),
      ),
    },
    {
      name: 'Organizations member stack: forwarder rule deleted in a member account',
      expect: { severity: 'high', resource: 'arn:aws:events:us-east-1:111122223333:rule/iam-guardian-member-iam-changes' },
      input: envelope(
        record({
          eventName: 'DeleteRule',
          eventSource: 'events.amazonaws.com',
          userIdentity: roleIdentity('Admin', 'mallory'),
          requestParameters: { name: 'iam-guardian-member-iam-changes' },
        }),
      ),
    },
    {
      name: 'Organizations member stack: audit role trust replaced',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/iam-guardian-audit' },
      input: envelope(
        record({
          eventName: 'UpdateAssumeRolePolicy',
          eventSource: 'iam.amazonaws.com',
          userIdentity: roleIdentity('Admin', 'mallory'),
          requestParameters: {
            roleName: 'iam-guardian-audit',
            policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}',
          },
        }),
      ),
    },
    {
      name: 'Organizations member stack: forwarder role deleted',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:role/iam-guardian-member-forwarder-eu-west-1' },
      input: envelope(
        record({
          eventName: 'DeleteRole',
          eventSource: 'iam.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { roleName: 'iam-guardian-member-forwarder-eu-west-1' },
        }),
      ),
    },
    {
      name: 'scorer throttled to zero',
      expect: { severity: 'high', resource: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-scorer' },
      input: envelope(
        record({
          eventName: 'PutFunctionConcurrency20171031',
          eventSource: 'lambda.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { functionName: 'iam-guardian-prod-scorer', reservedConcurrentExecutions: 0 },
          responseElements: { reservedConcurrentExecutions: 0 },
        }),
      ),
    },
  ],
  pass: [
    {
      name: 'another team\'s rule disabled',
      input: envelope(record({ eventName: 'DisableRule', eventSource: 'events.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { name: 'nightly-etl-trigger' } })),
    },
    {
      name: "another team's alarm deleted",
      input: envelope(record({ eventName: 'DeleteAlarms', eventSource: 'monitoring.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { alarmNames: ['billing-high'] } })),
    },
    {
      name: "another team's queue deleted",
      input: envelope(
        record({ eventName: 'DeleteQueue', eventSource: 'sqs.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/orders' } }),
      ),
    },
    {
      name: 'a table of the monitor described, not deleted (another DynamoDB call)',
      input: envelope(record({ eventName: 'DeleteBackup', eventSource: 'dynamodb.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { tableName: 'iam-guardian-prod-state' } })),
    },
    {
      name: 'another function deleted',
      input: envelope(
        record({ eventName: 'DeleteFunction20150331', eventSource: 'lambda.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { functionName: 'old-thumbnailer' } }),
      ),
    },
    {
      name: "another team's role policy changed",
      input: envelope(
        record({
          eventName: 'DetachRolePolicy',
          eventSource: 'iam.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: { roleName: 'etl-runner', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
        }),
      ),
    },
    {
      name: 'audit role only tagged (not a tamper call)',
      input: envelope(
        record({ eventName: 'TagRole', eventSource: 'iam.amazonaws.com', userIdentity: userIdentity('alice'), requestParameters: { roleName: 'iam-guardian-audit', tags: [{ key: 'team', value: 'sec' }] } }),
      ),
    },
    {
      name: 'monitor rule re-enabled with PutRule ENABLED',
      input: envelope(
        record({
          eventName: 'PutRule',
          eventSource: 'events.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: { name: 'iam-guardian-prod-ScorerIamChanges-1HX7Q2K8ZP3YA', state: 'ENABLED' },
        }),
      ),
    },
  ],
};
