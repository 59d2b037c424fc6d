/**
 * The deployed org sweep (the central stack's Step Functions state machine), pure part: what each step records for
 * one account of a run and how the last step turns the run's records into the organization report.
 *
 *   1. list accounts   every listed account gets a record: `pending` (ACTIVE, to be swept) or `not-evaluated` (suspended,
 *                      closing: the skip reason); the ACTIVE ones become the Distributed Map's items;
 *   2. sweep account   (one child execution per item) replaces its `pending` record by `evaluated` (score, counts, the
 *                      worst findings) or `not-evaluated` (role not assumable, AccessDenied, throttled out);
 *   3. aggregate       reads the run's records; a record still `pending` is an account whose child execution never
 *                      finished (Lambda timeout, crash, retries exhausted): reported "not evaluated" with that reason,
 *                      never silently dropped.
 * No AWS SDK here (lib/aws/org-run-store.ts stores the records).
 */
import type { Severity } from '../findings/types';
import { SEVERITIES, severityRank } from '../findings/types';
import type { SweepSummary } from '../store/types';
import type { OrgFindingInput, OrgReportAccountInput, OrgReportInput } from '../report/org/model';
import { countOpen } from '../report/org/model';
import { notEvaluatedReason, oneLine, skipReason, type OrgAccount } from './sweep';

/** Findings kept per account in its run record (the org report lists the worst across accounts; DynamoDB items ≤ 400 KB). */
export const RUN_RECORD_FINDINGS = 20;
const MAX_TEXT = 1000;

export type RunRecordStatus = 'pending' | 'evaluated' | 'not-evaluated';

export interface OrgRunRecord {
  /** The run (the execution's start time, ISO). */
  runId: string;
  account: string;
  name: string;
  status: RunRecordStatus;
  reason?: string;
  score?: number;
  counts?: Record<Severity, number>;
  /** The account's worst current findings (at most RUN_RECORD_FINDINGS), fields the org report reads. */
  findings?: OrgFindingInput[];
  /** New findings at or above the alert threshold tonight. */
  newSerious?: number;
  /** When the record was written (ISO). */
  at: string;
}

/** One Distributed Map item: the account a child execution sweeps. */
export interface OrgRunItem {
  runId: string;
  account: string;
  name: string;
}

const RUN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The run id of an execution started at `time` (Step Functions' `$$.Execution.StartTime`, ISO 8601 UTC). */
export function runIdOf(time: unknown): string {
  if (typeof time !== 'string' || !RUN_ID.test(time) || Number.isNaN(Date.parse(time))) {
    throw new RangeError(`not an execution start time (ISO 8601 UTC): ${JSON.stringify(oneLine(String(time), 80))}`);
  }
  return time;
}

/** Checks a Distributed Map item (the worker's input: it comes from an S3 object, so validate it). */
export function parseRunItem(v: unknown): OrgRunItem {
  const o = (v ?? {}) as Record<string, unknown>;
  if (typeof o.account !== 'string' || !/^\d{12}$/.test(o.account)) {
    throw new RangeError(`org sweep item without a 12-digit account id: ${JSON.stringify(oneLine(JSON.stringify(v) ?? '', 120))}`);
  }
  return { runId: runIdOf(o.runId), account: o.account, name: typeof o.name === 'string' ? oneLine(o.name, 100) : '' };
}

/** Step 1: the records of every listed account and the items (ACTIVE accounts) of the Distributed Map. */
export function startRun(runId: string, accounts: readonly OrgAccount[], at: string): { records: OrgRunRecord[]; items: OrgRunItem[] } {
  const records: OrgRunRecord[] = [];
  const items: OrgRunItem[] = [];
  const seen = new Set<string>();
  for (const a of accounts) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    const skip = skipReason(a);
    if (skip) records.push({ runId, account: a.id, name: a.name, status: 'not-evaluated', reason: skip, at });
    else {
      records.push({ runId, account: a.id, name: a.name, status: 'pending', at });
      items.push({ runId, account: a.id, name: a.name });
    }
  }
  return { records, items };
}

function compact(f: OrgFindingInput): OrgFindingInput {
  return {
    ruleId: oneLine(f.ruleId, 100),
    severity: f.severity,
    resource: oneLine(f.resource, MAX_TEXT),
    title: oneLine(f.title, 300),
    message: oneLine(f.message, MAX_TEXT),
    status: f.status,
  };
}

