/**
 * monitor-tampered, call by call: every service and event name the rule reads, the resource and sentence it
 * reports, the CloudFormation severities (update vs removal), unreadable targets and the name prefix (issue 21:
 * the surviving mutants of monitor-tampered were branches no example separated).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { monitorTampered, MONITOR_EVENT_NAMES } from '../../lib/rules/event/monitor-tampered';
import { envelope, record, roleIdentity, userIdentity } from '../support/event-records';

const A = '111122223333';
const TAIL = ' in us-east-1 at 2026-11-02T09:14:27Z. Alerts may no longer be delivered.';
const CFN_NOTE = ' The call came from CloudFormation (a stack update or removal); confirm it was a planned deployment.';
type Obj = Record<string, unknown>;
const call = (eventSource: string, eventName: string, requestParameters: unknown, ui: Obj = userIdentity('mallory')) =>
  envelope(record({ eventName, eventSource, userIdentity: ui, requestParameters }));
const run = (input: unknown, config: Config = DEFAULT_CONFIG) => monitorTampered.evaluate(normalizeEvent(input), { config, enrichment: emptyEnrichment() });
const cfn = () => roleIdentity('cfn-exec', 'AWSCloudFormation', { invokedBy: 'cloudformation.amazonaws.com' });

describe('monitor-tampered: each call on a monitor resource', () => {
  it.each([
    ['events.amazonaws.com', 'DisableRule', { name: 'iam-guardian-prod-r' }, `arn:aws:events:us-east-1:${A}:rule/iam-guardian-prod-r`, "disabled the monitor's EventBridge rule iam-guardian-prod-r"],
    ['events.amazonaws.com', 'DeleteRule', { name: 'iam-guardian-prod-r', eventBusName: 'default' }, `arn:aws:events:us-east-1:${A}:rule/iam-guardian-prod-r`, "deleted the monitor's EventBridge rule iam-guardian-prod-r"],
    ['events.amazonaws.com', 'DeleteRule', { name: 'iam-guardian-prod-r', eventBusName: 'audit' }, `arn:aws:events:us-east-1:${A}:rule/audit/iam-guardian-prod-r`, "deleted the monitor's EventBridge rule iam-guardian-prod-r"],
    ['events.amazonaws.com', 'RemoveTargets', { rule: 'iam-guardian-prod-r', ids: ['scorer'], force: false }, `arn:aws:events:us-east-1:${A}:rule/iam-guardian-prod-r`, "removed the targets of the monitor's EventBridge rule iam-guardian-prod-r"],
    ['events.amazonaws.com', 'PutRule', { name: 'iam-guardian-prod-r', state: 'DISABLED', eventPattern: '{"source":["aws.iam"]}' }, `arn:aws:events:us-east-1:${A}:rule/iam-guardian-prod-r`, "disabled (PutRule state DISABLED) the monitor's EventBridge rule iam-guardian-prod-r"],
    ['events.amazonaws.com', 'DisableRule', { name: `arn:aws:events:eu-west-1:${A}:rule/audit/iam-guardian-prod-r` }, `arn:aws:events:eu-west-1:${A}:rule/audit/iam-guardian-prod-r`, "disabled the monitor's EventBridge rule iam-guardian-prod-r"],
    ['lambda.amazonaws.com', 'DeleteFunction20150331', { functionName: 'iam-guardian-prod-scorer' }, `arn:aws:lambda:us-east-1:${A}:function:iam-guardian-prod-scorer`, "deleted the monitor's Lambda function iam-guardian-prod-scorer"],
    ['lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: 'iam-guardian-prod-scorer', environment: {} }, `arn:aws:lambda:us-east-1:${A}:function:iam-guardian-prod-scorer`, "changed the configuration of the monitor's Lambda function iam-guardian-prod-scorer"],
    ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', { functionName: `${A}:function:iam-guardian-prod-scorer`, publish: false }, `arn:aws:lambda:us-east-1:${A}:function:iam-guardian-prod-scorer`, "replaced the code of the monitor's Lambda function iam-guardian-prod-scorer"],
    ['lambda.amazonaws.com', 'RemovePermission20150331v2', { functionName: `arn:aws:lambda:us-east-1:${A}:function:iam-guardian-prod-scorer:live`, statementId: 'events' }, `arn:aws:lambda:us-east-1:${A}:function:iam-guardian-prod-scorer`, "removed an invoke permission from the monitor's Lambda function iam-guardian-prod-scorer"],
    ['lambda.amazonaws.com', 'PutFunctionConcurrency20171031', { functionName: 'iam-guardian-prod-scorer', reservedConcurrentExecutions: 0 }, `arn:aws:lambda:us-east-1:${A}:function:iam-guardian-prod-scorer`, "throttled to zero concurrency (it can no longer run) the monitor's Lambda function iam-guardian-prod-scorer"],
    ['sns.amazonaws.com', 'DeleteTopic', { topicArn: `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts` }, `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts`, "deleted the monitor's SNS topic iam-guardian-prod-alerts"],
    ['sns.amazonaws.com', 'SetTopicAttributes', { topicArn: `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts`, attributeName: 'Policy', attributeValue: '{}' }, `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts`, "changed attribute Policy of the monitor's SNS topic iam-guardian-prod-alerts"],
    ['sns.amazonaws.com', 'SetTopicAttributes', { topicArn: `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts` }, `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts`, "changed attribute (unknown) of the monitor's SNS topic iam-guardian-prod-alerts"],
    ['sns.amazonaws.com', 'RemovePermission', { topicArn: `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts`, label: 'events' }, `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts`, "removed a permission from the monitor's SNS topic iam-guardian-prod-alerts"],
    ['sns.amazonaws.com', 'Unsubscribe', { subscriptionArn: `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts:5b0d2b3e-7c51-4b0e-9a5e-2f3c0e1d9a77` }, `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts:5b0d2b3e-7c51-4b0e-9a5e-2f3c0e1d9a77`, "removed a subscription of the monitor's SNS subscription iam-guardian-prod-alerts"],
    ['sns.amazonaws.com', 'Unsubscribe', { subscriptionArn: 'iam-guardian-prod-alerts' }, 'iam-guardian-prod-alerts', "removed a subscription of the monitor's SNS subscription iam-guardian-prod-alerts"],
    ['monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['iam-guardian-prod-errors', 'iam-guardian-prod-dlq'] }, `arn:aws:cloudwatch:us-east-1:${A}:alarm:iam-guardian-prod-errors`, "deleted the monitor's CloudWatch alarm iam-guardian-prod-errors, iam-guardian-prod-dlq"],
    ['monitoring.amazonaws.com', 'DisableAlarmActions', { alarmNames: ['other', 'IAM-GUARDIAN-prod-errors'] }, `arn:aws:cloudwatch:us-east-1:${A}:alarm:other`, "disabled the actions of the monitor's CloudWatch alarm IAM-GUARDIAN-prod-errors"],
    ['iam.amazonaws.com', 'DeleteRole', { roleName: 'iam-guardian-prod-scorer-role' }, `arn:aws:iam::${A}:role/iam-guardian-prod-scorer-role`, "deleted the monitor's IAM role iam-guardian-prod-scorer-role"],
    ['iam.amazonaws.com', 'UpdateAssumeRolePolicy', { roleName: 'iam-guardian-audit', policyDocument: '{}' }, `arn:aws:iam::${A}:role/iam-guardian-audit`, "replaced the trust policy of the monitor's IAM role iam-guardian-audit"],
    ['iam.amazonaws.com', 'AttachRolePolicy', { roleName: 'iam-guardian-audit', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, `arn:aws:iam::${A}:role/iam-guardian-audit`, "attached a managed policy to the monitor's IAM role iam-guardian-audit"],
    ['iam.amazonaws.com', 'DetachRolePolicy', { roleName: 'iam-guardian-audit', policyArn: 'arn:aws:iam::aws:policy/SecurityAudit' }, `arn:aws:iam::${A}:role/iam-guardian-audit`, "detached a managed policy from the monitor's IAM role iam-guardian-audit"],
    ['iam.amazonaws.com', 'PutRolePolicy', { roleName: 'iam-guardian-audit', policyName: 'x', policyDocument: '{}' }, `arn:aws:iam::${A}:role/iam-guardian-audit`, "put an inline policy on the monitor's IAM role iam-guardian-audit"],
    ['iam.amazonaws.com', 'DeleteRolePolicy', { roleName: 'iam-guardian-audit', policyName: 'x' }, `arn:aws:iam::${A}:role/iam-guardian-audit`, "deleted an inline policy of the monitor's IAM role iam-guardian-audit"],
  ])('%s %s %j', (source, eventName, rp, resource, phrase) => {
    expect(MONITOR_EVENT_NAMES).toContain(eventName);
    const hits = run(call(source, eventName, rp));
    expect(hits.map((h) => [h.resource, h.severity, h.message])).toEqual([[resource, 'high', `IAM user mallory ${phrase}${TAIL}`]]);
    expect(hits[0].evidence).not.toHaveProperty('unreadableTarget');
  });

  it.each([
    ['events.amazonaws.com', 'EnableRule', { name: 'iam-guardian-prod-r' }],
    ['events.amazonaws.com', 'PutRule', { name: 'iam-guardian-prod-r', state: 'ENABLED' }],
    ['events.amazonaws.com', 'PutRule', { name: 'iam-guardian-prod-r' }],
    ['lambda.amazonaws.com', 'PutFunctionConcurrency20171031', { functionName: 'iam-guardian-prod-scorer', reservedConcurrentExecutions: 1 }],
    ['lambda.amazonaws.com', 'Invoke', { functionName: 'iam-guardian-prod-scorer' }],
    ['sns.amazonaws.com', 'Subscribe', { topicArn: `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts`, protocol: 'email' }],
    ['dynamodb.amazonaws.com', 'UpdateTable', { tableName: 'iam-guardian-prod-state' }],
    ['sqs.amazonaws.com', 'PurgeQueue', { queueUrl: `https://sqs.us-east-1.amazonaws.com/${A}/iam-guardian-prod-dlq` }],
    ['monitoring.amazonaws.com', 'PutMetricAlarm', { alarmName: 'iam-guardian-prod-errors' }],
    ['monitoring.amazonaws.com', 'EnableAlarmActions', { alarmNames: ['iam-guardian-prod-errors'] }],
    ['iam.amazonaws.com', 'TagRole', { roleName: 'iam-guardian-audit' }],
    ['s3.amazonaws.com', 'DeleteBucket', { bucketName: 'iam-guardian-prod-reports' }],
  ])('not a tamper call: %s %s', (source, eventName, rp) => {
    expect(run(call(source, eventName, rp))).toEqual([]);
  });

  it('PutRule state is read in any case', () => {
    expect(run(call('events.amazonaws.com', 'PutRule', { name: 'iam-guardian-prod-r', state: 'disabled' }))).toHaveLength(1);
  });

  it('the region defaults to us-east-1 when the record carries none, and the message then names no region', () => {
    const input = call('lambda.amazonaws.com', 'DeleteFunction20150331', { functionName: 'iam-guardian-prod-scorer' });
    delete (input.detail as Obj).awsRegion;
    delete input.region;
    const [h] = run(input);
    expect(h.resource).toBe(`arn:aws:lambda:us-east-1:${A}:function:iam-guardian-prod-scorer`);
    expect(h.message).toBe("IAM user mallory deleted the monitor's Lambda function iam-guardian-prod-scorer at 2026-11-02T09:14:27Z. Alerts may no longer be delivered.");
  });
});

describe('monitor-tampered: through CloudFormation', () => {
  it('an update (code, configuration, role policies) is low; a removal is medium; both say to confirm the deployment', () => {
    const cases: [string, string, Obj, string][] = [
      ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', { functionName: 'iam-guardian-prod-scorer' }, 'low'],
      ['lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: 'iam-guardian-prod-scorer' }, 'low'],
      ['iam.amazonaws.com', 'PutRolePolicy', { roleName: 'iam-guardian-prod-scorer-role', policyName: 'x', policyDocument: '{}' }, 'low'],
      ['iam.amazonaws.com', 'DeleteRole', { roleName: 'iam-guardian-prod-scorer-role' }, 'medium'],
      ['lambda.amazonaws.com', 'DeleteFunction20150331', { functionName: 'iam-guardian-prod-scorer' }, 'medium'],
      ['lambda.amazonaws.com', 'RemovePermission20150331v2', { functionName: 'iam-guardian-prod-scorer', statementId: 'x' }, 'medium'],
      ['events.amazonaws.com', 'DeleteRule', { name: 'iam-guardian-prod-r' }, 'medium'],
    ];
    for (const [source, eventName, rp, severity] of cases) {
      const [h, ...rest] = run(call(source, eventName, rp, cfn()));
      expect(rest).toEqual([]);
      expect([eventName, h.severity]).toEqual([eventName, severity]);
      expect(h.message.endsWith(`at 2026-11-02T09:14:27Z.${CFN_NOTE}`)).toBe(true);
    }
  });
});

describe('monitor-tampered: targets that cannot be read', () => {
  it.each([
    ['events.amazonaws.com', 'DisableRule', { name: null }, A, 'EventBridge rule', 'requestParameters.name is null', `arn:aws:events:us-east-1:${A}:rule/(name unreadable)`],
    ['events.amazonaws.com', 'RemoveTargets', { ids: ['x'] }, A, 'EventBridge rule', 'requestParameters.rule is missing', `arn:aws:events:us-east-1:${A}:rule/(name unreadable)`],
    ['lambda.amazonaws.com', 'DeleteFunction20150331', { functionName: 7 }, A, 'Lambda function', 'requestParameters.functionName is a number', `arn:aws:lambda:us-east-1:${A}:function:(name unreadable)`],
    ['sns.amazonaws.com', 'Unsubscribe', {}, A, 'SNS subscription', 'requestParameters.subscriptionArn is missing', A],
    ['sns.amazonaws.com', 'DeleteTopic', { topicArn: '' }, A, 'SNS topic', 'requestParameters.topicArn is empty', A],
    ['dynamodb.amazonaws.com', 'DeleteTable', { tableName: ['x'] }, A, 'DynamoDB table', 'requestParameters.tableName is a list', A],
    ['sqs.amazonaws.com', 'DeleteQueue', { queueUrl: {} }, A, 'SQS queue', 'requestParameters.queueUrl is an object', A],
    ['monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: [] }, A, 'CloudWatch alarm', 'requestParameters.alarmNames is an empty list', `arn:aws:cloudwatch:us-east-1:${A}:alarm:(name unreadable)`],
    ['monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: 'iam-guardian-prod-errors' }, A, 'CloudWatch alarm', 'requestParameters.alarmNames is a string', `arn:aws:cloudwatch:us-east-1:${A}:alarm:(name unreadable)`],
    ['iam.amazonaws.com', 'DeleteRole', {}, A, 'IAM role', 'requestParameters.roleName is missing', A],
  ])('%s %s %j', (source, eventName, rp, _acct, kind, why, resource) => {
    expect(MONITOR_EVENT_NAMES).toContain(eventName);
    const [h, ...rest] = run(call(source, eventName, rp));
    expect(rest).toEqual([]);
    expect(h.resource).toBe(resource);
    expect(h.severity).toBe('high');
    expect(h.message).toContain(`the monitor's ${kind} (name unreadable) in us-east-1`);
    expect(h.message.endsWith(`Alerts may no longer be delivered. The target's name could not be read (${why}): it is treated as possibly the monitor's.`)).toBe(true);
    expect(h.evidence).toMatchObject({ monitorResources: ['(name unreadable)'], kind, unreadableTarget: why });
  });
});

describe('monitor-tampered: the name prefix', () => {
  it('matches case-insensitively from the start only; an empty prefix matches nothing', () => {
    const del = (name: string) => call('dynamodb.amazonaws.com', 'DeleteTable', { tableName: name });
    expect(run(del('IAM-Guardian-prod-state')).map((h) => h.resource)).toEqual([`arn:aws:dynamodb:us-east-1:${A}:table/IAM-Guardian-prod-state`]);
    expect(run(del('old-iam-guardian-prod-state'))).toEqual([]);
    const empty: Config = { ...DEFAULT_CONFIG, monitor: { ...DEFAULT_CONFIG.monitor, namePrefix: '' } };
    expect(run(del('iam-guardian-prod-state'), empty)).toEqual([]);
    expect(run(call('dynamodb.amazonaws.com', 'DeleteTable', {}), empty)).toEqual([]);
  });

  it('the fix names the first monitor resource', () => {
    const [h] = run(call('sns.amazonaws.com', 'DeleteTopic', { topicArn: `arn:aws:sns:us-east-1:${A}:iam-guardian-prod-alerts` }));
    expect(h.fix?.console[2]).toBe('Check that the SNS e-mail subscription is still confirmed (SNS console > Topics > iam-guardian-prod-alerts > Subscriptions).');
  });
});
