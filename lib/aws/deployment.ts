/**
 * Reads what doctor and the nightly self-check judge (lib/doctor/checks.ts): one small function per AWS read, taking
 * its client, returning plain observations (lib/doctor/types.ts). A failed call becomes `{ error }` (the name of the
 * AWS error) so the verdict can say which check could not run — never a pass. Every list is paged and bounded.
 */
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type CloudTrailClient, type GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { DescribeStacksCommand, ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeKeyCommand, GetKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallError, ForwarderObs, IdentityObs, KeyObs, MetricObs, OrgSweepObs, QueueObs, StackObs, TrailObs } from '../doctor/types';
import { errName } from './deployment-stack';
import { OrgRunStore } from './org-run-store';

export { errName, observeRule, observeTopic } from './deployment-stack';

const MAX_PAGES = 50;

export async function observeIdentity(sts: STSClient): Promise<IdentityObs | CallError> {
  try {
    const r = await sts.send(new GetCallerIdentityCommand({}));
    return { account: r.Account ?? '?', arn: r.Arn ?? '?' };
  } catch (err) {
    return { error: errName(err) };
  }
}

function logsManagementEvents(sel: GetEventSelectorsCommandOutput): boolean {
  if (sel.AdvancedEventSelectors?.length) {
    return sel.AdvancedEventSelectors.some((a) => {
      const fields = a.FieldSelectors ?? [];
      const cat = fields.find((f) => f.Field === 'eventCategory');
      const ro = fields.find((f) => f.Field === 'readOnly');
      return Boolean(cat?.Equals?.includes('Management')) && !(ro?.Equals?.length === 1 && ro.Equals[0] === 'true');
    });
  }
  return (sel.EventSelectors ?? []).some((e) => e.IncludeManagementEvents !== false && e.ReadWriteType !== 'ReadOnly');
}

/** Trails visible from this region (organization and other-region multi-region trails included). */
export async function observeTrails(ct: CloudTrailClient): Promise<TrailObs[] | CallError> {
  let list;
  try {
    list = (await ct.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  } catch (err) {
    return { error: errName(err) };
  }
  return Promise.all(
    list.slice(0, 20).map(async (t): Promise<TrailObs> => {
      const id = t.TrailARN ?? t.Name ?? '';
      const obs: TrailObs = { name: t.Name ?? id, arn: t.TrailARN, homeRegion: t.HomeRegion, multiRegion: Boolean(t.IsMultiRegionTrail), organization: Boolean(t.IsOrganizationTrail) };
      try {
        const s = await ct.send(new GetTrailStatusCommand({ Name: id }));
        obs.isLogging = Boolean(s.IsLogging);
        obs.latestDelivery = s.LatestDeliveryTime?.toISOString();
        obs.latestDeliveryError = s.LatestDeliveryError || undefined;
      } catch (err) {
        obs.statusError = errName(err);
      }
      try {
        obs.managementEvents = logsManagementEvents(await ct.send(new GetEventSelectorsCommand({ TrailName: id })));
      } catch {
        // Organization trails seen from a member account: selectors may be unreadable; the verdict says so.
      }
      return obs;
    }),
  );
}

export async function observeStack(cfn: CloudFormationClient, name: string, region: string): Promise<StackObs | (CallError & { name: string; region: string })> {
  let stack;
  try {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
  } catch (err) {
    // A missing stack is a ValidationError "Stack with id X does not exist".
    const e = err as { name?: string; message?: string };
    if (e?.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) return { name, region, outputs: {}, resources: [] };
    return { name, region, error: errName(err) };
  }
  if (!stack) return { name, region, outputs: {}, resources: [] };
  const outputs: Record<string, string> = {};
  for (const o of stack.Outputs ?? []) if (o.OutputKey && o.OutputValue) outputs[o.OutputKey] = o.OutputValue;
  const resources: StackObs['resources'] = [];
  try {
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await cfn.send(new ListStackResourcesCommand({ StackName: name, NextToken: token }));
      for (const s of r.StackResourceSummaries ?? []) {
        if (s.LogicalResourceId && s.ResourceType && s.PhysicalResourceId) resources.push({ logicalId: s.LogicalResourceId, type: s.ResourceType, physicalId: s.PhysicalResourceId });
      }
      token = r.NextToken;
      if (!token) break;
    }
  } catch (err) {
    return { name, region, error: `ListStackResources ${errName(err)}` };
  }
  return { name, region, status: stack.StackStatus, statusReason: stack.StackStatusReason, outputs, resources };
}

