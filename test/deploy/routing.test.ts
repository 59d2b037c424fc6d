/**
 * Routing proof: the EventBridge rules of the packaged template (evaluated by test/support/eventbridge-matcher with the rule
 * State semantics) deliver an event to the change scorer whenever some event rule produces a finding for it, and
 * deliver nothing else except benign variants of calls a rule handles (a least-privilege grant through a group is
 * still an AttachGroupPolicy: patterns cannot read policy documents). Noise is never delivered.
 * Inputs: every sample in events/ and every example of every event rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compilePattern, matchCompiled, type CompiledPattern } from '../support/eventbridge-matcher';
import { EVENT_RULES } from '../../lib/rules/event';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment, type Enrichment } from '../../lib/cloudtrail/enrichment-types';
import { offlineEnrichment } from '../../lib/cloudtrail/enrich';
import { baseEventName, scoreNormalized } from '../../lib/engine/score-event';
import { eventBridgeSource } from '../../lib/eventbridge/sources';
import { deployedOfType, packaged, ROOT, type CfnTemplate } from './packaged';
import { examplesOf } from '../support/rule-examples';

jest.setTimeout(240_000);

interface DeployedRule {
  id: string;
  state: string;
  pattern: CompiledPattern;
  toScorer: boolean;
  toSns: boolean;
}

function isGetAtt(v: unknown, logicalId: string): boolean {
  const g = (v as { 'Fn::GetAtt'?: unknown } | null)?.['Fn::GetAtt'];
  return Array.isArray(g) && g[0] === logicalId;
}

function deployedRules(t: CfnTemplate): DeployedRule[] {
  // The single-account deployment (the org bus rules are created only with --param orgId: test/deploy/org-routing.test.ts).
  return deployedOfType(t, 'AWS::Events::Rule')
    .filter(([, r]) => r.Properties.EventPattern !== undefined)
    .map(([id, r]) => {
      const targets = (r.Properties.Targets as Array<{ Arn: unknown }>) ?? [];
      return {
        id,
        state: String(r.Properties.State),
        pattern: compilePattern(r.Properties.EventPattern),
        toScorer: targets.some((x) => isGetAtt(x.Arn, 'ChangeScorerLambdaFunction')),
        toSns: targets.some((x) => (x.Arn as { Ref?: string })?.Ref === 'AlertTopic'),
      };
    });
}

/** EventBridge: read-only management events reach only rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. */
function delivers(rule: DeployedRule, event: unknown): boolean {
  if (rule.state === 'DISABLED') return false;
  const readOnly = (event as { detail?: { readOnly?: unknown } }).detail?.readOnly === true;
  if (readOnly && rule.state !== 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') return false;
  return matchCompiled(rule.pattern, event);
}

/**
 * EventBridge source of a CloudTrail eventSource, from the one table the patterns are checked against
 * (lib/eventbridge/sources.ts: CloudWatch's API, monitoring.amazonaws.com, arrives as aws.monitoring).
 */
const sourceOf = eventBridgeSource;

const DETAIL_TYPES: Record<string, string> = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
};

/** The envelope EventBridge would deliver for a bare CloudTrail record. */
function asEnvelope(input: unknown): Record<string, unknown> {
  const o = input as Record<string, unknown>;
  if (o && typeof o === 'object' && 'detail' in o && 'source' in o) return o;
  const rec = o as { eventSource?: string; eventType?: string; recipientAccountId?: string; awsRegion?: string; eventTime?: string };
  return {
    version: '0',
    id: 'routing-test',
    'detail-type': DETAIL_TYPES[rec.eventType ?? 'AwsApiCall'] ?? 'AWS API Call via CloudTrail',
    source: sourceOf(rec.eventSource ?? 'unknown'),
    account: rec.recipientAccountId ?? '111122223333',
    time: rec.eventTime ?? '2026-11-02T09:00:00Z',
    region: rec.awsRegion ?? 'us-east-1',
    resources: [],
    detail: o,
  };
}

