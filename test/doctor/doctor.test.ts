/**
 * `iam-guardian doctor` over deployments of the packaged template mocked with AWS-shaped responses: healthy, then each
 * check broken in the ways that give a warning or a failure. The README's doctor output is generated from the two
 * end-to-end runs here (UPDATE_README=1 rewrites it; otherwise the test fails when it drifts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDoctor, type DoctorResult } from '../../lib/aws/doctor';
import { doctorExitCode, keyPolicyAllows } from '../../lib/doctor/checks';
import { doctorJson, renderDoctorText } from '../../lib/doctor/render';
import type { Check } from '../../lib/doctor/types';
import { packaged, ROOT, type CfnTemplate } from '../deploy/packaged';
import { created, TEST_ACCOUNT } from '../deploy/cfn';
import { healthyDeployment, mockedClients, NOW, type Deployment, type MockRule } from './deployment';

jest.setTimeout(240_000);

let template: CfnTemplate;
beforeAll(async () => {
  template = (await packaged()).template;
});

/** A key policy as KMS returns it for a correct deployment (aws-facts: no source conditions for EventBridge). */
function keyPolicy(eventBridgeCondition?: Record<string, unknown>): string {
  return JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AccountAdministration', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'EventBridgePublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      ...(eventBridgeCondition ? { Condition: eventBridgeCondition } : {}),
    },
    {
      Sid: 'CloudWatchPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } },
    },
  ],
  });
}
const HEALTHY_KEY_POLICY = keyPolicy();

const FORWARD = ['eu-west-1'];

/** The template's resources, outputs, rule states and targets, and its own KMS key policy. */
function healthy(): Deployment {
  return healthyDeployment(template, { forwardRegions: FORWARD });
}

async function doctor(d: Deployment, opts: { region?: string; sendTest?: boolean; profile?: string } = {}): Promise<DoctorResult> {
  const clients = mockedClients(d);
  try {
    return await runDoctor(clients, { stage: 'prod', region: opts.region ?? 'us-east-1', profile: opts.profile, forwardRegions: FORWARD, sendTest: Boolean(opts.sendTest), now: NOW });
  } finally {
    clients.restore();
  }
}

function only(r: DoctorResult, idPrefix: string): Check[] {
  return r.checks.filter((c) => c.id === idPrefix || c.id.startsWith(`${idPrefix}:`));
}

function one(r: DoctorResult, idPrefix: string): Check {
  const list = only(r, idPrefix);
  expect(list).toHaveLength(1);
  return list[0];
}

function outputs(d: Deployment): Record<string, string> {
  if (d.stack === 'missing') throw new Error('no stack');
  return d.stack.outputs;
}

function ruleNamed(d: Deployment, suffix: string): string {
  const name = Object.keys(d.rules).find((n) => n.endsWith(suffix));
  if (!name) throw new Error(`template has no rule *${suffix}`);
  return name;
}

function rule(d: Deployment, name: string): MockRule {
  const r = d.rules[name];
  if (r === 'missing') throw new Error('missing');
  return r;
}

