import type { PostureRule } from '../types';
import { credentialView, notEvaluated, rootArn } from '../../posture/common';

/** Root MFA: GetAccountSummary AccountMFAEnabled, else the credential report's root `mfa_active`. */
export const rootMfaDisabled: PostureRule = {
  id: 'root-mfa-disabled',
  kind: 'posture',
  title: 'Root user has no MFA',
  severity: 'critical',
  guide: 'Never use the root user for everyday tasks, and protect it with multi-factor authentication (CIS 1.5: MFA is enabled for the root user).',
  why: 'The root user can do anything in the account, including closing it and changing billing; a leaked or guessed root password without MFA hands over the whole account.',
  fix: {
    console: [
      'Only the root user can assign an MFA device to itself (no IAM user, role or API call made with other credentials can), so this is one of the few tasks that need a root sign-in: open https://console.aws.amazon.com/, choose "Root user" and sign in with the account e-mail address and password.',
      'Open the account menu (top right, your account name) → Security credentials.',
      'Under Multi-factor authentication (MFA), choose Assign MFA device and give it a name (e.g. root-passkey).',
      'Pick the device type: a passkey or security key (FIDO: strongest; touch it when asked), an authenticator app on your phone (scan the QR code, then type two consecutive codes from the app), or a hardware TOTP token (type its serial number and two consecutive codes).',
      'Choose Add MFA (or Assign MFA). Sign out, sign back in as root once to check that the MFA prompt works, and sign out again.',
      'Keep the device, and a second backup device (root accepts up to 8), somewhere safe; use your admin IAM user for daily work.',
    ],
    cli: 'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # check after the console steps, with your own admin IAM user: prints 1 once root has MFA',
  },
  controls: ['IAM.9', 'CIS-1.5'],
  evaluate(account) {
    const resource = rootArn(account);
    const fromSummary = account.summary?.AccountMFAEnabled;
    let enabled: boolean | undefined;
    let source = '';
    if (typeof fromSummary === 'number') {
      enabled = fromSummary > 0;
      source = 'GetAccountSummary AccountMFAEnabled';
    } else {
      const view = credentialView(account);
      if ('reason' in view || !view.root) {
        return notEvaluated('Neither the account summary nor the credential report root row is available, so root MFA cannot be checked.');
      }
      enabled = view.root.mfa_active?.trim().toLowerCase() === 'true';
      source = 'credential report <root_account> mfa_active';
    }
    if (enabled) return { checked: 1, hits: [] };
    return {
      checked: 1,
      hits: [
        {
          resource,
          message: `The root user of account ${account.accountId} has no MFA device: anyone with the root password controls the account.`,
          evidence: { source, AccountMFAEnabled: fromSummary ?? null },
        },
      ],
    };
  },
};
