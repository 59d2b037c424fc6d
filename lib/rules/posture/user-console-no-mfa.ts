import type { PostureRule } from '../types';
import { credentialView, fillCli, notEvaluated, reportTrue } from '../../posture/common';

const CLI =
  'aws iam enable-mfa-device --user-name <user> --serial-number arn:aws:iam::<account>:mfa/<user> --authentication-code1 <code1> --authentication-code2 <code2>   # after: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG';

/** IAM users with a console password (`password_enabled`) and no MFA (`mfa_active`). */
export const userConsoleNoMfa: PostureRule = {
  id: 'user-console-no-mfa',
  kind: 'posture',
  title: 'IAM user can sign in to the console without MFA',
  severity: 'high',
  guide: 'Enable multi-factor authentication for every IAM user who has a console password (CIS 1.10).',
  why: 'A password alone is phished, reused and guessed; MFA stops a stolen password from becoming a console session in your account.',
  fix: {
    console: [
      'IAM → Users → choose the user → Security credentials tab.',
      'Under Multi-factor authentication (MFA), choose Assign MFA device (a security key or authenticator app) and follow the steps with the user.',
      'Optionally add a policy that denies everything except MFA set-up when aws:MultiFactorAuthPresent is false.',
    ],
    cli: CLI,
  },
  controls: ['IAM.5', 'CIS-1.10'],
  evaluate(account) {
    const view = credentialView(account);
    if ('reason' in view) return notEvaluated(view.reason);
    const consoleUsers = view.users.filter((u) => reportTrue(u.row.password_enabled));
    const hits = consoleUsers
      .filter((u) => !reportTrue(u.row.mfa_active))
      .map((u) => ({
        resource: u.arn,
        message: `IAM user ${u.name} has a console password but no MFA device (password last used: ${u.row.password_last_used ?? 'unknown'}). ${view.staleness}`,
        fix: { ...userConsoleNoMfa.fix, cli: fillCli(CLI, { user: u.name, account: account.accountId }) },
        evidence: { password_enabled: u.row.password_enabled, mfa_active: u.row.mfa_active, password_last_used: u.row.password_last_used ?? null },
      }));
    return { checked: consoleUsers.length, hits };
  },
};
