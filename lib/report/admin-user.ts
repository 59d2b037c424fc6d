/**
 * The guide's G2 line of the checklist: "create an IAM user with admin rights (through a group) and stop using root".
 * Finds non-root IAM users who hold full admin: the AdministratorAccess managed policy, or an Allow statement of
 * `*` / `*:*` on `*` with no condition, attached to the user or to one of the user's groups.
 * Pure logic: no AWS SDK.
 */
import type { AccountModel, AttachedPolicy, InlinePolicy } from '../account/model';
import type { PolicyDocument } from '../policy/document';

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface AdminUser {
  user: string;
  /** The group that gives admin, when it comes through one. */
  viaGroup?: string;
}

/** Full admin: an unconditional Allow of every action on every resource. */
export function documentIsFullAdmin(doc: PolicyDocument | undefined): boolean {
  if (!doc) return false;
  return doc.statements.some(
    (s) =>
      s.effect === 'Allow' &&
      !s.condition &&
      (s.action ?? []).some((a) => a === '*' || a === '*:*') &&
      (s.resource ?? []).includes('*'),
  );
}

function grantsAdmin(account: AccountModel, attached: AttachedPolicy[], inline: InlinePolicy[]): boolean {
  if (inline.some((p) => documentIsFullAdmin(p.document))) return true;
  return attached.some((a) => {
    if (a.PolicyArn === ADMINISTRATOR_ACCESS_ARN) return true;
    const policy = account.policies.find((p) => p.Arn === a.PolicyArn);
    return documentIsFullAdmin(policy?.defaultDocument);
  });
}

export function adminIamUsers(account: AccountModel): AdminUser[] {
  const adminGroups = new Set(
    account.groups.filter((g) => grantsAdmin(account, g.AttachedManagedPolicies, g.GroupPolicyList)).map((g) => g.GroupName),
  );
  const out: AdminUser[] = [];
  for (const u of account.users) {
    const group = u.GroupList.find((g) => adminGroups.has(g));
    if (group) out.push({ user: u.UserName, viaGroup: group });
    else if (grantsAdmin(account, u.AttachedManagedPolicies, u.UserPolicyList)) out.push({ user: u.UserName });
  }
  return out;
}
