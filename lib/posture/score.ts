/**
 * Posture score (0–100): the severity-weighted share of applicable checks that pass.
 *
 * - Weights: w(critical) = 10, w(high) = 5, w(medium) = 3, w(low) = 1, w(info) = 0.
 * - Each evaluated rule r ran `checked` checks (one per resource it looked at; account-level rules run one).
 *   A passing check weighs w(severity of r) — the rule's severity after the user's severity override.
 *   A failing check (an open, unsuppressed finding) weighs w(severity of that finding), since some hits carry a
 *   different severity than their rule (e.g. a root access key that was used makes root-used-recently critical).
 *   A suppressed finding's check is left out entirely (accepted risk: neither pass nor fail).
 *   Rules that were not evaluated (missing input) or are disabled count nothing.
 * - P = Σ passing weight, F = Σ failing weight, score = 100 × P / (P + F); 100 when nothing applicable weighs anything.
 *
 * Fixing one finding f of rule r turns one failing check into a passing one:
 *   gain = 100 × (P + w_r) / (P + F − w_f + w_r) − 100 × P / (P + F)
 * which is exactly 100 × w / (P + F) when the finding has its rule's severity w (the finding's weight share).
 * Info findings weigh 0 as failures; fixing one still adds its rule's passing weight (0 for info rules).
 */
import type { Finding, Severity } from '../findings/types';

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

export function severityWeight(s: Severity): number {
  return SEVERITY_WEIGHTS[s];
}

/** Per-rule counts the score needs (a superset of SweepSummary.rules). */
export interface RuleScoreInput {
  checked: number;
  /** Open (unsuppressed) findings. */
  failed: number;
  /** Rule severity after config overrides: the weight of each passing check. */
  severity: Severity;
  /** Suppressed findings (their checks are left out). Default 0. */
  suppressed?: number;
  /** Σ w(finding severity) over the open findings; default failed × w(severity). */
  failedWeight?: number;
  notEvaluated?: string;
}

function parts(r: RuleScoreInput): { pass: number; fail: number } {
  if (r.notEvaluated) return { pass: 0, fail: 0 };
  const passing = Math.max(0, r.checked - r.failed - (r.suppressed ?? 0));
  return { pass: passing * severityWeight(r.severity), fail: r.failedWeight ?? r.failed * severityWeight(r.severity) };
}

/** Passing and total weight of a set of rules. */
export function scoreWeights(rules: Record<string, RuleScoreInput>): { passing: number; total: number } {
  let passing = 0;
  let failing = 0;
  for (const r of Object.values(rules)) {
    const p = parts(r);
    passing += p.pass;
    failing += p.fail;
  }
  return { passing, total: passing + failing };
}

/** The exact (unrounded) posture score; 100 when no applicable check carries weight. */
export function postureScore(rules: Record<string, RuleScoreInput>): number {
  const { passing, total } = scoreWeights(rules);
  return total === 0 ? 100 : (100 * passing) / total;
}

/** The score as shown to people: one decimal. */
export function roundScore(score: number): number {
  return Math.round(score * 10) / 10;
}

export interface ScoredEvaluation {
  rules: Record<string, RuleScoreInput>;
}

/**
 * Exactly how much the (unrounded) score rises when this one finding is fixed and nothing else changes.
 * 0 for suppressed findings, event findings and findings of rules not in the evaluation.
 */
export function scoreGainIfFixed(evaluation: ScoredEvaluation, finding: Pick<Finding, 'ruleId' | 'severity' | 'status' | 'kind'>): number {
  if (finding.kind !== 'posture' || finding.status === 'suppressed' || finding.status === 'resolved') return 0;
  const r = evaluation.rules[finding.ruleId];
  if (!r || r.notEvaluated || r.failed <= 0) return 0;
  const fixed: RuleScoreInput = {
    ...r,
    failed: r.failed - 1,
    failedWeight: (r.failedWeight ?? r.failed * severityWeight(r.severity)) - severityWeight(finding.severity),
  };
  return postureScore({ ...evaluation.rules, [finding.ruleId]: fixed }) - postureScore(evaluation.rules);
}

export interface RuleContribution {
  ruleId: string;
  severity: Severity;
  checked: number;
  failed: number;
  /** Score points the rule's open findings cost: the score with all of them fixed minus the current score. */
  pointsLost: number;
}

/**
 * Per-rule points lost, largest first (ties by rule id). The points of different rules do not add up exactly to
 * 100 − score, because fixing one rule also changes the total weight the others are measured against.
 */
export function ruleContributions(evaluation: ScoredEvaluation): RuleContribution[] {
  const current = postureScore(evaluation.rules);
  const out: RuleContribution[] = [];
  for (const [ruleId, r] of Object.entries(evaluation.rules)) {
    if (r.notEvaluated || r.failed <= 0) continue;
    const fixed = postureScore({ ...evaluation.rules, [ruleId]: { ...r, failed: 0, failedWeight: 0 } });
    out.push({ ruleId, severity: r.severity, checked: r.checked, failed: r.failed, pointsLost: fixed - current });
  }
  return out.sort((a, b) => b.pointsLost - a.pointsLost || a.ruleId.localeCompare(b.ruleId));
}
