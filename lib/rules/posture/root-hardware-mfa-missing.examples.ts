import type { PostureExamples } from '../types';
import { accountFixture } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `root-hardware-mfa-missing`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'root virtual MFA device',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({ virtualMfaDevices: [{ SerialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device', User: { Arn: 'arn:aws:iam::111122223333:root' } }] }),
    },
    {
      name: 'root virtual MFA next to a user device',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({
        virtualMfaDevices: [
          { SerialNumber: 'arn:aws:iam::111122223333:mfa/alice', User: { Arn: 'arn:aws:iam::111122223333:user/alice', UserName: 'alice' } },
          { SerialNumber: 'arn:aws:iam::111122223333:mfa/root', User: { Arn: 'arn:aws:iam::111122223333:root' } },
        ],
      }),
    },
  ],
  pass: [
    { name: 'MFA on and no virtual device bound to root', account: accountFixture() },
    {
      name: 'only IAM users have virtual devices',
      account: accountFixture({ virtualMfaDevices: [{ SerialNumber: 'arn:aws:iam::111122223333:mfa/alice', User: { Arn: 'arn:aws:iam::111122223333:user/alice' } }] }),
    },
  ],
};
