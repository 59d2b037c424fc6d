import type { EventRule } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import type { Severity } from '../../findings/types';
import { baseEvidence, fillFix, lambdaBaseName, numParam, param, UNKNOWN_TARGET, unreadableField, when } from './_util';

export interface MonitorTarget {
  /** What kind of monitor resource. */
  kind: 'EventBridge rule' | 'Lambda function' | 'SNS topic' | 'SNS subscription' | 'DynamoDB table' | 'SQS queue' | 'CloudWatch alarm' | 'IAM role';
  names: string[];
  resource: string;
  action: string;
  /** Changes code/config rather than removing: lower when done by a CloudFormation deployment. */
  update?: boolean;
  /**
   * The request field naming the target is absent or not a string (null, a number, a list…): the target is unknown
   * and treated as possibly the monitor's (a tamper call must not escape the alert through a malformed record).
   */
  unreadable?: string;
}

/** Shown in place of a target name that cannot be read (kept here for importers of this module). */
export { UNKNOWN_TARGET };

function lambdaName(v: string): string {
  // name | arn:aws:lambda:region:acct:function:name[:qualifier] | acct:function:name
  const m = /function:([^:]+)/.exec(v);
  return m ? m[1] : v;
}

function arnLast(v: string): string {
  return v.split(':').pop() ?? v;
}

/**
 * The monitor resource an event changes, for the events that can disable the monitor. Undefined when the event is
 * not one of them (the name prefix is checked by the caller).
 */
