import type { PostureRule } from '../types';
import { credentialView, notEvaluated, reportTrue, rootArn } from '../../posture/common';

/** Root access keys: credential report root row `access_key_{1,2}_active`, or AccountAccessKeysPresent. */
export const rootAccessKeyPresent: PostureRule = {
  id: 'root-access-key-present',
  kind: 'posture',
  title: 'Root user has an access key',
  severity: 'critical',
  guide: 'Lock away your AWS account root user access keys: if you have one, delete it (CIS 1.4: no root user access key exists).',
  why: 'A root access key gives unrestricted, MFA-free programmatic control of the whole account and cannot be limited by any policy; once leaked (a repository, a laptop) the account is lost.',
  fix: {
    console: [
      'Only the root user can delete its own access key (no IAM user or role can), so this needs a root sign-in in the console; never put the root key into the AWS CLI to delete it. Open https://console.aws.amazon.com/, choose "Root user" and sign in with the account e-mail address and password, then account menu → Security credentials.',
      'Under Access keys, choose Actions → Deactivate first (check nothing breaks), then Actions → Delete.',
      'Give any automation that used it an IAM role or an IAM user with only the permissions it needs; sign out of root.',
      'In an AWS Organization with centralized root access, the management account can delete it without the root password instead: IAM → Root access management → choose the account → Delete root user credentials.',
    ],
    cli: 'aws iam get-account-summary --query "SummaryMap.AccountAccessKeysPresent"   # check after the console steps, with your own admin IAM user: prints 0 once no root access key is left',
  },
  controls: ['IAM.4', 'CIS-1.4'],
  evaluate(account) {
    const view = credentialView(account);
    const summaryKeys = account.summary?.AccountAccessKeysPresent;
    const activeSlots: number[] = [];
    if (!('reason' in view) && view.root) {
      if (reportTrue(view.root.access_key_1_active)) activeSlots.push(1);
      if (reportTrue(view.root.access_key_2_active)) activeSlots.push(2);
    } else if (typeof summaryKeys !== 'number') {
      return notEvaluated('Neither the credential report root row nor the account summary is available, so root access keys cannot be checked.');
    }
    const present = activeSlots.length > 0 || (typeof summaryKeys === 'number' && summaryKeys > 0);
    if (!present) return { checked: 1, hits: [] };
    const detail =
      activeSlots.length > 0 && !('reason' in view) && view.root
        ? activeSlots.map((n) => `key ${n} last rotated ${view.root?.[`access_key_${n}_last_rotated`]}, last used ${view.root?.[`access_key_${n}_last_used_date`]}`).join('; ')
        : `GetAccountSummary reports AccountAccessKeysPresent = ${summaryKeys}`;
    return {
      checked: 1,
      hits: [
        {
          resource: rootArn(account),
          message: `The root user of account ${account.accountId} has an access key (${detail}). Delete it.`,
          evidence: {
            activeKeySlots: activeSlots,
            AccountAccessKeysPresent: summaryKeys ?? null,
            ...(!('reason' in view) ? { credentialReport: view.staleness } : {}),
          },
        },
      ],
    };
  },
};
