/** The current identity policies of every user and role of an account, as the sweep resolves them (lib/posture). */
import type { AccountModel } from '../account/model';
import { principalPolicies } from '../posture/principals';
import type { CurrentPolicies } from './propose';

export function currentPolicies(account: AccountModel): CurrentPolicies[] {
  return principalPolicies(account).map((p) => ({
    arn: p.arn,
    kind: p.kind,
    sources: p.sources.map((s) => ({ label: s.label, document: s.document })),
    boundary: p.boundary,
    groups: p.groups,
    attachedPolicyArns: p.attachedPolicyArns,
    unresolved: p.unresolved,
  }));
}

/** `user:NAME` / `role:NAME` / `group:NAME` → ARN (with its path) of every user, role and group of the account. */
export function iamArnIndex(account: AccountModel): Map<string, string> {
  const m = new Map<string, string>();
  for (const u of account.users) m.set(`user:${u.UserName}`, u.Arn);
  for (const r of account.roles) m.set(`role:${r.RoleName}`, r.Arn);
  for (const g of account.groups) m.set(`group:${g.GroupName}`, g.Arn);
  return m;
}
