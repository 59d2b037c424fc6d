import * as nodeCrypto from 'node:crypto';
import type { Finding, Severity } from './types';
import type { RuleMeta, RuleHit } from '../rules/types';

/**
 * Recent ids: a replay or a sweep meets the same (rule, account, resource) again and again, and hashing was a tenth of
 * the time of scoring a flagged event. Bounded: cleared when full (an id is a pure function of its key).
 */
const uidCache = new Map<string, string>();
const UID_CACHE_ENTRIES = 4096;

/**
 * The one-shot `crypto.hash` where Node has it (20.12 and later: half the time of a Hash object, measured), else
 * createHash. Same digest either way.
 */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : nodeCrypto.createHash('sha256').update(text).digest('hex');
}

/** Stable finding id: sha256(ruleId | account | resource). */
export function findingUid(ruleId: string, account: string, resource: string): string {
  const key = `${ruleId}|${account}|${resource}`;
  let uid = uidCache.get(key);
  if (uid === undefined) {
    uid = sha256Hex(key);
    if (uidCache.size >= UID_CACHE_ENTRIES) uidCache.clear();
    uidCache.set(key, uid);
  }
  return uid;
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
