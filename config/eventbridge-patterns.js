'use strict';
/**
 * The EventBridge patterns of lib/eventbridge/patterns.yml, plus the patterns derived from them, for serverless.yml
 * and forwarder/serverless.yml:
 *
 *   EventPattern: ${file(./config/eventbridge-patterns.js):monitorTamperDirect}
 *
 * `<name>Direct` (for each tamper pattern) is the pattern of the rule that publishes straight to the alerts topic: the
 * same calls, minus the ones CloudFormation makes itself (`userIdentity.invokedBy` = cloudformation.amazonaws.com),
 * so that a deploy's UpdateFunctionCode / UpdateFunctionConfiguration / SetTopicAttributes is scored (and downgraded)
 * by the change scorer instead of being mailed as a TAMPER ALERT.
 *
 * EventBridge semantics (aws-facts.md; EventBridge user guide, "Comparison operators"): `anything-but` never matches
 * a missing field, and a user's own call has no invokedBy at all, so the exclusion is
 * `invokedBy: [{anything-but: cloudformation}, {exists: false}]` (alternatives of one field are ORed).
 */
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');

const PATTERNS_FILE = path.join(__dirname, '..', 'lib', 'eventbridge', 'patterns.yml');
const CLOUDFORMATION = 'cloudformation.amazonaws.com';
/** Patterns whose matches also go straight to SNS (the path that survives a broken scorer). */
const DIRECT = ['cloudTrailTamper', 'monitorTamper'];

/** `pattern` without CloudFormation's own calls. */
function withoutCloudFormation(pattern) {
  const detail = { ...(pattern.detail || {}) };
  const userIdentity = { ...(detail.userIdentity || {}) };
  if ('$or' in userIdentity || 'invokedBy' in userIdentity) {
    throw new Error('eventbridge-patterns: a direct tamper pattern already filters userIdentity.invokedBy; merge by hand');
  }
  // The alternatives of one field are ORed: one array instead of an $or of two branches (the monitor-tamper pattern
  // is close to EventBridge's 2,048-character limit).
  userIdentity.invokedBy = [{ 'anything-but': CLOUDFORMATION }, { exists: false }];
  detail.userIdentity = userIdentity;
  return { ...pattern, detail };
}

function patterns() {
  const base = parse(fs.readFileSync(PATTERNS_FILE, 'utf8'));
  const out = { ...base };
  for (const name of DIRECT) {
    if (!base[name]) throw new Error(`eventbridge-patterns: ${PATTERNS_FILE} has no pattern ${name}`);
    out[`${name}Direct`] = withoutCloudFormation(base[name]);
  }
  return out;
}

module.exports = async function eventBridgePatterns() {
  return patterns();
};
module.exports.patterns = patterns;
module.exports.withoutCloudFormation = withoutCloudFormation;
module.exports.DIRECT = DIRECT;
