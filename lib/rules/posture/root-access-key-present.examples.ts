import type { PostureExamples } from '../types';
import { accountFixture, daysAgo, rootRow } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `root-access-key-present`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'credential report root row with an active key',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({
        credentialReport: { rows: [rootRow({ access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(700), access_key_1_last_used_date: daysAgo(3) })] },
      }),
    },
    {
      name: 'summary only: AccountAccessKeysPresent 1',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({ credentialReport: undefined, summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 } }),
    },
  ],
  pass: [
    { name: 'no root key', account: accountFixture() },
    {
      name: 'no summary; credential report root row without active keys',
      account: accountFixture({ summary: undefined, credentialReport: { rows: [rootRow({ access_key_2_active: 'false', access_key_2_last_rotated: 'N/A' })] } }),
    },
  ],
};
