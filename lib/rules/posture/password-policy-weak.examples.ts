import type { PostureExamples } from '../types';
import { accountFixture } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `password-policy-weak`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'no password policy at all', account: accountFixture({ passwordPolicy: null }) },
    {
      name: '8 characters, no reuse prevention',
      account: accountFixture({
        passwordPolicy: { MinimumPasswordLength: 8, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 90 },
      }),
    },
  ],
  pass: [
    { name: 'CIS policy', account: accountFixture() },
    {
      name: 'longer and stricter than CIS',
      account: accountFixture({
        passwordPolicy: { MinimumPasswordLength: 20, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 60, PasswordReusePrevention: 24 },
      }),
    },
  ],
};
