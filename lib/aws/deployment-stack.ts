/**
 * The reads the nightly sweep's self-check shares with doctor (EventBridge rules and SNS topics), in their own module
 * so the nightly-sweep Lambda bundles only the EventBridge and SNS clients (lib/aws/deployment.ts re-exports them).
 */
import { DescribeRuleCommand, ListTargetsByRuleCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { RuleObs, TopicObs } from '../doctor/types';
import { thrownName, thrownText } from '../text/error-text';

const MAX_PAGES = 50;

export function errName(err: unknown): string {
  const name = thrownName(err);
  return name && name !== 'Error' ? name : thrownText(err);
}

export async function observeRule(client: EventBridgeClient, name: string, region?: string): Promise<RuleObs> {
  const obs: RuleObs = { name, region, exists: false, targets: [] };
  // CloudFormation's physical id of a rule on a custom bus (the Organizations bus) is "bus|rule".
  const bar = name.indexOf('|');
  const bus = bar > 0 ? { EventBusName: name.slice(0, bar) } : {};
  const rule = bar > 0 ? name.slice(bar + 1) : name;
  try {
    const d = await client.send(new DescribeRuleCommand({ Name: rule, ...bus }));
    obs.exists = true;
    obs.state = d.State;
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await client.send(new ListTargetsByRuleCommand({ Rule: rule, ...bus, NextToken: token }));
      for (const t of r.Targets ?? []) if (t.Arn) obs.targets.push(t.Arn);
      token = r.NextToken;
      if (!token) break;
    }
  } catch (err) {
    const n = errName(err);
    if (n !== 'ResourceNotFoundException') obs.error = n;
    else obs.exists = false;
  }
  return obs;
}


export async function observeTopic(sns: SNSClient, arn: string): Promise<TopicObs> {
  const obs: TopicObs = { arn, exists: false, subscriptions: [] };
  try {
    const a = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    obs.exists = true;
    obs.kmsKey = a.Attributes?.KmsMasterKeyId || undefined;
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn, NextToken: token }));
      for (const s of r.Subscriptions ?? []) obs.subscriptions.push({ arn: s.SubscriptionArn ?? '', protocol: s.Protocol, endpoint: s.Endpoint });
      token = r.NextToken;
      if (!token) break;
    }
  } catch (err) {
    const n = errName(err);
    if (n === 'NotFoundException' || n === 'NotFound') obs.exists = false;
    else obs.error = n;
  }
  return obs;
}

