import type { Severity } from '../../findings/types';
import type { JsonPath } from './locate';

/** `error`: AWS rejects the document (MalformedPolicyDocument); the others rank what a valid document grants. */
export type LintSeverity = 'error' | Severity;

export const LINT_SEVERITIES: readonly LintSeverity[] = ['info', 'low', 'medium', 'high', 'critical', 'error'];

export function lintRank(s: LintSeverity): number {
  return LINT_SEVERITIES.indexOf(s);
}

export interface LintProblem {
  severity: LintSeverity;
  /** Stable id of the kind of problem (`unknown-key`, `bad-effect`, `service-wildcard`, `admin-equivalent`, …). */
  code: string;
  message: string;
  /** Where in the document (JSON path from the policy document's root). */
  path: JsonPath;
  /** Point at the key rather than its value (an unknown or duplicate key). */
  onKey?: boolean;
}
