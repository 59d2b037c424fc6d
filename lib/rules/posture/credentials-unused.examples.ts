import type { PostureExamples } from '../types';
import { accountFixture, credRow, daysAgo, iamUser } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `credentials-unused`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'password last used 120 days ago', expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/alice' }, account: accountFixture({ credentialReport: { rows: [credRow('alice', { password_last_used: daysAgo(120) })] } }) },
    {
      name: 'access key never used, created 60 days ago',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/etl' },
      account: accountFixture({
        users: [iamUser('etl')],
        credentialReport: { rows: [credRow('etl', { password_enabled: 'false', password_last_used: 'N/A', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(60) })] },
      }),
    },
    {
      name: 'boundary: password last used 46 days ago, one day over the 45-day limit',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { password_last_used: daysAgo(46) })] } }),
    },
  ],
  pass: [
    { name: 'password used yesterday', account: accountFixture() },
    {
      name: 'new user created 10 days ago who has not signed in yet',
      account: accountFixture({
        credentialReport: { rows: [credRow('alice', { user_creation_time: daysAgo(10), password_last_used: 'no_information', password_last_changed: daysAgo(10) })] },
      }),
    },
    {
      name: 'boundary: password last used exactly 45 days ago',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { password_last_used: daysAgo(45) })] } }),
    },
    {
      name: 'boundary: password last used 44 days ago',
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { password_last_used: daysAgo(44) })] } }),
    },
  ],
};
