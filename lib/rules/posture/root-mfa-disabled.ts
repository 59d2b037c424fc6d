import type { PostureRule } from '../types';
import { accountFixture, rootRow } from '../../posture/fixtures';
import { credentialView, notEvaluated, rootArn } from '../../posture/common';
import { builtExamples } from '../lazy-examples';

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
      'Sign in to the AWS console as the root user (email address and password).',
      'Open the account menu (top right) → Security credentials.',
      'Under Multi-factor authentication (MFA), choose Assign MFA device and prefer a hardware key (FIDO security key or hardware TOTP token).',
      'Store the device (and a second backup device) somewhere safe; then sign out of root.',
    ],
    cli: 'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # root MFA is assigned in the console; this prints 1 once it is on',
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
  get examples() {
    return builtExamples(this, {
      fail: [
        { name: 'summary says no root MFA', account: accountFixture({ summary: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 } }) },
        {
          name: 'no summary; credential report root row mfa_active false',
          account: accountFixture({ summary: undefined, credentialReport: { rows: [rootRow({ mfa_active: 'false' })] } }),
        },
      ],
      pass: [
        { name: 'summary says root MFA is on', account: accountFixture() },
        { name: 'no summary; credential report root row mfa_active true', account: accountFixture({ summary: undefined }) },
      ],
    });
  },
};
