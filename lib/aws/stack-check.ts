/**
 * The monitor checks itself (nightly): its EventBridge rules exist and are enabled, each still has its targets, and
 * the alert topic exists with at least one confirmed subscription. An intruder who quietly disables a rule, removes
 * the scorer target or unsubscribes the e-mail is caught the next night even if the real-time tamper alert was missed.
 *
 * Read-only calls: events:DescribeRule, events:ListTargetsByRule (per rule), sns:GetTopicAttributes,
 * sns:ListSubscriptionsByTopic. A call that fails (AccessDenied, throttling after the SDK's retries) is reported as a
 * problem naming the check that could not run — never as a pass.
 */
import { DescribeRuleCommand, type EventBridgeClient, ListTargetsByRuleCommand, type Target } from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, type SNSClient, type Subscription } from '@aws-sdk/client-sns';

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

function errName(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return e?.name && e.name !== 'Error' ? e.name : (e?.message ?? String(err));
}

const MAX_PAGES = 50;

async function allTargets(client: EventBridgeClient, rule: string): Promise<Target[]> {
  const out: Target[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await client.send(new ListTargetsByRuleCommand({ Rule: rule, NextToken: token }));
    out.push(...(r.Targets ?? []));
    token = r.NextToken;
    if (!token) break;
  }
  return out;
}

async function checkRule(clients: StackCheckClients, rule: ExpectedRule): Promise<StackProblem[]> {
  const client = clients.events(rule.region);
  const where = rule.region ? ` (${rule.region})` : '';
  const resource = `${rule.name}${where}`;
  try {
    const d = await client.send(new DescribeRuleCommand({ Name: rule.name }));
    const problems: StackProblem[] = [];
    if (d.State === 'DISABLED') problems.push({ resource, problem: `EventBridge rule ${rule.name}${where} is DISABLED: its events no longer reach iam-guardian` });
    const targets = await allTargets(client, rule.name);
    const have = new Set(targets.map((t) => t.Arn));
    for (const arn of rule.targetArns) {
      if (!have.has(arn)) problems.push({ resource, problem: `EventBridge rule ${rule.name}${where} no longer targets ${arn}` });
    }
    return problems;
  } catch (err) {
    const name = errName(err);
    if (name === 'ResourceNotFoundException') {
      return [{ resource, problem: `EventBridge rule ${rule.name}${where} does not exist (deleted?)` }];
    }
    return [{ resource, problem: `could not check EventBridge rule ${rule.name}${where}: ${name}` }];
  }
}

async function allSubscriptions(sns: SNSClient, topicArn: string): Promise<Subscription[]> {
  const out: Subscription[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }));
    out.push(...(r.Subscriptions ?? []));
    token = r.NextToken;
    if (!token) break;
  }
  return out;
}

async function checkTopic(sns: SNSClient, topicArn: string): Promise<StackProblem[]> {
  try {
    const attrs = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const problems: StackProblem[] = [];
    if (!attrs.Attributes?.KmsMasterKeyId) problems.push({ resource: topicArn, problem: `SNS topic ${topicArn} is no longer KMS-encrypted` });
    const subs = await allSubscriptions(sns, topicArn);
    // A confirmed subscription has an ARN; an unconfirmed one shows "PendingConfirmation".
    const confirmed = subs.filter((s) => s.SubscriptionArn?.startsWith('arn:'));
    const pending = subs.filter((s) => s.SubscriptionArn === 'PendingConfirmation');
    if (confirmed.length === 0) {
      problems.push({
        resource: topicArn,
        problem:
          pending.length > 0
            ? `SNS topic ${topicArn} has no confirmed subscription (${pending.length} pending: ${pending.map((s) => s.Endpoint).join(', ')}): open the "AWS Notification - Subscription Confirmation" e-mail and click Confirm subscription`
            : `SNS topic ${topicArn} has no subscription: alerts reach nobody (redeploy with --param="alertEmail=you@example.com")`,
      });
    }
    return problems;
  } catch (err) {
    const name = errName(err);
    if (name === 'NotFoundException' || name === 'NotFound') return [{ resource: topicArn, problem: `SNS topic ${topicArn} does not exist (deleted?)` }];
    return [{ resource: topicArn, problem: `could not check SNS topic ${topicArn}: ${name}` }];
  }
}

/** Every problem found with the deployed monitor (empty when healthy). */
export async function checkStack(clients: StackCheckClients, expected: StackExpectation): Promise<StackProblem[]> {
  const topics = [expected.topicArn, ...(expected.otherTopicArns ?? [])];
  const results = await Promise.all([...expected.rules.map((r) => checkRule(clients, r)), ...topics.map((t) => checkTopic(clients.sns, t))]);
  return results.flat();
}

/** The alert for stack problems (ASCII subject; the caller publishes it). */
export function stackProblemsAlert(account: string, problems: StackProblem[]): { subject: string; message: string } {
  const lines = [
    `iam-guardian checked its own deployment in account ${account} and found ${problems.length} problem(s).`,
    'While these last, some alerts may not reach you. Each may be an intruder switching the monitor off.',
    '',
    ...problems.map((p, i) => `${i + 1}. ${p.problem}`),
    '',
    'Fix: redeploy the stack (npx serverless deploy) to restore the rules, targets and topic, confirm the e-mail',
    'subscription, then look in CloudTrail Event history for who made the change:',
    `  aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=ResourceName,AttributeValue=<name>`,
  ];
  return { subject: `[HIGH] ${account} iam-guardian self-check: ${problems.length} problem(s) with the monitor`, message: lines.join('\n') };
}
