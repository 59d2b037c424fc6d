/**
 * Credential report CSV parsing (csv-parse). Values are kept as AWS writes them, including `N/A`, `no_information`,
 * `not_supported`, `false`/`true`; the root row has user `<root_account>`.
 */
import { parse } from 'csv-parse/sync';
import type { CredentialReportRow } from './model';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

export type CredentialReportResult = { ok: true; rows: CredentialReportRow[] } | { ok: false; error: string };

/** Parses the decoded report. Requires the `user` and `arn` columns; other columns are kept as they come. */
export function parseCredentialReport(csv: string): CredentialReportResult {
  const text = csv.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, error: 'the credential report is empty' };
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as Record<string, string>[];
  } catch (e) {
    return { ok: false, error: `the credential report is not valid CSV: ${(e as Error).message}` };
  }
  if (records.length === 0) return { ok: false, error: 'the credential report has a header but no rows (AWS always lists <root_account>)' };
  const columns = Object.keys(records[0]);
  for (const required of ['user', 'arn']) {
    if (!columns.includes(required)) {
      return { ok: false, error: `the credential report has no "${required}" column (header: ${columns.slice(0, 6).join(',')})` };
    }
  }
  return { ok: true, rows: records };
}

/** Decodes GetCredentialReport's Content (a Uint8Array from SDK v3, or a base64 string in JSON / AWS CLI output). */
export function decodeReportContent(content: unknown): { ok: true; csv: string } | { ok: false; error: string } {
  if (content instanceof Uint8Array) return { ok: true, csv: Buffer.from(content).toString('utf8') };
  if (typeof content === 'string') {
    const s = content.trim();
    if (!/^[A-Za-z0-9+/=\s]*$/.test(s)) return { ok: false, error: 'Content is not base64' };
    return { ok: true, csv: Buffer.from(s, 'base64').toString('utf8') };
  }
  return { ok: false, error: 'Content is missing or neither a base64 string nor bytes' };
}
