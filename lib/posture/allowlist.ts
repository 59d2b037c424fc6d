/**
 * The allow-list, by expectation rather than by name. A role name is chosen by whoever creates the role: a role named
 * `aws-controltower-backdoor` matches `aws-controltower-*` but is not Control Tower's. So an allow-list entry states
 * why it exists, which rules it covers, the trust the role is expected to have and the managed policies through which
 * admin access is expected. A role matching an entry is still checked:
 *  - public trust (Principal "*" without a limiting condition) or federation (web identity / SAML),
 *  - trust of an AWS service other than the expected ones,
 *  - trust of another account outside the organization (config.trustedAccounts, or an aws:PrincipalOrgID guard;
 *    with no trustedAccounts configured, a named 12-digit account is accepted where the entry expects one),
 *  - admin access granted by an inline policy or by a managed policy other than the expected ones.
 * If any check fails the entry does not apply to that role at all (every rule judges it); otherwise only the rules the
 * entry covers skip it. Service-linked and IAM Identity Center roles (reserved paths only AWS can create) are
 * AWS-managed and never flagged (design.md).
 * Pure logic: no AWS SDK.
 */
import type { AccountModel, RoleDetail } from '../account/model';
import type { AllowListSpec, Config } from '../config/types';
import { globMatch } from '../config/apply';
import type { PolicyDocument } from '../policy/document';
import { analyseTrust, type TrustAnalysis } from '../policy/trust';
import { documentIsAdmin, principalPolicies } from './principals';

export interface AllowListEntry {
  /** ARN glob (as in config.allowList). */
  arn: string;
  reason: string;
  /** Rule ids whose findings the entry removes for a conforming role. */
  covers: readonly string[];
  /** Expected trust: AWS service principals (`*` = any service), and whether another account may be trusted. */
  trust: { services: readonly string[]; otherAccounts: boolean };
  /** Managed policy ARN globs through which admin access is expected ([] = admin access not expected). */
  adminPolicies: readonly string[];
  /**
   * Who may change the role without a real-time alert: AWS services calling as themselves (userIdentity type
   * AWSService; `*` = any) and sessions of roles matching these ARN globs. Anyone else changing it is judged.
   */
  callers: { services: readonly string[]; roles: readonly string[] };
}

const TRUST_RULES = ['role-trust-external-no-condition', 'role-trust-confused-deputy'];
const ADMIN_RULES = ['admin-access', 'privilege-escalation', 'policy-admin-statement', 'cloudshell-full-access'];
/** Real-time rules an entry can cover (trust-policy-public never is: a public trust is reported on any role). */
const EVENT_RULES = ['admin-granted', 'permissive-policy-change', 'privilege-escalation-granted', 'trust-policy-external'];
const ALL_COVERED = [...TRUST_RULES, ...ADMIN_RULES, 'unused-role', 'unused-permissions', ...EVENT_RULES];
/**
 * Control Tower administers enrolled accounts as itself or through AWSControlTowerExecution (the role it keeps in
 * each); accounts being enrolled get that role from a service-managed StackSet (stacksets-exec-*).
 */
const CONTROL_TOWER_CALLERS = {
  services: ['controltower.amazonaws.com'],
  roles: ['arn:aws*:iam::*:role/AWSControlTowerExecution', 'arn:aws*:iam::*:role/stacksets-exec-*'],
};
const CLOUDFORMATION_CALLERS = { services: ['cloudformation.amazonaws.com'], roles: [] };
const NO_CALLERS = { services: [], roles: [] };
const ADMINISTRATOR_ACCESS = 'arn:aws*:iam::aws:policy/AdministratorAccess';

/**
 * What the shipped default entries expect (Control Tower, Account Factory for Terraform, StackSets, Organizations).
 * Sources: the Control Tower and AFT user guides' role descriptions.
 */
