import type { PostureRule, RuleHit } from '../types';
import { fillCli } from '../../posture/common';
import { roleExempt } from '../../posture/allowlist';

const CLOUDSHELL = /^arn:aws[a-z-]*:iam::aws:policy\/AWSCloudShellFullAccess$/;

/** Users, groups and roles with the AWS managed policy AWSCloudShellFullAccess attached (IAM.27, CIS 1.22). */
export const cloudshellFullAccess: PostureRule = {
  id: 'cloudshell-full-access',
  kind: 'posture',
  title: 'AWSCloudShellFullAccess policy attached',
  severity: 'medium',
  guide: 'Restrict access to AWS CloudShell (CIS 1.22): do not attach AWSCloudShellFullAccess; grant only the CloudShell actions people need.',
  why: 'AWSCloudShellFullAccess allows uploading and downloading files and opening network access from CloudShell, a ready path to move data out of the account.',
  fix: {
    console: [
      'IAM → Policies → AWSCloudShellFullAccess → Entities attached: detach it from each user, group and role.',
      'If CloudShell is needed, attach a customer managed policy allowing only cloudshell:CreateEnvironment, CreateSession, GetEnvironmentStatus, StartEnvironment, StopEnvironment (deny PutCredentials and file transfer).',
    ],
    cli: 'aws iam detach-group-policy --group-name <group> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
  },
  controls: ['IAM.27', 'CIS-1.22'],
  evaluate(account, ctx) {
    const hits: RuleHit[] = [];
    const policyArn = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';
    const check = (kind: 'user' | 'group' | 'role', name: string, arn: string, attached: { PolicyArn: string }[]) => {
      if (!attached.some((p) => CLOUDSHELL.test(p.PolicyArn))) return;
      hits.push({
        resource: arn,
        message: `IAM ${kind} ${name} has the AWSCloudShellFullAccess policy attached.`,
        fix: { ...cloudshellFullAccess.fix, cli: fillCli(`aws iam detach-${kind}-policy --${kind}-name <name> --policy-arn <policy-arn>`, { name, 'policy-arn': policyArn }) },
        evidence: { policyArn },
      });
    };
    const roles = account.roles.filter((r) => !roleExempt('cloudshell-full-access', r.Arn, r.Path, account, ctx.config));
    for (const u of account.users) check('user', u.UserName, u.Arn, u.AttachedManagedPolicies);
    for (const g of account.groups) check('group', g.GroupName, g.Arn, g.AttachedManagedPolicies);
    for (const r of roles) check('role', r.RoleName, r.Arn, r.AttachedManagedPolicies);
    return { checked: account.users.length + account.groups.length + roles.length, hits };
  },
};
