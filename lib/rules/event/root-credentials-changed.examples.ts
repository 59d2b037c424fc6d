import type { EventExamples } from '../types';
import { envelope, iamCall, record, rootIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `root-credentials-changed`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'root password changed in the console',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' },
      input: envelope(
        record({
          eventName: 'PasswordUpdated',
          eventSource: 'signin.amazonaws.com',
          userIdentity: rootIdentity({ signIn: true }),
          requestParameters: null,
          responseElements: { PasswordUpdated: 'Success' },
          additionalEventData: { MFAUsed: 'Yes' },
          eventType: 'AwsConsoleSignIn',
          readOnly: false,
        }),
      ),
    },
    {
      name: 'root deactivates its MFA device',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      input: iamCall('DeactivateMFADevice', rootIdentity({ mfa: true }), { serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }),
    },
    {
      name: 'root deactivates its MFA as CloudTrail records it (userName "AWS ROOT USER")',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      input: iamCall('DeactivateMFADevice', rootIdentity({ mfa: true }), {
        userName: 'AWS ROOT USER',
        serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device',
      }),
    },
    {
      name: 'root deletes its virtual MFA device',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      input: iamCall('DeleteVirtualMFADevice', rootIdentity(), { serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }),
    },
    {
      name: 'root enables a new MFA device',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' },
      input: iamCall('EnableMFADevice', rootIdentity(), { serialNumber: 'arn:aws:iam::111122223333:mfa/root-yubikey' }),
    },
  ],
  pass: [
    {
      name: 'root deactivates an IAM user\'s MFA (root-activity, not root\'s credentials)',
      input: iamCall('DeactivateMFADevice', rootIdentity({ mfa: true }), { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }),
    },
    {
      name: 'IAM user changes own password',
      input: iamCall('ChangePassword', userIdentity('alice', { console: true, mfa: true }), null),
    },
    {
      name: 'root password change reported as failure',
      input: envelope(
        record({
          eventName: 'PasswordUpdated',
          eventSource: 'signin.amazonaws.com',
          userIdentity: rootIdentity({ signIn: true }),
          requestParameters: null,
          responseElements: { PasswordUpdated: 'Failure' },
          eventType: 'AwsConsoleSignIn',
          readOnly: false,
        }),
      ),
    },
  ],
};
