/** Aggregation and rendering of a replay's results (pure). */
import type { FileResult, ReplayCounts } from './types';
import { SEVERITIES } from '../findings/types';
import { escapeControls } from '../text/escape';

export interface ReplaySummary extends ReplayCounts {
  files: number;
  failedFiles: { file: string; error: string }[];
  seconds: number;
}

export function emptySummary(): ReplaySummary {
  return { files: 0, failedFiles: [], bytes: 0, rawBytes: 0, events: 0, skipped: 0, flagged: 0, alerts: 0, byRule: {}, seconds: 0 };
}

export function addResult(s: ReplaySummary, r: FileResult): void {
  s.files += 1;
  if (r.error) s.failedFiles.push({ file: r.file, error: r.error });
  s.bytes += r.bytes;
  s.rawBytes += r.rawBytes;
  s.events += r.events;
  s.skipped += r.skipped;
  s.flagged += r.flagged;
  s.alerts += r.alerts;
  for (const [rule, bySev] of Object.entries(r.byRule)) {
    const t = (s.byRule[rule] ??= {});
    for (const [sev, n] of Object.entries(bySev)) t[sev] = (t[sev] ?? 0) + n;
  }
}

export function findingsCount(s: ReplaySummary): number {
  let n = 0;
  for (const bySev of Object.values(s.byRule)) for (const c of Object.values(bySev)) n += c;
  return n;
}

const MB = 1024 * 1024;

export function renderSummaryText(s: ReplaySummary): string {
  const lines: string[] = [];
  const rate = s.seconds > 0 ? (s.rawBytes / MB / s.seconds).toFixed(1) : '-';
  lines.push(
    `Replayed ${s.files} file(s), ${s.events} event(s) (${(s.rawBytes / MB).toFixed(1)} MB uncompressed) in ${s.seconds.toFixed(1)} s (${rate} MB/s).`,
  );
  if (s.skipped) lines.push(`${s.skipped} event(s) outside --since/--until were skipped.`);
  lines.push(`${s.flagged} event(s) with findings; ${s.alerts} would have sent an alert.`);
  const rules = Object.entries(s.byRule).sort((a, b) => worst(b[1]) - worst(a[1]) || total(b[1]) - total(a[1]));
  if (rules.length) {
    lines.push('', 'Findings by rule and severity:');
    const w = Math.max(...rules.map(([r]) => r.length));
    for (const [rule, bySev] of rules) {
      const parts = [...SEVERITIES].reverse().filter((sev) => bySev[sev]).map((sev) => `${sev} ${bySev[sev]}`);
      lines.push(`  ${rule.padEnd(w)}  ${total(bySev).toString().padStart(7)}  (${parts.join(', ')})`);
    }
  } else {
    lines.push('No findings.');
  }
  const rootRules = ['root-sign-in', 'root-activity', 'root-access-key-created', 'root-credentials-changed', 'root-sign-in-failed'];
  const rootUse = rootRules.reduce((n, r) => n + total(s.byRule[r] ?? {}), 0);
  lines.push('', rootUse ? `Root was used: ${rootUse} root finding(s) in this archive.` : 'Root was not used in this archive.');
  if (s.failedFiles.length) {
    lines.push('', `${s.failedFiles.length} file(s) could not be read:`);
    for (const f of s.failedFiles.slice(0, 20)) lines.push(`  ${f.file}: ${f.error}`);
    if (s.failedFiles.length > 20) lines.push(`  … and ${s.failedFiles.length - 20} more`);
  }
  // One line per entry: a newline or control character in a file name or error becomes visible.
  return lines.map((l) => escapeControls(l)).join('\n') + '\n';
}

function total(bySev: Record<string, number>): number {
  return Object.values(bySev).reduce((a, b) => a + b, 0);
}

function worst(bySev: Record<string, number>): number {
  let w = -1;
  for (const [sev, n] of Object.entries(bySev)) if (n > 0) w = Math.max(w, SEVERITIES.indexOf(sev as (typeof SEVERITIES)[number]));
  return w;
}
