/**
 * Verdicts of `iam-guardian doctor` and of the nightly sweep's self-check (one implementation: lib/aws/stack-check.ts
 * keeps the non-passing ones). Pure: observations in (lib/doctor/types.ts), checks out — pass / warn / fail, what was
 * seen, and the exact command that fixes it.
 */
import { fillCli } from '../posture/common';
import type {
  CallError,
  Check,
  ForwarderObs,
  IdentityObs,
  KeyObs,
  LastSweepObs,
  MetricObs,
  OrgSweepObs,
  QueueObs,
  RuleExpectation,
  RuleObs,
  StackObs,
  TopicObs,
  TrailObs,
} from './types';

export const HOME_REGION = 'us-east-1';
const HOUR = 3_600_000;

/** Where the deployment lives, for the fix commands. */
export interface DoctorTarget {
  stage: string;
  region: string;
  profile?: string;
}

function profileArg(t: Pick<DoctorTarget, 'profile'>): string {
  return t.profile ? fillCli(' --profile <p>', { p: t.profile }) : '';
}

export function deployCommand(t: DoctorTarget): string {
  return fillCli(`npx serverless deploy --stage <stage> --region ${HOME_REGION}`, { stage: t.stage }) + (t.profile ? fillCli(' --aws-profile <p>', { p: t.profile }) : '');
}

/** The hint for an account without a trail: exactly the command that reads its Event history. */
export function eventHistoryHint(profile?: string): string {
  return `iam-guardian replay --event-history${profileArg({ profile })}`;
}

export function identityCheck(id: IdentityObs | CallError, t: DoctorTarget): Check {
  if ('error' in id) {
    return {
      id: 'credentials',
      status: 'fail',
      seen: `no usable AWS credentials (sts:GetCallerIdentity: ${id.error})`,
      fix: t.profile ? fillCli('aws sso login --profile <p>   (or aws configure --profile <p>)', { p: t.profile }) : 'aws configure   (or aws sso login --profile NAME, then --profile NAME)',
    };
  }
  return { id: 'credentials', status: 'pass', resource: id.arn, seen: `account ${id.account} as ${id.arn}` };
}

export function regionCheck(t: DoctorTarget): Check {
  if (t.region === HOME_REGION) return { id: 'region', status: 'pass', seen: `main stack region ${HOME_REGION}` };
  return {
    id: 'region',
    status: 'fail',
    seen: `region ${t.region}: IAM, STS and sign-in events reach EventBridge only in ${HOME_REGION}, so the main stack must be there`,
    fix: `iam-guardian doctor --region ${HOME_REGION}${profileArg(t)}   (deploy with ${deployCommand(t)})`,
  };
}

function hoursAgo(iso: string | undefined, nowMs: number): number | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? undefined : (nowMs - ms) / HOUR;
}

