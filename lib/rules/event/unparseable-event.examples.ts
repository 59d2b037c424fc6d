import type { EventExamples } from '../types';
import { iamCall, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `unparseable-event`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'PutUserPolicy with a truncated policy document',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('PutUserPolicy', userIdentity('alice'), {
        userName: 'bob',
        policyName: 'inline-admin',
        policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}',
      }),
    },
    {
      name: 'AttachUserPolicy record without requestParameters',
      expect: { severity: 'high', resource: '111122223333' },
      input: iamCall('AttachUserPolicy', userIdentity('alice'), null),
    },
    { name: 'record without eventName / eventSource', expect: { severity: 'medium', resource: '111122223333' }, input: { eventVersion: '1.09', eventTime: '2026-11-02T09:14:27Z', recipientAccountId: '111122223333', eventID: '6d0f6b0c-1d2e-4f5a-8b9c-0a1b2c3d4e5f' } },
    { name: 'not a JSON object', expect: { severity: 'medium', resource: 'unknown' }, input: 'ConsoleLogin by root' },
  ],
  pass: [
    {
      name: 'PutUserPolicy with a valid document',
      input: iamCall('PutUserPolicy', userIdentity('alice'), {
        userName: 'bob',
        policyName: 's3-read',
        policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::team-data/*"}]}',
      }),
    },
    {
      name: 'failed PutRolePolicy with an invalid document (nothing changed)',
      input: iamCall('PutRolePolicy', userIdentity('alice'), { roleName: 'App', policyName: 'x', policyDocument: '{not json' }, null, {
        errorCode: 'MalformedPolicyDocumentException',
        errorMessage: 'Syntax errors in policy.',
      }),
    },
  ],
};