export const BUILTIN_ALLOW_ENTRIES: readonly AllowListEntry[] = [
  {
    arn: 'arn:aws:iam::*:role/AWSControlTowerExecution',
    reason: 'Control Tower: the management account administers enrolled accounts through this role (AdministratorAccess)',
    covers: ALL_COVERED,
    trust: { services: [], otherAccounts: true },
    adminPolicies: [ADMINISTRATOR_ACCESS],
    callers: CONTROL_TOWER_CALLERS,
  },
  {
    arn: 'arn:aws:iam::*:role/aws-controltower-*',
    reason: 'Control Tower roles: the audit account administers (AdministratorExecutionRole) or reads; Config, CloudTrail and Lambda roles of the landing zone',
    covers: ALL_COVERED,
    trust: { services: ['config.amazonaws.com', 'lambda.amazonaws.com', 'cloudtrail.amazonaws.com'], otherAccounts: true },
    adminPolicies: [ADMINISTRATOR_ACCESS],
    callers: CONTROL_TOWER_CALLERS,
  },
  {
    arn: 'arn:aws:iam::*:role/service-role/AWSControlTower*',
    reason: 'Control Tower service roles (controltower, cloudformation, cloudtrail, config)',
    covers: ALL_COVERED,
    trust: { services: ['controltower.amazonaws.com', 'cloudformation.amazonaws.com', 'cloudtrail.amazonaws.com', 'config.amazonaws.com'], otherAccounts: false },
    adminPolicies: [],
    callers: CONTROL_TOWER_CALLERS,
  },
  {
    arn: 'arn:aws:iam::*:role/AWSAFTExecution',
    reason: 'Account Factory for Terraform: the AFT management account administers vended accounts (AdministratorAccess)',
    covers: ALL_COVERED,
    trust: { services: [], otherAccounts: true },
    adminPolicies: [ADMINISTRATOR_ACCESS],
    callers: NO_CALLERS,
  },
  {
    arn: 'arn:aws:iam::*:role/AWSAFTService',
    reason: 'Account Factory for Terraform service role, assumed from the AFT management account (AdministratorAccess)',
    covers: ALL_COVERED,
    trust: { services: [], otherAccounts: true },
    adminPolicies: [ADMINISTRATOR_ACCESS],
    callers: NO_CALLERS,
  },
  {
    arn: 'arn:aws:iam::*:role/stacksets-exec-*',
    reason: 'CloudFormation StackSets (service-managed) execution role, assumed from the management account (AdministratorAccess)',
    covers: ALL_COVERED,
    trust: { services: [], otherAccounts: true },
    adminPolicies: [ADMINISTRATOR_ACCESS],
    callers: CLOUDFORMATION_CALLERS,
  },
  {
    arn: 'arn:aws:iam::*:role/OrganizationAccountAccessRole',
    reason: 'AWS Organizations: the management account administers member accounts (AdministratorAccess)',
    covers: ALL_COVERED,
    trust: { services: [], otherAccounts: true },
    adminPolicies: [ADMINISTRATOR_ACCESS],
    callers: { services: ['organizations.amazonaws.com'], roles: [] },
  },
];

/**
 * An entry the user added to config.allowList. A bare glob: trust of any AWS service or organization account, admin
 * only through AWS managed policies, changed quietly only by AWS services calling as themselves. An entry written as
 * an object (config.allowListEntries) states its own covered rules and expectations; what it leaves out keeps these.
 */
export function configEntry(arn: string, spec?: AllowListSpec): AllowListEntry {
  const callers = spec?.callers ?? ['*'];
  return {
    arn,
    reason: spec?.reason ?? 'allow-listed in your configuration',
    covers: spec?.covers ?? ALL_COVERED,
    trust: { services: spec?.trustedServices ?? ['*'], otherAccounts: spec?.otherAccounts ?? true },
    adminPolicies: spec?.adminPolicies ?? ['arn:aws*:iam::aws:policy/*'],
    callers: { services: callers.filter((c) => !c.startsWith('arn:')), roles: callers.filter((c) => c.startsWith('arn:')) },
  };
}

/** Service-linked and IAM Identity Center roles: reserved paths only AWS can create. */
export function isReservedAwsRole(arn: string, path: string | undefined): boolean {
  const p = path ?? '';
  return (
    p.startsWith('/aws-service-role/') ||
    arn.includes(':role/aws-service-role/') ||
    p.startsWith('/aws-reserved/sso.amazonaws.com/') ||
    arn.includes(':role/aws-reserved/sso.amazonaws.com/')
  );
}

export interface AllowListVerdict {
  /** The entry the role's ARN matches (first match), if any. */
  entry?: AllowListEntry;
  /** Why the role does not behave as the entry expects (empty = it conforms and the entry applies). */
  problems: string[];
  /** Rule ids that skip this role. */
  covers: ReadonlySet<string>;
}

/** The first allowList entry whose glob matches the ARN, with what it expects. */
export function allowListEntryFor(arn: string, config: Config): AllowListEntry | undefined {
  for (const glob of config.allowList) {
    if (!globMatch(glob, arn)) continue;
    const spec = config.allowListEntries?.[glob];
    if (spec) return configEntry(glob, spec);
    return BUILTIN_ALLOW_ENTRIES.find((e) => e.arn === glob) ?? configEntry(glob);
  }
  return undefined;
}