/** Trails: one check, on the best trail (multi-region, logging, management events, recent delivery). */
export function trailCheck(trails: TrailObs[] | CallError, nowMs: number, t: DoctorTarget): Check {
  const hint = eventHistoryHint(t.profile);
  const createFix = `bash setup/create-trail.sh${profileArg(t)}   (in the iam-guardian checkout: the S3 bucket with the policy CloudTrail needs, then a multi-region trail, logging; until then: ${hint})`;
  if ('error' in trails) return { id: 'trail', status: 'warn', seen: `trails could not be read (cloudtrail:DescribeTrails: ${trails.error})`, fix: `grant cloudtrail:DescribeTrails, or check the trails yourself; without a trail: ${hint}` };
  if (trails.length === 0) {
    return {
      id: 'trail',
      status: 'fail',
      seen: 'no CloudTrail trail: EventBridge receives no CloudTrail events, so no alert can fire. Read the last 90 days now with: ' + hint,
      fix: createFix,
    };
  }
  const problems = (x: TrailObs): { fail: string[]; warn: string[] } => {
    const fail: string[] = [];
    const warn: string[] = [];
    if (x.isLogging === false) fail.push('logging is stopped');
    if (x.managementEvents === false) fail.push('management events are not logged');
    if (x.isLogging === undefined) warn.push(`status unreadable${x.statusError ? ` (${x.statusError})` : ''}`);
    if (x.managementEvents === undefined && x.isLogging !== undefined) warn.push('event selectors unreadable');
    if (!x.multiRegion) warn.push('single-region (root activity and tampering in other regions are not logged)');
    const age = hoursAgo(x.latestDelivery, nowMs);
    if (x.isLogging && (age === undefined || age > 24)) warn.push(age === undefined ? 'no log delivery yet' : `last log delivery ${Math.round(age)} h ago`);
    if (x.latestDeliveryError) warn.push(`delivery error ${x.latestDeliveryError}`);
    return { fail, warn };
  };
  const ranked = trails.map((x) => ({ x, p: problems(x) })).sort((a, b) => a.p.fail.length - b.p.fail.length || a.p.warn.length - b.p.warn.length);
  const best = ranked[0];
  const label = `${best.x.name}${best.x.organization ? ' (organization trail)' : ''}`;
  if (best.p.fail.length) {
    const fix = best.p.fail.includes('logging is stopped')
      ? fillCli('aws cloudtrail start-logging --name <trail>', { trail: best.x.arn ?? best.x.name })
      : fillCli('aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'', { trail: best.x.arn ?? best.x.name });
    return { id: 'trail', status: 'fail', resource: best.x.arn ?? best.x.name, seen: `trail ${label}: ${best.p.fail.concat(best.p.warn).join('; ')}; the monitor is blind (meanwhile: ${hint})`, fix };
  }
  if (best.p.warn.length) {
    const fix = !best.x.multiRegion ? fillCli('aws cloudtrail update-trail --name <trail> --is-multi-region-trail', { trail: best.x.arn ?? best.x.name }) : fillCli('aws cloudtrail get-trail-status --name <trail>', { trail: best.x.arn ?? best.x.name });
    return { id: 'trail', status: 'warn', resource: best.x.arn ?? best.x.name, seen: `trail ${label}: ${best.p.warn.join('; ')}`, fix };
  }
  const age = hoursAgo(best.x.latestDelivery, nowMs);
  return { id: 'trail', status: 'pass', resource: best.x.arn ?? best.x.name, seen: `trail ${label}: multi-region, logging management events, last delivery ${age !== undefined ? `${Math.max(0, Math.round(age * 60))} min ago` : 'unknown'}` };
}

const FAILED_STATES = /(FAILED|ROLLBACK)/;

export function stackCheck(s: StackObs | (CallError & { name: string; region: string }), t: DoctorTarget): Check {
  if ('error' in s) return { id: 'stack', status: 'fail', resource: s.name, seen: `stack ${s.name} (${s.region}) could not be read (cloudformation:DescribeStacks: ${s.error})`, fix: 'grant cloudformation:DescribeStacks and cloudformation:ListStackResources to these credentials' };
  if (!s.status) return { id: 'stack', status: 'fail', resource: s.name, seen: `stack ${s.name} does not exist in ${s.region}`, fix: deployCommand(t) };
  if (FAILED_STATES.test(s.status) || s.status === 'DELETE_COMPLETE') {
    const reason = s.statusReason ? ` (${s.statusReason.slice(0, 200)})` : '';
    const fix = s.status === 'UPDATE_ROLLBACK_FAILED' ? fillCli(`aws cloudformation continue-update-rollback --stack-name <stack> --region ${HOME_REGION}`, { stack: s.name }) + ` && ${deployCommand(t)}` : s.status === 'ROLLBACK_COMPLETE' ? fillCli(`aws cloudformation delete-stack --stack-name <stack> --region ${HOME_REGION}`, { stack: s.name }) + ` && ${deployCommand(t)}` : deployCommand(t);
    // UPDATE_ROLLBACK_COMPLETE: the previous version runs, the last deploy did not go through.
    const status = s.status === 'UPDATE_ROLLBACK_COMPLETE' ? 'warn' : 'fail';
    return { id: 'stack', status, resource: s.name, seen: `stack ${s.name} is ${s.status}${reason}`, fix };
  }
  if (s.status.endsWith('_IN_PROGRESS')) return { id: 'stack', status: 'warn', resource: s.name, seen: `stack ${s.name} is ${s.status}`, fix: `wait, then run iam-guardian doctor again` };
  return { id: 'stack', status: 'pass', resource: s.name, seen: `stack ${s.name} is ${s.status}` };
}

/** One rule: present, enabled in the right state, with its targets. Several checks when several things are wrong. */
export function ruleChecks(o: RuleObs, want: RuleExpectation, t: DoctorTarget): Check[] {
  const where = want.region ? ` (${want.region})` : '';
  const resource = `${want.name}${where}`;
  const id = `rule:${resource}`;
  const redeploy = want.region ? `redeploy the forwarder in ${want.region} (forwarder/serverless.yml)` : deployCommand(t);
  if (o.error) return [{ id, status: 'fail', resource, seen: `could not check EventBridge rule ${want.name}${where}: ${o.error}`, fix: 'grant events:DescribeRule and events:ListTargetsByRule to these credentials' }];
  if (!o.exists) return [{ id, status: 'fail', resource, seen: `EventBridge rule ${want.name}${where} does not exist (deleted?)`, fix: redeploy }];
  const out: Check[] = [];
  const regionArg = want.region ?? HOME_REGION;
  if (o.state === 'DISABLED') {
    out.push({
      id,
      status: 'fail',
      resource,
      seen: `EventBridge rule ${want.name}${where} is DISABLED: its events no longer reach iam-guardian`,
      fix: want.allManagementEvents ? redeploy : fillCli(`aws events enable-rule --name <rule> --region ${regionArg}`, { rule: want.name }),
    });
  } else if (want.allManagementEvents && o.state !== 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') {
    out.push({ id, status: 'fail', resource, seen: `EventBridge rule ${want.name}${where} is ${o.state ?? 'in an unknown state'}, not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: root's read-only calls are not delivered`, fix: redeploy });
  }
  const have = new Set(o.targets);
  if (want.targetArns) {
    for (const arn of want.targetArns) if (!have.has(arn)) out.push({ id, status: 'fail', resource, seen: `EventBridge rule ${want.name}${where} no longer targets ${arn}`, fix: redeploy });
  } else if (o.targets.length === 0) {
    out.push({ id, status: 'fail', resource, seen: `EventBridge rule ${want.name}${where} has no target: its events go nowhere`, fix: redeploy });
  }
  if (out.length === 0) out.push({ id, status: 'pass', resource, seen: `EventBridge rule ${want.name}${where} ${o.state ?? 'ENABLED'}, ${o.targets.length} target(s)` });
  return out;
}

/**
 * The chat topic (README "Alerts in chat"): it must exist and stay encrypted; a subscription is optional (a channel
 * is wired only when the user wants chat), so none is reported, not failed.
 */
export function chatTopicChecks(o: TopicObs, t: DoctorTarget): Check[] {
  const id = `topic:${o.arn}`;
  const resource = o.arn;
  if (o.error) return [{ id, status: 'fail', resource, seen: `could not check SNS topic ${o.arn}: ${o.error}`, fix: 'grant sns:GetTopicAttributes and sns:ListSubscriptionsByTopic to these credentials' }];
  if (!o.exists) return [{ id, status: 'fail', resource, seen: `chat topic ${o.arn} does not exist (deleted?)`, fix: deployCommand(t) }];
  if (!o.kmsKey) return [{ id, status: 'fail', resource, seen: `chat topic ${o.arn} is no longer KMS-encrypted`, fix: deployCommand(t) }];
  const confirmed = o.subscriptions.filter((s) => s.arn.startsWith('arn:')).length;
  return [
    {
      id,
      status: 'pass',
      resource,
      seen: confirmed > 0 ? `chat topic ${o.arn}: KMS-encrypted, ${confirmed} subscription(s) (AWS Chatbot)` : `chat topic ${o.arn}: KMS-encrypted, no chat channel subscribed (optional: README "Alerts in chat")`,
    },
  ];
}

export function topicChecks(o: TopicObs, t: DoctorTarget): Check[] {
  const id = `topic:${o.arn}`;
  const resource = o.arn;
  if (o.error) return [{ id, status: 'fail', resource, seen: `could not check SNS topic ${o.arn}: ${o.error}`, fix: 'grant sns:GetTopicAttributes and sns:ListSubscriptionsByTopic to these credentials' }];
  if (!o.exists) return [{ id, status: 'fail', resource, seen: `SNS topic ${o.arn} does not exist (deleted?)`, fix: deployCommand(t) }];
  const out: Check[] = [];
  if (!o.kmsKey) out.push({ id, status: 'fail', resource, seen: `SNS topic ${o.arn} is no longer KMS-encrypted`, fix: deployCommand(t) });
  const confirmed = o.subscriptions.filter((s) => s.arn.startsWith('arn:'));
  const pending = o.subscriptions.filter((s) => s.arn === 'PendingConfirmation');
  if (confirmed.length === 0) {
    out.push(
      pending.length > 0
        ? {
            id,
            status: 'fail',
            resource,
            seen: `SNS topic ${o.arn} has no confirmed subscription (${pending.length} pending: ${pending.map((s) => s.endpoint ?? '?').join(', ')}): open the "AWS Notification - Subscription Confirmation" e-mail and click Confirm subscription`,
            fix: `open the confirmation e-mail and click "Confirm subscription" (resend it: ${fillCli('aws sns subscribe --topic-arn <topic> --protocol email --notification-endpoint <email>', { topic: o.arn, email: pending[0].endpoint ?? 'you@example.com' })})`,
          }
        : { id, status: 'fail', resource, seen: `SNS topic ${o.arn} has no subscription: alerts reach nobody (redeploy with --param="alertEmail=you@example.com")`, fix: fillCli('aws sns subscribe --topic-arn <topic> --protocol email --notification-endpoint you@example.com', { topic: o.arn }) },
    );
  } else if (pending.length > 0) {
    out.push({ id, status: 'warn', resource, seen: `SNS topic ${o.arn}: ${confirmed.length} confirmed, ${pending.length} pending (${pending.map((s) => s.endpoint ?? '?').join(', ')})`, fix: 'open the "AWS Notification - Subscription Confirmation" e-mail and click Confirm subscription' });
  }
  if (out.length === 0) out.push({ id, status: 'pass', resource, seen: `SNS topic ${o.arn}: KMS-encrypted, ${confirmed.length} confirmed subscription(s)` });
  return out;
}

interface PolicyStatement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Condition?: unknown;
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

function servicePrincipals(p: unknown): string[] {
  if (p === '*') return ['*'];
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    return [...asList(o.Service), ...(asList(o.AWS).includes('*') ? ['*'] : [])];
  }
  return [];
}

