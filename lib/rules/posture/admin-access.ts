import type { PostureRule, RuleHit } from '../types';
import type { Severity } from '../../findings/types';
import { fillCli } from '../../posture/common';
import { adminUserStandings } from '../../posture/admin-users';
import { accountGraph, documentIsAdmin, pathPolicies, principalAnalyses } from '../../posture/principals';
import { roleExempt } from '../../posture/allowlist';
import { isAwsManagedPolicyArn } from '../../policy/managed';

/**
 * Users and roles whose effective permissions (own inline + attached + groups' policies, default versions, minus
 * unconditional explicit Deny, within the permissions boundary) are administrator-equivalent: AdministratorAccess,
 * Allow `*` on `*` (also via NotAction), or the power to grant themselves anything.
 *
 * Severity: high. An IAM user that gets admin only through a group, signs in with a console password and MFA and has
 * no active access key is the guide's own "admin IAM user" (lib/posture/admin-users.ts, the same definition as the
 * weekly checklist): reported as info so it stays visible without lowering the score. A group admin with neither a
 * password nor a key (nobody signs in as it) is info too, with its own note; it does not count as the guide's admin.
 * Admin that only holds under a Condition (e.g. MFA required) is medium. Service-linked, Identity Center and
 * allow-listed roles are never flagged.
 */
