import type { EventRule } from '../types';
import { baseEvidence, boolParam, numParam, when } from './_util';

export const passwordPolicyWeakened: EventRule = {
  id: 'password-policy-weakened',
  kind: 'event',
  title: 'Account password policy weakened or deleted',
  severity: 'medium',
  guide:
    'CIS 1.8 / 1.9 (Security Hub IAM.15, IAM.16, IAM.7): require passwords of at least 14 characters and prevent reuse of the last 24; every person also uses MFA.',
  why: 'The password policy is the floor for every IAM user\'s console password. Weakening or deleting it lets short, reused passwords in, which are the ones guessed and stuffed from other breaches.',
  fix: {
    console: [
      'IAM console > Account settings > Password policy > Edit.',
      'Set minimum length 14 or more, require upper- and lower-case letters, numbers and symbols, prevent reuse of 24 passwords, and save.',
    ],
    cli: 'aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password --password-reuse-prevention 24',
  },
  controls: ['IAM.7', 'IAM.15', 'IAM.16', 'CIS-1.8', 'CIS-1.9'],
  eventNames: ['DeleteAccountPasswordPolicy', 'UpdateAccountPasswordPolicy'],
  evaluate(ev, ctx) {
    if (ev.failed) return [];
    const resource = ev.account;
    if (ev.eventName === 'DeleteAccountPasswordPolicy') {
      return [
        {
          resource,
          message: `${ev.actor.display} deleted the password policy of account ${ev.account}${when(ev)}: IAM users may now set 6-character passwords and reuse old ones.`,
          evidence: baseEvidence(ev),
        },
      ];
    }
    if (ev.eventName !== 'UpdateAccountPasswordPolicy') return [];
    // UpdateAccountPasswordPolicy replaces the whole policy: an omitted parameter takes AWS's default.
    const rp = ev.requestParameters;
    const t = ctx.config.thresholds;
    const weaknesses: string[] = [];
    const minLen = numParam(rp, 'minimumPasswordLength') ?? 6;
    if (minLen < t.passwordMinLength) weaknesses.push(`minimum length ${minLen} (< ${t.passwordMinLength})`);
    const reuse = numParam(rp, 'passwordReusePrevention') ?? 0;
    if (reuse < t.passwordReusePrevention) weaknesses.push(reuse === 0 ? 'no password reuse prevention' : `reuse prevention ${reuse} (< ${t.passwordReusePrevention})`);
    const missing = (
      [
        ['requireUppercaseCharacters', 'upper-case letters'],
        ['requireLowercaseCharacters', 'lower-case letters'],
        ['requireNumbers', 'numbers'],
        ['requireSymbols', 'symbols'],
      ] as const
    )
      .filter(([k]) => boolParam(rp, k) !== true)
      .map(([, label]) => label);
    if (missing.length) weaknesses.push(`does not require ${missing.join(', ')}`);
    const maxAge = numParam(rp, 'maxPasswordAge');
    if (maxAge !== undefined && maxAge > t.passwordMaxAgeDays) weaknesses.push(`passwords expire only after ${maxAge} days (> ${t.passwordMaxAgeDays})`);
    if (weaknesses.length === 0) return [];
    return [
      {
        resource,
        message: `${ev.actor.display} set a weak password policy for account ${ev.account}${when(ev)}: ${weaknesses.join('; ')}.`,
        evidence: baseEvidence(ev, { weaknesses, requested: rp }),
      },
    ];
  },
};