function actionAllows(actions: string[], needed: string): boolean {
  const n = needed.toLowerCase();
  return actions.some((a) => {
    const x = a.toLowerCase();
    if (x === '*' || x === 'kms:*') return true;
    if (x.endsWith('*')) return n.startsWith(x.slice(0, -1));
    return x === n;
  });
}

/** Conditions on the statement that EventBridge's requests to KMS do not satisfy (aws-facts: not supported). */
function sourceConditions(cond: unknown): string[] {
  if (!cond || typeof cond !== 'object') return [];
  const keys: string[] = [];
  for (const block of Object.values(cond as Record<string, unknown>)) {
    if (block && typeof block === 'object') for (const k of Object.keys(block)) if (/^aws:source(account|arn)$/i.test(k)) keys.push(k);
  }
  return keys;
}

/** Whether the key policy lets `service` use the key to publish to an encrypted topic (GenerateDataKey + Decrypt). */
export function keyPolicyAllows(policy: string, service: string, rejectSourceConditions: boolean): { ok: boolean; why?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(policy.length > 64 * 1024 ? '' : policy);
  } catch {
    return { ok: false, why: 'the key policy is not readable JSON' };
  }
  const stmts = doc && typeof doc === 'object' ? (doc as { Statement?: unknown }).Statement : undefined;
  const list: PolicyStatement[] = Array.isArray(stmts) ? (stmts as PolicyStatement[]) : stmts && typeof stmts === 'object' ? [stmts as PolicyStatement] : [];
  let conditioned: string[] = [];
  for (const s of list) {
    if (s?.Effect !== 'Allow') continue;
    const principals = servicePrincipals(s.Principal);
    if (!principals.includes(service) && !principals.includes('*')) continue;
    const actions = asList(s.Action);
    if (!actionAllows(actions, 'kms:GenerateDataKey') || !actionAllows(actions, 'kms:Decrypt')) continue;
    const c = sourceConditions(s.Condition);
    if (rejectSourceConditions && c.length) {
      conditioned = c;
      continue;
    }
    return { ok: true };
  }
  if (conditioned.length) return { ok: false, why: `its statement for ${service} has ${conditioned.join(', ')} conditions, which EventBridge's calls to KMS do not carry` };
  return { ok: false, why: `no statement allows ${service} kms:GenerateDataKey* and kms:Decrypt` };
}

