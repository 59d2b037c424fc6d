/**
 * A deployment of the packaged template, mocked with aws-sdk-client-mock: every read doctor makes answered as AWS
 * answers it, for the resource names, rule states, targets and outputs of the template (test/deploy/packaged.ts).
 * Tests build the healthy deployment, break one part, and run doctor on it.
 */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, DescribeRuleCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { DoctorClients } from '../../lib/aws/doctor';
import type { CfnTemplate } from '../deploy/packaged';
import { condition, created, resolve, TEST_ACCOUNT } from '../deploy/cfn';

const CREDS = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };
export const NOW = new Date('2026-12-04T12:00:00Z');
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

export interface MockRule {
  State: string;
  targets: string[];
}

export interface Deployment {
  identity: { Account: string; Arn: string; UserId: string } | Error;
  trails: Array<{
    trail: { Name: string; TrailARN: string; HomeRegion: string; IsMultiRegionTrail: boolean; IsOrganizationTrail: boolean };
    status: { IsLogging: boolean; LatestDeliveryTime?: Date; LatestDeliveryError?: string };
    selectors: { EventSelectors?: Array<{ ReadWriteType: string; IncludeManagementEvents: boolean }>; AdvancedEventSelectors?: Array<{ Name?: string; FieldSelectors: Array<{ Field: string; Equals?: string[] }> }> };
  }>;
  stack: { StackName: string; StackStatus: string; StackStatusReason?: string; outputs: Record<string, string>; resources: Array<{ logicalId: string; type: string; physicalId: string }> } | 'missing';
  rules: Record<string, MockRule | 'missing'>;
  topics: Record<string, { KmsMasterKeyId?: string; subscriptions: Array<{ SubscriptionArn: string; Protocol: string; Endpoint: string }> } | 'missing'>;
  keys: Record<string, { KeyState: string; Policy: string }>;
  metrics: { invocations: number[]; errors: number[] };
  queues: Record<string, number>;
  sweeps: Array<{ time: string; score: number; counts: Record<string, number>; notEvaluated?: Record<string, string> }>;
  forwarders: Record<string, string | 'missing'>;
  published: string[];
  /** Organizations mode: the org sweep's indexed runs (pk ORGRUNS) and its failed executions per hour (AWS/States). */
  orgRuns?: Array<{ runId: string; total: number; evaluated: number; notEvaluated: number; score?: number }>;
  orgFailed?: { failed: number[]; timedOut: number[]; aborted: number[] };
}

const str = (v: unknown) => String(v);

