/**
 * The most dangerous actions a wildcard grants, derived rather than listed per service: first the actions the
 * escalation methods and sensitive-grant checks of lib/policy use (iam:PassRole, cloudtrail:StopLogging, …), then the
 * catalogue's "Permissions management" actions (they change who else gets access: PutBucketPolicy, PutKeyPolicy,
 * AddPermission), those that change a policy, ACL, grant or permission before the others, then "Write" actions that
 * delete (DeleteBucket, DeleteTable). Within a rank, shorter names first: the service's own core actions
 * (PutBucketPolicy) before their variants (PutAccessPointPolicyForObjectLambda).
 */
import { type ActionSet, forEachMember, getCatalog, type AccessLevel } from '../catalog';
import { SENSITIVE } from '../analyse';
import { ESCALATION_METHODS } from '../escalation-methods';

export interface DangerousActions {
  /** Actions in the set. */
  total: number;
  /** Count per access level. */
  levels: Partial<Record<AccessLevel, number>>;
  /** The highlighted actions (`service:Name`), most dangerous first. */
  top: string[];
}

let sensitiveIds: Set<string> | undefined;
function sensitiveActions(): Set<string> {
  if (!sensitiveIds) {
    sensitiveIds = new Set<string>();
    for (const m of ESCALATION_METHODS) {
      for (const st of m.steps) for (const a of st.anyOf) sensitiveIds.add(a.toLowerCase());
      if (m.passRole) sensitiveIds.add('iam:passrole');
    }
    for (const d of SENSITIVE) for (const a of d.anyOf ?? []) sensitiveIds.add(a.toLowerCase());
  }
  return sensitiveIds;
}

const ACCESS_CHANGING = /Policy|Acl|Grant|Permission|PublicAccess|Sharing/;

function rank(id: string, name: string, level: AccessLevel): number {
  if (sensitiveActions().has(id.toLowerCase())) return 0;
  if (level === 'Permissions management') return ACCESS_CHANGING.test(name) && !/^(Delete|Remove|Revoke|Retire|Get|List|Describe)/.test(name) ? 1 : 2;
  if (level === 'Write') return /^Delete/.test(name) ? 3 : 4;
  return 5;
}

/** The dangerous actions of `set` (only ranks 0–3 are highlighted; at most `limit`). */
export function dangerousActions(set: ActionSet, limit = 6): DangerousActions {
  const c = getCatalog();
  const levels: Partial<Record<AccessLevel, number>> = {};
  const candidates: { id: string; r: number; len: number }[] = [];
  let total = 0;
  forEachMember(set, (i) => {
    const a = c.actions[i];
    total++;
    levels[a.level] = (levels[a.level] ?? 0) + 1;
    const r = rank(a.id, a.name, a.level);
    if (r <= 3) candidates.push({ id: a.id, r, len: a.name.length });
  });
  candidates.sort((x, y) => x.r - y.r || x.len - y.len || (x.id < y.id ? -1 : 1));
  // Up to two thirds of the list from access-changing actions, the rest destructive ones, so both kinds show.
  const access = candidates.filter((x) => x.r <= 2).slice(0, Math.max(1, Math.ceil((limit * 2) / 3)));
  const destroy = candidates.filter((x) => x.r === 3).slice(0, limit - access.length);
  const top = [...access, ...destroy];
  if (top.length < limit) top.push(...candidates.filter((x) => !top.includes(x)).slice(0, limit - top.length));
  return { total, levels, top: top.map((x) => x.id) };
}