/** The KMS key of a topic: enabled, and its policy lets the publisher of that topic use it. */
export function keyCheck(k: KeyObs, publishers: Array<'events.amazonaws.com' | 'cloudwatch.amazonaws.com'>, t: DoctorTarget): Check {
  const id = `kms:${k.keyId}`;
  const resource = k.keyId;
  if (k.error) return { id, status: 'fail', resource, seen: `KMS key ${k.keyId} could not be read: ${k.error}`, fix: 'grant kms:DescribeKey and kms:GetKeyPolicy to these credentials' };
  if (k.state !== 'Enabled') {
    const fix = k.state === 'PendingDeletion' ? fillCli('aws kms cancel-key-deletion --key-id <key> && aws kms enable-key --key-id <key>', { key: k.keyId }) : fillCli('aws kms enable-key --key-id <key>', { key: k.keyId });
    return { id, status: 'fail', resource, seen: `KMS key ${k.keyId} is ${k.state ?? 'in an unknown state'}: encrypted topics cannot deliver`, fix };
  }
  const problems: string[] = [];
  for (const p of publishers) {
    const r = keyPolicyAllows(k.policy ?? '', p, p === 'events.amazonaws.com');
    if (!r.ok) problems.push(r.why ?? `${p} not allowed`);
  }
  if (problems.length) return { id, status: 'fail', resource, seen: `KMS key ${k.keyId}: ${problems.join('; ')}: alerts published by ${publishers.join(' and ')} are dropped`, fix: deployCommand(t) };
  return { id, status: 'pass', resource, seen: `KMS key ${k.keyId} enabled; its policy lets ${publishers.join(' and ')} publish` };
}

