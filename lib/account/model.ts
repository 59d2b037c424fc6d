/**
 * The account snapshot model the posture rules read. Built by the loaders (saved folder, live AWS) in lib/account;
 * all policy documents are already decoded and parsed.
 */
import type { PolicyDocument } from '../policy/document';
import type { LastAccessedData } from '../last-accessed/model';

export interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

export interface InlinePolicy {
  PolicyName: string;
  document: PolicyDocument;
}

export interface UserDetail {
  UserName: string;
  UserId?: string;
  Arn: string;
  Path?: string;
  CreateDate?: string;
  GroupList: string[];
  AttachedManagedPolicies: AttachedPolicy[];
  UserPolicyList: InlinePolicy[];
  PermissionsBoundary?: { PermissionsBoundaryArn: string; PermissionsBoundaryType?: string };
  Tags?: { Key: string; Value: string }[];
}

export interface GroupDetail {
  GroupName: string;
  GroupId?: string;
  Arn: string;
  Path?: string;
  CreateDate?: string;
  AttachedManagedPolicies: AttachedPolicy[];
  GroupPolicyList: InlinePolicy[];
}

export interface RoleDetail {
  RoleName: string;
  RoleId?: string;
  Arn: string;
  Path?: string;
  CreateDate?: string;
  AssumeRolePolicyDocument?: PolicyDocument;
  AttachedManagedPolicies: AttachedPolicy[];
  RolePolicyList: InlinePolicy[];
  PermissionsBoundary?: { PermissionsBoundaryArn: string; PermissionsBoundaryType?: string };
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
  Tags?: { Key: string; Value: string }[];
}

export interface ManagedPolicy {
  PolicyName: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  AttachmentCount?: number;
  IsAttachable?: boolean;
  /** The default version's document (only the default version counts). */
  defaultDocument?: PolicyDocument;
}

/** One credential-report row; values as in the CSV (`N/A`, `no_information`, `not_supported` kept as strings). */
export type CredentialReportRow = Record<string, string>;

export interface TrailInfo {
  Name: string;
  TrailARN?: string;
  HomeRegion?: string;
  IsMultiRegionTrail?: boolean;
  IsOrganizationTrail?: boolean;
  LogFileValidationEnabled?: boolean;
  KmsKeyId?: string;
  S3BucketName?: string;
  status?: { IsLogging?: boolean; LatestDeliveryError?: string; LatestDeliveryTime?: string };
  eventSelectors?: {
    EventSelectors?: { ReadWriteType?: string; IncludeManagementEvents?: boolean }[];
    AdvancedEventSelectors?: { Name?: string; FieldSelectors: { Field: string; Equals?: string[]; NotEquals?: string[] }[] }[];
  };
}

export interface AccountModel {
  accountId: string;
  /** When the snapshot was taken (ISO); ages are computed against it. */
  takenAt: string;
  region?: string;
  users: UserDetail[];
  groups: GroupDetail[];
  roles: RoleDetail[];
  /** Customer-managed policies and the attached AWS-managed ones (as GetAccountAuthorizationDetails returns them). */
  policies: ManagedPolicy[];
  /** undefined = not collected. */
  credentialReport?: { rows: CredentialReportRow[]; generatedAt?: string };
  summary?: Record<string, number>;
  /** null = no password policy set; undefined = not collected. */
  passwordPolicy?: Record<string, unknown> | null;
  virtualMfaDevices?: { SerialNumber: string; User?: { Arn?: string; UserName?: string } }[];
  trails?: TrailInfo[];
  serverCertificates?: { ServerCertificateName: string; Arn: string; Expiration?: string }[];
  analyzers?: { name: string; arn?: string; type?: string; status?: string }[];
  /** IAM last-accessed data of the principals in scope (unused-permissions); undefined = not collected. */
  lastAccessed?: LastAccessedData;
  /**
   * Sources that could not be read (e.g. `cloudtrail`: 'AccessDenied on DescribeTrails'); affected rules say "not
   * evaluated". Keys (SNAPSHOT_SOURCES in ./raw): authorizationDetails, credentialReport, accountSummary, passwordPolicy,
   * virtualMfaDevices, cloudtrail, serverCertificates, accessAnalyzer, lastAccessed.
   */
  notCollected: Record<string, string>;
  /**
   * Policy documents that could not be parsed (the holder keeps an empty document in their place), so a rule or the
   * report can say which policy could not be judged instead of passing it silently.
   */
  documentErrors?: { resource: string; policy: string; error: string }[];
  /** Statements of readable documents that the parser could not interpret (skipped or partly read), by holder. */
  documentWarnings?: { resource: string; policy: string; warning: string }[];
}
