import type { PostureRule } from '../types';
import { fillCli } from '../../posture/common';

const CLI = 'aws iam add-user-to-group --user-name <user> --group-name <group>   # then: aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn> (inline: aws iam delete-user-policy --user-name <user> --policy-name <policy-name>)';

/** IAM users with managed policies attached directly or inline policies (permissions should come from groups). */
export const userDirectPolicy: PostureRule = {
  id: 'user-direct-policy',
  kind: 'posture',
  title: 'IAM user has policies attached directly',
  severity: 'low',
  guide: 'Use groups to assign permissions to IAM users: attach policies to groups, not to individual users (CIS 1.15: users receive permissions only through groups).',
  why: 'Per-user policies drift: people change jobs and keep old rights, and nobody can see at a glance who can do what. Groups make permissions reviewable and removable in one place.',
  fix: {
    console: [
      'IAM → User groups: create (or pick) a group for the job and attach the needed policies to it.',
      'IAM → Users → choose the user → Groups tab → Add user to groups.',
      'Permissions tab → remove the directly attached and inline policies.',
    ],
    cli: CLI,
  },
  controls: ['IAM.2', 'CIS-1.15'],
  evaluate(account) {
    const hits = account.users
      .filter((u) => u.AttachedManagedPolicies.length > 0 || u.UserPolicyList.length > 0)
      .map((u) => {
        const attached = u.AttachedManagedPolicies.map((p) => p.PolicyArn);
        const inline = u.UserPolicyList.map((p) => p.PolicyName);
        const parts = [
          ...(attached.length ? [`attached: ${u.AttachedManagedPolicies.map((p) => p.PolicyName).join(', ')}`] : []),
          ...(inline.length ? [`inline: ${inline.join(', ')}`] : []),
        ];
        return {
          resource: u.Arn,
          message: `IAM user ${u.UserName} has policies of its own (${parts.join('; ')}) instead of getting permissions from a group.`,
          fix: {
            ...userDirectPolicy.fix,
            cli: fillCli(CLI, { user: u.UserName, 'policy-arn': attached[0] ?? '<policy-arn>', 'policy-name': inline[0] ?? '<policy-name>' }),
          },
          evidence: { attachedPolicies: attached, inlinePolicies: inline },
        };
      });
    return { checked: account.users.length, hits };
  },
};
