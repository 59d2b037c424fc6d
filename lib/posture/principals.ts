/**
 * What each user and role effectively holds: its own inline and attached policies plus those of its groups, with the
 * default version of every managed policy, and its permissions boundary. AWS-managed documents come from the
 * snapshot's Policies list (GetAccountAuthorizationDetails includes every attached one), else lib/policy's bundled
 * table; a policy whose document is
 * unknown is reported as `unresolved` so findings can say what could not be checked.
 */
import type { AccountModel, AttachedPolicy, GroupDetail, InlinePolicy, ManagedPolicy, RoleDetail } from '../account/model';
import type { Config } from '../config/types';
import { analyseTrust, type TrustAnalysis } from '../policy/trust';
import type { PolicyDocument } from '../policy/document';
import { awsManagedPolicyDocument } from '../policy/managed';
import { isAwsManagedPrincipal } from './common';

export function policyIndex(account: AccountModel): Map<string, ManagedPolicy> {
  return new Map(account.policies.map((p) => [p.Arn, p]));
}

/**
 * Default-version document of a managed policy: the snapshot's Policies list first (what the account really has),
 * then lib/policy's bundled table of AWS managed policies.
 */
export function managedDocument(index: Map<string, ManagedPolicy>, arn: string): PolicyDocument | undefined {
  const p = index.get(arn);
  if (p?.defaultDocument && p.defaultDocument.statements.length > 0) return p.defaultDocument;
  return awsManagedPolicyDocument(arn) ?? p?.defaultDocument;
}

export interface PolicySource {
  /** e.g. `inline policy deploy of user alice`, `managed policy arn:…`, `… via group Admins`. */
  label: string;
  document: PolicyDocument;
  /** Where it comes from: the principal itself or one of its groups. */
  via: 'self' | 'group';
  managedArn?: string;
}

export interface PrincipalPolicies {
  kind: 'user' | 'role';
  name: string;
  arn: string;
  path?: string;
  sources: PolicySource[];
  groups: string[];
  attachedPolicyArns: string[];
  boundary?: PolicyDocument[];
  /** Attached policies (or the boundary) whose document is not known. */
  unresolved: string[];
}

function collect(
  index: Map<string, ManagedPolicy>,
  owner: string,
  via: 'self' | 'group',
  inline: InlinePolicy[],
  attached: AttachedPolicy[],
  out: PrincipalPolicies,
): void {
  for (const p of inline) out.sources.push({ label: `inline policy ${p.PolicyName} of ${owner}`, document: p.document, via });
  for (const a of attached) {
    out.attachedPolicyArns.push(a.PolicyArn);
    const doc = managedDocument(index, a.PolicyArn);
    if (doc) out.sources.push({ label: `managed policy ${a.PolicyArn}${via === 'group' ? ` (via ${owner})` : ''}`, document: doc, via, managedArn: a.PolicyArn });
    else out.unresolved.push(a.PolicyArn);
  }
}

/** Effective policy sources of every user and role of the account. */
export function principalPolicies(account: AccountModel): PrincipalPolicies[] {
  const index = policyIndex(account);
  const groups = new Map<string, GroupDetail>(account.groups.map((g) => [g.GroupName, g]));
  const boundary = (arn: string | undefined, out: PrincipalPolicies) => {
    if (!arn) return;
    const doc = managedDocument(index, arn);
    if (doc) out.boundary = [doc];
    else out.unresolved.push(`${arn} (permissions boundary)`);
  };
  const result: PrincipalPolicies[] = [];
  for (const u of account.users) {
    const out: PrincipalPolicies = { kind: 'user', name: u.UserName, arn: u.Arn, path: u.Path, sources: [], groups: [], attachedPolicyArns: [], unresolved: [] };
    collect(index, `user ${u.UserName}`, 'self', u.UserPolicyList, u.AttachedManagedPolicies, out);
    for (const gName of u.GroupList) {
      const g = groups.get(gName);
      if (!g) {
        out.unresolved.push(`group ${gName} (not in the authorization details)`);
        continue;
      }
      out.groups.push(g.Arn);
      collect(index, `group ${g.GroupName}`, 'group', g.GroupPolicyList, g.AttachedManagedPolicies, out);
    }
    boundary(u.PermissionsBoundary?.PermissionsBoundaryArn, out);
    result.push(out);
  }
  for (const r of account.roles) {
    const out: PrincipalPolicies = { kind: 'role', name: r.RoleName, arn: r.Arn, path: r.Path, sources: [], groups: [], attachedPolicyArns: [], unresolved: [] };
    collect(index, `role ${r.RoleName}`, 'self', r.RolePolicyList, r.AttachedManagedPolicies, out);
    boundary(r.PermissionsBoundary?.PermissionsBoundaryArn, out);
    result.push(out);
  }
  return result;
}

/** ARNs of policies used as a permissions boundary somewhere in the account. */
export function boundaryPolicyArns(account: AccountModel): Set<string> {
  const s = new Set<string>();
  for (const e of [...account.users, ...account.roles]) if (e.PermissionsBoundary?.PermissionsBoundaryArn) s.add(e.PermissionsBoundary.PermissionsBoundaryArn);
  return s;
}


/** Roles whose trust is judged (not AWS-managed or allow-listed, with a trust policy) and their trust analysis. */
export function trustedRoles(account: AccountModel, config: Config): { role: RoleDetail; trust: TrustAnalysis }[] {
  return account.roles
    .filter((r) => r.AssumeRolePolicyDocument && !isAwsManagedPrincipal(r.Arn, r.Path, config))
    .map((role) => ({ role, trust: analyseTrust(role.AssumeRolePolicyDocument as PolicyDocument, account.accountId, { trustedAccounts: config.trustedAccounts }) }));
}
