/**
 * What doctor (and the nightly sweep's self-check) saw of a deployment, in plain data: lib/aws/deployment.ts reads it
 * from AWS, lib/doctor/checks.ts turns it into verdicts. No AWS SDK types here.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  /** Stable id (`rule:iam-guardian-prod-iam-changes`, `trail`, `dlq:…`). */
  id: string;
  status: CheckStatus;
  /** The resource the check is about, when it has one. */
  resource?: string;
  /** What was seen (one sentence). */
  seen: string;
  /** The exact command (or step) that fixes it; none for a pass. */
  fix?: string;
}

/** An AWS call that failed: the error's name (AccessDenied, ThrottlingException…). */
export interface CallError {
  error: string;
}

export interface IdentityObs {
  account: string;
  arn: string;
}

export interface TrailObs {
  name: string;
  arn?: string;
  homeRegion?: string;
  multiRegion: boolean;
  organization: boolean;
  /** undefined: the status could not be read (the error says why). */
  isLogging?: boolean;
  latestDelivery?: string;
  latestDeliveryError?: string;
  /** Management events logged (write or all); undefined when the selectors could not be read. */
  managementEvents?: boolean;
  statusError?: string;
}

export interface StackObs {
  name: string;
  region: string;
  /** undefined: the stack does not exist. */
  status?: string;
  statusReason?: string;
  outputs: Record<string, string>;
  /** Physical ids of its resources by type (AWS::Events::Rule → rule names, AWS::KMS::Key → key ids…). */
  resources: Array<{ logicalId: string; type: string; physicalId: string }>;
}

export interface RuleObs {
  name: string;
  region?: string;
  exists: boolean;
  state?: string;
  targets: string[];
  error?: string;
}

export interface RuleExpectation {
  name: string;
  region?: string;
  /** Target ARNs the rule must have (exact); undefined: at least one target. */
  targetArns?: string[];
  /** Must be ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (root activity: read-only calls too). */
  allManagementEvents?: boolean;
}

export interface TopicObs {
  arn: string;
  exists: boolean;
  kmsKey?: string;
  subscriptions: Array<{ arn: string; protocol?: string; endpoint?: string }>;
  error?: string;
}

export interface KeyObs {
  keyId: string;
  state?: string;
  /** The key policy document (JSON text). */
  policy?: string;
  error?: string;
}

export interface MetricObs {
  functionName: string;
  /** Sums over the periods asked for. */
  invocations7d?: number;
  errors24h?: number;
  error?: string;
}

export interface QueueObs {
  url: string;
  depth?: number;
  error?: string;
}

export interface LastSweepObs {
  /** undefined: no sweep recorded. */
  time?: string;
  score?: number;
  counts?: Record<string, number>;
  notEvaluated?: number;
  error?: string;
}

export interface ForwarderObs {
  region: string;
  stackName: string;
  status?: string;
  error?: string;
}

/** The Organizations-mode nightly sweep (Step Functions state machine) and its last finished run. */
export interface OrgSweepObs {
  stateMachineArn: string;
  /** The latest run the aggregate step indexed in the last 30 days (undefined: none). */
  lastRun?: { runId: string; total: number; evaluated: number; notEvaluated: number; score?: number };
  /** Executions that failed, timed out or were aborted in the last 24 h (AWS/States metrics). */
  failed24h?: number;
  /** A read that failed (the AWS error name and the call). */
  error?: string;
}
