import type { EventExamples } from '../types';
import { denied, envelope, iamCall, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `denied-sensitive-call`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'denied CreateAccessKey for another user',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' },
      input: denied('CreateAccessKey', 'iam.amazonaws.com', userIdentity('mallory'), { userName: 'alice' }),
    },
    {
      name: 'denied AttachUserPolicy AdministratorAccess to self',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/mallory' },
      input: denied('AttachUserPolicy', 'iam.amazonaws.com', userIdentity('mallory'), { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    },
    {
      name: 'denied StopLogging (medium)',
      expect: { severity: 'medium', resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      input: denied('StopLogging', 'cloudtrail.amazonaws.com', roleIdentity('ReadOnly', 'mallory'), { name: 'management-events' }),
    },
    {
      name: 'denied DeleteFunction on the monitor (versioned name)',
      expect: { severity: 'medium', resource: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-scorer' },
      input: denied('DeleteFunction20150331', 'lambda.amazonaws.com', roleIdentity('ReadOnly', 'mallory'), { functionName: 'iam-guardian-prod-scorer' }, 'lambda:DeleteFunction'),
    },
  ],
  pass: [
    {
      name: 'successful CreateAccessKey (another rule)',
      input: iamCall('CreateAccessKey', userIdentity('alice'), null, {
        accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: 'alice', createDate: 'Nov 2, 2026, 9:14:27 AM' },
      }),
    },
    {
      name: 'denied read-only call',
      input: denied('ListUsers', 'iam.amazonaws.com', userIdentity('intern'), null),
    },
    {
      name: 'denied DeleteFunction on an unrelated function',
      input: denied('DeleteFunction20150331', 'lambda.amazonaws.com', roleIdentity('ReadOnly', 'bob'), { functionName: 'old-thumbnailer' }, 'lambda:DeleteFunction'),
    },
    {
      name: 'call failing for another reason (NoSuchEntity)',
      input: envelope(
        record({
          eventName: 'DeactivateMFADevice',
          eventSource: 'iam.amazonaws.com',
          userIdentity: userIdentity('alice'),
          requestParameters: { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' },
          errorCode: 'NoSuchEntityException',
          errorMessage: 'MFA device arn:aws:iam::111122223333:mfa/bob not found for user bob',
        }),
      ),
    },
  ],
};