/** The account's worst current findings, most severe first (new before open), bounded. */
export function worstOf(findings: readonly OrgFindingInput[], n = RUN_RECORD_FINDINGS): OrgFindingInput[] {
  return findings
    .filter((f) => f.status !== 'resolved' && f.status !== 'suppressed')
    .slice()
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        (a.status === 'new' ? 0 : 1) - (b.status === 'new' ? 0 : 1) ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.resource.localeCompare(b.resource),
    )
    .slice(0, n)
    .map(compact);
}

/** Step 2, success: the account's record from its sweep. */
export function evaluatedRecord(
  item: OrgRunItem,
  sweep: { score: number; findings: readonly OrgFindingInput[]; newSerious: number },
  at: string,
): OrgRunRecord {
  return {
    runId: item.runId,
    account: item.account,
    name: item.name,
    status: 'evaluated',
    score: sweep.score,
    counts: countOpen(sweep.findings),
    findings: worstOf(sweep.findings),
    newSerious: sweep.newSerious,
    at,
  };
}

/** Step 2, failure: the account's record with the reason (the error classified as `sweep --org` does). */
export function failedRecord(item: OrgRunItem, err: unknown, at: string): OrgRunRecord {
  return { runId: item.runId, account: item.account, name: item.name, status: 'not-evaluated', reason: notEvaluatedReason(err), at };
}

export const UNFINISHED_REASON =
  "the per-account step did not finish (Lambda timeout, crash or retries exhausted; see the state machine's map run)";

/** Step 3: the org report's input from the run's records and each evaluated account's sweep history. */
export function reportInputFromRun(
  records: readonly OrgRunRecord[],
  history: ReadonlyMap<string, readonly SweepSummary[]>,
  now: string,
  source: string,
): OrgReportInput {
  const accounts: OrgReportAccountInput[] = records.map((r) => {
    if (r.status === 'evaluated' && typeof r.score === 'number' && Number.isFinite(r.score)) {
      const counts = Object.fromEntries(SEVERITIES.map((s) => [s, Number(r.counts?.[s] ?? 0) || 0])) as Record<Severity, number>;
      return {
        account: r.account,
        name: r.name,
        status: 'evaluated',
        score: r.score,
        findings: r.findings ?? [],
        counts,
        sweeps: history.get(r.account) ?? [],
        sweptAt: r.at,
        ...(typeof r.newSerious === 'number' ? { newSerious: r.newSerious } : {}),
      };
    }
    const reason = r.status === 'pending' ? UNFINISHED_REASON : (r.reason ?? (r.status === 'evaluated' ? 'no score recorded' : 'unknown reason'));
    return { account: r.account, name: r.name, status: 'not-evaluated', reason, findings: [] };
  });
  return { now, accounts, source };
}

/** A stored run record read back (the table is ours, but a record is validated before it is trusted). */
export function parseRunRecord(v: unknown): OrgRunRecord | string {
  const o = (v ?? {}) as Record<string, unknown>;
  if (typeof o.account !== 'string' || !/^\d{12}$/.test(o.account)) return `run record without an account id: ${oneLine(JSON.stringify(v) ?? '', 120)}`;
  if (o.status !== 'pending' && o.status !== 'evaluated' && o.status !== 'not-evaluated') return `run record of ${o.account} has status ${oneLine(String(o.status), 40)}`;
  const findings = Array.isArray(o.findings)
    ? (o.findings as Record<string, unknown>[])
        .filter((f) => f && typeof f.ruleId === 'string' && typeof f.severity === 'string' && (SEVERITIES as readonly string[]).includes(f.severity))
        .map((f) =>
          compact({
            ruleId: String(f.ruleId),
            severity: f.severity as Severity,
            resource: String(f.resource ?? ''),
            title: String(f.title ?? ''),
            message: String(f.message ?? ''),
            status: f.status === 'new' ? 'new' : 'open',
          }),
        )
    : undefined;
  const counts = o.counts && typeof o.counts === 'object' ? (Object.fromEntries(SEVERITIES.map((s) => [s, Number((o.counts as Record<string, unknown>)[s] ?? 0) || 0])) as Record<Severity, number>) : undefined;
  return {
    runId: typeof o.runId === 'string' ? o.runId : '',
    account: o.account,
    name: typeof o.name === 'string' ? o.name : '',
    status: o.status,
    ...(typeof o.reason === 'string' ? { reason: oneLine(o.reason) } : {}),
    ...(typeof o.score === 'number' && Number.isFinite(o.score) ? { score: o.score } : {}),
    ...(counts ? { counts } : {}),
    ...(findings ? { findings } : {}),
    ...(typeof o.newSerious === 'number' ? { newSerious: o.newSerious } : {}),
    at: typeof o.at === 'string' ? o.at : '',
  };
}
