/**
 * Change score of one CloudTrail event (0–100).
 *
 *   findingScore = clamp(BASE[severity] + Σ adjustments of its factors, 0, 100)
 *     BASE: critical 90, high 70, medium 50, low 25, info 5 (no finding: 0)
 *     adjustments: rootWithoutMfa +10, adminEquivalent +10, grantToUser +5, failedAttempt −15
 *     unverified (the change could not be fully checked): the result is at least the medium base (50)
 *   event score    = the highest findingScore of its findings (suppressed ones included: suppression silences
 *                    the alert, it does not make the change less risky)
 *   event severity = the worst finding's severity ('none' without findings)
 *   alert          = some finding that is not suppressed has severity ≥ config.alertThreshold
 */
import { severityRank, type Severity } from '../findings/types';
import type { ScoreFactors } from '../rules/types';

export const BASE_SCORE: Record<Severity | 'none', number> = { critical: 90, high: 70, medium: 50, low: 25, info: 5, none: 0 };

export const FACTOR_ADJUSTMENT: Record<Exclude<keyof ScoreFactors, 'unverified'>, number> = {
  rootWithoutMfa: 10,
  adminEquivalent: 10,
  grantToUser: 5,
  failedAttempt: -15,
};

/** Minimum score of a change that could not be fully checked (the medium base). */
export const UNVERIFIED_FLOOR = BASE_SCORE.medium;

export function findingScore(severity: Severity, factors?: ScoreFactors): number {
  let s = BASE_SCORE[severity];
  if (factors) {
    for (const k of Object.keys(FACTOR_ADJUSTMENT) as (keyof typeof FACTOR_ADJUSTMENT)[]) if (factors[k]) s += FACTOR_ADJUSTMENT[k];
    if (factors.unverified) s = Math.max(s, UNVERIFIED_FLOOR);
  }
  return Math.max(0, Math.min(100, s));
}

export interface ScoredItem {
  severity: Severity;
  suppressed: boolean;
  factors?: ScoreFactors;
}

export interface ChangeScore {
  severity: Severity | 'none';
  score: number;
  alert: boolean;
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

export function changeScore(items: readonly ScoredItem[], alertThreshold: Severity): ChangeScore {
  let severity: Severity | 'none' = 'none';
  let score = 0;
  let alert = false;
  for (const it of items) {
    if (severity === 'none' || severityRank(it.severity) > severityRank(severity)) severity = it.severity;
    score = Math.max(score, findingScore(it.severity, it.factors));
    if (!it.suppressed && atLeast(it.severity, alertThreshold)) alert = true;
  }
  return { severity, score, alert };
}