export function monitorTarget(ev: NormalizedEvent): MonitorTarget | undefined {
  const rp = ev.requestParameters;
  const region = ev.awsRegion ?? 'us-east-1';
  const acct = ev.account;
  switch (ev.eventSource) {
    case 'events.amazonaws.com': {
      const key = ev.eventName === 'RemoveTargets' ? 'rule' : 'name';
      const given = param(rp, key);
      const unreadable = given ? undefined : unreadableField(rp, key);
      const name = given ?? UNKNOWN_TARGET;
      const bus = param(rp, 'eventBusName');
      const resource = name.startsWith('arn:') ? name : `arn:aws:events:${region}:${acct}:rule/${bus && bus !== 'default' ? `${bus}/` : ''}${name}`;
      const rule = given ? (arnLast(name).split('/').pop() ?? name) : name;
      const t = { kind: 'EventBridge rule' as const, names: [rule], resource, ...(unreadable ? { unreadable } : {}) };
      if (ev.eventName === 'DisableRule') return { ...t, action: 'disabled' };
      if (ev.eventName === 'DeleteRule') return { ...t, action: 'deleted' };
      if (ev.eventName === 'RemoveTargets') return { ...t, action: 'removed the targets of' };
      if (ev.eventName === 'PutRule' && (param(rp, 'state') ?? '').toUpperCase() === 'DISABLED') return { ...t, action: 'disabled (PutRule state DISABLED)' };
      return undefined;
    }
    case 'lambda.amazonaws.com': {
      const fn = param(rp, 'functionName');
      const name = fn ? lambdaName(fn) : UNKNOWN_TARGET;
      const resource = fn?.startsWith('arn:') ? fn.replace(/(function:[^:]+):.*$/, '$1') : `arn:aws:lambda:${region}:${acct}:function:${name}`;
      const base = lambdaBaseName(ev.eventName);
      const t = { kind: 'Lambda function' as const, names: [name], resource, ...(fn ? {} : { unreadable: unreadableField(rp, 'functionName') }) };
      if (base === 'DeleteFunction') return { ...t, action: 'deleted' };
      if (base === 'UpdateFunctionConfiguration') return { ...t, action: 'changed the configuration of', update: true };
      if (base === 'UpdateFunctionCode') return { ...t, action: 'replaced the code of', update: true };
      if (base === 'RemovePermission') return { ...t, action: 'removed an invoke permission from' };
      if (base === 'PutFunctionConcurrency' && numParam(rp, 'reservedConcurrentExecutions') === 0)
        return { ...t, action: 'throttled to zero concurrency (it can no longer run)' };
      return undefined;
    }
    case 'sns.amazonaws.com': {
      if (ev.eventName === 'Unsubscribe') {
        const sub = param(rp, 'subscriptionArn');
        if (!sub) return { kind: 'SNS subscription', names: [UNKNOWN_TARGET], resource: acct, action: 'removed a subscription of', unreadable: unreadableField(rp, 'subscriptionArn') };
        // arn:aws:sns:region:acct:topic-name:subscription-id
        const parts = sub.split(':');
        const topic = parts.length >= 7 ? parts[5] : arnLast(sub);
        return { kind: 'SNS subscription', names: [topic], resource: sub, action: 'removed a subscription of' };
      }
      const topicArn = param(rp, 'topicArn');
      const t = topicArn
        ? { kind: 'SNS topic' as const, names: [arnLast(topicArn)], resource: topicArn }
        : { kind: 'SNS topic' as const, names: [UNKNOWN_TARGET], resource: acct, unreadable: unreadableField(rp, 'topicArn') };
      if (ev.eventName === 'DeleteTopic') return { ...t, action: 'deleted' };
      if (ev.eventName === 'SetTopicAttributes') return { ...t, action: `changed attribute ${param(rp, 'attributeName') ?? '(unknown)'} of` };
      if (ev.eventName === 'RemovePermission') return { ...t, action: 'removed a permission from' };
      return undefined;
    }
    case 'dynamodb.amazonaws.com': {
      if (ev.eventName !== 'DeleteTable') return undefined;
      const table = param(rp, 'tableName');
      if (!table) return { kind: 'DynamoDB table', names: [UNKNOWN_TARGET], resource: acct, action: 'deleted', unreadable: unreadableField(rp, 'tableName') };
      const name = table.startsWith('arn:') ? (table.split('/').pop() ?? table) : table;
      return { kind: 'DynamoDB table', names: [name], resource: table.startsWith('arn:') ? table : `arn:aws:dynamodb:${region}:${acct}:table/${name}`, action: 'deleted' };
    }
    case 'sqs.amazonaws.com': {
      if (ev.eventName !== 'DeleteQueue') return undefined;
      const url = param(rp, 'queueUrl');
      if (!url) return { kind: 'SQS queue', names: [UNKNOWN_TARGET], resource: acct, action: 'deleted (dead-letter queue)', unreadable: unreadableField(rp, 'queueUrl') };
      const name = url.split('/').pop() ?? url;
      return { kind: 'SQS queue', names: [name], resource: `arn:aws:sqs:${region}:${acct}:${name}`, action: 'deleted (dead-letter queue)' };
    }
    case 'monitoring.amazonaws.com': {
      if (ev.eventName !== 'DeleteAlarms' && ev.eventName !== 'DisableAlarmActions') return undefined;
      const v = rp.alarmNames;
      const names = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      const action = ev.eventName === 'DeleteAlarms' ? 'deleted' : 'disabled the actions of';
      // Some entries unreadable (or none at all): the unreadable ones may be the monitor's alarms.
      if (!Array.isArray(v) || names.length < v.length || names.length === 0) {
        const why = Array.isArray(v) ? (v.length === 0 ? 'requestParameters.alarmNames is an empty list' : 'requestParameters.alarmNames has entries that are not strings') : unreadableField(rp, 'alarmNames');
        return { kind: 'CloudWatch alarm', names: [...names, UNKNOWN_TARGET], resource: `arn:aws:cloudwatch:${region}:${acct}:alarm:${names[0] ?? UNKNOWN_TARGET}`, action, unreadable: why };
      }
      return {
        kind: 'CloudWatch alarm',
        names,
        resource: `arn:aws:cloudwatch:${region}:${acct}:alarm:${names[0]}`,
        action: ev.eventName === 'DeleteAlarms' ? 'deleted' : 'disabled the actions of',
      };
    }
    case 'iam.amazonaws.com': {
      // The functions' roles and, in Organizations mode, each member account's forwarder and audit roles: deleting
      // one or changing its trust or policies stops the forwarding, the sweep or the scorer (or widens the audit role).
      const action = ROLE_ACTIONS[ev.eventName];
      if (!action) return undefined;
      const role = param(rp, 'roleName');
      if (!role) return { kind: 'IAM role', names: [UNKNOWN_TARGET], resource: acct, action, unreadable: unreadableField(rp, 'roleName') };
      return { kind: 'IAM role', names: [role], resource: `arn:aws:iam::${acct}:role/${role}`, action, ...(ev.eventName === 'DeleteRole' ? {} : { update: true }) };
    }
    default:
      return undefined;
  }
}

