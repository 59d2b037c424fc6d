/**
 * The EventBridge `source` of a CloudTrail record, by its `eventSource` (one table for the patterns, the routing test
 * and anyone building an envelope from a bare record).
 *
 * CloudTrail events reach EventBridge as `source: aws.<prefix>` with `detail.eventSource: <prefix>.amazonaws.com`,
 * where <prefix> is the one the EventBridge events reference lists for the service, which is not the service's
 * marketing name: CloudWatch API calls (`monitoring.amazonaws.com`) arrive as `aws.monitoring`. `aws.cloudwatch` is
 * the source of CloudWatch's own service events (alarm state changes), never of API calls: a pattern that lists
 * `aws.cloudwatch` for DeleteAlarms matches nothing.
 *
 * Every entry was checked against the EventBridge events reference ("Service | Event source | CloudTrail event
 * source", https://docs.aws.amazon.com/eventbridge/latest/ref/events.html) and the service's own page
 * (`doc`); test/deploy/sources.test.ts checks that every deployed pattern agrees with this table.
 */

export interface CloudTrailSource {
  /** EventBridge `source` of the service's "AWS API Call via CloudTrail" events. */
  source: string;
  /** `detail.eventSource` of the same records. */
  eventSource: string;
  /** The EventBridge events reference page that states both. */
  doc: string;
}

const REF = 'https://docs.aws.amazon.com/eventbridge/latest/ref';

function entry(prefix: string, page = prefix): CloudTrailSource {
  return { source: `aws.${prefix}`, eventSource: `${prefix}.amazonaws.com`, doc: `${REF}/events-ref-${page}.html` };
}

/** Sources iam-guardian's patterns use or will use (sorted by source). */
export const CLOUDTRAIL_SOURCES: readonly CloudTrailSource[] = [
  entry('access-analyzer'),
  entry('cloudtrail'),
  entry('config'),
  entry('dynamodb'),
  entry('ec2'),
  entry('ecr'),
  entry('events'),
  entry('guardduty'),
  entry('iam'),
  entry('kms'),
  entry('lambda'),
  // CloudWatch's API (PutMetricAlarm, DeleteAlarms, DisableAlarmActions): not aws.cloudwatch.
  entry('monitoring'),
  entry('organizations'),
  entry('rolesanywhere'),
  entry('route53resolver'),
  entry('s3'),
  entry('secretsmanager'),
  entry('securityhub'),
  entry('signin'),
  entry('sns'),
  entry('sqs'),
  entry('sts'),
];

/**
 * Sources that exist on EventBridge but never carry CloudTrail API calls (service events only). A pattern listing one
 * of them next to an eventSource is a mistake.
 */
export const SERVICE_EVENT_ONLY_SOURCES: Readonly<Record<string, string>> = {
  'aws.cloudwatch': `${REF}/events-ref-cloudwatch.html`,
};

const BY_EVENT_SOURCE = new Map(CLOUDTRAIL_SOURCES.map((s) => [s.eventSource, s]));
const BY_SOURCE = new Map(CLOUDTRAIL_SOURCES.map((s) => [s.source, s]));

/** The table entry of a CloudTrail eventSource, or undefined when the service is not in the table. */
export function cloudTrailSource(eventSource: string): CloudTrailSource | undefined {
  return BY_EVENT_SOURCE.get(eventSource);
}

/** The table entry of an EventBridge source, or undefined. */
export function cloudTrailSourceBySource(source: string): CloudTrailSource | undefined {
  return BY_SOURCE.get(source);
}

/**
 * The EventBridge source of a record's eventSource: the table's, else AWS's general rule (`aws.` + the host's first
 * label) for services the table does not list.
 */
export function eventBridgeSource(eventSource: string): string {
  return BY_EVENT_SOURCE.get(eventSource)?.source ?? `aws.${eventSource.split('.')[0]}`;
}
