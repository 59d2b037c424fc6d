import type { PostureRule } from '../types';
import { activeKeys, ageDays, credentialView, fillCli, notEvaluated, parseDate } from '../../posture/common';

const CLI = 'aws iam create-access-key --user-name <user>   # then switch the application to the new key and: aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive';

/** Active access keys older than `thresholds.accessKeyMaxAgeDays` (credential report `access_key_N_last_rotated`). */
export const accessKeyNotRotated: PostureRule = {
  id: 'access-key-not-rotated',
  kind: 'posture',
  title: 'Access key not rotated within the allowed age',
  severity: 'medium',
  guide: 'Do not keep long-lived access keys; rotate access keys every 90 days or less (CIS 1.14), and prefer roles with temporary credentials.',
  why: 'An old key has had more time to be copied into scripts, laptops and repositories; rotating limits how long a leaked key stays useful.',
  fix: {
    console: [
      'IAM → Users → choose the user → Security credentials → Access keys.',
      'Create a second access key, move the application to it, then make the old key Inactive and delete it once nothing fails.',
      'Better: replace the key with a role (EC2 instance profile, Lambda role, IAM Roles Anywhere, SSO for people).',
    ],
    cli: CLI,
  },
  controls: ['IAM.3', 'CIS-1.14'],
  evaluate(account, ctx) {
    const view = credentialView(account);
    if ('reason' in view) return notEvaluated(view.reason);
    const limit = ctx.config.thresholds.accessKeyMaxAgeDays;
    const withKeys = view.users.filter((u) => activeKeys(u.row).length > 0);
    const hits = withKeys.flatMap((u) => {
      const old = activeKeys(u.row)
        .map((k) => ({ ...k, t: parseDate(k.lastRotated) }))
        .filter((k) => k.t !== undefined && ageDays(account, k.t) > limit)
        .map((k) => ({ slot: k.slot, lastRotated: k.lastRotated, ageDays: ageDays(account, k.t as number) }));
      if (old.length === 0) return [];
      return [
        {
          resource: u.arn,
          message: `IAM user ${u.name} has ${old.length === 1 ? 'an active access key' : 'active access keys'} older than ${limit} days (${old
            .map((k) => `key ${k.slot}: ${k.ageDays} days, created ${k.lastRotated}`)
            .join('; ')}). ${view.staleness}`,
          fix: { ...accessKeyNotRotated.fix, cli: fillCli(CLI, { user: u.name }) },
          evidence: { keys: old, thresholdDays: limit },
        },
      ];
    });
    return { checked: withKeys.length, hits };
  },
};
