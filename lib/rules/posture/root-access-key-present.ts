import type { PostureRule } from '../types';
import { accountFixture, daysAgo, rootRow } from '../../posture/fixtures';
import { credentialView, notEvaluated, reportTrue, rootArn } from '../../posture/common';
import { builtExamples } from '../lazy-examples';

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
      'Sign in as the root user → account menu → Security credentials.',
      'Under Access keys, make the key Inactive first (check nothing breaks), then Delete it.',
      'Give any automation that used it an IAM role or an IAM user with only the permissions it needs.',
    ],
    cli: 'aws iam delete-access-key --access-key-id <access-key-id>   # run with the root key itself; list it first with: aws iam list-access-keys',
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
  get examples() {
    return builtExamples(this, {
      fail: [
        {
          name: 'credential report root row with an active key',
          account: accountFixture({
            credentialReport: { rows: [rootRow({ access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(700), access_key_1_last_used_date: daysAgo(3) })] },
          }),
        },
        {
          name: 'summary only: AccountAccessKeysPresent 1',
          account: accountFixture({ credentialReport: undefined, summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 } }),
        },
      ],
      pass: [
        { name: 'no root key', account: accountFixture() },
        {
          name: 'no summary; credential report root row without active keys',
          account: accountFixture({ summary: undefined, credentialReport: { rows: [rootRow({ access_key_2_active: 'false', access_key_2_last_rotated: 'N/A' })] } }),
        },
      ],
    });
  },
};
