import type { PostureRule } from '../types';
import { ageDays, fillCli, parseDate } from '../../posture/common';
import { roleExempt } from '../../posture/allowlist';

/**
 * Roles not used for `thresholds.unusedRoleDays` (RoleLastUsed.LastUsedDate; a role never used counts from its
 * CreateDate). IAM tracks last use for 400 days. Service-linked, Identity Center and allow-listed roles are skipped:
 * AWS manages them.
 */
export const unusedRole: PostureRule = {
  id: 'unused-role',
  kind: 'posture',
  title: 'IAM role unused for a long time',
  severity: 'low',
  guide: 'Grant least privilege and remove what is not needed: delete roles nobody has used for months.',
  why: 'Every role is a door into the account; unused roles keep their permissions and trust relationships, and nobody notices when one starts being used.',
  fix: {
    console: [
      'IAM → Roles → sort by "Last activity"; open the role and check its trust and permissions.',
      'Confirm with its owner (tags, CloudFormation stack) that it is no longer needed, then delete it.',
    ],
    cli: 'aws iam delete-role --role-name <role>   # first detach its policies: aws iam list-attached-role-policies --role-name <role>',
  },
  controls: [],
  evaluate(account, ctx) {
    const limit = ctx.config.thresholds.unusedRoleDays;
    const roles = account.roles.filter((r) => !roleExempt('unused-role', r.Arn, r.Path, account, ctx.config));
    const hits = roles.flatMap((r) => {
      const used = parseDate(r.RoleLastUsed?.LastUsedDate);
      const created = parseDate(r.CreateDate);
      const since = used ?? created;
      if (since === undefined || ageDays(account, since) <= limit) return [];
      const days = ageDays(account, since);
      return [
        {
          resource: r.Arn,
          message:
            used !== undefined
              ? `IAM role ${r.RoleName} was last used ${days} days before the snapshot (${r.RoleLastUsed?.LastUsedDate}${r.RoleLastUsed?.Region ? ` in ${r.RoleLastUsed.Region}` : ''}).`
              : `IAM role ${r.RoleName} has not been used (no use recorded in IAM's 400-day window) since it was created ${days} days before the snapshot.`,
          fix: { ...unusedRole.fix, cli: fillCli(unusedRole.fix.cli, { role: r.RoleName }) },
          evidence: { lastUsed: r.RoleLastUsed?.LastUsedDate ?? null, created: r.CreateDate ?? null, days, thresholdDays: limit },
        },
      ];
    });
    return { checked: roles.length, hits };
  },
};