export function scorerCheck(m: MetricObs): Check {
  const id = 'scorer';
  const resource = m.functionName;
  if (m.error) return { id, status: 'warn', resource, seen: `scorer metrics could not be read (cloudwatch:GetMetricData: ${m.error})`, fix: 'grant cloudwatch:GetMetricData to these credentials' };
  const inv = m.invocations7d ?? 0;
  const errs = m.errors24h ?? 0;
  const logs = fillCli(`aws logs tail /aws/lambda/<fn> --since 1d --region ${HOME_REGION}`, { fn: m.functionName });
  if (errs > 0) return { id, status: 'fail', resource, seen: `scorer ${m.functionName}: ${errs} error(s) in the last 24 h (${inv} invocation(s) in 7 days)`, fix: logs };
  if (inv === 0) return { id, status: 'warn', resource, seen: `scorer ${m.functionName} was not invoked in the last 7 days: no IAM change reached it (is the trail logging?)`, fix: 'make a harmless IAM change (aws iam tag-role …) and run iam-guardian doctor again' };
  return { id, status: 'pass', resource, seen: `scorer ${m.functionName}: ${inv} invocation(s) in 7 days, no error in 24 h` };
}

export function queueCheck(q: QueueObs, label: string, t: DoctorTarget): Check {
  const id = `dlq:${label}`;
  const resource = q.url;
  if (q.error) return { id, status: 'warn', resource, seen: `${label} depth could not be read (sqs:GetQueueAttributes: ${q.error})`, fix: 'grant sqs:GetQueueAttributes to these credentials' };
  if ((q.depth ?? 0) > 0) return { id, status: 'fail', resource, seen: `${label} holds ${q.depth} event(s) that were never scored`, fix: fillCli('iam-guardian redrive --queue-url <url>', { url: q.url }) + (t.stage !== 'prod' ? fillCli(' --function iam-guardian-<stage>-change-scorer', { stage: t.stage }) : '') + profileArg(t) };
  return { id, status: 'pass', resource, seen: `${label} is empty` };
}

export function lastSweepCheck(s: LastSweepObs, nowMs: number, functionName: string | undefined): Check {
  const id = 'last-sweep';
  const invoke = functionName ? fillCli(`aws lambda invoke --function-name <fn> --region ${HOME_REGION} /dev/stdout`, { fn: functionName }) : 'invoke the nightly-sweep function';
  if (s.error) return { id, status: 'warn', seen: `last sweep could not be read (state table: ${s.error})`, fix: 'grant dynamodb:Query on the state table to these credentials' };
  if (!s.time) return { id, status: 'warn', seen: 'no sweep recorded yet (the first runs at night after the deploy)', fix: invoke };
  const age = hoursAgo(s.time, nowMs) ?? Infinity;
  const outcome = `score ${s.score ?? '?'}/100${s.counts ? `, ${Object.values(s.counts).reduce((a, b) => a + b, 0)} finding(s)` : ''}${s.notEvaluated ? `, ${s.notEvaluated} check(s) not evaluated` : ''}`;
  if (age > 48) return { id, status: 'fail', seen: `last sweep ${s.time} (${Math.round(age)} h ago, ${outcome}): the nightly sweep is not running`, fix: invoke };
  if (s.notEvaluated) return { id, status: 'warn', seen: `last sweep ${s.time} (${outcome})`, fix: invoke };
  return { id, status: 'pass', seen: `last sweep ${s.time} (${Math.round(age)} h ago, ${outcome})` };
}

