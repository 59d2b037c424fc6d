import type { PostureRule } from '../types';
import { activeKeys, ageDays, credentialView, fillCli, notEvaluated, parseDate, reportTrue } from '../../posture/common';

const CLI = 'aws iam delete-login-profile --user-name <user>   # unused password; for an unused key: aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive';

/**
 * Credentials unused for `thresholds.credentialsUnusedDays` (CIS 1.12, 45 days): a console password not used since
 * then (or never used and older than that), an active access key not used since then (or never used and older).
 */
export const credentialsUnused: PostureRule = {
  id: 'credentials-unused',
  kind: 'posture',
  title: 'IAM user credentials unused for too long',
  severity: 'medium',
  guide: 'Disable credentials unused for 45 days or more (CIS 1.12): remove passwords and keys people or programs no longer use.',
  why: 'Forgotten passwords and keys belong to people who left or programs that were retired; nobody notices when an attacker starts using them.',
  fix: {
    console: [
      'IAM → Users → choose the user → Security credentials.',
      'Console password unused: choose Manage console access → Disable.',
      'Access key unused: make it Inactive, wait a few days, then delete it. Delete the user if nothing is left.',
    ],
    cli: CLI,
  },
  controls: ['IAM.22', 'IAM.8', 'CIS-1.12'],
  evaluate(account, ctx) {
    const view = credentialView(account);
    if ('reason' in view) return notEvaluated(view.reason);
    const limit = ctx.config.thresholds.credentialsUnusedDays;
    const old = (v: string | undefined) => {
      const t = parseDate(v);
      return t !== undefined && ageDays(account, t) > limit;
    };
    const withCreds = view.users.filter((u) => reportTrue(u.row.password_enabled) || activeKeys(u.row).length > 0);
    const hits = withCreds.flatMap((u) => {
      const unused: string[] = [];
      if (reportTrue(u.row.password_enabled)) {
        const last = u.row.password_last_used;
        if (parseDate(last) !== undefined) {
          if (old(last)) unused.push(`console password last used ${last}`);
        } else if (old(u.row.password_last_changed) || (parseDate(u.row.password_last_changed) === undefined && old(u.row.user_creation_time))) {
          unused.push(`console password never used (user created ${u.row.user_creation_time})`);
        }
      }
      for (const k of activeKeys(u.row)) {
        if (parseDate(k.lastUsed) !== undefined) {
          if (old(k.lastUsed)) unused.push(`access key ${k.slot} last used ${k.lastUsed}`);
        } else if (old(k.lastRotated)) {
          unused.push(`access key ${k.slot} never used (created ${k.lastRotated})`);
        }
      }
      if (unused.length === 0) return [];
      return [
        {
          resource: u.arn,
          message: `IAM user ${u.name} has credentials unused for more than ${limit} days: ${unused.join('; ')}. ${view.staleness}`,
          fix: { ...credentialsUnused.fix, cli: fillCli(CLI, { user: u.name }) },
          evidence: { unused, thresholdDays: limit },
        },
      ];
    });
    return { checked: withCreds.length, hits };
  },
};
