import type { PostureRule } from '../types';
import { activeKeys, credentialView, fillCli, notEvaluated, parseDate, reportTrue } from '../../posture/common';

const CLI = 'aws iam delete-access-key --user-name <user> --access-key-id <key-id>   # list them with: aws iam list-access-keys --user-name <user>';

/**
 * CIS 1.11 audit: a console user (`password_enabled`) with an active access key that has never been used
 * (`access_key_N_last_used_date` = N/A) — typically created "just in case" when the user was set up.
 */
export const accessKeyAtSetup: PostureRule = {
  id: 'access-key-at-setup',
  kind: 'posture',
  title: 'Console user has an access key that was never used',
  severity: 'low',
  guide: 'Do not set up access keys during initial user setup for IAM users that have a console password (CIS 1.11); create a key only when a program needs one.',
  why: 'Keys created at setup "just in case" are long-lived secrets nobody needs; they sit in a download folder or password manager waiting to leak.',
  fix: {
    console: ['IAM → Users → choose the user → Security credentials → Access keys.', 'Delete the access key whose "Last used" is N/A (never used).'],
    cli: CLI,
  },
  controls: ['CIS-1.11'],
  evaluate(account) {
    const view = credentialView(account);
    if ('reason' in view) return notEvaluated(view.reason);
    const consoleUsers = view.users.filter((u) => reportTrue(u.row.password_enabled));
    const hits = consoleUsers.flatMap((u) => {
      const unused = activeKeys(u.row).filter((k) => parseDate(k.lastUsed) === undefined);
      if (unused.length === 0) return [];
      return [
        {
          resource: u.arn,
          message: `IAM user ${u.name} has a console password and an active access key that has never been used (${unused
            .map((k) => `key ${k.slot}, created ${k.lastRotated}`)
            .join('; ')}; user created ${u.row.user_creation_time}). ${view.staleness}`,
          fix: { ...accessKeyAtSetup.fix, cli: fillCli(CLI, { user: u.name }) },
          evidence: { keys: unused, userCreated: u.row.user_creation_time ?? null },
        },
      ];
    });
    return { checked: consoleUsers.length, hits };
  },
};