/** Organizations mode: the state machine ran tonight, finished, and every account was evaluated. */
export function orgSweepCheck(o: OrgSweepObs, nowMs: number, t: DoctorTarget): Check {
  const id = 'org-sweep';
  const resource = o.stateMachineArn;
  const start = fillCli(`aws stepfunctions start-execution --state-machine-arn <arn> --region ${HOME_REGION}`, { arn: o.stateMachineArn }) + profileArg(t);
  const failures = fillCli(`aws stepfunctions list-executions --state-machine-arn <arn> --status-filter FAILED --max-results 5 --region ${HOME_REGION}`, { arn: o.stateMachineArn }) + profileArg(t);
  if (o.error) return { id, status: 'warn', resource, seen: `the org sweep could not be checked (${o.error})`, fix: 'grant cloudwatch:GetMetricData and dynamodb:Query on the state table to these credentials' };
  if ((o.failed24h ?? 0) > 0) return { id, status: 'fail', resource, seen: `the org sweep state machine had ${o.failed24h} failed, timed-out or aborted execution(s) in the last 24 h`, fix: failures };
  const r = o.lastRun;
  if (!r) return { id, status: 'warn', resource, seen: 'no org sweep recorded yet (the first runs at night after the deploy)', fix: start };
  const age = hoursAgo(r.runId, nowMs) ?? Infinity;
  const outcome = `${r.evaluated} of ${r.total} account(s) evaluated${r.score !== undefined ? `, organization score ${r.score}/100` : ''}`;
  if (age > 48) return { id, status: 'fail', resource, seen: `last org sweep ${r.runId} (${Math.round(age)} h ago, ${outcome}): the nightly org sweep is not running`, fix: failures };
  if (r.notEvaluated > 0) {
    return { id, status: 'warn', resource, seen: `last org sweep ${r.runId} (${outcome}): ${r.notEvaluated} account(s) not evaluated, each listed with its reason in the nightly digest`, fix: 'see the digest for each reason (audit role not deployed or not assumable, throttled out), fix it, then: ' + start };
  }
  return { id, status: 'pass', resource, seen: `last org sweep ${r.runId} (${Math.round(age)} h ago, ${outcome})` };
}

export function forwarderCheck(f: ForwarderObs, t: DoctorTarget): Check {
  const id = `forwarder:${f.region}`;
  const fix = fillCli('cd forwarder && npx serverless deploy --stage <stage> --region <region>', { stage: t.stage, region: f.region });
  if (f.error) return { id, status: 'warn', resource: f.stackName, seen: `forwarder stack ${f.stackName} in ${f.region} could not be read: ${f.error}`, fix: 'grant cloudformation:DescribeStacks in that region' };
  if (!f.status) return { id, status: 'fail', resource: f.stackName, seen: `forwarder stack ${f.stackName} is missing in ${f.region} (listed in forwardRegions): root activity and tampering there are not seen`, fix };
  if (FAILED_STATES.test(f.status)) return { id, status: f.status === 'UPDATE_ROLLBACK_COMPLETE' ? 'warn' : 'fail', resource: f.stackName, seen: `forwarder stack ${f.stackName} in ${f.region} is ${f.status}`, fix };
  return { id, status: 'pass', resource: f.stackName, seen: `forwarder stack ${f.stackName} in ${f.region} is ${f.status}` };
}

export function sendTestCheck(r: { messageId?: string; error?: string }, topicArn: string): Check {
  if (r.error || !r.messageId) return { id: 'send-test', status: 'fail', resource: topicArn, seen: `SNS refused the test message (${r.error ?? 'no MessageId'})`, fix: 'see the KMS key and topic checks above' };
  return { id: 'send-test', status: 'pass', resource: topicArn, seen: `SNS accepted the test message (MessageId ${r.messageId}); it should arrive by e-mail within minutes` };
}

/** Exit status of a doctor run: 1 when any check fails. */
export function doctorExitCode(checks: Check[]): number {
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