export async function observeForwarder(cfn: CloudFormationClient, stackName: string, region: string): Promise<ForwarderObs> {
  try {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    return { region, stackName, status: s?.StackStatus };
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e?.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) return { region, stackName };
    return { region, stackName, error: errName(err) };
  }
}

export async function observeKey(kms: KMSClient, keyId: string): Promise<KeyObs> {
  try {
    const d = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    const id = d.KeyMetadata?.KeyId ?? keyId;
    const p = await kms.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' }));
    return { keyId: d.KeyMetadata?.Arn ?? keyId, state: d.KeyMetadata?.KeyState, policy: p.Policy };
  } catch (err) {
    return { keyId, error: errName(err) };
  }
}

/** Invocations over 7 days and errors over 24 h of a Lambda function (AWS/Lambda metrics, daily/hourly sums). */
export async function observeScorer(cw: CloudWatchClient, functionName: string, now: Date): Promise<MetricObs> {
  const metric = (id: string, name: string, period: number) => ({
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: name, Dimensions: [{ Name: 'FunctionName', Value: functionName }] }, Period: period, Stat: 'Sum' },
  });
  try {
    const r = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 7 * 86_400_000),
        EndTime: now,
        MetricDataQueries: [metric('invocations', 'Invocations', 86_400), metric('errors', 'Errors', 3_600)],
      }),
    );
    const sum = (id: string, sinceMs: number) =>
      (r.MetricDataResults ?? [])
        .filter((x) => x.Id === id)
        .flatMap((x) => (x.Values ?? []).map((v, i) => ({ v, t: x.Timestamps?.[i]?.getTime() ?? now.getTime() })))
        .filter((p) => p.t >= sinceMs)
        .reduce((a, p) => a + p.v, 0);
    return { functionName, invocations7d: sum('invocations', 0), errors24h: sum('errors', now.getTime() - 86_400_000) };
  } catch (err) {
    return { functionName, error: errName(err) };
  }
}

export async function observeQueue(sqs: SQSClient, url: string): Promise<QueueObs> {
  try {
    const r = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    const n = (k: string) => Number(r.Attributes?.[k as 'ApproximateNumberOfMessages'] ?? 0) || 0;
    return { url, depth: n('ApproximateNumberOfMessages') + n('ApproximateNumberOfMessagesNotVisible') };
  } catch (err) {
    return { url, error: errName(err) };
  }
}

/**
 * Organizations mode: the org sweep's last indexed run (state table, written by its aggregate step) and the state
 * machine's failed / timed-out / aborted executions in the last 24 h (AWS/States metrics, dimension StateMachineArn).
 */
export async function observeOrgSweep(cw: CloudWatchClient, dynamodb: DynamoDBClient, table: string, stateMachineArn: string, now: Date): Promise<OrgSweepObs> {
  const obs: OrgSweepObs = { stateMachineArn };
  const metric = (id: string, name: string) => ({
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/States', MetricName: name, Dimensions: [{ Name: 'StateMachineArn', Value: stateMachineArn }] }, Period: 3_600, Stat: 'Sum' },
  });
  try {
    const r = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 86_400_000),
        EndTime: now,
        MetricDataQueries: [metric('failed', 'ExecutionsFailed'), metric('timedOut', 'ExecutionsTimedOut'), metric('aborted', 'ExecutionsAborted')],
      }),
    );
    obs.failed24h = (r.MetricDataResults ?? []).flatMap((x) => x.Values ?? []).reduce((a, v) => a + (Number.isFinite(v) ? v : 0), 0);
  } catch (err) {
    obs.error = `cloudwatch:GetMetricData ${errName(err)}`;
    return obs;
  }
  try {
    const store = new OrgRunStore(DynamoDBDocumentClient.from(dynamodb), table);
    const last = await store.latestRun(new Date(now.getTime() - 30 * 86_400_000).toISOString());
    if (last) obs.lastRun = last;
  } catch (err) {
    obs.error = `state table: ${errName(err)}`;
  }
  return obs;
}
