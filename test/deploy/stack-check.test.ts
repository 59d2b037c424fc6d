/** lib/aws/stack-check.ts over mocked EventBridge and SNS, with responses shaped like the real APIs. */
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { checkStack, stackProblemsAlert, type StackExpectation } from '../../lib/aws/stack-check';

const ACCOUNT = '111122223333';
const SCORER = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-change-scorer`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-alerts`;
const BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;

const eb = mockClient(EventBridgeClient);
const sns = mockClient(SNSClient);
const home = new EventBridgeClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const clients = { events: () => home, sns: new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }) };

const expected: StackExpectation = {
  topicArn: TOPIC,
  rules: [
    { name: 'iam-guardian-prod-iam-changes', targetArns: [SCORER] },
    { name: 'iam-guardian-prod-monitor-tamper', targetArns: [SCORER, TOPIC] },
    { name: 'iam-guardian-forwarder-prod-root-activity', targetArns: [BUS], region: 'eu-west-1' },
  ],
};

function ruleArn(name: string, region = 'us-east-1') {
  return `arn:aws:events:${region}:${ACCOUNT}:rule/${name}`;
}

function healthy() {
  eb.reset();
  sns.reset();
  eb.on(DescribeRuleCommand).callsFake((input: { Name: string }) => ({
    Name: input.Name,
    Arn: ruleArn(input.Name),
    State: input.Name.endsWith('root-activity') ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED',
    EventBusName: 'default',
  }));
  eb.on(ListTargetsByRuleCommand, { Rule: 'iam-guardian-prod-iam-changes' }).resolves({ Targets: [{ Id: 'change-scorer', Arn: SCORER }] });
  // Paged: first page has the scorer, second the topic.
  eb.on(ListTargetsByRuleCommand, { Rule: 'iam-guardian-prod-monitor-tamper' })
    .resolvesOnce({ Targets: [{ Id: 'change-scorer', Arn: SCORER }], NextToken: 'p2' })
    .resolves({ Targets: [{ Id: 'tamper-direct-sns', Arn: TOPIC }] });
  eb.on(ListTargetsByRuleCommand, { Rule: 'iam-guardian-forwarder-prod-root-activity' }).resolves({ Targets: [{ Id: 'home-bus', Arn: BUS }] });
  sns.on(GetTopicAttributesCommand).resolves({
    Attributes: { TopicArn: TOPIC, KmsMasterKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', SubscriptionsConfirmed: '1', SubscriptionsPending: '0' },
  });
  sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: [{ SubscriptionArn: `${TOPIC}:6b0e71bd-7e97-4d97-80ce-4a0994e55286`, Owner: ACCOUNT, Protocol: 'email', Endpoint: 'me@example.com', TopicArn: TOPIC }],
  });
}

beforeEach(healthy);
afterAll(() => {
  eb.restore();
  sns.restore();
});

test('a healthy stack has no problems (targets found across pages)', async () => {
  expect(await checkStack(clients, expected)).toEqual([]);
  expect(eb.commandCalls(ListTargetsByRuleCommand, { Rule: 'iam-guardian-prod-monitor-tamper' })).toHaveLength(2);
});

test('a disabled rule is reported', async () => {
  eb.on(DescribeRuleCommand, { Name: 'iam-guardian-prod-iam-changes' }).resolves({ Name: 'iam-guardian-prod-iam-changes', State: 'DISABLED' });
  const p = await checkStack(clients, expected);
  expect(p.map((x) => x.problem)).toEqual([expect.stringMatching(/iam-guardian-prod-iam-changes is DISABLED/)]);
});

test('a deleted rule is reported (ResourceNotFoundException)', async () => {
  eb.on(DescribeRuleCommand, { Name: 'iam-guardian-forwarder-prod-root-activity' }).rejects(
    Object.assign(new Error('Rule iam-guardian-forwarder-prod-root-activity does not exist on EventBus default.'), { name: 'ResourceNotFoundException' }),
  );
  const p = await checkStack(clients, expected);
  expect(p).toEqual([{ resource: 'iam-guardian-forwarder-prod-root-activity (eu-west-1)', problem: expect.stringMatching(/does not exist/) }]);
});

test('a removed target is reported (the direct SNS path of a tamper rule)', async () => {
  eb.on(ListTargetsByRuleCommand, { Rule: 'iam-guardian-prod-monitor-tamper' }).resolves({ Targets: [{ Id: 'change-scorer', Arn: SCORER }] });
  const p = await checkStack(clients, expected);
  expect(p.map((x) => x.problem)).toEqual([`EventBridge rule iam-guardian-prod-monitor-tamper no longer targets ${TOPIC}`]);
});

test('an unconfirmed subscription is reported with how to confirm it', async () => {
  sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Owner: ACCOUNT, Protocol: 'email', Endpoint: 'me@example.com', TopicArn: TOPIC }],
  });
  const p = await checkStack(clients, expected);
  expect(p).toHaveLength(1);
  expect(p[0].problem).toMatch(/no confirmed subscription \(1 pending: me@example.com\).*Confirm subscription/);
});

test('no subscription at all, and a topic that lost its KMS key, are reported', async () => {
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: TOPIC } });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  const p = await checkStack(clients, expected);
  expect(p.map((x) => x.problem)).toEqual([expect.stringMatching(/no longer KMS-encrypted/), expect.stringMatching(/has no subscription/)]);
});

test('other topics (operations) are checked the same way', async () => {
  const OPS = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-operations`;
  sns.on(ListSubscriptionsByTopicCommand, { TopicArn: OPS }).resolves({
    Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Owner: ACCOUNT, Protocol: 'email', Endpoint: 'me@example.com', TopicArn: OPS }],
  });
  const p = await checkStack(clients, { ...expected, otherTopicArns: [OPS] });
  expect(p).toEqual([{ resource: OPS, problem: expect.stringMatching(/iam-guardian-prod-operations has no confirmed subscription/) }]);
});

test('a deleted topic is reported', async () => {
  sns.on(GetTopicAttributesCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));
  const p = await checkStack(clients, expected);
  expect(p).toEqual([{ resource: TOPIC, problem: `SNS topic ${TOPIC} does not exist (deleted?)` }]);
});

test('a check that cannot run (AccessDenied) is a problem, never a pass', async () => {
  eb.on(ListTargetsByRuleCommand, { Rule: 'iam-guardian-prod-iam-changes' }).rejects(
    Object.assign(new Error('User is not authorized to perform: events:ListTargetsByRule'), { name: 'AccessDeniedException' }),
  );
  const p = await checkStack(clients, expected);
  expect(p.map((x) => x.problem)).toEqual(['could not check EventBridge rule iam-guardian-prod-iam-changes: AccessDeniedException']);
});

test('the alert names the account and every problem; subject is ASCII and at most 100 characters', async () => {
  eb.on(DescribeRuleCommand).resolves({ State: 'DISABLED' });
  const p = await checkStack(clients, expected);
  const a = stackProblemsAlert(ACCOUNT, p);
  expect(a.subject.startsWith(`[HIGH] ${ACCOUNT}`)).toBe(true);
  expect(a.subject.length).toBeLessThanOrEqual(100);
  expect(/^[\x20-\x7e]+$/.test(a.subject)).toBe(true);
  for (const x of p) expect(a.message).toContain(x.problem);
});
