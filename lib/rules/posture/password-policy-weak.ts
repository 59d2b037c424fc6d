import type { PostureRule } from '../types';
import type { Thresholds } from '../../config/types';
import { missingSource, notEvaluated } from '../../posture/common';

function cliFor(t: Thresholds): string {
  return [
    'aws iam update-account-password-policy',
    `--minimum-password-length ${t.passwordMinLength}`,
    '--require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters',
    '--allow-users-to-change-password',
    `--password-reuse-prevention ${t.passwordReusePrevention}`,
    ...(t.passwordMaxAgeDays > 0 ? [`--max-password-age ${t.passwordMaxAgeDays}`] : []),
  ].join(' ');
}

/**
 * The account password policy against the configured minimums: length (CIS 1.8 / IAM.15, 14), reuse prevention
 * (CIS 1.9 / IAM.16, 24), the four character classes and a maximum age (IAM.7; set passwordMaxAgeDays to 0 to skip
 * the age check, as NIST SP 800-63B advises against forced rotation). No policy set = IAM's weak default.
 */
export const passwordPolicyWeak: PostureRule = {
  id: 'password-policy-weak',
  kind: 'posture',
  title: 'Account password policy is weaker than the CIS minimums',
  severity: 'medium',
  guide: 'Configure a strong password policy for your IAM users: at least 14 characters and no reuse of the last 24 passwords (CIS 1.8, 1.9).',
  why: 'Short or reused passwords fall to guessing and credential stuffing; the account policy is the only control over the passwords IAM users pick.',
  fix: {
    console: [
      'IAM → Account settings → Password policy → Edit.',
      'Choose Custom: minimum length 14, require uppercase, lowercase, numbers and symbols, allow users to change their password, prevent reuse of 24 passwords.',
      'Save changes.',
    ],
    cli: cliFor({ passwordMinLength: 14, passwordReusePrevention: 24, passwordMaxAgeDays: 90 } as Thresholds),
  },
  controls: ['IAM.7', 'IAM.15', 'IAM.16', 'CIS-1.8', 'CIS-1.9'],
  evaluate(account, ctx) {
    const t = ctx.config.thresholds;
    if (account.passwordPolicy === undefined) return notEvaluated(missingSource(account, 'passwordPolicy', 'The account password policy'));
    const fix = { ...passwordPolicyWeak.fix, cli: cliFor(t) };
    const p = account.passwordPolicy;
    if (p === null) {
      return {
        checked: 1,
        hits: [
          {
            resource: account.accountId,
            message: `Account ${account.accountId} has no password policy: IAM users may choose any password of 8 or more characters, with no complexity and no reuse limit.`,
            fix,
            evidence: { passwordPolicy: null },
          },
        ],
      };
    }
    const num = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : undefined);
    const problems: string[] = [];
    const len = num('MinimumPasswordLength') ?? 0;
    if (len < t.passwordMinLength) problems.push(`minimum length ${len} (needs ${t.passwordMinLength})`);
    const reuse = num('PasswordReusePrevention') ?? 0;
    if (reuse < t.passwordReusePrevention) problems.push(`reuse prevention ${reuse} (needs ${t.passwordReusePrevention})`);
    for (const [k, label] of [
      ['RequireUppercaseCharacters', 'uppercase letters'],
      ['RequireLowercaseCharacters', 'lowercase letters'],
      ['RequireNumbers', 'numbers'],
      ['RequireSymbols', 'symbols'],
    ] as const) {
      if (p[k] !== true) problems.push(`does not require ${label}`);
    }
    if (t.passwordMaxAgeDays > 0) {
      const age = num('MaxPasswordAge');
      if (p.ExpirePasswords === false || age === undefined) problems.push(`passwords never expire (needs a maximum age of ${t.passwordMaxAgeDays} days)`);
      else if (age > t.passwordMaxAgeDays) problems.push(`maximum age ${age} days (needs ${t.passwordMaxAgeDays} or less)`);
    }
    if (problems.length === 0) return { checked: 1, hits: [] };
    return {
      checked: 1,
      hits: [
        {
          resource: account.accountId,
          message: `The password policy of account ${account.accountId} is weak: ${problems.join('; ')}.`,
          fix,
          evidence: { problems, passwordPolicy: p },
        },
      ],
    };
  },
};