/** A healthy deployment of `t` (the packaged main template) in the test account. */
export function healthyDeployment(t: CfnTemplate, opts: { stage?: string; keyPolicy?: string; forwardRegions?: string[] } = {}): Deployment {
  const stage = opts.stage ?? 'prod';
  const resources = Object.entries(t.Resources)
    .filter(([id]) => created(t, id))
    .map(([logicalId, r]) => ({ logicalId, type: r.Type, physicalId: str(resolve(t, { Ref: logicalId })) }));
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.Outputs ?? {})) {
    const out = v as { Value: unknown; Condition?: string };
    // An output whose condition is false (e.g. the organization bus without --param orgId) is not in the stack.
    if (out.Condition !== undefined && !condition(t, out.Condition)) continue;
    outputs[k] = str(resolve(t, out.Value));
  }
  const rules: Deployment['rules'] = {};
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type !== 'AWS::Events::Rule' || !created(t, id)) continue;
    const p = resolve(t, r.Properties) as { Name: string; State: string; Targets?: Array<{ Arn: string }> };
    rules[p.Name] = { State: p.State, targets: (p.Targets ?? []).map((x) => x.Arn) };
  }
  const topics: Deployment['topics'] = {};
  const keys: Deployment['keys'] = {};
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type === 'AWS::SNS::Topic' && created(t, id)) {
      const p = resolve(t, r.Properties) as { KmsMasterKeyId?: string };
      const arn = str(resolve(t, { Ref: id }));
      topics[arn] = {
        KmsMasterKeyId: p.KmsMasterKeyId,
        subscriptions: [{ SubscriptionArn: `${arn}:6b0e71bd-7e97-4d97-80ce-4a0994e55286`, Protocol: 'email', Endpoint: 'secops@example.com' }],
      };
    }
    if (r.Type === 'AWS::KMS::Key' && created(t, id)) {
      const p = resolve(t, r.Properties) as { KeyPolicy: unknown };
      // KMS returns the policy document as JSON text.
      keys[str(resolve(t, { Ref: id }))] ??= { KeyState: 'Enabled', Policy: opts.keyPolicy ?? JSON.stringify(p.KeyPolicy) };
    }
  }
  const queues: Record<string, number> = {};
  for (const k of ['EventsDlqUrl', 'FunctionFailureQueueUrl']) if (outputs[k]) queues[outputs[k]] = 0;
  const forwarders: Record<string, string> = {};
  for (const r of opts.forwardRegions ?? []) forwarders[r] = 'CREATE_COMPLETE';
  return {
    identity: { Account: TEST_ACCOUNT, Arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/Admin/alice`, UserId: 'AROAEXAMPLE:alice' },
    trails: [
      {
        trail: { Name: 'management-events', TrailARN: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/management-events`, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: false },
        status: { IsLogging: true, LatestDeliveryTime: new Date(NOW.getTime() - 4 * 60_000) },
        selectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] },
      },
    ],
    stack: { StackName: `iam-guardian-${stage}`, StackStatus: 'UPDATE_COMPLETE', outputs, resources },
    rules,
    topics,
    keys,
    metrics: { invocations: [12, 3, 0, 7, 1, 0, 4], errors: [] },
    queues,
    sweeps: [{ time: new Date(NOW.getTime() - 9 * 3_600_000).toISOString(), score: 82, counts: { critical: 0, high: 1, medium: 3, low: 2, info: 0 } }],
    forwarders,
    published: [],
  };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/** Clients whose every call is answered from `d` (each mock is per client instance). */
