/**
 * State the monitor keeps between runs: findings with first/last seen and status, sweep summaries, alerts sent.
 * Implemented over DynamoDB in lib/aws (one table) and in memory / on disk for the CLI and tests.
 */
import type { Finding, Severity } from '../findings/types';

export interface SweepSummary {
  account: string;
  /** ISO time of the sweep. */
  time: string;
  score: number;
  counts: Record<Severity, number>;
  /** Per-rule pass/fail counts (for the report's contributions). */
  rules?: Record<string, { checked: number; failed: number; severity: Severity }>;
  notEvaluated?: Record<string, string>;
}

export interface AlertRecord {
  account: string;
  /** The account's name when known (Organizations mode), for the report's per-account grouping. */
  accountName?: string;
  /** CloudTrail eventID (dedup key) or `sweep:<time>` for nightly alerts. */
  eventId: string;
  time: string;
  eventName?: string;
  actor?: string;
  sourceIp?: string;
  ruleIds: string[];
  severity: Severity;
  score: number;
  subject: string;
  /** One-line summary per finding. */
  lines: string[];
  /**
   * The rule and the finding's own severity of each line (index-aligned with `lines`): the weekly report badges each
   * alert with its finding's severity, not the event's worst. Absent on records written before it existed.
   */
  lineRules?: { ruleId: string; severity: Severity }[];
  /**
   * Recorded only for the weekly report's audit list (CIS 4.4: every IAM policy change, an `info` finding), no alert
   * was sent. Absent on records of sent alerts.
   */
  audit?: boolean;
}

/** Options of the persistent stores (file, DynamoDB). */
export interface StoreReadOptions {
  /**
   * Called for each problem found in a stored record on read (unknown severity or status, a field of the wrong type):
   * the record is read with a safe value (lib/store/validate.ts). Default: collected in the store's `warnings`.
   */
  onWarning?: (message: string) => void;
}

export interface StateStore {
  /** All findings ever recorded for the account (open, resolved, suppressed). */
  getFindings(account: string): Promise<Finding[]>;
  putFindings(findings: Finding[]): Promise<void>;
  putSweep(summary: SweepSummary): Promise<void>;
  /** Sweeps at or after `since` (ISO), oldest first. */
  listSweeps(account: string, since: string): Promise<SweepSummary[]>;
  putAlert(alert: AlertRecord): Promise<void>;
  /** Alerts at or after `since` (ISO), oldest first. */
  listAlerts(account: string, since: string): Promise<AlertRecord[]>;
}
