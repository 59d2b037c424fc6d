/**
 * EventBridge `source` ↔ CloudTrail `eventSource`: the table in lib/eventbridge/sources.ts against the EventBridge
 * events reference, and every deployed pattern (main stack and forwarder, as packaged) against the table. A pattern
 * whose source does not match its eventSource never fires (the monitor-tamper pattern listed aws.cloudwatch for
 * monitoring.amazonaws.com and missed every DeleteAlarms).
 */
import { join } from 'node:path';
import {
  CLOUDTRAIL_SOURCES,
  cloudTrailSource,
  cloudTrailSourceBySource,
  eventBridgeSource,
  SERVICE_EVENT_ONLY_SOURCES,
} from '../../lib/eventbridge/sources';
import { packaged, resourcesOfType, ROOT } from './packaged';

jest.setTimeout(300_000);

/**
 * What the EventBridge events reference says, transcribed page by page ("To match events from this service delivered
 * by AWS CloudTrail … source: …, eventSource: …"), and the summary table
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events.html ("Service | Event source | CloudTrail event source").
 */
const REFERENCE: Array<{ service: string; source: string; eventSource: string; url: string }> = [
  { service: 'IAM Access Analyzer', source: 'aws.access-analyzer', eventSource: 'access-analyzer.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-access-analyzer.html' },
  { service: 'AWS CloudTrail', source: 'aws.cloudtrail', eventSource: 'cloudtrail.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-cloudtrail.html' },
  { service: 'AWS Config', source: 'aws.config', eventSource: 'config.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-config.html' },
  { service: 'Amazon DynamoDB', source: 'aws.dynamodb', eventSource: 'dynamodb.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-dynamodb.html' },
  { service: 'Amazon EC2', source: 'aws.ec2', eventSource: 'ec2.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ec2.html' },
  { service: 'Amazon ECR', source: 'aws.ecr', eventSource: 'ecr.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ecr.html' },
  { service: 'Amazon EventBridge', source: 'aws.events', eventSource: 'events.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-events.html' },
  { service: 'Amazon GuardDuty', source: 'aws.guardduty', eventSource: 'guardduty.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-guardduty.html' },
  { service: 'AWS IAM', source: 'aws.iam', eventSource: 'iam.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-iam.html' },
  { service: 'AWS KMS', source: 'aws.kms', eventSource: 'kms.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-kms.html' },
  { service: 'AWS Lambda', source: 'aws.lambda', eventSource: 'lambda.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-lambda.html' },
  // "Amazon CloudWatch Monitoring events … delivered via AWS CloudTrail: source aws.monitoring, eventSource
  // monitoring.amazonaws.com" — not aws.cloudwatch (events-ref-cloudwatch.html: alarm state changes only).
  { service: 'Amazon CloudWatch Monitoring', source: 'aws.monitoring', eventSource: 'monitoring.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-monitoring.html' },
  { service: 'AWS Organizations', source: 'aws.organizations', eventSource: 'organizations.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-organizations.html' },
  { service: 'IAM Roles Anywhere', source: 'aws.rolesanywhere', eventSource: 'rolesanywhere.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-rolesanywhere.html' },
  { service: 'Route 53 Resolver', source: 'aws.route53resolver', eventSource: 'route53resolver.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-route53resolver.html' },
  { service: 'Amazon S3', source: 'aws.s3', eventSource: 's3.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-s3.html' },
  { service: 'AWS Secrets Manager', source: 'aws.secretsmanager', eventSource: 'secretsmanager.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-secretsmanager.html' },
  { service: 'AWS Security Hub', source: 'aws.securityhub', eventSource: 'securityhub.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-securityhub.html' },
  { service: 'AWS Sign-In', source: 'aws.signin', eventSource: 'signin.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-signin.html' },
  { service: 'Amazon SNS', source: 'aws.sns', eventSource: 'sns.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-sns.html' },
  { service: 'Amazon SQS', source: 'aws.sqs', eventSource: 'sqs.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-sqs.html' },
  { service: 'AWS STS', source: 'aws.sts', eventSource: 'sts.amazonaws.com', url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-sts.html' },
];

describe('the source table agrees with the EventBridge events reference', () => {
  test('same services, same source and eventSource, same page', () => {
    const table = [...CLOUDTRAIL_SOURCES].map((s) => ({ source: s.source, eventSource: s.eventSource, url: s.doc }));
    const ref = REFERENCE.map(({ source, eventSource, url }) => ({ source, eventSource, url }));
    const key = (x: { source: string }) => x.source;
    expect([...table].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...ref].sort((a, b) => key(a).localeCompare(key(b))));
  });

  test('it holds every source the detection rules use or will use', () => {
    const needed = ['aws.sts', 'aws.rolesanywhere', 'aws.s3', 'aws.kms', 'aws.secretsmanager', 'aws.sns', 'aws.sqs', 'aws.ecr', 'aws.lambda', 'aws.organizations', 'aws.guardduty', 'aws.securityhub', 'aws.config', 'aws.access-analyzer', 'aws.ec2', 'aws.route53resolver', 'aws.signin', 'aws.iam', 'aws.cloudtrail', 'aws.events', 'aws.monitoring', 'aws.dynamodb'];
    for (const s of needed) expect([s, cloudTrailSourceBySource(s)?.source]).toEqual([s, s]);
  });

  test('CloudWatch API calls map to aws.monitoring; aws.cloudwatch is a service-event-only source', () => {
    expect(cloudTrailSource('monitoring.amazonaws.com')?.source).toBe('aws.monitoring');
    expect(eventBridgeSource('monitoring.amazonaws.com')).toBe('aws.monitoring');
    expect(cloudTrailSourceBySource('aws.cloudwatch')).toBeUndefined();
    expect(SERVICE_EVENT_ONLY_SOURCES['aws.cloudwatch']).toBe('https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-cloudwatch.html');
  });
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every string listed under an `eventSource` key anywhere in the pattern (inside `$or` branches too). */
function eventSourcesIn(v: Json, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) for (const x of v) eventSourcesIn(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'eventSource' && Array.isArray(x)) for (const s of x) if (typeof s === 'string') out.add(s);
      eventSourcesIn(x, out);
    }
  }
  return out;
}