export function mockedClients(d: Deployment): DoctorClients & { restore(): void } {
  const region = 'us-east-1';
  const sts = new STSClient({ region, credentials: CREDS });
  const ct = new CloudTrailClient({ region, credentials: CREDS });
  const eb = new EventBridgeClient({ region, credentials: CREDS });
  const sns = new SNSClient({ region, credentials: CREDS });
  const kms = new KMSClient({ region, credentials: CREDS });
  const cw = new CloudWatchClient({ region, credentials: CREDS });
  const sqs = new SQSClient({ region, credentials: CREDS });
  const ddb = new DynamoDBClient({ region, credentials: CREDS });
  const mSts = mockClient(sts);
  const mCt = mockClient(ct);
  const mEb = mockClient(eb);
  const mSns = mockClient(sns);
  const mKms = mockClient(kms);
  const mCw = mockClient(cw);
  const mSqs = mockClient(sqs);
  const mDoc = mockClient(DynamoDBDocumentClient);
  const mocks: Array<{ restore(): void }> = [mSts, mCt, mEb, mSns, mKms, mCw, mSqs, mDoc];

  if (d.identity instanceof Error) mSts.on(GetCallerIdentityCommand).rejects(d.identity);
  else mSts.on(GetCallerIdentityCommand).resolves(d.identity);

  mCt.on(DescribeTrailsCommand).resolves({ trailList: d.trails.map((x) => x.trail) });
  mCt.on(GetTrailStatusCommand).callsFake((input: { Name: string }) => {
    const x = d.trails.find((y) => y.trail.TrailARN === input.Name || y.trail.Name === input.Name);
    if (!x) throw awsError('TrailNotFoundException', 'Unknown trail');
    return x.status;
  });
  mCt.on(GetEventSelectorsCommand).callsFake((input: { TrailName: string }) => {
    const x = d.trails.find((y) => y.trail.TrailARN === input.TrailName || y.trail.Name === input.TrailName);
    if (!x) throw awsError('TrailNotFoundException', 'Unknown trail');
    return { TrailARN: x.trail.TrailARN, ...x.selectors };
  });

  const cfns = new Map<string, CloudFormationClient>();
  const cloudformation = (r: string) => {
    let c = cfns.get(r);
    if (c) return c;
    c = new CloudFormationClient({ region: r, credentials: CREDS });
    cfns.set(r, c);
    const m = mockClient(c);
    mocks.push(m);
    m.on(DescribeStacksCommand).callsFake((input: { StackName: string }) => {
      const missing = () => awsError('ValidationError', `Stack with id ${input.StackName} does not exist`);
      if (r !== region) {
        const f = d.forwarders[r];
        if (!f || f === 'missing') throw missing();
        return { Stacks: [{ StackName: input.StackName, StackStatus: f, CreationTime: NOW }] };
      }
      if (d.stack === 'missing' || input.StackName !== d.stack.StackName) throw missing();
      return {
        Stacks: [
          {
            StackName: d.stack.StackName,
            StackId: `arn:aws:cloudformation:us-east-1:${TEST_ACCOUNT}:stack/${d.stack.StackName}/6c1e0a70-0000-11ef-8000-0e9f1f5c2f4d`,
            StackStatus: d.stack.StackStatus,
            StackStatusReason: d.stack.StackStatusReason,
            CreationTime: NOW,
            Outputs: Object.entries(d.stack.outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
          },
        ],
      };
    });
    m.on(ListStackResourcesCommand).callsFake((input: { NextToken?: string }) => {
      if (d.stack === 'missing') throw awsError('ValidationError', 'Stack does not exist');
      // Two pages, as CloudFormation pages long lists.
      const all = d.stack.resources.map((x) => ({ LogicalResourceId: x.logicalId, PhysicalResourceId: x.physicalId, ResourceType: x.type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: NOW }));
      const half = Math.ceil(all.length / 2);
      return input.NextToken ? { StackResourceSummaries: all.slice(half) } : { StackResourceSummaries: all.slice(0, half), NextToken: 'page-2' };
    });
    return c;
  };

  mEb.on(DescribeRuleCommand).callsFake((input: { Name: string }) => {
    const r = d.rules[input.Name];
    if (!r || r === 'missing') throw awsError('ResourceNotFoundException', `Rule ${input.Name} does not exist on EventBus default.`);
    return { Name: input.Name, Arn: `arn:aws:events:us-east-1:${TEST_ACCOUNT}:rule/${input.Name}`, State: r.State, EventBusName: 'default' };
  });
  mEb.on(ListTargetsByRuleCommand).callsFake((input: { Rule: string }) => {
    const r = d.rules[input.Rule];
    if (!r || r === 'missing') throw awsError('ResourceNotFoundException', `Rule ${input.Rule} does not exist.`);
    return { Targets: r.targets.map((Arn, i) => ({ Id: `target-${i}`, Arn })) };
  });

  mSns.on(GetTopicAttributesCommand).callsFake((input: { TopicArn: string }) => {
    const tp = d.topics[input.TopicArn];
    if (!tp || tp === 'missing') throw awsError('NotFoundException', 'Topic does not exist');
    const confirmed = tp.subscriptions.filter((s) => s.SubscriptionArn.startsWith('arn:')).length;
    return {
      Attributes: {
        TopicArn: input.TopicArn,
        Owner: TEST_ACCOUNT,
        ...(tp.KmsMasterKeyId ? { KmsMasterKeyId: tp.KmsMasterKeyId } : {}),
        SubscriptionsConfirmed: String(confirmed),
        SubscriptionsPending: String(tp.subscriptions.length - confirmed),
      },
    };
  });
  mSns.on(ListSubscriptionsByTopicCommand).callsFake((input: { TopicArn: string }) => {
    const tp = d.topics[input.TopicArn];
    if (!tp || tp === 'missing') throw awsError('NotFoundException', 'Topic does not exist');
    return { Subscriptions: tp.subscriptions.map((s) => ({ ...s, Owner: TEST_ACCOUNT, TopicArn: input.TopicArn })) };
  });
  mSns.on(PublishCommand).callsFake((input: { TopicArn: string; Subject?: string; Message: string }) => {
    const tp = d.topics[input.TopicArn];
    if (!tp || tp === 'missing') throw awsError('NotFoundException', 'Topic does not exist');
    const key = tp.KmsMasterKeyId ? d.keys[tp.KmsMasterKeyId] : undefined;
    if (key && key.KeyState !== 'Enabled') throw awsError('KMSDisabledException', 'The request was rejected because the specified KMS key is not enabled.');
    d.published.push(`${input.Subject}\n${input.Message}`);
    return { MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e' };
  });

  mKms.on(DescribeKeyCommand).callsFake((input: { KeyId: string }) => {
    const k = d.keys[input.KeyId];
    if (!k) throw awsError('NotFoundException', `Key '${input.KeyId}' does not exist`);
    return { KeyMetadata: { KeyId: input.KeyId, Arn: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${input.KeyId}`, KeyState: k.KeyState, Enabled: k.KeyState === 'Enabled', AWSAccountId: TEST_ACCOUNT } };
  });
  mKms.on(GetKeyPolicyCommand).callsFake((input: { KeyId: string }) => {
    const k = d.keys[input.KeyId];
    if (!k) throw awsError('NotFoundException', `Key '${input.KeyId}' does not exist`);
    return { Policy: k.Policy, PolicyName: 'default' };
  });

  mCw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string; MetricStat: { Metric: { Namespace: string } } }> }) => {
    const day = (i: number) => new Date(NOW.getTime() - i * 86_400_000);
    const hour = (i: number) => new Date(NOW.getTime() - (i + 1) * 3_600_000);
    if (input.MetricDataQueries.every((q) => q.MetricStat.Metric.Namespace === 'AWS/States')) {
      // CloudWatch returns no datapoint for an hour without executions (only non-zero hours here).
      const f = d.orgFailed ?? { failed: [], timedOut: [], aborted: [] };
      return {
        MetricDataResults: input.MetricDataQueries.map((q) => {
          const values = f[q.Id as keyof typeof f] ?? [];
          return { Id: q.Id, Label: q.Id, Timestamps: values.map((_, i) => hour(i)), Values: values, StatusCode: 'Complete' };
        }),
        Messages: [],
      };
    }
    return {
      MetricDataResults: [
        { Id: 'invocations', Label: 'Invocations', Timestamps: d.metrics.invocations.map((_, i) => day(i)), Values: d.metrics.invocations, StatusCode: 'Complete' },
        { Id: 'errors', Label: 'Errors', Timestamps: d.metrics.errors.map((_, i) => hour(i)), Values: d.metrics.errors, StatusCode: 'Complete' },
      ],
      Messages: [],
    };
  });

  mSqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => {
    const n = d.queues[input.QueueUrl];
    if (n === undefined) throw awsError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
    return { Attributes: { ApproximateNumberOfMessages: String(n), ApproximateNumberOfMessagesNotVisible: '0' } };
  });

  mDoc.on(QueryCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => {
    if (input.ExpressionAttributeValues?.[':pk'] === 'ORGRUNS') {
      const runs = [...(d.orgRuns ?? [])].sort((a, b) => a.runId.localeCompare(b.runId));
      return { Items: runs.map((r) => ({ ...r, pk: 'ORGRUNS', sk: `RUN#${r.runId}`, type: 'org-run-index' })), Count: runs.length };
    }
    return {
      Items: d.sweeps.map((s) => ({ ...s, pk: `ACCOUNT#${TEST_ACCOUNT}`, sk: `SWEEP#${s.time}`, type: 'sweep' })),
      Count: d.sweeps.length,
    };
  });

  return {
    sts,
    cloudtrail: ct,
    cloudformation,
    events: eb,
    sns,
    kms,
    cloudwatch: cw,
    sqs,
    dynamodb: ddb,
    restore: () => mocks.forEach((m) => m.restore()),
  };
}
