import type { EventExamples } from '../types';
import { consoleLogin, rootIdentity } from '../../../test/support/event-records';

/** Pass and fail examples of `root-sign-in`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'root sign-in without MFA',
      expect: { severity: 'critical', resource: 'arn:aws:iam::111122223333:root' },
      input: consoleLogin(rootIdentity({ signIn: true }), 'Success', {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: 'No',
      }),
    },
    {
      name: 'root sign-in with MFA (AWS example spells it YES)',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' },
      input: consoleLogin(rootIdentity({ signIn: true }), 'Success', {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: 'YES',
        MfaType: 'Virtual MFA',
      }),
    },
  ],
  pass: [
    {
      name: 'failed root sign-in (that is root-sign-in-failed)',
      input: consoleLogin(rootIdentity({ signIn: true }), 'Failure', { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' }, { errorMessage: 'Failed authentication' }),
    },
    {
      name: 'IAM user sign-in with MFA',
      input: consoleLogin(
        { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
        'Success',
        { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes', MfaType: 'Virtual MFA' },
      ),
    },
  ],
};
