/**
 * RawSnapshot: the account's IAM state as the AWS APIs return it (one entry per file of the snapshot folder, see
 * design.md). Produced by the folder reader (lib/account/snapshot.ts) and by the live collector (lib/aws/collect.ts);
 * turned into the decoded AccountModel by buildAccountModel (lib/account/build.ts).
 *
 * Parts are `unknown` on purpose: they come from files a user may have built by hand or from SDK responses (with
 * Date objects and URL-encoded documents); buildAccountModel checks their shape and names the file when it is wrong.
 */

/** Sources of a snapshot; the keys of `notCollected` (RawSnapshot and AccountModel). */
export const SNAPSHOT_SOURCES = [
  'authorizationDetails',
  'credentialReport',
  'accountSummary',
  'passwordPolicy',
  'virtualMfaDevices',
  'cloudtrail',
  'serverCertificates',
  'accessAnalyzer',
  'lastAccessed',
] as const;
export type SnapshotSource = (typeof SNAPSHOT_SOURCES)[number];

/** The file of the snapshot folder that holds each source. */
export const SOURCE_FILES: Record<SnapshotSource, string> = {
  authorizationDetails: 'authorization-details.json',
  credentialReport: 'credential-report.csv',
  accountSummary: 'account-summary.json',
  passwordPolicy: 'password-policy.json',
  virtualMfaDevices: 'virtual-mfa-devices.json',
  cloudtrail: 'cloudtrail.json',
  serverCertificates: 'server-certificates.json',
  accessAnalyzer: 'access-analyzers.json',
  lastAccessed: 'last-accessed.json',
};

export interface SnapshotMeta {
  /** 12-digit account id. */
  accountId: string;
  /** ISO time the snapshot was taken; ages are computed against it. */
  takenAt: string;
  region?: string;
  /** Sources the collector could not read (source → reason), so a reloaded snapshot still says "not evaluated". */
  notCollected?: Partial<Record<SnapshotSource, string>>;
  /** When AWS generated the credential report (it can be up to 4 hours older than takenAt). */
  credentialReportGeneratedAt?: string;
}

export interface RawSnapshot {
  meta: SnapshotMeta;
  /** GetAccountAuthorizationDetails, all pages merged: {UserDetailList, GroupDetailList, RoleDetailList, Policies}. */
  authorizationDetails: unknown;
  /** The decoded credential report CSV and when AWS generated it. */
  credentialReport?: { csv: string; generatedAt?: string };
  /** GetAccountSummary output {SummaryMap}. */
  accountSummary?: unknown;
  /** GetAccountPasswordPolicy output {PasswordPolicy}; null = no password policy set; undefined = not collected. */
  passwordPolicy?: unknown;
  /** ListVirtualMFADevices output (pages merged) {VirtualMFADevices}. */
  virtualMfaDevices?: unknown;
  /** {trails: [DescribeTrails item + status (GetTrailStatus) + eventSelectors (GetEventSelectors)]}. */
  cloudtrail?: unknown;
  /** ListServerCertificates output (pages merged) {ServerCertificateMetadataList}. */
  serverCertificates?: unknown;
  /** Access Analyzer ListAnalyzers output (pages merged) {analyzers}. */
  accessAnalyzers?: unknown;
  /**
   * IAM last-accessed data of the principals in scope (lib/aws/last-accessed.ts, lib/last-accessed/model.ts).
   * Optional: snapshots taken before it existed have no file, and unused-permissions says "not evaluated".
   */
  lastAccessed?: unknown;
  /** Sources that could not be read, with the reason (e.g. 'AccessDenied on ListAnalyzers: ...'). */
  notCollected: Partial<Record<SnapshotSource, string>>;
}
