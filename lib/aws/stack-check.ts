/**
 * The monitor checks itself (nightly): its EventBridge rules exist and are enabled, each still has its targets, and
 * the alert topic exists with at least one confirmed subscription. An intruder who quietly disables a rule, removes
 * the scorer target or unsubscribes the e-mail is caught the next night even if the real-time tamper alert was missed.
 *
 * Read-only calls: events:DescribeRule, events:ListTargetsByRule (per rule), sns:GetTopicAttributes,
 * sns:ListSubscriptionsByTopic. A call that fails (AccessDenied, throttling after the SDK's retries) is reported as a
 * problem naming the check that could not run — never as a pass. The reads (lib/aws/deployment.ts) and the verdicts
 * (lib/doctor/checks.ts) are the ones `iam-guardian doctor` uses: one implementation.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { plural } from '../text/plural';
import type { SNSClient } from '@aws-sdk/client-sns';
import { ruleChecks, topicChecks, type DoctorTarget } from '../doctor/checks';
import type { Check } from '../doctor/types';
import { observeRule, observeTopic } from './deployment-stack';

export interface ExpectedRule {
  name: string;
  /** Target ARNs the rule must still have (exact match). */
  targetArns: string[];
  /** Region of the rule (default: the events client's region). */
  region?: string;
}

export interface StackExpectation {
  rules: ExpectedRule[];
  /** The alerts topic: must exist and have at least one confirmed subscription. */
  topicArn: string;
  /** Other topics checked the same way (the operations topic the alarms notify). */
  otherTopicArns?: string[];
}

export interface StackProblem {
  /** ARN or name of what is wrong. */
  resource: string;
  problem: string;
}

export interface StackCheckClients {
  /** EventBridge client for a region (the home region when undefined). */
  events(region?: string): EventBridgeClient;
  sns: SNSClient;
}

/** Rules that must deliver read-only calls too (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS): root activity. */
export function needsAllManagementEvents(ruleName: string): boolean {
  return ruleName.endsWith('-root-activity');
}

/** The rule and topic checks doctor prints (lib/doctor/checks.ts), pass or not. */
export async function stackChecks(clients: StackCheckClients, expected: StackExpectation, target: DoctorTarget = { stage: 'prod', region: 'us-east-1' }): Promise<Check[]> {
  const topics = [expected.topicArn, ...(expected.otherTopicArns ?? [])];
  const results = await Promise.all([
    ...expected.rules.map(async (r) =>
      ruleChecks(await observeRule(clients.events(r.region), r.name, r.region), { ...r, allManagementEvents: needsAllManagementEvents(r.name) }, target),
    ),
    ...topics.map(async (t) => topicChecks(await observeTopic(clients.sns, t), target)),
  ]);
  return results.flat();
}

/** Every problem found with the deployed monitor (empty when healthy): the failing and warning checks. */
export async function checkStack(clients: StackCheckClients, expected: StackExpectation): Promise<StackProblem[]> {
  return (await stackChecks(clients, expected))
    .filter((c) => c.status !== 'pass')
    .map((c) => ({ resource: c.resource ?? c.id, problem: c.seen }));
}

/** The alert for stack problems (ASCII subject; the caller publishes it). */
export function stackProblemsAlert(account: string, problems: StackProblem[]): { subject: string; message: string } {
  const lines = [
    `iam-guardian checked its own deployment in account ${account} and found ${plural(problems.length, 'problem')}.`,
    'While these last, some alerts may not reach you. Each may be an intruder switching the monitor off.',
    '',
    ...problems.map((p, i) => `${i + 1}. ${p.problem}`),
    '',
    'Fix: redeploy the stack (npx serverless deploy) to restore the rules, targets and topic, confirm the e-mail',
    'subscription, then look in CloudTrail Event history for who made the change:',
    `  aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=ResourceName,AttributeValue=<name>`,
  ];
  return { subject: `[HIGH] ${account} iam-guardian self-check: ${plural(problems.length, 'problem')} with the monitor`, message: lines.join('\n') };
}