/** IAM calls on a monitor role that can silence or widen it, and what they did. */
const ROLE_ACTIONS: Record<string, string> = {
  DeleteRole: 'deleted',
  UpdateAssumeRolePolicy: 'replaced the trust policy of',
  AttachRolePolicy: 'attached a managed policy to',
  DetachRolePolicy: 'detached a managed policy from',
  PutRolePolicy: 'put an inline policy on',
  DeleteRolePolicy: 'deleted an inline policy of',
};

/**
 * Names of the monitor's resources start with the configured prefix (case-insensitive). An unreadable name counts as
 * the monitor's (conservative: it may be).
 */
export function touchesMonitor(t: MonitorTarget, prefix: string): string[] {
  const p = prefix.toLowerCase();
  if (!p) return [];
  return t.names.filter((n) => n === UNKNOWN_TARGET || n.toLowerCase().startsWith(p));
}

export const MONITOR_EVENT_NAMES = [
  'DisableRule',
  'DeleteRule',
  'RemoveTargets',
  'PutRule',
  'DeleteFunction',
  'DeleteFunction20150331',
  'UpdateFunctionConfiguration',
  'UpdateFunctionConfiguration20150331v2',
  'UpdateFunctionCode',
  'UpdateFunctionCode20150331v2',
  'RemovePermission',
  'RemovePermission20150331v2',
  'PutFunctionConcurrency',
  'PutFunctionConcurrency20171031',
  'DeleteTopic',
  'Unsubscribe',
  'SetTopicAttributes',
  'DeleteTable',
  'DeleteQueue',
  'DeleteAlarms',
  'DisableAlarmActions',
  ...Object.keys(ROLE_ACTIONS),
];

export const monitorTampered: EventRule = {
  id: 'monitor-tampered',
  kind: 'event',
  title: "iam-guardian's own monitoring disabled or changed",
  severity: 'high',
  guide:
    'Alert on changes to the monitoring itself (CIS 4.x alarms exist so tampering is seen). An intruder silences the alarm before acting; the monitor\'s rules, function, topic and table must only change through a planned deployment.',
  why: 'If the EventBridge rules, the scorer function, the SNS topic or its subscription are disabled or deleted, no further alert reaches you: every later change in the account goes unseen.',
  fix: {
    console: [
      'Find out who made the change (the alert names the principal) and whether a deployment was planned.',
      'Redeploy the monitor to restore it: run the deploy command from the README (serverless deploy) in us-east-1.',
      'Check that the SNS e-mail subscription is still confirmed (SNS console > Topics > <resource-name> > Subscriptions).',
    ],
    cli: 'aws cloudformation detect-stack-drift --region us-east-1 --stack-name <stack-name>   # then: npx serverless deploy (restores the monitor)',
  },
  controls: [],
  eventNames: MONITOR_EVENT_NAMES,
  evaluate(ev, ctx) {
    if (ev.failed) return [];
    const t = monitorTarget(ev);
    if (!t) return [];
    const matched = touchesMonitor(t, ctx.config.monitor.namePrefix);
    if (matched.length === 0) return [];
    const viaCfn = ev.actor.invokedBy === 'cloudformation.amazonaws.com';
    let severity: Severity = 'high';
    let note = ' Alerts may no longer be delivered.';
    if (viaCfn) {
      severity = t.update ? 'low' : 'medium';
      note = ' The call came from CloudFormation (a stack update or removal); confirm it was a planned deployment.';
    }
    return [
      {
        resource: t.resource,
        severity,
        message: `${ev.actor.display} ${t.action} the monitor's ${t.kind} ${matched.join(', ')}${ev.awsRegion ? ` in ${ev.awsRegion}` : ''}${when(ev)}.${note}${t.unreadable ? ` The target's name could not be read (${t.unreadable}): it is treated as possibly the monitor's.` : ''}`,
        evidence: baseEvidence(ev, { monitorResources: matched, kind: t.kind, ...(t.unreadable ? { unreadableTarget: t.unreadable } : {}) }),
        fix: fillFix(monitorTampered.fix, { 'resource-name': matched[0] }),
      },
    ];
  },
};
