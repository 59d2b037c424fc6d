import type { EventExamples } from '../types';
import { HIDDEN } from './console-sign-in-attack';
import { consoleLogin, rootIdentity, userIdentity } from '../../../test/support/event-records';

const add = (mfa: 'Yes' | 'No') => ({ LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true', MobileVersion: 'No', MFAUsed: mfa });
const counts = (userFailures: number | undefined, sourceFailures: number | undefined) => ({
  signIn: { status: 'ok' as const, value: { ...(userFailures !== undefined ? { userFailures } : {}), ...(sourceFailures !== undefined ? { sourceFailures } : {}), windowMinutes: 10, threshold: 5 } },
});
const failure = (name: string, mfa: 'Yes' | 'No') =>
  consoleLogin(userIdentity(name, { signIn: true }), 'Failure', add(mfa), { errorMessage: 'Failed authentication' });

/** Pass and fail examples of `console-sign-in-attack`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    { name: 'password right, MFA code wrong (medium)', expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:user/alice' }, input: failure('alice', 'Yes') },
    { name: 'fifth failure for one user in the window (high)', expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' }, input: failure('bob', 'No'), enrichment: counts(5, 5) },
    {
      name: 'fifth failure from one address against hidden (non-existent) user names',
      expect: { severity: 'high', resource: '111122223333' },
      input: consoleLogin(
        { type: 'IAMUser', principalId: '111122223333', accountId: '111122223333', accessKeyId: '', userName: HIDDEN },
        'Failure',
        add('No'),
        { errorMessage: 'No username found in supplied account' },
      ),
      enrichment: counts(undefined, 5),
    },
    {
      name: 'success without MFA after failures',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:user/bob' },
      input: consoleLogin(userIdentity('bob', { signIn: true }), 'Success', add('No')),
      enrichment: counts(7, 7),
    },
    {
      name: 'root failures from one address',
      expect: { severity: 'high', resource: 'arn:aws:iam::111122223333:root' },
      input: consoleLogin(rootIdentity({ signIn: true }), 'Failure', add('No'), { errorMessage: 'Failed authentication' }),
      enrichment: counts(5, 5),
    },
  ],
  pass: [
    { name: 'one wrong password (no MFA step reached)', input: failure('bob', 'No'), enrichment: counts(1, 1) },
    { name: 'sixth failure (already alerted at the fifth)', input: failure('bob', 'No'), enrichment: counts(6, 6) },
    { name: 'success after one failure', input: consoleLogin(userIdentity('carol', { signIn: true }), 'Success', add('Yes')), enrichment: counts(1, 1) },
    { name: 'wrong password, counts unavailable offline', input: failure('dave', 'No') },
    { name: 'boundary: fourth failure for one user, one below the 5 that alert', input: failure('bob', 'No'), enrichment: counts(4, 4) },
  ],
};
