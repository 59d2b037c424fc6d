/**
 * The finding model shared by the real-time scorer, the sweep, the report and the exports.
 * Pure types and helpers: no AWS SDK here.
 */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank of a severity: info 0 … critical 4. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export function maxSeverity(list: readonly Severity[]): Severity | undefined {
  let best: Severity | undefined;
  for (const s of list) if (best === undefined || severityRank(s) > severityRank(best)) best = s;
  return best;
}

/** How to fix a finding: console steps a person follows, and one AWS CLI command (may hold placeholders like <user>). */
export interface Fix {
  console: string[];
  cli: string;
}

export type FindingStatus = 'new' | 'open' | 'resolved' | 'suppressed';

export interface SuppressionInfo {
  reason: string;
  owner?: string;
  expires: string;
  rule: string;
  resource: string;
}

/**
 * One finding. `uid` = sha256(ruleId | account | resource), stable across runs so runs can be diffed.
 * Serialises losslessly to an OCSF Compliance Finding (posture) or Detection Finding (events).
 */
export interface Finding {
  uid: string;
  ruleId: string;
  kind: 'event' | 'posture';
  severity: Severity;
  status: FindingStatus;
  account: string;
  resource: string;
  controls: string[];
  title: string;
  /** A human sentence naming the resource. */
  message: string;
  fix: Fix;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
  /** Facts behind the finding (key age, the statement that grants `*`, the event id, …). JSON-serialisable. */
  evidence: Record<string, unknown>;
  suppression?: SuppressionInfo;
}
