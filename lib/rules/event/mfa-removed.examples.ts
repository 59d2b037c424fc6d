import type { EventExamples } from '../types';
import { iamCall, roleIdentity, rootIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `mfa-removed`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'admin deactivates bob\'s MFA',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('DeactivateMFADevice', userIdentity('alice'), { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }),
    },
    {
      name: 'role deletes a virtual MFA device',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:mfa/carol' },
      input: iamCall('DeleteVirtualMFADevice', roleIdentity('Deployer', 'mallory'), { serialNumber: 'arn:aws:iam::111122223333:mfa/carol' }),
    },
    {
      name: "an IAM user deletes root's MFA device (another principal acting on root)",
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      input: iamCall('DeactivateMFADevice', userIdentity('mallory'), { userName: 'AWS ROOT USER', serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }),
    },
  ],
  pass: [
    {
      name: 'root deactivates its own MFA (root-credentials-changed)',
      input: iamCall('DeactivateMFADevice', rootIdentity(), { serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }),
    },
    {
      name: 'root deactivates its own MFA as CloudTrail records it ("AWS ROOT USER": root-credentials-changed)',
      input: iamCall('DeactivateMFADevice', rootIdentity({ mfa: true }), { userName: 'AWS ROOT USER', serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' }),
    },
    {
      name: 'enabling MFA',
      input: iamCall('EnableMFADevice', userIdentity('bob'), { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }),
    },
    {
      name: 'denied attempt',
      input: iamCall('DeactivateMFADevice', userIdentity('mallory'), { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:DeactivateMFADevice on resource: user bob',
      }),
    },
  ],
};