describe('end to end, with the packaged template resource names', () => {
  test('healthy deployment: every check passes, one line per rule of the template, exit 0', async () => {
    const d = healthy();
    const r = await doctor(d, { sendTest: true });
    expect(r.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(doctorExitCode(r.checks)).toBe(0);
    const templateRules = Object.entries(template.Resources).filter(([id, x]) => x.Type === 'AWS::Events::Rule' && created(template, id)).map(([, x]) => (x.Properties as { Name: string }).Name);
    expect(only(r, 'rule').map((c) => c.resource).sort()).toEqual([...templateRules].sort());
    for (const k of ['credentials', 'region', 'trail', 'stack', 'scorer', 'last-sweep', 'send-test', 'forwarder:eu-west-1']) expect(only(r, k)).toHaveLength(1);
    expect(only(r, 'topic').length).toBe(Object.values(template.Resources).filter((x) => x.Type === 'AWS::SNS::Topic').length);
    expect(only(r, 'kms').length).toBeGreaterThanOrEqual(1);
    expect(only(r, 'dlq')).toHaveLength(2);
    expect(d.published[0]).toMatch(/^\[TEST\] iam-guardian doctor test alert[\s\S]*THIS IS A TEST/);
  });

  test('broken deployment: each broken part fails with its fix, exit 1; the README shows both runs', async () => {
    const ok = await doctor(healthy(), { sendTest: true });
    const d = healthy();
    const out = outputs(d);
    d.trails[0].trail.IsMultiRegionTrail = false;
    const root = ruleNamed(d, '-root-activity');
    rule(d, root).State = 'ENABLED';
    const iamChanges = ruleNamed(d, '-iam-changes');
    rule(d, iamChanges).State = 'DISABLED';
    const alerts = d.topics[out.AlertTopicArn];
    if (alerts === 'missing') throw new Error('missing');
    alerts.subscriptions = [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'secops@example.com' }];
    d.queues[out.EventsDlqUrl] = 3;
    d.metrics.errors = [2, 0, 1];
    d.sweeps = [{ time: new Date(NOW.getTime() - 80 * 3_600_000).toISOString(), score: 64, counts: { critical: 1, high: 2, medium: 0, low: 0, info: 0 } }];
    d.forwarders = {};
    const bad = await doctor(d);
    expect(doctorExitCode(bad.checks)).toBe(1);
    const failed = bad.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failed).toEqual(
      expect.arrayContaining([`rule:${root}`, `rule:${iamChanges}`, `topic:${out.AlertTopicArn}`, 'dlq:events dead-letter queue', 'scorer', 'last-sweep', 'forwarder:eu-west-1']),
    );
    expect(one(bad, 'trail').status).toBe('warn');
    for (const c of bad.checks.filter((x) => x.status !== 'pass')) expect(c.fix).toBeTruthy();

    const header = (x: DoctorResult) => `iam-guardian doctor: account ${x.account}, stack ${x.stackName} (us-east-1)`;
    const section = [
      '<!-- doctor-output:start (generated by test/doctor/doctor.test.ts: UPDATE_README=1 npx jest test/doctor) -->',
      'A healthy deployment (`iam-guardian doctor --send-test`):',
      '',
      '```text',
      renderDoctorText(ok.checks, header(ok)).trimEnd(),
      '```',
      '',
      'A broken one (exit status 1): single-region trail, root-activity rule no longer delivering read-only calls, a disabled rule, the e-mail',
      'subscription never confirmed, events in the dead-letter queue, scorer errors, no sweep for three days, a missing forwarder:',
      '',
      '```text',
      renderDoctorText(bad.checks, header(bad)).trimEnd(),
      '```',
      '<!-- doctor-output:end -->',
    ].join('\n');
    const readmePath = join(ROOT, 'README.md');
    const readme = readFileSync(readmePath, 'utf8');
    const re = /<!-- doctor-output:start[\s\S]*?<!-- doctor-output:end -->/;
    if (process.env.UPDATE_README) writeFileSync(readmePath, readme.replace(re, section));
    else expect(readme.match(re)?.[0]).toBe(section);
  });

  test("the template's own KMS key policy lets EventBridge and CloudWatch publish (no source conditions for EventBridge)", async () => {
    const r = await doctor(healthy());
    expect(only(r, 'kms').length).toBeGreaterThanOrEqual(1);
    for (const c of only(r, 'kms')) expect([c.status, c.seen]).toEqual(['pass', expect.stringContaining('events.amazonaws.com and cloudwatch.amazonaws.com')]);
    // The same reading fails a policy that conditions EventBridge on aws:SourceAccount (the earlier template's mistake).
    expect(keyPolicyAllows(keyPolicy({ StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } }), 'events.amazonaws.com', true).ok).toBe(false);
    expect(keyPolicyAllows(HEALTHY_KEY_POLICY, 'events.amazonaws.com', true).ok).toBe(true);
  });
});

