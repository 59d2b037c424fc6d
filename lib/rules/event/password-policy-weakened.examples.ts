import type { EventExamples } from '../types';
import { iamCall, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `password-policy-weakened`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    { name: 'policy deleted', expect: { severity: 'medium', resource: '111122223333' }, input: iamCall('DeleteAccountPasswordPolicy', userIdentity('alice'), null) },
    {
      name: 'length 8, no reuse prevention',
      expect: { severity: 'medium', resource: '111122223333' },
      input: iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), {
        minimumPasswordLength: 8,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        allowUsersToChangePassword: true,
      }),
    },
    {
      name: 'boundary: minimum length 13, one below the 14 required',
      expect: { severity: 'medium', resource: '111122223333' },
      input: iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), {
        minimumPasswordLength: 13,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        allowUsersToChangePassword: true,
        hardExpiry: false,
        maxPasswordAge: 90,
        passwordReusePrevention: 24,
      }),
    },
    {
      name: 'boundary: reuse prevention 23, one below the 24 required',
      expect: { severity: 'medium', resource: '111122223333' },
      input: iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), {
        minimumPasswordLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        allowUsersToChangePassword: true,
        hardExpiry: false,
        maxPasswordAge: 90,
        passwordReusePrevention: 23,
      }),
    },
  ],
  pass: [
    {
      name: 'CIS-strength policy',
      input: iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), {
        minimumPasswordLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        allowUsersToChangePassword: true,
        maxPasswordAge: 90,
        passwordReusePrevention: 24,
        hardExpiry: false,
      }),
    },
    {
      name: 'denied deletion',
      input: iamCall('DeleteAccountPasswordPolicy', userIdentity('mallory'), null, null, {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: iam:DeleteAccountPasswordPolicy',
      }),
    },
    {
      name: 'boundary: minimum length 15 and reuse prevention 25, one above the limits',
      input: iamCall('UpdateAccountPasswordPolicy', userIdentity('alice'), {
        minimumPasswordLength: 15,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        allowUsersToChangePassword: true,
        hardExpiry: false,
        maxPasswordAge: 90,
        passwordReusePrevention: 25,
      }),
    },
  ],
};
