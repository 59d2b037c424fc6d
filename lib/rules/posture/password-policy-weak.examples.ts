import type { PostureExamples } from '../types';
import { accountFixture } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `password-policy-weak`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    { name: 'no password policy at all', expect: { severity: 'medium', resource: '111122223333' }, account: accountFixture({ passwordPolicy: null }) },
    {
      name: '8 characters, no reuse prevention',
      expect: { severity: 'medium', resource: '111122223333' },
      account: accountFixture({
        passwordPolicy: { MinimumPasswordLength: 8, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 90 },
      }),
    },
    {
      name: 'boundary: 13 characters, one below the 14 required',
      expect: { severity: 'medium', resource: '111122223333' },
      account: accountFixture({ passwordPolicy: { MinimumPasswordLength: 13, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24 } }),
    },
    {
      name: 'boundary: reuse prevention 23, one below the 24 required',
      expect: { severity: 'medium', resource: '111122223333' },
      account: accountFixture({ passwordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 23 } }),
    },
    {
      name: 'boundary: maximum age 91 days, one over the 90 allowed',
      expect: { severity: 'medium', resource: '111122223333' },
      account: accountFixture({ passwordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 91, PasswordReusePrevention: 24 } }),
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
    {
      name: 'boundary: exactly 14 characters, reuse prevention 24, maximum age 90',
      account: accountFixture({ passwordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24 } }),
    },
  ],
};