describe('each check: pass, warn, fail', () => {
  test('credentials: pass with the caller; fail without usable credentials (nothing else is called)', async () => {
    expect(one(await doctor(healthy()), 'credentials')).toMatchObject({ status: 'pass', seen: `account ${TEST_ACCOUNT} as arn:aws:sts::${TEST_ACCOUNT}:assumed-role/Admin/alice` });
    const d = healthy();
    d.identity = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' });
    const r = await doctor(d, { profile: 'audit' });
    expect(one(r, 'credentials')).toMatchObject({ status: 'fail', seen: expect.stringContaining('ExpiredToken'), fix: expect.stringContaining('aws sso login --profile audit') });
    expect(r.checks.map((c) => c.id)).toEqual(['credentials', 'region']);
  });

  test('region: pass in us-east-1, fail elsewhere', async () => {
    expect(one(await doctor(healthy()), 'region').status).toBe('pass');
    expect(one(await doctor(healthy(), { region: 'eu-west-1' }), 'region')).toMatchObject({ status: 'fail', fix: expect.stringContaining('--region us-east-1') });
  });

  test('trail: none → fail with exactly the event-history command; stopped → fail; single-region, stale → warn', async () => {
    const none = healthy();
    none.trails = [];
    const r = await doctor(none, { profile: 'audit' });
    expect(one(r, 'trail')).toMatchObject({ status: 'fail', seen: expect.stringContaining('iam-guardian replay --event-history --profile audit') });
    expect(r.noTrail).toBe(true);

    const stopped = healthy();
    stopped.trails[0].status.IsLogging = false;
    expect(one(await doctor(stopped), 'trail')).toMatchObject({ status: 'fail', fix: expect.stringContaining('aws cloudtrail start-logging --name') });

    const readOnly = healthy();
    readOnly.trails[0].selectors = { AdvancedEventSelectors: [{ Name: 'reads', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }] };
    expect(one(await doctor(readOnly), 'trail')).toMatchObject({ status: 'fail', seen: expect.stringContaining('management events are not logged') });

    const single = healthy();
    single.trails[0].trail.IsMultiRegionTrail = false;
    expect(one(await doctor(single), 'trail')).toMatchObject({ status: 'warn', fix: expect.stringContaining('--is-multi-region-trail') });

    const stale = healthy();
    stale.trails[0].status.LatestDeliveryTime = new Date(NOW.getTime() - 72 * 3_600_000);
    expect(one(await doctor(stale), 'trail')).toMatchObject({ status: 'warn', seen: expect.stringContaining('last log delivery 72 h ago') });

    // A good organization trail next to a stopped local one: the good one counts.
    const org = healthy();
    org.trails.unshift({
      trail: { Name: 'old', TrailARN: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/old`, HomeRegion: 'us-east-1', IsMultiRegionTrail: false, IsOrganizationTrail: false },
      status: { IsLogging: false },
      selectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] },
    });
    expect(one(await doctor(org), 'trail').status).toBe('pass');
  });

  test('stack: pass; rolled-back update → warn; ROLLBACK_COMPLETE → fail (delete then deploy); missing → fail (deploy)', async () => {
    expect(one(await doctor(healthy()), 'stack').status).toBe('pass');
    for (const [status, want, fix] of [
      ['UPDATE_ROLLBACK_COMPLETE', 'warn', 'npx serverless deploy --stage prod --region us-east-1'],
      ['ROLLBACK_COMPLETE', 'fail', 'aws cloudformation delete-stack --stack-name iam-guardian-prod'],
      ['UPDATE_ROLLBACK_FAILED', 'fail', 'continue-update-rollback'],
    ] as const) {
      const d = healthy();
      if (d.stack !== 'missing') d.stack.StackStatus = status;
      expect(one(await doctor(d), 'stack')).toMatchObject({ status: want, fix: expect.stringContaining(fix) });
    }
    const gone = healthy();
    gone.stack = 'missing';
    const r = await doctor(gone);
    expect(one(r, 'stack')).toMatchObject({ status: 'fail', seen: 'stack iam-guardian-prod does not exist in us-east-1', fix: 'npx serverless deploy --stage prod --region us-east-1' });
    expect(one(r, 'trail').status).toBe('pass'); // the account checks still ran
  });

  test('rules: missing, DISABLED, root-activity not delivering read-only calls, no target → fail; else pass', async () => {
    const d = healthy();
    const root = ruleNamed(d, '-root-activity');
    const sign = ruleNamed(d, '-sign-in');
    const iam = ruleNamed(d, '-iam-changes');
    const tamper = ruleNamed(d, '-monitor-tamper');
    expect(rule(d, root).State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    d.rules[sign] = 'missing';
    rule(d, iam).State = 'DISABLED';
    rule(d, root).State = 'ENABLED';
    rule(d, tamper).targets = [];
    const r = await doctor(d);
    expect(one(r, `rule:${sign}`)).toMatchObject({ status: 'fail', seen: expect.stringContaining('does not exist') });
    expect(one(r, `rule:${iam}`)).toMatchObject({ status: 'fail', fix: `aws events enable-rule --name ${iam} --region us-east-1` });
    expect(one(r, `rule:${root}`)).toMatchObject({ status: 'fail', seen: expect.stringContaining('not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') });
    expect(one(r, `rule:${tamper}`)).toMatchObject({ status: 'fail', seen: expect.stringContaining('has no target') });
    const others = only(r, 'rule').filter((c) => ![sign, iam, root, tamper].includes(c.resource ?? ''));
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) expect(c.status).toBe('pass');
  });

  test('forwarders of the configured regions: pass, missing → fail, rolled back → warn', async () => {
    expect(one(await doctor(healthy()), 'forwarder:eu-west-1').status).toBe('pass');
    const d = healthy();
    d.forwarders = {};
    expect(one(await doctor(d), 'forwarder:eu-west-1')).toMatchObject({ status: 'fail', fix: 'cd forwarder && npx serverless deploy --stage prod --region eu-west-1' });
    d.forwarders = { 'eu-west-1': 'UPDATE_ROLLBACK_COMPLETE' };
    expect(one(await doctor(d), 'forwarder:eu-west-1').status).toBe('warn');
  });

  test('subscriptions: pending only → fail (confirm the e-mail); confirmed + pending → warn; unencrypted topic → fail', async () => {
    const d = healthy();
    const topic = outputs(d).AlertTopicArn;
    const t = d.topics[topic];
    if (t === 'missing') throw new Error('missing');
    t.subscriptions = [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'secops@example.com' }];
    expect(one(await doctor(d), `topic:${topic}`)).toMatchObject({ status: 'fail', seen: expect.stringContaining('1 pending: secops@example.com'), fix: expect.stringContaining('Confirm subscription') });
    t.subscriptions.push({ SubscriptionArn: `${topic}:0b7e6a3c-3c55-4c41-9d1f-9b5f3d2c1a00`, Protocol: 'email', Endpoint: 'oncall@example.com' });
    expect(one(await doctor(d), `topic:${topic}`).status).toBe('warn');
    t.subscriptions = t.subscriptions.slice(1);
    delete t.KmsMasterKeyId;
    expect(one(await doctor(d), `topic:${topic}`)).toMatchObject({ status: 'fail', seen: expect.stringContaining('no longer KMS-encrypted') });
  });

  test('KMS key: enabled with the right policy → pass; disabled, pending deletion, EventBridge under a SourceAccount condition → fail', async () => {
    const d = healthy();
    const [keyId] = Object.keys(d.keys);
    expect(only(await doctor(d), 'kms').every((c) => c.status === 'pass')).toBe(true);
    d.keys[keyId].KeyState = 'Disabled';
    expect(only(await doctor(d), 'kms')[0]).toMatchObject({ status: 'fail', fix: `aws kms enable-key --key-id arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${keyId}` });
    d.keys[keyId].KeyState = 'PendingDeletion';
    expect(only(await doctor(d), 'kms')[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('cancel-key-deletion') });
    d.keys[keyId] = { KeyState: 'Enabled', Policy: keyPolicy({ StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } }) };
    expect(only(await doctor(d), 'kms')[0]).toMatchObject({ status: 'fail', seen: expect.stringContaining('aws:SourceAccount conditions') });
  });

  test('key policy reading: wildcards, principal lists, missing statements', () => {
    const doc = (s: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: s });
    expect(keyPolicyAllows(doc({ Effect: 'Allow', Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] }, Action: 'kms:*', Resource: '*' }), 'events.amazonaws.com', true).ok).toBe(true);
    expect(keyPolicyAllows(doc([{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' }]), 'events.amazonaws.com', true).ok).toBe(false);
    expect(keyPolicyAllows(doc([{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }]), 'events.amazonaws.com', true).ok).toBe(false);
    expect(keyPolicyAllows('not json', 'events.amazonaws.com', true)).toEqual({ ok: false, why: 'the key policy is not readable JSON' });
  });

  test('scorer: invoked and no errors → pass; never invoked in 7 days → warn; errors in 24 h → fail', async () => {
    expect(one(await doctor(healthy()), 'scorer')).toMatchObject({ status: 'pass', seen: expect.stringContaining('27 invocation(s) in 7 days') });
    const idle = healthy();
    idle.metrics.invocations = [0, 0, 0, 0, 0, 0, 0];
    expect(one(await doctor(idle), 'scorer').status).toBe('warn');
    const failing = healthy();
    failing.metrics.errors = [1, 0, 4];
    expect(one(await doctor(failing), 'scorer')).toMatchObject({ status: 'fail', seen: expect.stringContaining('5 error(s)'), fix: expect.stringContaining('aws logs tail /aws/lambda/') });
  });

  test('dead-letter queues: empty → pass; events waiting → fail with the redrive command', async () => {
    const d = healthy();
    const url = outputs(d).FunctionFailureQueueUrl;
    d.queues[url] = 7;
    const r = await doctor(d, { profile: 'audit' });
    expect(one(r, 'dlq:events dead-letter queue').status).toBe('pass');
    expect(one(r, 'dlq:function failure queue')).toMatchObject({ status: 'fail', seen: expect.stringContaining('7 event(s)'), fix: `iam-guardian redrive --queue-url ${url} --profile audit` });
  });

  test('last sweep: recent → pass; none → warn; with checks not evaluated → warn; three days old → fail', async () => {
    expect(one(await doctor(healthy()), 'last-sweep')).toMatchObject({ status: 'pass', seen: expect.stringContaining('9 h ago, score 82/100, 6 finding(s)') });
    const none = healthy();
    none.sweeps = [];
    expect(one(await doctor(none), 'last-sweep').status).toBe('warn');
    const partial = healthy();
    partial.sweeps[0].notEvaluated = { 'access-analyzer-disabled': 'ListAnalyzers access denied' };
    expect(one(await doctor(partial), 'last-sweep').status).toBe('warn');
    const old = healthy();
    old.sweeps[0].time = new Date(NOW.getTime() - 72 * 3_600_000).toISOString();
    expect(one(await doctor(old), 'last-sweep')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^aws lambda invoke --function-name \S+nightly/) });
  });

  test('org sweep (Organizations mode): last run recent → pass; accounts not evaluated → warn; failed executions or two days without a run → fail; none yet → warn', async () => {
    const SM = `arn:aws:states:us-east-1:${TEST_ACCOUNT}:stateMachine:iam-guardian-prod-org-sweep`;
    const org = (): Deployment => {
      const d = healthy();
      if (d.stack === 'missing') throw new Error('no stack');
      d.stack.resources.push({ logicalId: 'OrgSweepStateMachine', type: 'AWS::StepFunctions::StateMachine', physicalId: SM });
      d.orgRuns = [
        { runId: new Date(NOW.getTime() - 33 * 3_600_000).toISOString(), total: 12, evaluated: 11, notEvaluated: 1, score: 70 },
        { runId: new Date(NOW.getTime() - 9 * 3_600_000).toISOString(), total: 12, evaluated: 12, notEvaluated: 0, score: 74.5 },
      ];
      return d;
    };
    // A single-account stack has no state machine: no such check.
    expect((await doctor(healthy())).checks.some((c) => c.id === 'org-sweep')).toBe(false);
    expect(one(await doctor(org()), 'org-sweep')).toMatchObject({ status: 'pass', resource: SM, seen: expect.stringContaining('9 h ago, 12 of 12 account(s) evaluated, organization score 74.5/100') });
    const partial = org();
    partial.orgRuns!.push({ runId: new Date(NOW.getTime() - 2 * 3_600_000).toISOString(), total: 12, evaluated: 9, notEvaluated: 3 });
    expect(one(await doctor(partial), 'org-sweep')).toMatchObject({ status: 'warn', seen: expect.stringContaining('3 account(s) not evaluated'), fix: expect.stringContaining(`aws stepfunctions start-execution --state-machine-arn ${SM}`) });
    const failing = org();
    failing.orgFailed = { failed: [1], timedOut: [], aborted: [1] };
    expect(one(await doctor(failing, { profile: 'audit' }), 'org-sweep')).toMatchObject({
      status: 'fail',
      seen: expect.stringContaining('2 failed, timed-out or aborted execution(s)'),
      fix: `aws stepfunctions list-executions --state-machine-arn ${SM} --status-filter FAILED --max-results 5 --region us-east-1 --profile audit`,
    });
    const stale = org();
    stale.orgRuns = [{ runId: new Date(NOW.getTime() - 60 * 3_600_000).toISOString(), total: 12, evaluated: 12, notEvaluated: 0 }];
    expect(one(await doctor(stale), 'org-sweep')).toMatchObject({ status: 'fail', seen: expect.stringContaining('the nightly org sweep is not running') });
    const none = org();
    none.orgRuns = [];
    expect(one(await doctor(none), 'org-sweep')).toMatchObject({ status: 'warn', seen: expect.stringContaining('no org sweep recorded yet') });
  });

  test('--send-test: SNS MessageId → pass; a disabled key makes SNS refuse → fail', async () => {
    const d = healthy();
    const r = await doctor(d, { sendTest: true });
    expect(one(r, 'send-test')).toMatchObject({ status: 'pass', seen: expect.stringContaining('MessageId 95df01b4-ee98-5cb9-9903-4c221d41eb5e') });
    expect(d.published).toHaveLength(1);
    const [keyId] = Object.keys(d.keys);
    d.keys[keyId].KeyState = 'Disabled';
    expect(one(await doctor(d, { sendTest: true }), 'send-test')).toMatchObject({ status: 'fail', seen: expect.stringContaining('KMSDisabledException') });
    expect(only(await doctor(d), 'send-test')).toEqual([]);
  });

  test('--json: ok, counts and every check', async () => {
    const r = await doctor(healthy());
    const doc = JSON.parse(doctorJson(r.checks, { account: r.account, stack: r.stackName })) as { ok: boolean; counts: Record<string, number>; checks: Check[] };
    expect(doc.ok).toBe(true);
    expect(doc.counts.pass).toBe(r.checks.length);
    expect(doc.checks).toEqual(r.checks);
  });
});
