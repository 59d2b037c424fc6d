/**
 * CSV export (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma, quote or line break;
 * quotes doubled) via csv-stringify. One row per finding, a header row first.
 *
 * Spreadsheet formula injection: a cell that starts with = + - @ or a tab / carriage return is prefixed with a single
 * quote so Excel / Sheets show it as text (IAM names may contain = + @ -). Evidence is one JSON cell.
 */
import { stringify } from 'csv-stringify/sync';
import type { Finding } from '../findings/types';

export const CSV_COLUMNS = [
  'uid',
  'ruleId',
  'kind',
  'severity',
  'status',
  'account',
  'resource',
  'title',
  'message',
  'controls',
  'firstSeen',
  'lastSeen',
  'resolvedAt',
  'fixConsole',
  'fixCli',
  'suppressionReason',
  'suppressionOwner',
  'suppressionExpires',
  'evidence',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Neutralises spreadsheet formulas (OWASP CSV injection guidance). */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRow(f: Finding): Record<CsvColumn, string> {
  return {
    uid: f.uid,
    ruleId: f.ruleId,
    kind: f.kind,
    severity: f.severity,
    status: f.status,
    account: f.account,
    resource: f.resource,
    title: f.title,
    message: f.message,
    controls: f.controls.join(' '),
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    resolvedAt: f.resolvedAt ?? '',
    fixConsole: f.fix.console.join('\n'),
    fixCli: f.fix.cli,
    suppressionReason: f.suppression?.reason ?? '',
    suppressionOwner: f.suppression?.owner ?? '',
    suppressionExpires: f.suppression?.expires ?? '',
    evidence: Object.keys(f.evidence).length > 0 ? JSON.stringify(f.evidence) : '',
  };
}

export function toCsv(findings: readonly Finding[]): string {
  const rows = findings.map((f) => {
    const r = csvRow(f);
    return CSV_COLUMNS.map((c) => safeCell(r[c]));
  });
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
}
