/**
 * console-sign-in-attack, branch by branch: the threshold at, below and above its limit for a success after failures,
 * which count a success is blamed on, hidden user names, root (judged by root-sign-in-failed), messages without an
 * error message, and sign-in events that are not ConsoleLogin (issue 21: surviving mutants of this rule).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment, type Enrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { consoleSignInAttack, HIDDEN } from '../../lib/rules/event/console-sign-in-attack';
import { consoleLogin, envelope, record, rootIdentity, userIdentity } from '../support/event-records';

const A = '111122223333';
const add = (mfa: 'Yes' | 'No') => ({ LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true', MobileVersion: 'No', MFAUsed: mfa });
const counts = (userFailures: number | undefined, sourceFailures: number | undefined): Partial<Enrichment> => ({
  signIn: { status: 'ok', value: { ...(userFailures !== undefined ? { userFailures } : {}), ...(sourceFailures !== undefined ? { sourceFailures } : {}), windowMinutes: 10, threshold: 5 } },
});
const run = (input: unknown, enrichment: Partial<Enrichment> = {}) => consoleSignInAttack.evaluate(normalizeEvent(input), { config: DEFAULT_CONFIG, enrichment: { ...emptyEnrichment(), ...enrichment } });
const success = (mfa: 'Yes' | 'No' = 'Yes') => consoleLogin(userIdentity('bob', { signIn: true }), 'Success', add(mfa));
const AT = ' from 203.0.113.24 at 2026-11-02T09:14:27Z';

describe('a success after failures', () => {
  it('alerts from the threshold on: 4 no, 5 and 6 yes', () => {
    expect(run(success(), counts(4, 4))).toEqual([]);
    for (const n of [5, 6]) {
      expect(run(success(), counts(n, n)).map((h) => [h.severity, h.resource, h.message])).toEqual([
        ['high', `arn:aws:iam::${A}:user/bob`, `IAM user bob signed in to the console${AT} after ${n} failed sign-ins for this user in the last 10 minutes: the attempts may have succeeded.`],
      ]);
    }
  });

  it('is blamed on the address when the user’s own count is below the threshold or not known', () => {
    for (const c of [counts(2, 6), counts(undefined, 6)]) {
      expect(run(success('No'), c).map((h) => h.message)).toEqual([
        `IAM user bob signed in to the console${AT} without MFA after 6 failed sign-ins from 203.0.113.24 in the last 10 minutes: the attempts may have succeeded.`,
      ]);
    }
  });
});

describe('repeated failures', () => {
  it('a hidden (non-existent) user name reaching the threshold is named as such; the account is the resource', () => {
    const ui = { type: 'IAMUser', principalId: A, accountId: A, accessKeyId: '', userName: HIDDEN };
    const [h, ...rest] = run(consoleLogin(ui, 'Failure', add('No')), counts(5, 3));
    expect(rest).toEqual([]);
    expect([h.resource, h.severity]).toEqual([A, 'high']);
    expect(h.message).toBe(`Console sign-in attack: 5 failed sign-ins for a user name that does not exist in the account within 10 minutes (the latest${AT}).`);
  });

  it('alerts at the threshold and again every ten thresholds: 5, 50 and 100, not 4, 6, 49 or 51', () => {
    const fail = consoleLogin(userIdentity('bob', { signIn: true }), 'Failure', add('No'), { errorMessage: 'Failed authentication' });
    const alerted = [4, 5, 6, 49, 50, 51, 100].filter((n) => run(fail, counts(n, undefined)).length > 0);
    expect(alerted).toEqual([5, 50, 100]);
    const bySource = [4, 5, 6, 50].filter((n) => run(fail, counts(undefined, n)).length > 0);
    expect(bySource).toEqual([5, 50]);
  });

  it('without an error message the sentence ends after the time', () => {
    const [h] = run(consoleLogin(userIdentity('bob', { signIn: true }), 'Failure', add('No')), counts(5, 5));
    expect(h.message).toBe(`Console sign-in attack: 5 failed sign-ins for IAM user bob and 5 failed sign-ins from 203.0.113.24 within 10 minutes (the latest${AT}).`);
  });
});

describe('who counts as a user for the MFA-step alert', () => {
  it('root (even with an account alias recorded) is left to root-sign-in-failed', () => {
    expect(run(consoleLogin(rootIdentity({ signIn: true, alias: 'corp-prod' }), 'Failure', add('Yes'), { errorMessage: 'Failed authentication' }))).toEqual([]);
    expect(run(consoleLogin(rootIdentity({ signIn: true }), 'Failure', add('Yes'), { errorMessage: 'Failed authentication' }))).toEqual([]);
  });

  it('an IAM user failing at the MFA step is medium', () => {
    const [h] = run(consoleLogin(userIdentity('alice', { signIn: true }), 'Failure', add('Yes'), { errorMessage: 'Failed authentication' }));
    expect([h.severity, h.resource]).toEqual(['medium', `arn:aws:iam::${A}:user/alice`]);
  });
});

describe('other sign-in events', () => {
  it('are not console sign-ins, whatever their counts', () => {
    const other = (eventName: string, eventSource: string) =>
      envelope(
        record({
          eventName,
          eventSource,
          userIdentity: userIdentity('bob', { signIn: true }),
          responseElements: { [eventName]: 'Failure' },
          additionalEventData: add('Yes'),
          eventType: 'AwsConsoleSignIn',
          errorMessage: 'Failed authentication',
        }),
      );
    expect(run(other('CheckMfa', 'signin.amazonaws.com'), counts(5, 5))).toEqual([]);
    expect(run(other('ConsoleLogin', 'sso.amazonaws.com'), counts(5, 5))).toEqual([]);
  });
});
