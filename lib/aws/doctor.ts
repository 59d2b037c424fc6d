/**
 * `iam-guardian doctor`: reads the account and the deployed stack (lib/aws/deployment.ts) and judges each part
 * (lib/doctor/checks.ts). Read-only, except `--send-test` (one sns:Publish of a clearly marked test message).
 * Without credentials only that is said; without the stack, the account-level checks still run (before deploying).
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import {
  forwarderCheck,
  identityCheck,
  keyCheck,
  lastSweepCheck,
  orgSweepCheck,
  queueCheck,
  regionCheck,
  ruleChecks,
  scorerCheck,
  sendTestCheck,
  stackCheck,
  topicChecks,
  chatTopicChecks,
  trailCheck,
  type DoctorTarget,
} from '../doctor/checks';
import type { Check, LastSweepObs, TrailObs, CallError } from '../doctor/types';
import {
  errName,
  observeForwarder,
  observeIdentity,
  observeKey,
  observeOrgSweep,
  observeQueue,
  observeRule,
  observeScorer,
  observeStack,
  observeTopic,
  observeTrails,
} from './deployment';
import { DynamoStore } from './dynamo-store';
import { publishAlert } from './sns';
import { needsAllManagementEvents } from './stack-check';

export interface DoctorClients {
  sts: STSClient;
  cloudtrail: CloudTrailClient;
  cloudformation(region: string): CloudFormationClient;
  events: EventBridgeClient;
  sns: SNSClient;
  kms: KMSClient;
  cloudwatch: CloudWatchClient;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
}

export interface DoctorOptions extends DoctorTarget {
  /** Regions the configuration lists for forwarders (config forwardRegions). */
  forwardRegions: string[];
  sendTest: boolean;
  now: Date;
}

export interface DoctorResult {
  account?: string;
  stackName: string;
  checks: Check[];
  /** No trail logs management events: the event-history hint was given. */
  noTrail: boolean;
}

export function stackNameOf(stage: string): string {
  return `iam-guardian-${stage}`;
}

export function forwarderStackNameOf(stage: string): string {
  return `iam-guardian-forwarder-${stage}`;
}

async function observeLastSweep(dynamodb: DynamoDBClient, table: string, account: string, now: Date): Promise<LastSweepObs> {
  try {
    const sweeps = await new DynamoStore(dynamodb, table).listSweeps(account, new Date(now.getTime() - 30 * 86_400_000).toISOString());
    const last = sweeps.sort((a, b) => a.time.localeCompare(b.time)).at(-1);
    if (!last) return {};
    return { time: last.time, score: last.score, counts: last.counts, notEvaluated: Object.keys(last.notEvaluated ?? {}).length };
  } catch (err) {
    return { error: errName(err) };
  }
}

