import type { PostureExamples } from '../types';
import { accountFixture, credRow, daysAgo } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `access-key-at-setup`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'key created with the user, never used',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(400), access_key_1_last_used_date: 'N/A' })] } }),
    },
    {
      name: 'second key never used',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({
        credentialReport: {
          rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(30), access_key_1_last_used_date: daysAgo(1), access_key_2_active: 'true', access_key_2_last_rotated: daysAgo(3) })],
        },
      }),
    },
  ],
  pass: [
    { name: 'console user without keys', account: accountFixture() },
    {
      name: 'console user whose key is used',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(30), access_key_1_last_used_date: daysAgo(1) })] } }),
    },
  ],
};
