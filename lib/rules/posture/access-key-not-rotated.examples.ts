import type { PostureExamples } from '../types';
import { accountFixture, credRow, daysAgo, iamUser } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `access-key-not-rotated`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'key created 200 days ago',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({
        credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(200), access_key_1_last_used_date: daysAgo(1) })] },
      }),
    },
    {
      name: 'second key of a user is 91 days old',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/ci' },
      account: accountFixture({
        users: [iamUser('ci')],
        credentialReport: {
          rows: [
            credRow('ci', {
              password_enabled: 'false',
              access_key_1_active: 'true',
              access_key_1_last_rotated: daysAgo(10),
              access_key_2_active: 'true',
              access_key_2_last_rotated: daysAgo(91),
            }),
          ],
        },
      }),
    },
    {
      name: 'boundary: key 91 days old, one day over the 90-day limit',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(91) })] } }),
    },
  ],
  pass: [
    {
      name: 'key created 30 days ago',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(30) })] } }),
    },
    {
      name: 'old key that is inactive',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'false', access_key_1_last_rotated: daysAgo(400) })] } }),
    },
    {
      name: 'boundary: key exactly 90 days old (the limit is "older than 90 days")',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(90) })] } }),
    },
    {
      name: 'boundary: key 89 days old',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(89) })] } }),
    },
  ],
};
