/**
 * Sends ASFF findings to AWS Security Hub with BatchImportFindings: at most 100 findings and 6 MB per call,
 * 240 KB per finding (AWS limits). FailedFindings are reported, and those failed for a transient reason
 * (throttling / internal error) are retried once. A whole call that fails (Security Hub not enabled, access denied)
 * is reported against each finding of that batch rather than thrown, so one bad batch does not hide the others.
 */
import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { toAsff, type AsffFinding } from '../export/asff';
import type { Finding } from '../findings/types';

export const MAX_FINDINGS_PER_CALL = 100;
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
export const MAX_FINDING_BYTES = 240 * 1024;

export interface ImportFailure {
  id: string;
  code: string;
  message: string;
}

export interface ImportResult {
  imported: number;
  failed: ImportFailure[];
  /** BatchImportFindings calls made. */
  calls: number;
}

const TRANSIENT = /throttl|internal|serviceunavailable|limitexceeded|timeout/i;

/** Splits findings into batches of ≤ 100 findings and ≤ 6 MB (JSON size); oversize findings are returned apart. */
export function batchFindings(findings: readonly AsffFinding[]): { batches: AsffFinding[][]; oversize: AsffFinding[] } {
  const batches: AsffFinding[][] = [];
  const oversize: AsffFinding[] = [];
  let cur: AsffFinding[] = [];
  let bytes = 0;
  for (const f of findings) {
    const size = Buffer.byteLength(JSON.stringify(f), 'utf8');
    if (size > MAX_FINDING_BYTES) {
      oversize.push(f);
      continue;
    }
    if (cur.length >= MAX_FINDINGS_PER_CALL || (cur.length > 0 && bytes + size > MAX_REQUEST_BYTES - 1024)) {
      batches.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(f);
    bytes += size + 1;
  }
  if (cur.length > 0) batches.push(cur);
  return { batches, oversize };
}

async function send(client: SecurityHubClient, batch: AsffFinding[], result: ImportResult): Promise<ImportFailure[]> {
  result.calls++;
  try {
    const r = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
    result.imported += r.SuccessCount ?? 0;
    return (r.FailedFindings ?? []).map((x) => ({
      id: x.Id ?? '(unknown id)',
      code: x.ErrorCode ?? 'Unknown',
      message: x.ErrorMessage ?? '',
    }));
  } catch (err) {
    const e = err as Error;
    return batch.map((f) => ({ id: f.Id, code: e.name || 'Error', message: e.message }));
  }
}

export async function importFindings(client: SecurityHubClient, findings: readonly AsffFinding[]): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, failed: [], calls: 0 };
  const { batches, oversize } = batchFindings(findings);
  for (const f of oversize)
    result.failed.push({ id: f.Id, code: 'FindingTooLarge', message: `the finding exceeds ${MAX_FINDING_BYTES} bytes of JSON` });
  const byId = new Map(findings.map((f) => [f.Id, f]));
  for (const batch of batches) {
    const failed = await send(client, batch, result);
    const retry = failed.filter((x) => TRANSIENT.test(x.code) && byId.has(x.id));
    result.failed.push(...failed.filter((x) => !retry.includes(x)));
    if (retry.length > 0) {
      const again = await send(client, retry.map((x) => byId.get(x.id) as AsffFinding), result);
      result.failed.push(...again);
    }
  }
  return result;
}

/**
 * The nightly sweep's Security Hub step (config `securityHub.enabled`): every current finding (new, open, suppressed)
 * plus those resolved in this run, as ASFF of the account's default product. Re-sending an unchanged finding only
 * refreshes its UpdatedAt (same Id), which keeps Security Hub from archiving it as stale; resolved ones are archived
 * (RecordState ARCHIVED, Compliance PASSED). The caller's role needs securityhub:BatchImportFindings on
 * arn:<partition>:securityhub:<region>:<account>:product/<account>/default.
 */
export async function sendFindingsToSecurityHub(
  client: SecurityHubClient,
  findings: readonly Finding[],
  ctx: { region: string; accountId?: string; now?: string },
): Promise<ImportResult> {
  return importFindings(client, findings.map((f) => toAsff(f, ctx)));
}
