import type { PostureExamples } from '../types';
import { accountFixture, credRow, daysAgo } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `user-two-active-keys`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'two active keys, both used',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({
        credentialReport: {
          rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(20), access_key_1_last_used_date: daysAgo(1), access_key_2_active: 'true', access_key_2_last_rotated: daysAgo(10), access_key_2_last_used_date: daysAgo(2) })],
        },
      }),
    },
    {
      name: 'two active keys, one never used',
      expect: { severity: 'low', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({
        credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(20), access_key_2_active: 'true', access_key_2_last_rotated: daysAgo(5) })] },
      }),
    },
  ],
  pass: [
    {
      name: 'one active key',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(20), access_key_1_last_used_date: daysAgo(1) })] } }),
    },
    {
      name: 'one active and one inactive key (rotation in progress)',
      account: accountFixture({
        credentialReport: { rows: [credRow('alice', { access_key_1_active: 'false', access_key_1_last_rotated: daysAgo(100), access_key_2_active: 'true', access_key_2_last_rotated: daysAgo(5), access_key_2_last_used_date: daysAgo(1) })] },
      }),
    },
  ],
};
