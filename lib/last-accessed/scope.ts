/**
 * Which principals the sweep asks IAM's last-accessed data for (lastAccessed.scope in the config), most important
 * first, at most lastAccessed.maxPrincipals. Pure: no AWS SDK.
 *
 * - `flagged` (default): users and roles holding a policy that grants administrator access on its own (the
 *   admin-access and policy-admin-statement rules' per-document verdict), an AWS managed full-access policy
 *   (`…FullAccess`, `PowerUserAccess`, `AdministratorAccess`, directly or through a group), or an Allow statement with
 *   a wildcard action (`*`, `s3:*`, `s3:Get*`) or `NotAction`. Admins come first, then full access, then wildcards; ARN
 *   order within each. Admin through a path (assume-role chains, …) is not asked about: last-accessed data covers the
 *   principal's own permission policies only, and the privilege graph is not run twice per sweep.
 * - `all`: every user and role.
 * - `off`: none (the rule then says "not evaluated").
 * Service-linked and IAM Identity Center roles are AWS-managed and never asked about; allow-listed roles that look as
 * their entry expects (OrganizationAccountAccessRole, Control Tower: admin by design) are skipped too.
 * Principals in scope beyond the cap are returned in `overCap`, so they are reported as not evaluated.
 */
import type { AccountModel } from '../account/model';
import type { Config } from '../config/types';
import { isAwsManagedPrincipal } from '../posture/common';
import { roleExempt } from '../posture/allowlist';
import { documentIsAdmin, principalPolicies } from '../posture/principals';

export type ScopeReason = 'admin' | 'full-access' | 'wildcard' | 'all';

export interface ScopedPrincipal {
  arn: string;
  reason: ScopeReason;
}

export interface LastAccessedScope {
  /** One sentence for the snapshot file and the findings. */
  description: string;
  selected: ScopedPrincipal[];
  overCap: ScopedPrincipal[];
}

const FULL_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(?:[A-Za-z0-9]+FullAccess(?:V\d+)?|PowerUserAccess|AdministratorAccess)$/;

const RANK: Record<ScopeReason, number> = { admin: 0, 'full-access': 1, wildcard: 2, all: 3 };

function wildcardAction(actions: string[] | undefined): boolean {
  return (actions ?? []).some((a) => a.includes('*') || a.includes('?'));
}

export function lastAccessedScope(account: AccountModel, config: Config): LastAccessedScope {
  const la = config.lastAccessed;
  const cap = la.maxPrincipals;
  if (la.scope === 'off') return { description: 'lastAccessed.scope is off in the configuration', selected: [], overCap: [] };
  const principals = principalPolicies(account).filter(
    (p) => !isAwsManagedPrincipal(p.arn, p.path, config) && !(p.kind === 'role' && roleExempt('unused-permissions', p.arn, p.path, account, config)),
  );
  let scoped: ScopedPrincipal[];
  if (la.scope === 'all') {
    scoped = principals.map((p) => ({ arn: p.arn, reason: 'all' as const }));
  } else {
    scoped = [];
    for (const p of principals) {
      let reason: ScopeReason | undefined;
      if (p.sources.some((src) => documentIsAdmin(src.document))) reason = 'admin';
      else if (p.sources.some((s) => s.managedArn && FULL_ACCESS.test(s.managedArn)) || p.attachedPolicyArns.some((a) => FULL_ACCESS.test(a))) reason = 'full-access';
      else if (p.sources.some((s) => s.document.statements.some((st) => st.effect === 'Allow' && (st.notAction !== undefined || wildcardAction(st.action))))) reason = 'wildcard';
      if (reason) scoped.push({ arn: p.arn, reason });
    }
  }
  scoped.sort((a, b) => RANK[a.reason] - RANK[b.reason] || a.arn.localeCompare(b.arn));
  const what = la.scope === 'all' ? 'every user and role' : 'users and roles with administrator access, a full-access managed policy or a wildcard action';
  return {
    description: `${what}: ${scoped.length} in scope, at most ${cap} per sweep (lastAccessed.maxPrincipals)`,
    selected: scoped.slice(0, cap),
    overCap: scoped.slice(cap),
  };
}
