import { createHash } from 'node:crypto';
import type { Finding, Severity } from './types';
import type { RuleMeta, RuleHit } from '../rules/types';

/** Stable finding id: sha256(ruleId | account | resource). */
export function findingUid(ruleId: string, account: string, resource: string): string {
  return createHash('sha256').update(`${ruleId}|${account}|${resource}`).digest('hex');
}

/** Builds a Finding from a rule's metadata and one of its hits. Severity: hit override, else the rule's. */
export function makeFinding(
  rule: RuleMeta,
  hit: RuleHit,
  account: string,
  now: string,
  severityOverride?: Severity,
): Finding {
  return {
    uid: findingUid(rule.id, account, hit.resource),
    ruleId: rule.id,
    kind: rule.kind,
    severity: severityOverride ?? hit.severity ?? rule.severity,
    status: 'new',
    account,
    resource: hit.resource,
    controls: [...rule.controls],
    title: rule.title,
    message: hit.message,
    fix: hit.fix ?? rule.fix,
    firstSeen: now,
    lastSeen: now,
    evidence: hit.evidence ?? {},
  };
}
