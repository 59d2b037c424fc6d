import type { PostureRule, RuleHit } from '../types';
import { accountGraph, pathPolicies, principalAnalyses } from '../../posture/principals';
import { fillCli } from '../../posture/common';
import { GRAPH_METHODS } from '../../policy/graph';
import { roleExempt } from '../../posture/allowlist';

/**
 * Users and roles that are not administrators but can make themselves more powerful (Rhino Security Labs' methods,
 * Prowler's combinations, PMapper's edges: iam:PassRole + a compute service, CreateAccessKey for another user,
 * CreatePolicyVersion, …), judged on their effective permissions (own + groups', boundary, explicit Deny).
 * Admin-equivalent identities are left to admin-access. Service-linked, Identity Center and allow-listed roles skipped.
 */
export const privilegeEscalation: PostureRule = {
  id: 'privilege-escalation',
  kind: 'posture',
  title: 'Identity can escalate its own privileges',
  severity: 'high',
  guide: 'Grant least privilege: permissions that change permissions (iam:*, iam:PassRole to any role, policy versions, other users\' keys) belong only to administrators.',
  why: 'An identity that can attach policies, pass a powerful role to a new Lambda or EC2 instance, or create keys for other users is an administrator in waiting: stealing it is as good as stealing an admin.',
  fix: {
    console: [
      'IAM → Users (or Roles) → choose the identity → Permissions tab; find the statements named in the finding.',
      'Narrow them: iam:PassRole only to the specific role ARNs the job needs (with iam:PassedToService), no iam:Create*/Attach*/Put* on other principals.',
      'Consider a permissions boundary that denies IAM changes for this identity.',
    ],
    cli: 'aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-policy-arn>',
  },
  controls: [],
  evaluate(account, ctx) {
    const principals = [...principalAnalyses(account).values()].filter(
      (x) => !(x.policies.kind === 'role' && roleExempt('privilege-escalation', x.policies.arn, x.policies.path, account, ctx.config)),
    );
    const hits: RuleHit[] = [];
    const graph = accountGraph(account);
    const byPolicy = pathPolicies(account);
    for (const { policies: p, analysis: a } of principals) {
      if (graph.verdict(p.arn)?.admin) continue; // admin-access reports it, with its path
      // Methods through other principals (PassRole, credentials, role rewrites) count only where the graph found a target.
      const escalations = (a?.escalations ?? []).filter((e) => !GRAPH_METHODS.has(e.method));
      const gained = graph.escalation(p.arn);
      if (escalations.length === 0 && !gained) continue;
      const parts = escalations
        .slice(0, 3)
        .map((e) => `${e.method} (${e.actions.join(' + ')}${e.resources.length ? ` on ${e.resources.slice(0, 2).join(', ')}` : ''}${e.conditional ? ', under a Condition' : ''})`);
      if (gained) parts.unshift(`path ${gained.pathText} (gains permissions it does not hold${gained.conditional ? ', under a condition' : ''})`);
      const conditional = escalations.every((e) => e.conditional) && (!gained || gained.conditional);
      const more = escalations.length > 3 ? ` and ${escalations.length - 3} more` : '';
      hits.push({
        resource: p.arn,
        severity: conditional ? 'medium' : undefined,
        message: `IAM ${p.kind} ${p.name} can escalate its privileges: ${parts.join('; ')}${more}.`,
        fix: {
          ...privilegeEscalation.fix,
          cli: fillCli(`aws iam put-${p.kind}-permissions-boundary --${p.kind}-name <name> --permissions-boundary <boundary-policy-arn>`, { name: p.name }),
        },
        evidence: {
          escalations,
          path: gained?.path ?? [],
          pathText: gained?.pathText,
          policyFindings: (byPolicy.byPrincipal.get(p.arn) ?? []).map((resource) => ({ ruleId: 'privilege-escalation', resource })),
          unresolvedPolicies: p.unresolved,
        },
      });
    }
    // The policies that grant a path's first step: one finding per policy, naming every principal it opens a path for.
    for (const pol of byPolicy.policies.values()) {
      const admins = pol.opens.filter((o) => o.admin);
      const conditional = pol.opens.every((o) => o.conditional);
      const group = /:group\//.test(pol.resource);
      const inlineName = group ? /^inline policy (\S+) of group/.exec(pol.label)?.[1] ?? '' : '';
      hits.push({
        resource: pol.resource,
        severity: conditional ? 'medium' : undefined,
        message: `The ${pol.label} opens ${admins.length ? `a path to administrator for ${admins.length} principal${admins.length > 1 ? 's' : ''}` : `a privilege-escalation path for ${pol.opens.length} principal${pol.opens.length > 1 ? 's' : ''}`}: ${pol.opens
          .slice(0, 2)
          .map((o) => o.pathText)
          .join('; ')}${pol.opens.length > 2 ? ` and ${pol.opens.length - 2} more` : ''}${conditional ? ' (only under a condition)' : ''}. Narrowing this one policy closes them all.`,
        fix: {
          ...privilegeEscalation.fix,
          cli: group
            ? fillCli('aws iam get-group-policy --group-name <group> --policy-name <policy>   # then narrow the statements named in the path (aws iam put-group-policy)', { group: pol.resource.split('/').pop() ?? '', policy: inlineName })
            : fillCli('aws iam get-policy --policy-arn <arn>   # then narrow the statements named in the path (aws iam create-policy-version --set-as-default)', { arn: pol.resource }),
        },
        evidence: { policy: pol.label, opensAdminPath: admins.length > 0, principals: pol.opens.map((o) => o.arn), paths: pol.opens.slice(0, 10).map((o) => o.pathText), conditional },
      });
    }
    return { checked: principals.length + byPolicy.policies.size, hits };
  },
};
