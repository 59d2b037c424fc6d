import type { PolicyDocument } from '../policy/document';
import type { SignInWindowCounts } from '../store/sign-in-counter';

/** Outcome of looking up something an event does not carry. */
export type Lookup<T> =
  | { status: 'ok'; value: T }
  /** Could not be read: offline, AccessDenied, throttled, not found. `reason` is said in the finding. */
  | { status: 'unavailable'; reason: string };

export interface GroupPolicies {
  groupName: string;
  /** ARNs of managed policies attached to the group. */
  attachedPolicyArns: string[];
  /** Inline policy documents of the group. */
  inlinePolicies: { name: string; document: PolicyDocument }[];
  /** Documents of the attached customer-managed policies that could be read (AWS managed ones come from the bundled table). */
  attachedDocuments: { arn: string; document: PolicyDocument }[];
  /** Attached customer-managed policies whose document could not be read (reason = error name). Optional. */
  unreadablePolicies?: { arn: string; reason: string }[];
}

/** A role of the account with its trust policy, as ListRoles returns it. */
export interface RoleTrust {
  arn: string;
  name: string;
  /** Undefined when the document did not parse (`trustError` says why): such a role is reported as not checked. */
  trust?: PolicyDocument;
  trustError?: string;
}

/** The account's roles read within the scorer's bound (a few ListRoles pages). */
export interface RoleDirectory {
  roles: RoleTrust[];
  /** False when more roles exist than were read (the bound was reached). */
  complete: boolean;
}

/** The managed and inline policies of a role (names only for inline ones): enough to say "admin" when known. */
export interface RolePolicies {
  attachedPolicyArns: string[];
  inlinePolicyNames: string[];
}

/** What the scorer looked up for an event before evaluating rules (filled by lib/cloudtrail/enrich.ts). */
export interface Enrichment {
  /** Key: policy ARN, or `${policyArn}#${versionId}` for a specific version. */
  policyDocuments: Record<string, Lookup<PolicyDocument>>;
  /** Key: group name. */
  groupPolicies: Record<string, Lookup<GroupPolicies>>;
  /** The account's roles and trust policies (read when a grant may pass roles to a service). */
  roles?: Lookup<RoleDirectory>;
  /** Key: role ARN. Policies of the roles whose trust admits a compute service (bounded). */
  rolePolicies?: Record<string, Lookup<RolePolicies>>;
  /** Key: user name. The user's access keys as the scorer read them (when an AWS quarantine policy is removed). */
  accessKeys?: Record<string, Lookup<AccessKeyState[]>>;
  /** ConsoleLogin only: failed sign-ins in the window for its user and source address (lib/store/sign-in-counter.ts). */
  signIn?: Lookup<SignInWindowCounts>;
}

/** One access key of a user (ListAccessKeys: AccessKeyId, Status Active | Inactive | Expired). */
export interface AccessKeyState {
  accessKeyId: string;
  status: string;
}

export function emptyEnrichment(): Enrichment {
  return { policyDocuments: {}, groupPolicies: {} };
}

/** The I/O a scorer may do to enrich an event; implemented over the IAM client in lib/aws, absent offline. */
export interface EnrichmentSource {
  /** Default version when versionId is undefined. Throws on failure (the error name is reported). */
  getPolicyDocument(policyArn: string, versionId?: string): Promise<PolicyDocument>;
  getGroupPolicies(groupName: string): Promise<GroupPolicies>;
  /** The user's access keys (optional: a source without it reports the lookup as unavailable). */
  listAccessKeys?(userName: string): Promise<AccessKeyState[]>;
  /** The account's roles with their trust policies, bounded; optional (sources without it leave roles unchecked). */
  listRoleTrusts?(): Promise<RoleDirectory>;
  getRolePolicies?(roleName: string): Promise<RolePolicies>;
}
