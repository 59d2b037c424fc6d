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

/** What the scorer looked up for an event before evaluating rules (filled by lib/cloudtrail/enrich.ts). */
export interface Enrichment {
  /** Key: policy ARN, or `${policyArn}#${versionId}` for a specific version. */
  policyDocuments: Record<string, Lookup<PolicyDocument>>;
  /** Key: group name. */
  groupPolicies: Record<string, Lookup<GroupPolicies>>;
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
}