interface Case {
  name: string;
  envelope: Record<string, unknown>;
  ruleIds: string[];
  eventName: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  const dir = join(ROOT, 'events');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const input: unknown = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const ev = normalizeEvent(input);
    const scored = scoreNormalized(ev, offlineEnrichment(ev), { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' });
    out.push({ name: `events/${f}`, envelope: asEnvelope(input), ruleIds: scored.findings.map((x) => x.ruleId), eventName: ev.eventName });
  }
  for (const rule of EVENT_RULES) {
    for (const [kind, list] of Object.entries(examplesOf(rule))) {
      for (const ex of list) {
        const ev = normalizeEvent(ex.input);
        const enrichment: Enrichment = { ...emptyEnrichment(), ...offlineEnrichment(ev), ...ex.enrichment };
        const scored = scoreNormalized(ev, enrichment, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' });
        out.push({
          name: `${rule.id} ${kind}: ${ex.name}`,
          envelope: asEnvelope(ex.input),
          ruleIds: scored.findings.map((x) => x.ruleId),
          eventName: ev.eventName,
        });
      }
    }
  }
  return out;
}

/** Event names a rule judges by content (a benign variant is still routed). Wildcard rules do not count. */
const HANDLED = new Set(EVENT_RULES.flatMap((r) => (r.eventNames.includes('*') ? [] : r.eventNames.map(baseEventName))));

let rules: DeployedRule[];
let forwarded: DeployedRule[];
let all: Case[];

/** Forwarder rules: every target is the us-east-1 default bus (the main stack's rules then route the copy). */
function forwarderRules(t: CfnTemplate): DeployedRule[] {
  // Every rule, whatever its condition (cfn.ts evaluates conditions in us-east-1; this template is another region's).
  return Object.entries(t.Resources)
    .filter(([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern !== undefined)
    .map(([id, r]) => ({ id, state: String(r.Properties.State), pattern: compilePattern(r.Properties.EventPattern), toScorer: false, toSns: false }));
}

beforeAll(async () => {
  const pkg = await packaged();
  rules = deployedRules(pkg.template);
  forwarded = forwarderRules((await packaged({ configDir: join(ROOT, 'forwarder'), args: ['--region', 'eu-west-1'] })).template);
  all = cases();
});

test('the template has scorer rules and the samples are many', () => {
  expect(rules.filter((r) => r.toScorer).map((r) => r.id).sort()).toEqual(
    ['CloudTrailTamperRule', 'DefenceEvasionRule', 'IamChangesRule', 'MonitorTamperRule', 'ResourceExposureRule', 'RootActivityRule', 'SignInRule'].sort(),
  );
  expect(all.length).toBeGreaterThanOrEqual(60);
  // Only a rule's deliberately malformed examples are not routable.
  expect(all.filter((c) => !routable(c)).every((c) => c.name.startsWith('unparseable-event'))).toBe(true);
});

/**
 * EventBridge only ever carries CloudTrail records with an eventSource and an eventName; inputs without them (a
 * rule's garbage examples) reach the scorer only through the CLI or replay.
 */
function routable(c: Case): boolean {
  const d = c.envelope.detail as { eventSource?: unknown; eventName?: unknown } | null;
  return typeof d === 'object' && d !== null && typeof d.eventSource === 'string' && typeof d.eventName === 'string';
}

test('every event that produces a finding is delivered to the scorer', () => {
  const missed = all
    .filter((c) => c.ruleIds.length > 0 && routable(c))
    .filter((c) => !rules.some((r) => r.toScorer && delivers(r, c.envelope)))
    .map((c) => `${c.name} (${c.eventName} → ${c.ruleIds.join(',')})`);
  expect(missed).toEqual([]);
});

test('nothing is delivered without a finding unless a rule judges that call by its content', () => {
  const noise = all
    .filter((c) => c.ruleIds.length === 0)
    .filter((c) => rules.some((r) => r.toScorer && delivers(r, c.envelope)))
    .filter((c) => !HANDLED.has(baseEventName(c.eventName)))
    .map((c) => `${c.name} (${c.eventName})`);
  expect(noise).toEqual([]);
});

test.each([
  's3-list-buckets-iam-user.json',
  'ec2-describe-instances-role.json',
  'disable-rule-unrelated.json',
  'root-call-invoked-by-service.json',
  'console-login-iam-user-mfa.json',
  'console-login-sso-federated.json',
  'sts-get-session-token.json',
  'rolesanywhere-disable-trust-anchor.json',
])('noise sample %s is not delivered', (file) => {
  const c = all.find((x) => x.name === `events/${file}`);
  expect(c).toBeDefined();
  expect(rules.filter((r) => r.toScorer && delivers(r, c!.envelope)).map((r) => r.id)).toEqual([]);
});

const byCloudFormation = (c: Case) =>
  (c.envelope.detail as { userIdentity?: { invokedBy?: unknown } } | null)?.userIdentity?.invokedBy === 'cloudformation.amazonaws.com';

test('every tamper finding not made by CloudFormation itself also reaches SNS directly (the path that survives a broken scorer)', () => {
  const tamper = all.filter((c) => c.ruleIds.some((id) => id === 'cloudtrail-tampered' || id === 'monitor-tampered'));
  expect(tamper.length).toBeGreaterThan(3);
  const missed = tamper.filter((c) => !byCloudFormation(c)).filter((c) => !rules.some((r) => r.toSns && delivers(r, c.envelope))).map((c) => c.name);
  expect(missed).toEqual([]);
  // CloudFormation's own calls (a deploy, a stack removal) are scored and downgraded, never mailed straight away.
  const leaked = tamper.filter(byCloudFormation).filter((c) => rules.some((r) => r.toSns && delivers(r, c.envelope))).map((c) => c.name);
  expect(leaked).toEqual([]);
});

/**
 * Real-shaped records of a code deploy. CloudFormation calls Lambda and SNS with the deployer's credentials and marks
 * them `invokedBy`/`sourceIPAddress`/`userAgent` cloudformation.amazonaws.com; the same call made by a person has none.
 */
function deployRecord(eventName: string, eventSource: string, requestParameters: Record<string, unknown>, viaCfn: boolean): Record<string, unknown> {
  const cfn = 'cloudformation.amazonaws.com';
  return asEnvelope({
    eventVersion: '1.10',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROA3EXAMPLEDEPLOYER:dev@example.com',
      arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/dev@example.com',
      accountId: '111122223333',
      accessKeyId: 'ASIA3EXAMPLEDEPLOYER',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROA3EXAMPLEDEPLOYER',
          arn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
          accountId: '111122223333',
          userName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef',
        },
        attributes: { creationDate: '2026-11-02T08:55:10Z', mfaAuthenticated: 'false' },
      },
      ...(viaCfn ? { invokedBy: cfn } : {}),
    },
    eventTime: '2026-11-02T09:01:44Z',
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: viaCfn ? cfn : '198.51.100.7',
    userAgent: viaCfn ? cfn : 'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0',
    requestParameters,
    responseElements: null,
    requestID: viaCfn ? '4a1b9f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' : '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    eventID: viaCfn ? 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a51' : 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a52',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  });
}

const DEPLOY_CALLS: Array<[string, string, Record<string, unknown>]> = [
  ['UpdateFunctionCode20150331v2', 'lambda.amazonaws.com', { functionName: 'iam-guardian-prod-change-scorer', publish: false, dryRun: false }],
  [
    'UpdateFunctionConfiguration20150331v2',
    'lambda.amazonaws.com',
    { functionName: 'iam-guardian-prod-nightly-sweep', memorySize: 1024, timeout: 900 },
  ],
  [
    'SetTopicAttributes',
    'sns.amazonaws.com',
    { topicArn: 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts', attributeName: 'DisplayName', attributeValue: 'iam-guardian' },
  ],
];

test.each(DEPLOY_CALLS)('%s by CloudFormation (a deploy) takes only the scored path; the same call by a user also goes straight to SNS', (name, source, params) => {
  const scoredVia = (env: Record<string, unknown>) => rules.filter((r) => r.toScorer && delivers(r, env)).map((r) => r.id);
  const directVia = (env: Record<string, unknown>) => rules.filter((r) => r.toSns && delivers(r, env)).map((r) => r.id);
  const byCfn = deployRecord(name, source, params, true);
  const byUser = deployRecord(name, source, params, false);
  expect(scoredVia(byCfn)).toEqual(['MonitorTamperRule']);
  expect(directVia(byCfn)).toEqual([]);
  expect(scoredVia(byUser)).toEqual(['MonitorTamperRule']);
  expect(directVia(byUser)).toEqual(['MonitorTamperDirectRule']);
  // The scorer still judges the deploy (downgraded, not dropped).
  for (const env of [byCfn, byUser]) {
    const ev = normalizeEvent(env);
    const scored = scoreNormalized(ev, offlineEnrichment(ev), { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' });
    expect(scored.findings.map((x) => x.ruleId)).toContain('monitor-tampered');
  }
});

test("alarm tampering (CloudWatch's API: eventSource monitoring.amazonaws.com, source aws.monitoring) is delivered on both paths", () => {
  const env = deployRecord('DeleteAlarms', 'monitoring.amazonaws.com', { alarmNames: ['iam-guardian-prod-undelivered'] }, false);
  expect(env.source).toBe('aws.monitoring');
  // DefenceEvasionRule takes every alarm deletion to the scorer (hostile alarm names, below); the scorer is idempotent.
  expect(rules.filter((r) => delivers(r, env)).map((r) => r.id).sort()).toEqual(['DefenceEvasionRule', 'MonitorTamperDirectRule', 'MonitorTamperRule']);
  const disable = deployRecord('DisableAlarmActions', 'monitoring.amazonaws.com', { alarmNames: ['other', 'iam-guardian-prod-change-scorer-errors'] }, false);
  expect(rules.filter((r) => delivers(r, disable)).map((r) => r.id).sort()).toEqual(['DefenceEvasionRule', 'MonitorTamperDirectRule', 'MonitorTamperRule']);
  // What the old pattern expected (source aws.cloudwatch) is a source CloudTrail API calls never carry.
  expect(rules.filter((r) => delivers(r, { ...env, source: 'aws.cloudwatch' }))).toEqual([]);
});

/**
 * Values a pattern cannot expect (test/rules/event-hostile-values.test.ts): the rules report them, so the scorer must
 * receive them, here and forwarded from the other regions. A pattern matches only the values it names, so these calls
 * are routed whatever their parameters.
 */
test.each<[string, string, string, Record<string, unknown>]>([
  ['alarm names with a number in them', 'DisableAlarmActions', 'monitoring.amazonaws.com', { alarmNames: ['billing-high', 42] }],
  ['an empty alarm-name list', 'DeleteAlarms', 'monitoring.amazonaws.com', { alarmNames: [] }],
  ['no alarm-name list', 'DeleteAlarms', 'monitoring.amazonaws.com', {}],
  ['GuardDuty enable as a string', 'UpdateDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: 'no' }],
  ['GuardDuty enable as a number', 'UpdateDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: 0 }],
  ['GuardDuty enable as null', 'UpdateDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: null }],
  ['GuardDuty enable as an object', 'UpdateDetector', 'guardduty.amazonaws.com', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: { value: false } }],
])('%s: reported by a rule and delivered to the scorer, and forwarded from other regions', (_what, eventName, eventSource, params) => {
  const env = deployRecord(eventName, eventSource, params, false);
  const ev = normalizeEvent(env);
  const scored = scoreNormalized(ev, offlineEnrichment(ev), { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' });
  expect(scored.findings.map((x) => x.ruleId).filter((id) => id === 'monitor-tampered' || id === 'logging-disabled')).toHaveLength(1);
  expect(rules.filter((r) => r.toScorer && delivers(r, env)).map((r) => r.id)).toContain('DefenceEvasionRule');
  expect(forwarded.some((r) => delivers(r, { ...env, region: 'eu-west-1' }))).toBe(true);
});

test('failed (denied) calls are delivered like successful ones', () => {
  const denied = all.filter((c) => (c.envelope.detail as { errorCode?: string }).errorCode && c.ruleIds.length > 0);
  expect(denied.length).toBeGreaterThan(0);
  for (const c of denied) expect(rules.some((r) => r.toScorer && delivers(r, c.envelope))).toBe(true);
});

test('read-only root calls arrive only through the rule with ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', () => {
  const c = all.find((x) => x.name === 'events/root-s3-list-buckets.json');
  expect(c).toBeDefined();
  const via = rules.filter((r) => r.toScorer && delivers(r, c!.envelope)).map((r) => r.id);
  expect(via).toEqual(['RootActivityRule']);
  const root = rules.find((r) => r.id === 'RootActivityRule')!;
  expect(delivers({ ...root, state: 'ENABLED' }, c!.envelope)).toBe(false);
});

test('every failed IAM-user console sign-in reaches the scorer (console-sign-in-attack counts it), even for a user name that does not exist', () => {
  const failures = all.filter((c) => {
    const d = c.envelope.detail as { eventName?: string; userIdentity?: { type?: string }; responseElements?: { ConsoleLogin?: string } };
    return d.eventName === 'ConsoleLogin' && d.userIdentity?.type === 'IAMUser' && d.responseElements?.ConsoleLogin === 'Failure';
  });
  expect(failures.map((c) => c.name)).toEqual(expect.arrayContaining(['events/console-login-unknown-user-failed.json']));
  for (const c of failures) expect([c.name, rules.filter((r) => r.toScorer && delivers(r, c.envelope)).map((r) => r.id)]).toEqual([c.name, ['SignInRule']]);
  // A successful sign-in with MFA stays out (no finding can come of it without failures before it).
  const mfa = all.find((x) => x.name === 'events/console-login-iam-user-mfa.json')!;
  expect(rules.some((r) => r.toScorer && delivers(r, mfa.envelope))).toBe(false);
});

test('GetFederationToken at a regional STS endpoint and Roles Anywhere changes (forwarded to us-east-1) reach the scorer', () => {
  for (const name of ['events/sts-get-federation-token-no-policy-regional.json', 'events/rolesanywhere-create-trust-anchor-bundle.json']) {
    const c = all.find((x) => x.name === name)!;
    expect((c.envelope as { region?: string }).region).toBe('eu-west-1');
    expect([name, rules.filter((r) => r.toScorer && delivers(r, c.envelope)).map((r) => r.id)]).toEqual([name, ['IamChangesRule']]);
  }
});

test('both sign-in detail-type spellings are delivered', () => {
  const c = all.find((x) => x.name === 'events/console-login-iam-user-no-mfa.json')!;
  for (const dt of ['AWS Console Sign In via CloudTrail', 'AWS Console SignIn via CloudTrail']) {
    expect(rules.some((r) => r.toScorer && delivers(r, { ...c.envelope, 'detail-type': dt }))).toBe(true);
  }
});

/** Services whose CloudTrail events are recorded only in us-east-1 (global): no forwarder needed. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'organizations.amazonaws.com', 'sts.amazonaws.com']);

test('every finding on a regional service (S3, Lambda, KMS, GuardDuty, Config…) is also forwarded from the other regions', () => {
  const regional = all.filter((c) => c.ruleIds.length > 0 && routable(c)).filter((c) => {
    const d = c.envelope.detail as { eventSource: string; userIdentity?: { type?: string } };
    return !GLOBAL_SOURCES.has(d.eventSource);
  });
  // The new exposure / evasion rules are all regional: they must be among the forwarded.
  const ids = new Set(regional.flatMap((c) => c.ruleIds));
  for (const id of ['resource-policy-opened', 'logging-disabled', 'trail-bucket-tampered']) expect([id, ids.has(id)]).toEqual([id, true]);
  const elsewhere = (c: Case) => ({ ...c.envelope, region: 'eu-west-1', detail: { ...(c.envelope.detail as object), awsRegion: 'eu-west-1' } });
  const missed = regional.filter((c) => !forwarded.some((r) => delivers(r, elsewhere(c)))).map((c) => `${c.name} (${c.eventName} → ${c.ruleIds.join(',')})`);
  expect(missed).toEqual([]);
});

test('each event pattern fits EventBridge\'s default 2,048-character quota', () => {
  const yaml = readFileSync(join(ROOT, 'lib', 'eventbridge', 'patterns.yml'), 'utf8');
  const patterns = parseYaml(yaml) as Record<string, unknown>;
  const sizes = Object.entries(patterns).map(([k, v]) => [k, JSON.stringify(v).length] as const);
  expect(sizes.filter(([, n]) => n > 2048)).toEqual([]);
});
