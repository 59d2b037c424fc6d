import type { PostureExamples } from '../types';
import { accountFixture, credRow, iamUser } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `user-console-no-mfa`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'console user without MFA',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/alice' },
      account: accountFixture({ credentialReport: { rows: [credRow('alice', { mfa_active: 'false' })] } }),
    },
    {
      name: 'one of two console users lacks MFA',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      account: accountFixture({
        users: [iamUser('alice'), iamUser('bob')],
        credentialReport: { rows: [credRow('alice'), credRow('bob', { mfa_active: 'false', password_last_used: 'no_information' })] },
      }),
    },
  ],
  pass: [
    { name: 'console user with MFA', account: accountFixture() },
    {
      name: 'key-only user (no console password) without MFA is not in scope',
      account: accountFixture({
        credentialReport: { rows: [credRow('alice', { password_enabled: 'false', password_last_used: 'N/A', mfa_active: 'false' })] },
      }),
    },
  ],
};