export const adminAccess: PostureRule = {
  id: 'admin-access',
  kind: 'posture',
  title: 'Identity has administrator access',
  severity: 'high',
  guide: 'Grant least privilege: give administrator access only to the few people who need it, through an Administrators group with MFA, and never to programs (CIS 1.16: no full "*:*" administrative privileges attached).',
  why: 'An administrator identity can read every secret, delete every resource and create new back doors; if its credentials leak, the whole account is lost.',
  fix: {
    console: [
      'IAM → Users (or Roles) → choose the identity → Permissions tab: see which policy grants admin (AdministratorAccess, or a statement allowing * on *).',
      'For people: remove direct grants and put them in an Administrators group, with MFA and no access keys (or use IAM Identity Center).',
      'For programs: replace the policy with one listing only the actions and resources the program uses (IAM Access Analyzer can generate it from CloudTrail).',
    ],
    cli: 'aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
  },
  controls: ['IAM.1', 'CIS-1.16'],
  evaluate(account, ctx) {
    const standings = adminUserStandings(account);
    const principals = [...principalAnalyses(account).values()].filter(
      (x) => !(x.policies.kind === 'role' && roleExempt('admin-access', x.policies.arn, x.policies.path, account, ctx.config)),
    );
    const hits: RuleHit[] = [];
    const graph = accountGraph(account);
    const groupArns = new Map(account.groups.map((g) => [g.GroupName, g.Arn]));
    // Customer-managed and group inline policies that on their own make a holder admin: one finding each (below).
    const byPolicy = new Map<string, { label: string; inlineName?: string; holders: string[]; conditional: boolean }>();
    for (const { policies: p, analysis: all, ownAdmin } of principals) {
      const verdict = graph.verdict(p.arn);
      if (!verdict?.admin) continue;
      const viaPath = !verdict.base || !all?.adminEquivalent;
      const adminSources = viaPath ? [] : p.sources.filter((s) => documentIsAdmin(s.document));
      const policyRefs: string[] = [];
      for (const s of adminSources) {
        const inline = s.managedArn ? undefined : /^inline policy (\S+) of group (.+)$/.exec(s.label);
        const resource = s.managedArn && !isAwsManagedPolicyArn(s.managedArn) ? s.managedArn : inline ? groupArns.get(inline[2]) : undefined;
        if (!resource) continue;
        policyRefs.push(resource);
        const entry = byPolicy.get(resource) ?? { label: s.managedArn ? `customer managed policy ${s.managedArn.split('/').pop() ?? s.managedArn}` : `inline policy ${inline?.[1] ?? ''} of group ${inline?.[2] ?? ''}`, ...(inline ? { inlineName: inline[1] } : {}), holders: [], conditional: true };
        if (!entry.holders.includes(p.arn)) entry.holders.push(p.arn);
        if (!verdict.conditional) entry.conditional = false;
        byPolicy.set(resource, entry);
      }
      // The principal's admin is closed by fixing those policies only when every admin-granting policy is one of them.
      const closedByPolicies = adminSources.length > 0 && policyRefs.length === adminSources.length;
      const viaGroupOnly = !viaPath && p.kind === 'user' && !ownAdmin;
      let severity: Severity = 'high';
      const notes: string[] = [];
      if (verdict.conditional) {
        severity = 'medium';
        const conds = [...new Set(verdict.path.flatMap((s) => s.conditions))];
        notes.push(viaPath ? `the path holds only under a condition${conds.length ? ` (${conds.slice(0, 3).join('; ')})` : ''}` : 'the grant holds only under a Condition');
      }
      // Users: one definition of the guide's admin user with the report's checklist (lib/posture/admin-users.ts).
      const standing = p.kind === 'user' ? standings.get(p.arn) : undefined;
      if (standing) {
        if (!viaPath && !viaGroupOnly) notes.push('granted to the user directly, not through a group');
        if (standing.consolePassword && standing.mfa === false) notes.push('console password without MFA');
        if (standing.activeKeys) notes.push(`${standing.activeKeys} active access key${standing.activeKeys > 1 ? 's' : ''}`);
        if (standing.activeKeys === undefined) notes.push('MFA and keys could not be checked (no credential report row)');
        if (standing.guideAdmin) {
          severity = 'info';
          notes.push('a person admin through a group, signing in with a password and MFA, no access keys: the guide\'s recommended admin user (keep such users few)');
        } else if (viaGroupOnly && standing.consolePassword === false && standing.activeKeys === 0) {
          severity = 'info';
          notes.push('no console password and no access key: nobody signs in as this admin user (delete it if unused)');
        }
      }
      const managed = viaPath ? undefined : p.sources.find((s) => s.managedArn && documentIsAdmin(s.document));
      const first = verdict.path[0];
      const what = viaPath ? `through a path: ${verdict.pathText}` : `(${(all?.adminReasons ?? []).slice(0, 2).join('; ')})`;
      hits.push({
        resource: p.arn,
        severity: severity === 'high' ? undefined : severity,
        message: `IAM ${p.kind} ${p.name} has administrator access ${what}${notes.length ? `; ${notes.join('; ')}` : ''}.`,
        fix: {
          ...adminAccess.fix,
          cli:
            managed?.via === 'self'
              ? fillCli(`aws iam detach-${p.kind}-policy --${p.kind}-name <name> --policy-arn <policy-arn>`, { name: p.name, 'policy-arn': managed.managedArn })
              : viaPath && first?.kind === 'assume-role' && first.policies.length === 0 && first.to
                ? fillCli('aws iam get-role --role-name <role>   # then remove the principal from its trust policy (aws iam update-assume-role-policy)', { role: first.to.split('/').pop() ?? '' })
                : viaPath
                  ? fillCli(`aws iam list-attached-${p.kind}-policies --${p.kind}-name <name>   # then narrow the policy that grants the path's first step`, { name: p.name })
                  : p.kind === 'user'
                    ? fillCli('aws iam list-groups-for-user --user-name <name>   # then remove the user from the admin group: aws iam remove-user-from-group --user-name <name> --group-name <group>', { name: p.name })
                    : fillCli('aws iam list-attached-role-policies --role-name <name>   # then detach or narrow the policy that grants admin', { name: p.name }),
        },
        evidence: {
          adminReasons: viaPath ? [`path: ${verdict.pathText}`] : all?.adminReasons ?? [],
          conditional: verdict.conditional,
          viaGroupOnly,
          // Users: the guide's admin-user verdict, which the weekly checklist reads when it has no snapshot.
          ...(standing ? { adminUser: { guideAdmin: standing.guideAdmin, shortfalls: standing.shortfalls } } : {}),
          notes,
          path: verdict.path,
          pathText: verdict.pathText,
          // The policy findings (privilege-escalation on a customer policy) whose fix also closes this path.
          policyFindings: viaPath
            ? (pathPolicies(account).byPrincipal.get(p.arn) ?? []).map((resource) => ({ ruleId: 'privilege-escalation', resource }))
            : closedByPolicies
              ? [...new Set(policyRefs)].map((resource) => ({ ruleId: 'admin-access', resource }))
              : [],
          unresolvedPolicies: p.unresolved,
        },
      });
    }
    for (const [resource, pol] of byPolicy) {
      const group = /:group\//.test(resource);
      const n = pol.holders.length;
      hits.push({
        resource,
        severity: pol.conditional ? 'medium' : undefined,
        message: `The ${pol.label} on its own makes ${n === 1 ? 'its holder' : `${n} principals`} administrator${n === 1 ? '' : 's'}: ${pol.holders
          .slice(0, 3)
          .map((a) => a.split(':').pop() ?? a)
          .join(', ')}${n > 3 ? ` and ${n - 3} more` : ''}${pol.conditional ? ' (only under a Condition)' : ''}. Narrowing this one policy closes them all.`,
        fix: {
          ...adminAccess.fix,
          cli: group
            ? fillCli('aws iam get-group-policy --group-name <group> --policy-name <policy>   # then narrow it (aws iam put-group-policy) or remove it (aws iam delete-group-policy)', { group: resource.split('/').pop() ?? '', policy: pol.inlineName ?? '' })
            : fillCli('aws iam get-policy --policy-arn <arn>   # then narrow it (aws iam create-policy-version --set-as-default) or detach it from its holders', { arn: resource }),
        },
        evidence: { policy: pol.label, ...(pol.inlineName ? { policyName: pol.inlineName } : {}), principals: pol.holders, conditional: pol.conditional },
      });
    }
    return { checked: principals.length + byPolicy.size, hits };
  },
};
