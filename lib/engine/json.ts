/** The `--json` line of one scored event (design.md contract), shared by `score` and `replay`. */
import type { ScoredEvent } from './score-event';
import { findingJson } from '../findings/json';

export function scoredEventJson(s: ScoredEvent): Record<string, unknown> {
  return {
    eventId: s.eventId,
    eventName: s.eventName,
    severity: s.severity,
    score: s.score,
    alert: s.alert,
    findings: s.findings.map((f) => findingJson(f, { status: 'suppressed' })),
  };
}
