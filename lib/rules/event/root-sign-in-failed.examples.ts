import type { EventExamples } from '../types';
import { consoleLogin, rootIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `root-sign-in-failed`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'root wrong password',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:root' },
      input: consoleLogin(rootIdentity({ signIn: true }), 'Failure', { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' }, { errorMessage: 'Failed authentication' }),
    },
    {
      name: 'root sign-in failed, user name hidden',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:root' },
      input: consoleLogin(
        { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
        'Failure',
        { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
        { errorMessage: 'Failed authentication' },
      ),
    },
  ],
  pass: [
    {
      name: 'unknown user name (not root): no username found',
      input: consoleLogin(
        { type: 'IAMUser', principalId: '111122223333', accountId: '111122223333', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
        'Failure',
        { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
        { errorMessage: 'No username found in supplied account' },
      ),
    },
    {
      name: 'successful root sign-in (that is root-sign-in)',
      input: consoleLogin(rootIdentity({ signIn: true }), 'Success', { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' }),
    },
  ],
};