export async function runDoctor(c: DoctorClients, o: DoctorOptions): Promise<DoctorResult> {
  const stackName = stackNameOf(o.stage);
  const checks: Check[] = [];
  const identity = await observeIdentity(c.sts);
  checks.push(identityCheck(identity, o));
  checks.push(regionCheck(o));
  if ('error' in identity) return { stackName, checks, noTrail: false };
  const account = identity.account;
  const nowMs = o.now.getTime();

  const trails: TrailObs[] | CallError = await observeTrails(c.cloudtrail);
  const trail = trailCheck(trails, nowMs, o);
  checks.push(trail);
  const noTrail = !('error' in trails) && !trails.some((t) => t.isLogging !== false && t.managementEvents !== false);

  const stack = await observeStack(c.cloudformation(o.region), stackName, o.region);
  checks.push(stackCheck(stack, o));
  if ('error' in stack || !stack.status) return { account, stackName, checks, noTrail };

  const out = stack.outputs;
  const rules = stack.resources.filter((r) => r.type === 'AWS::Events::Rule');
  const ruleResults = await Promise.all(
    rules.map(async (r) => ruleChecks(await observeRule(c.events, r.physicalId), { name: r.physicalId, allManagementEvents: needsAllManagementEvents(r.physicalId) }, o)),
  );
  checks.push(...ruleResults.flat());

  const forwarders = await Promise.all(o.forwardRegions.filter((r) => r !== o.region).map((r) => observeForwarder(c.cloudformation(r), forwarderStackNameOf(o.stage), r)));
  checks.push(...forwarders.map((f) => forwarderCheck(f, o)));

  // Topics and the keys that encrypt them: the alerts topic is published to by EventBridge (direct tamper path),
  // the operations topic by CloudWatch alarms.
  const topics: Array<{ arn: string; publisher: 'events.amazonaws.com' | 'cloudwatch.amazonaws.com' }> = [];
  if (out.AlertTopicArn) topics.push({ arn: out.AlertTopicArn, publisher: 'events.amazonaws.com' });
  if (out.OpsTopicArn) topics.push({ arn: out.OpsTopicArn, publisher: 'cloudwatch.amazonaws.com' });
  const topicObs = await Promise.all(topics.map((t) => observeTopic(c.sns, t.arn)));
  for (const t of topicObs) checks.push(...topicChecks(t, o));
  // The chat topic (same key as the others; no publisher service of its own, no subscription required).
  if (out.ChatTopicArn) checks.push(...chatTopicChecks(await observeTopic(c.sns, out.ChatTopicArn), o));
  const keyPublishers = new Map<string, Set<'events.amazonaws.com' | 'cloudwatch.amazonaws.com'>>();
  topicObs.forEach((t, i) => {
    if (t.kmsKey) (keyPublishers.get(t.kmsKey) ?? keyPublishers.set(t.kmsKey, new Set()).get(t.kmsKey)!).add(topics[i].publisher);
  });
  const keyIds = [...keyPublishers.keys()];
  const keys = await Promise.all(keyIds.map((k) => observeKey(c.kms, k)));
  // events before cloudwatch
  keys.forEach((k, i) => checks.push(keyCheck(k, [...(keyPublishers.get(keyIds[i]) ?? [])].sort().reverse(), o)));

  if (out.ChangeScorerFunctionName) checks.push(scorerCheck(await observeScorer(c.cloudwatch, out.ChangeScorerFunctionName, o.now)));
  for (const [key, label] of [
    ['EventsDlqUrl', 'events dead-letter queue'],
    ['FunctionFailureQueueUrl', 'function failure queue'],
  ] as const) {
    if (out[key]) checks.push(queueCheck(await observeQueue(c.sqs, out[key]), label, o));
  }
  const sweepFn = stack.resources.find((r) => r.logicalId === 'NightlySweepLambdaFunction')?.physicalId;
  if (out.StateTableName) checks.push(lastSweepCheck(await observeLastSweep(c.dynamodb, out.StateTableName, account, o.now), nowMs, sweepFn));
  // Organizations mode: the nightly org sweep (a Step Functions state machine) ran and evaluated every account.
  const orgSweep = stack.resources.find((r) => r.logicalId === 'OrgSweepStateMachine')?.physicalId;
  if (orgSweep && out.StateTableName) checks.push(orgSweepCheck(await observeOrgSweep(c.cloudwatch, c.dynamodb, out.StateTableName, orgSweep, o.now), nowMs, o));

  const missing = ['AlertTopicArn', 'OpsTopicArn', 'ChangeScorerFunctionName', 'EventsDlqUrl', 'FunctionFailureQueueUrl', 'StateTableName'].filter((k) => !out[k]);
  if (missing.length) checks.push({ id: 'outputs', status: 'warn', resource: stackName, seen: `stack ${stackName} has no output ${missing.join(', ')}: those checks did not run (an older version?)`, fix: `npx serverless deploy --stage ${o.stage} --region us-east-1` });

  if (o.sendTest && out.AlertTopicArn) {
    let r: { messageId?: string; error?: string };
    try {
      r = {
        messageId: await publishAlert(c.sns, out.AlertTopicArn, {
          subject: `[TEST] iam-guardian doctor test alert for ${account} - no action needed`,
          message: [
            'THIS IS A TEST. No IAM change happened.',
            '',
            `iam-guardian doctor (run ${o.now.toISOString()}) published this message to check that alerts reach you:`,
            `topic ${out.AlertTopicArn}, account ${account}. If you read this, delivery works.`,
          ].join('\n'),
        }),
      };
    } catch (err) {
      r = { error: errName(err) };
    }
    checks.push(sendTestCheck(r, out.AlertTopicArn));
  }
  return { account, stackName, checks, noTrail };
}