/** Problems of one pattern against the table ([] when it agrees). */
function sourceProblems(pattern: Json): string[] {
  const problems: string[] = [];
  const p = (pattern ?? {}) as { [k: string]: Json };
  const sources = Array.isArray(p.source) ? p.source.filter((s): s is string => typeof s === 'string') : [];
  const eventSources = [...eventSourcesIn(p.detail ?? null)];
  for (const s of sources) {
    if (SERVICE_EVENT_ONLY_SOURCES[s]) problems.push(`source ${s} never carries CloudTrail API calls (${SERVICE_EVENT_ONLY_SOURCES[s]})`);
    else if (!cloudTrailSourceBySource(s)) problems.push(`source ${s} is not in lib/eventbridge/sources.ts (look it up in the EventBridge events reference and add it)`);
  }
  for (const es of eventSources) {
    const entry = cloudTrailSource(es);
    if (!entry) problems.push(`eventSource ${es} is not in lib/eventbridge/sources.ts`);
    else if (sources.length > 0 && !sources.includes(entry.source)) problems.push(`eventSource ${es} arrives as ${entry.source}, which the pattern's source list lacks`);
  }
  if (eventSources.length > 0) {
    for (const s of sources) {
      if (!eventSources.some((es) => cloudTrailSource(es)?.source === s)) problems.push(`source ${s} has no eventSource of its service in the pattern`);
    }
  }
  return problems;
}

describe('every deployed pattern agrees with the table', () => {
  test('the check catches the old monitor-tamper mistake', () => {
    expect(sourceProblems({ source: ['aws.cloudwatch'], detail: { $or: [{ eventSource: ['monitoring.amazonaws.com'], eventName: ['DeleteAlarms'] }] } })).toEqual([
      'source aws.cloudwatch never carries CloudTrail API calls (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-cloudwatch.html)',
      'eventSource monitoring.amazonaws.com arrives as aws.monitoring, which the pattern\'s source list lacks',
      'source aws.cloudwatch has no eventSource of its service in the pattern',
    ]);
    expect(sourceProblems({ source: ['aws.monitoring'], detail: { eventSource: ['monitoring.amazonaws.com'] } })).toEqual([]);
  });

  test.each([
    ['main stack', ROOT, [] as string[]],
    ['forwarder', join(ROOT, 'forwarder'), ['--region', 'eu-west-1']],
  ])('%s: every EventBridge rule pattern', async (_name, configDir, args) => {
    const { template } = await packaged({ configDir, args });
    const rules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern !== undefined);
    expect(rules.length).toBeGreaterThan(3);
    const problems = rules.flatMap(([id, r]) => sourceProblems(r.Properties.EventPattern as Json).map((p) => `${id}: ${p}`));
    expect(problems).toEqual([]);
  });
});
