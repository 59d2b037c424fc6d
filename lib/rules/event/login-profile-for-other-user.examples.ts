import type { EventExamples } from '../types';
import { iamCall, roleIdentity, userIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `login-profile-for-other-user`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'admin creates a password for bob, no reset',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: iamCall('CreateLoginProfile', userIdentity('alice', { console: true, mfa: true, invokedBy: 'signin.amazonaws.com' }), { userName: 'bob', passwordResetRequired: false }, {
        loginProfile: { userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM', passwordResetRequired: false },
      }),
    },
    {
      name: 'role updates a password for carol (reset not mentioned)',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/carol' },
      input: iamCall('UpdateLoginProfile', roleIdentity('Deployer', 'mallory'), { userName: 'carol' }),
    },
  ],
  pass: [
    {
      name: 'admin creates a one-time password (reset required)',
      input: iamCall('CreateLoginProfile', userIdentity('alice'), { userName: 'bob', passwordResetRequired: true }, {
        loginProfile: { userName: 'bob', createDate: 'Nov 2, 2026, 9:14:27 AM', passwordResetRequired: true },
      }),
    },
    {
      name: 'user updates own login profile',
      input: iamCall('UpdateLoginProfile', userIdentity('bob', { path: 'data-team/' }), { userName: 'bob' }),
    },
  ],
};
