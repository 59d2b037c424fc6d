import type { PostureExamples } from '../types';
import { accountFixture, daysAgo, rootRow } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `root-used-recently`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'root console sign-in 3 days ago', expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' }, account: accountFixture({ credentialReport: { rows: [rootRow({ password_last_used: daysAgo(3) })] } }) },
    {
      name: 'root access key used yesterday',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({
        credentialReport: { rows: [rootRow({ access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(500), access_key_1_last_used_date: daysAgo(1) })] },
      }),
    },
    {
      name: 'boundary: root console sign-in exactly 30 days ago (within the 30-day window)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({ credentialReport: { rows: [rootRow({ password_last_used: daysAgo(30) })] } }),
    },
    {
      name: 'boundary: root console sign-in 29 days ago',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' },
      account: accountFixture({ credentialReport: { rows: [rootRow({ password_last_used: daysAgo(29) })] } }),
    },
  ],
  pass: [
    { name: 'root last signed in 200 days ago', account: accountFixture() },
    { name: 'root never signed in (no_information)', account: accountFixture({ credentialReport: { rows: [rootRow({ password_last_used: 'no_information' })] } }) },
    { name: 'boundary: root console sign-in 31 days ago', account: accountFixture({ credentialReport: { rows: [rootRow({ password_last_used: daysAgo(31) })] } }) },
  ],
};
