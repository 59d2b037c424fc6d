import type { Severity } from '../findings/types';

export interface Suppression {
  /** Rule id; `*` globs allowed. */
  rule: string;
  /** Resource ARN (or account id); `*` globs allowed. */
  resource: string;
  /** Optional tag match on the resource ({key: value}); all must match. */
  tags?: Record<string, string>;
  reason: string;
  owner?: string;
  /** ISO date (YYYY-MM-DD or full timestamp); after it the finding re-opens. */
  expires: string;
}

export interface Thresholds {
  accessKeyMaxAgeDays: number;
  credentialsUnusedDays: number;
  rootRecentUseDays: number;
  unusedRoleDays: number;
  passwordMinLength: number;
  passwordReusePrevention: number;
  passwordMaxAgeDays: number;
  /** A serious finding still open after this many days is reminded in the nightly e-mail. */
  reminderDays: number;
  /** trail-bucket-tampered: a lifecycle rule expiring CloudTrail logs sooner than this is reported. */
  trailLogRetentionDays: number;
  /** console-sign-in-attack: failed console sign-ins (per user or per source address) that make an attack… */
  signInFailures: number;
  /** …within this many minutes (the counters keep one-minute slots). */
  signInWindowMinutes: number;
}

/** An allowList entry written as an object (config file); every key but `arn` is optional. */
export interface AllowListSpec {
  arn: string;
  reason?: string;
  /** Rule ids (posture and event) whose findings the entry removes for a role that behaves as expected. */
  covers?: string[];
  /** AWS service principals the role's trust may name (`*` = any service). */
  trustedServices?: string[];
  /** Whether the role may trust other accounts (of the organization). Default true. */
  otherAccounts?: boolean;
  /** Managed policy ARN globs through which admin access is expected. Default: AWS managed policies. */
  adminPolicies?: string[];
  /** Who may change the role quietly in real time: AWS service principals (`controltower.amazonaws.com`) or role ARN globs. */
  callers?: string[];
}

/** Which accounts an `accounts` entry applies to (Organizations mode): any listed id, or any account under a listed OU. */
export interface AccountMatch {
  accountIds?: string[];
  /** OU ids (`ou-…`); an account in a child OU matches its parents' ids too. */
  ous?: string[];
}

/** Per-account overrides (config `accounts`): merged onto the top-level values by lib/config/accounts.ts. */
export interface AccountOverride {
  match: AccountMatch;
  /** Replaces alertThreshold. */
  alertThreshold?: Severity;
  /** Replace the thresholds they name. */
  thresholds?: Partial<Thresholds>;
  /** Added to disabledRules. */
  disabledRules?: string[];
  /** Merged over severityOverrides. */
  severityOverrides?: Record<string, Severity>;
  /** Added to suppressions. */
  suppressions?: Suppression[];
  /** Added to trustedAccounts. */
  trustedAccounts?: string[];
}

export interface Config {
  /** Alerts (real-time and nightly) are sent at or above this severity. */
  alertThreshold: Severity;
  disabledRules: string[];
  severityOverrides: Record<string, Severity>;
  thresholds: Thresholds;
  /** Account ids trusted in role trust policies (not "external"). */
  trustedAccounts: string[];
  /** S3 buckets CloudTrail trails write to (trail-bucket-tampered); names, not ARNs. */
  trailBuckets: string[];
  attestations: { billingAccess?: { attested: boolean; by?: string; date?: string } };
  suppressions: Suppression[];
  /** ARN globs of AWS-managed principals never flagged for trust/admin (service-linked, Identity Center, Control Tower…). */
  allowList: string[];
  /**
   * What the user's own allowList entries written as objects state (covered rules, expected trust, callers and admin
   * policies), keyed by their `arn` glob (which is also in `allowList`). A glob without one gets the generic expectations.
   */
  allowListEntries?: Record<string, AllowListSpec>;
  /** Names of the monitor's own resources (rules, function, topic, table) for `monitor-tampered`. */
  monitor: { namePrefix: string };
  schedules: { sweep: string; report: string };
  email?: string;
  /** Regions that forward root activity, sign-in and tamper events to us-east-1. */
  forwardRegions: string[];
  /** Days the S3 report archive keeps reports. */
  reportRetentionDays: number;
  /** Send new findings to AWS Security Hub (BatchImportFindings, ASFF) from the deployed stack. */
  securityHub: { enabled: boolean };
  /** Organizations mode: overrides for some accounts (by id or OU), in file order. Absent = none. */
  accounts?: AccountOverride[];
  /** Where alerts go (e-mail, chat, webhooks) by severity; absent = DEFAULT_ALERTS (lib/chat/routing.ts). */
  alerts?: AlertsConfig;
  /** unused-permissions: which principals the sweep asks IAM's last-accessed data for, and the call budget. */
  lastAccessed: LastAccessedConfig;
}

