/** Report test data: findings, sweeps and alerts shaped like the store's records. */
import { findingUid } from '../../lib/findings/finding';
import type { Finding, Severity } from '../../lib/findings/types';
import type { AlertRecord, SweepSummary } from '../../lib/store/types';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';

export const ACCOUNT = '123456789012';
export const NOW = '2026-11-30T07:00:00.000Z';

let n = 0;
export function finding(p: Partial<Finding> & { ruleId?: string; severity?: Severity } = {}): Finding {
  n++;
  const ruleId = p.ruleId ?? 'access-key-not-rotated';
  const resource = p.resource ?? `arn:aws:iam::${ACCOUNT}:user/user-${n}`;
  return {
    uid: findingUid(ruleId, ACCOUNT, resource),
    ruleId,
    kind: 'posture',
    severity: p.severity ?? 'medium',
    status: 'open',
    account: ACCOUNT,
    resource,
    controls: ['IAM.3'],
    title: p.title ?? `Title of ${ruleId}`,
    message: p.message ?? `Message about ${resource}.`,
    fix: p.fix ?? { console: ['Open IAM.', 'Do the thing.'], cli: `aws iam do-thing --user-name ${resource.split('/').pop()}` },
    firstSeen: '2026-10-01T03:00:00.000Z',
    lastSeen: '2026-11-30T03:00:00.000Z',
    evidence: {},
    ...p,
  };
}

export function sweep(time: string, score: number, counts: Partial<Record<Severity, number>> = {}): SweepSummary {
  return { account: ACCOUNT, time, score, counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...counts } };
}

/** One sweep per week for `weeks` weeks, ending at the day of NOW, score rising from `from` to `to`. */
export function weeklySweeps(weeks: number, from: number, to: number): SweepSummary[] {
  const out: SweepSummary[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    const time = new Date(Date.parse('2026-11-30T03:00:00.000Z') - i * 7 * 86_400_000).toISOString();
    const score = Math.round((to - ((to - from) * i) / Math.max(1, weeks - 1)) * 10) / 10;
    out.push(sweep(time, score));
  }
  return out;
}

export function alert(p: Partial<AlertRecord> = {}): AlertRecord {
  n++;
  return {
    account: ACCOUNT,
    eventId: p.eventId ?? `evt-${n}`,
    time: '2026-11-24T09:14:00Z',
    eventName: 'ConsoleLogin',
    actor: 'root',
    sourceIp: '203.0.113.7',
    ruleIds: ['root-sign-in'],
    severity: 'critical',
    score: 95,
    subject: 'CRITICAL root sign-in',
    lines: ['Root signed in without MFA'],
    ...p,
  };
}

export function config(p: Partial<Config> = {}): Config {
  return { ...DEFAULT_CONFIG, ...p };
}
