import type { PostureRule } from '../types';
import { activeKeys, credentialView, fillCli, notEvaluated } from '../../posture/common';

const CLI = 'aws iam list-access-keys --user-name <user>   # then deactivate the unused one: aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive';

/** IAM users with both access key slots active (CIS 1.13: only one active access key per user). */
export const userTwoActiveKeys: PostureRule = {
  id: 'user-two-active-keys',
  kind: 'posture',
  title: 'IAM user has two active access keys',
  severity: 'low',
  guide: 'Keep at most one active access key per IAM user (CIS 1.13); the second slot exists only for rotation.',
  why: 'Two active keys usually means a rotation that was never finished: the old key is still valid somewhere nobody remembers.',
  fix: {
    console: [
      'IAM → Users → choose the user → Security credentials → Access keys.',
      'Check "Last used" of both keys; make the older or unused one Inactive, wait, then delete it.',
    ],
    cli: CLI,
  },
  controls: ['CIS-1.13'],
  evaluate(account) {
    const view = credentialView(account);
    if ('reason' in view) return notEvaluated(view.reason);
    const withKeys = view.users.filter((u) => activeKeys(u.row).length > 0);
    const hits = withKeys
      .filter((u) => activeKeys(u.row).length === 2)
      .map((u) => {
        const keys = activeKeys(u.row);
        return {
          resource: u.arn,
          message: `IAM user ${u.name} has two active access keys (key 1 created ${keys[0].lastRotated}, last used ${keys[0].lastUsed}; key 2 created ${keys[1].lastRotated}, last used ${keys[1].lastUsed}). ${view.staleness}`,
          fix: { ...userTwoActiveKeys.fix, cli: fillCli(CLI, { user: u.name }) },
          evidence: { keys },
        };
      });
    return { checked: withKeys.length, hits };
  },
};