/** Whether the caller is one the entry expects to change its roles (see AllowListEntry.callers). */
export function expectedCaller(entry: AllowListEntry, caller: { type: string; invokedBy?: string; roleArn?: string }): boolean {
  if (caller.type === 'AWSService') {
    return caller.invokedBy !== undefined && entry.callers.services.some((s) => s === '*' || s === caller.invokedBy);
  }
  const roleArn = caller.roleArn;
  return caller.type === 'AssumedRole' && roleArn !== undefined && entry.callers.roles.some((g) => globMatch(g, roleArn));
}

/** Whether admin access through this managed policy is what the entry expects. */
export function expectedAdminPolicy(entry: AllowListEntry, policyArn: string): boolean {
  return entry.adminPolicies.some((g) => globMatch(g, policyArn));
}

function trustProblems(role: RoleDetail, account: AccountModel, config: Config, entry: AllowListEntry): string[] {
  const doc = role.AssumeRolePolicyDocument as PolicyDocument | undefined;
  if (!doc) return [];
  return trustDocumentProblems(analyseTrust(doc, account.accountId, { trustedAccounts: config.trustedAccounts }), config, entry);
}

/** Why a trust policy (analysed) is not the one the entry expects; empty when it is. Used by posture and event rules. */
export function trustDocumentProblems(t: TrustAnalysis, config: Config, entry: AllowListEntry): string[] {
  const out: string[] = [];
  if (t.public) out.push(`its trust policy is public${t.publicReason ? ` (${t.publicReason})` : ''}`);
  if (t.federated.length) out.push(`it trusts identity federation (${t.federated.map((f) => f.provider).join(', ')})`);
  const unexpected = entry.trust.services.includes('*') ? [] : t.services.filter((s) => !entry.trust.services.includes(s));
  if (unexpected.length) out.push(`it trusts ${unexpected.join(', ')}, not ${entry.trust.services.length ? entry.trust.services.join(' / ') : 'any AWS service'}`);
  const outside = t.externalAccounts.filter((a) => {
    if (a.account === '*') return true;
    if (!entry.trust.otherAccounts) return true;
    if (config.trustedAccounts.length === 0) return false;
    return !a.guards.some((g) => /principalorg/i.test(g));
  });
  if (outside.length) {
    out.push(
      `it trusts ${outside.map((a) => a.principal).join(', ')}, ${entry.trust.otherAccounts ? 'outside your organization (config trustedAccounts)' : 'another account where only AWS services are expected'}`,
    );
  }
  return out;
}

function adminProblems(role: RoleDetail, account: AccountModel, entry: AllowListEntry): string[] {
  const p = principalPolicies(account).find((x) => x.kind === 'role' && x.arn === role.Arn);
  if (!p) return [];
  const out: string[] = [];
  for (const s of p.sources) {
    if (!documentIsAdmin(s.document)) continue;
    if (s.managedArn && expectedAdminPolicy(entry, s.managedArn)) continue;
    out.push(`${s.label} grants administrator access${entry.adminPolicies.length ? ` (expected only through ${entry.adminPolicies.join(', ')})` : ' (none expected)'}`);
  }
  return out;
}

const cache = new WeakMap<AccountModel, WeakMap<Config, Map<string, AllowListVerdict>>>();
const rolesByArn = new WeakMap<AccountModel, Map<string, RoleDetail>>();

/** The allow-list's verdict on one role of the account (cached per account model and config). */
export function allowListVerdict(role: RoleDetail, account: AccountModel, config: Config): AllowListVerdict {
  let byConfig = cache.get(account);
  if (!byConfig) cache.set(account, (byConfig = new WeakMap()));
  let m = byConfig.get(config);
  if (!m) byConfig.set(config, (m = new Map()));
  const hit = m.get(role.Arn);
  if (hit) return hit;
  const entry = allowListEntryFor(role.Arn, config);
  let v: AllowListVerdict;
  if (!entry) v = { problems: [], covers: new Set() };
  else {
    const problems = [...trustProblems(role, account, config, entry), ...adminProblems(role, account, entry)];
    v = { entry, problems, covers: new Set(problems.length ? [] : entry.covers) };
  }
  m.set(role.Arn, v);
  return v;
}

/**
 * Whether rule `ruleId` skips the role with this ARN: an AWS-reserved role, or an allow-listed role that behaves as
 * its entry expects and whose entry covers the rule. Unknown ARNs (not a role of the account) are never skipped.
 */
export function roleExempt(ruleId: string, arn: string, path: string | undefined, account: AccountModel, config: Config): boolean {
  if (isReservedAwsRole(arn, path)) return true;
  let byArn = rolesByArn.get(account);
  if (!byArn) rolesByArn.set(account, (byArn = new Map(account.roles.map((r) => [r.Arn, r]))));
  const role = byArn.get(arn);
  if (!role) return false;
  return allowListVerdict(role, account, config).covers.has(ruleId);
}
