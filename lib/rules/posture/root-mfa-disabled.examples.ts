import type { PostureExamples } from '../types';
import { accountFixture, rootRow } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `root-mfa-disabled`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'summary says no root MFA', expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' }, account: accountFixture({ summary: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 } }) },
    {
      name: 'no summary; credential report root row mfa_active false',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({ summary: undefined, credentialReport: { rows: [rootRow({ mfa_active: 'false' })] } }),
    },
  ],
  pass: [
    { name: 'summary says root MFA is on', account: accountFixture() },
    { name: 'no summary; credential report root row mfa_active true', account: accountFixture({ summary: undefined }) },
  ],
};