/**
 * IAM last-accessed data (lib/last-accessed, lib/aws/last-accessed.ts). Per sweep at most
 * maxPrincipals × (1 + maxPollsPerJob + 4 extra pages) IAM calls, and no longer than budgetSeconds.
 */
export interface LastAccessedConfig {
  /** `flagged`: principals with admin, full-access or wildcard grants; `all`: every user and role; `off`: none. */
  scope: 'flagged' | 'all' | 'off';
  maxPrincipals: number;
  /** A granted service (or tracked action) not used for more than this many days is reported. */
  unusedDays: number;
  /** GetServiceLastAccessedDetails status checks per job before it counts as "not finished within the budget". */
  maxPollsPerJob: number;
  /** Wall-clock budget of the whole collection. */
  budgetSeconds: number;
  /**
   * Organizations mode (org sweeps): each account's last-accessed data is collected one day in this many, on a day
   * fixed by its account id (lib/last-accessed/rotation.ts); on the other runs unused-permissions says "not
   * evaluated" with the next date. 1 = every account on every run.
   */
  orgRotationDays: number;
}

// ---- alerts in chat and webhooks (issue 19): which severities go where; suppressions and alertThreshold apply first.
/** A generic HTTPS webhook: its URL is a SecureString in SSM Parameter Store (never in the config or the stack). */
export interface WebhookSpec {
  name: string;
  /** SSM parameter name holding the URL; must start with /iam-guardian/ (the functions may read only those). */
  parameter: string;
  severities: Severity[];
  weeklySummary: boolean;
  timeoutSeconds: number;
  retries: number;
}
export interface AlertsConfig {
  email: { severities: Severity[] };
  chat: { severities: Severity[]; weeklySummary: boolean };
  webhooks: WebhookSpec[];
}
export const ALL_SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const DEFAULT_ALERTS: AlertsConfig = {
  email: { severities: ALL_SEVERITIES },
  chat: { severities: ALL_SEVERITIES, weeklySummary: true },
  webhooks: [],
};
export const WEBHOOK_DEFAULTS = { weeklySummary: false, timeoutSeconds: 5, retries: 2 } as const;

export const DEFAULT_ALLOW_LIST: string[] = [
  'arn:aws:iam::*:role/aws-service-role/*',
  'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*',
  'arn:aws:iam::*:role/AWSControlTowerExecution',
  'arn:aws:iam::*:role/aws-controltower-*',
  'arn:aws:iam::*:role/AWSAFTExecution',
  'arn:aws:iam::*:role/AWSAFTService',
  'arn:aws:iam::*:role/service-role/AWSControlTower*',
  'arn:aws:iam::*:role/stacksets-exec-*',
  'arn:aws:iam::*:role/OrganizationAccountAccessRole',
];

export const DEFAULT_CONFIG: Config = {
  alertThreshold: 'medium',
  disabledRules: [],
  severityOverrides: {},
  thresholds: {
    accessKeyMaxAgeDays: 90,
    credentialsUnusedDays: 45,
    rootRecentUseDays: 30,
    unusedRoleDays: 90,
    passwordMinLength: 14,
    passwordReusePrevention: 24,
    passwordMaxAgeDays: 90,
    reminderDays: 7,
    trailLogRetentionDays: 365,
    signInFailures: 5,
    signInWindowMinutes: 10,
  },
  trustedAccounts: [],
  trailBuckets: [],
  attestations: {},
  suppressions: [],
  allowList: DEFAULT_ALLOW_LIST,
  monitor: { namePrefix: 'iam-guardian' },
  schedules: { sweep: 'cron(0 3 * * ? *)', report: 'cron(0 7 ? * MON *)' },
  forwardRegions: [],
  reportRetentionDays: 365,
  securityHub: { enabled: false },
  lastAccessed: { scope: 'flagged', maxPrincipals: 100, unusedDays: 90, maxPollsPerJob: 10, budgetSeconds: 180, orgRotationDays: 7 },
};
