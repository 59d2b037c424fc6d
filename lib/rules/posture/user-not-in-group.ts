import type { PostureRule } from '../types';
import { fillCli } from '../../posture/common';

const CLI = 'aws iam add-user-to-group --user-name <user> --group-name <group>';

/** IAM users that belong to no group (the guide: people get permissions through groups). */
export const userNotInGroup: PostureRule = {
  id: 'user-not-in-group',
  kind: 'posture',
  title: 'IAM user belongs to no group',
  severity: 'low',
  guide: 'Create groups for job functions and put every IAM user in the group for their job; manage permissions on the groups.',
  why: 'A user outside every group either has ad-hoc per-user permissions or is a forgotten identity; both escape the group-based review.',
  fix: {
    console: ['IAM → Users → choose the user → Groups tab → Add user to groups.', 'If the user is no longer needed, delete it instead.'],
    cli: CLI,
  },
  controls: [],
  evaluate(account) {
    const hits = account.users
      .filter((u) => u.GroupList.length === 0)
      .map((u) => ({
        resource: u.Arn,
        message: `IAM user ${u.UserName} is not a member of any group${
          u.AttachedManagedPolicies.length + u.UserPolicyList.length > 0 ? ' (its permissions are attached to it directly)' : ''
        }.`,
        fix: { ...userNotInGroup.fix, cli: fillCli(CLI, { user: u.UserName }) },
        evidence: { groups: [] },
      }));
    return { checked: account.users.length, hits };
  },
};
