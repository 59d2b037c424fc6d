/** Aggregation and rendering of a replay's results (pure). */
import type { FileResult, ReplayCounts } from './types';
import { SEVERITIES } from '../findings/types';
import { escapeControls } from '../text/escape';

export interface ReplaySummary extends ReplayCounts {
  files: number;
  failedFiles: { file: string; error: string }[];
  /** Paths under the archive that were not read (broken or looping symlinks, special files, unreadable folders). */
  skippedFiles: { file: string; reason: string }[];
  /** Files read that hold no CloudTrail event but another known document (a policy, test expectations…): not scored. */
  ignoredFiles: { file: string; reason: string }[];
  /** Events without a readable eventTime: scored (included) whatever --since/--until say; the files holding them. */
  untimed: number;
  untimedFiles: string[];
  seconds: number;
}

export function emptySummary(): ReplaySummary {
  return { files: 0, failedFiles: [], skippedFiles: [], ignoredFiles: [], untimed: 0, untimedFiles: [], bytes: 0, rawBytes: 0, events: 0, skipped: 0, flagged: 0, alerts: 0, byRule: {}, seconds: 0 };
}

/** A replay with unread files or objects did not see the whole archive: its exit status is 1. */
export function replayIncomplete(s: ReplaySummary): boolean {
  return s.failedFiles.length > 0 || s.skippedFiles.length > 0;
}

export function addResult(s: ReplaySummary, r: FileResult): void {
  if (!r.signInPass) s.files += 1;
  if (r.error) s.failedFiles.push({ file: r.file, error: r.error });
  if (r.ignored) s.ignoredFiles.push({ file: r.file, reason: r.ignored });
  if (r.untimed) {
    s.untimed += r.untimed;
    if (s.untimedFiles.length < 100) s.untimedFiles.push(r.file);
  }
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

/** `renderSummaryText` with --since/--until known, for the line about events without a time. */
export function renderSummaryText(s: ReplaySummary, window: { since?: string; until?: string } = {}): string {
  const lines: string[] = [];
  const rate = s.seconds > 0 ? (s.rawBytes / MB / s.seconds).toFixed(1) : '-';
  lines.push(
    `Replayed ${s.files} file(s), ${s.events} event(s) (${(s.rawBytes / MB).toFixed(1)} MB uncompressed) in ${s.seconds.toFixed(1)} s (${rate} MB/s).`,
  );
  if (s.skipped) lines.push(`${s.skipped} event(s) outside --since/--until were skipped.`);
  if (s.untimed) {
    const filter = window.since || window.until ? ` included although --${window.since ? 'since' : 'until'} could not be applied to them` : ' included';
    const where = s.untimedFiles.slice(0, 5).join(', ') + (s.untimedFiles.length > 5 ? `, … (${s.untimedFiles.length} files)` : '');
    lines.push(`${s.untimed} event(s) without a time (no eventTime):${filter}; in ${where}.`);
  }
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
  const incomplete = replayIncomplete(s) ? ' (but not every file could be read: see below)' : '';
  if (incomplete && !rootUse) lines[lines.length - 1] = `Root was not used in the files that could be read${incomplete}.`;
  if (s.failedFiles.length) {
    lines.push('', `${s.failedFiles.length} file(s) could not be read:`);
    for (const f of s.failedFiles.slice(0, 20)) lines.push(`  ${f.file}: ${f.error}`);
    if (s.failedFiles.length > 20) lines.push(`  … and ${s.failedFiles.length - 20} more`);
  }
  if (s.ignoredFiles.length) {
    const n = s.ignoredFiles.length;
    lines.push('', `${n} file${n === 1 ? '' : 's'} ignored: not CloudTrail logs (counted above, not scored):`);
    for (const f of s.ignoredFiles.slice(0, 20)) lines.push(`  ${f.file}: ${f.reason}`);
    if (n > 20) lines.push(`  … and ${n - 20} more`);
  }
  if (s.skippedFiles.length) {
    lines.push('', `${s.skippedFiles.length} path(s) were skipped:`);
    for (const f of s.skippedFiles.slice(0, 20)) lines.push(`  ${f.file}: ${f.reason}`);
    if (s.skippedFiles.length > 20) lines.push(`  … and ${s.skippedFiles.length - 20} more`);
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
