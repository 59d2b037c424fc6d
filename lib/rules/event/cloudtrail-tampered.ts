import type { EventRule, RuleHit } from '../types';
import type { Json, JsonObject, NormalizedEvent } from '../../cloudtrail/types';
import type { Severity } from '../../findings/types';
import { baseEvidence, boolParam, fillFix, lastSegment, param } from './_util';
import { fillCommand } from '../../text/escape';

export const CLOUDTRAIL_TAMPER_EVENTS = [
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'DeleteEventDataStore',
  'StopEventDataStoreIngestion',
];

function trailArn(ev: NormalizedEvent, name: string | undefined, kind: 'trail' | 'eventdatastore' = 'trail'): string {
  const fromResponse = param(ev.responseElements, kind === 'trail' ? 'trailARN' : 'eventDataStoreArn');
  if (fromResponse) return fromResponse;
  if (name?.startsWith('arn:')) return name;
  return `arn:aws:cloudtrail:${ev.awsRegion ?? 'us-east-1'}:${ev.account}:${kind}/${name ?? 'unknown'}`;
}

function asList(v: Json | undefined): JsonObject[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x));
}

/** Read a field in CloudTrail's camelCase or the API's PascalCase. */
function field(o: JsonObject, camel: string): Json | undefined {
  return o[camel] ?? o[camel[0].toUpperCase() + camel.slice(1)];
}

function strings(v: Json | undefined): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * What the new selectors do to write management events (the IAM / sign-in changes the monitor depends on).
 * Returns a reason when they are no longer all logged, or undefined when they are.
 */
export function selectorProblem(rp: JsonObject): string | undefined {
  const basic = asList(field(rp, 'eventSelectors'));
  const advanced = asList(field(rp, 'advancedEventSelectors'));
  if (basic.length === 0 && advanced.length === 0) return undefined;
  if (advanced.length > 0) {
    let management = false;
    let writesLogged = false;
    let iamLogged = false;
    for (const sel of advanced) {
      const fs = asList(field(sel, 'fieldSelectors'));
      const cat = fs.find((f) => field(f, 'field') === 'eventCategory');
      if (!cat || !strings(field(cat, 'equals')).includes('Management')) continue;
      management = true;
      const ro = fs.find((f) => field(f, 'field') === 'readOnly');
      const roEq = ro ? strings(field(ro, 'equals')) : [];
      const selWrites = !ro || roEq.includes('false') || (roEq.length === 0 && !strings(field(ro, 'notEquals')).includes('false'));
      const src = fs.find((f) => field(f, 'field') === 'eventSource');
      const srcEq = src ? strings(field(src, 'equals')) : [];
      const srcNe = src ? strings(field(src, 'notEquals')) : [];
      const selIam = !src || (srcEq.length > 0 ? srcEq.includes('iam.amazonaws.com') : !srcNe.includes('iam.amazonaws.com'));
      if (selWrites) writesLogged = true;
      if (selWrites && selIam) iamLogged = true;
    }
    if (!management) return 'the new advanced event selectors log no management events';
    if (!writesLogged) return 'the new advanced event selectors log only read-only management events (writes are dropped)';
    if (!iamLogged) return 'the new advanced event selectors exclude IAM (iam.amazonaws.com) management events';
    return undefined;
  }
  let writes = false;
  let any = false;
  for (const sel of basic) {
    const include = field(sel, 'includeManagementEvents');
    if (include === false || include === 'false') continue;
    any = true;
    const rw = field(sel, 'readWriteType');
    if (rw === undefined || rw === null || rw === 'All' || rw === 'WriteOnly') writes = true;
  }
  if (!any) return 'the new event selectors exclude management events (includeManagementEvents false)';
  if (!writes) return 'the new event selectors log only ReadOnly management events (writes are dropped)';
  return undefined;
}

/** The command that undoes each kind of tampering. */
function repairCli(ev: NormalizedEvent, resource: string): string {
  const name = lastSegment(resource);
  switch (ev.eventName) {
    case 'StopLogging':
      return 'aws cloudtrail start-logging --name <trail-name> --region <region>';
    case 'DeleteTrail':
      return 'aws cloudtrail create-trail --name <trail-name> --s3-bucket-name <log-bucket> --is-multi-region-trail --include-global-service-events --region <region> && aws cloudtrail start-logging --name <trail-name> --region <region>';
    case 'UpdateTrail':
      return 'aws cloudtrail update-trail --name <trail-name> --is-multi-region-trail --include-global-service-events --region <region>';
    case 'PutEventSelectors':
      return `aws cloudtrail put-event-selectors --trail-name <trail-name> --region <region> --advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]'   # add back any data-event selectors you had`;
    case 'StopEventDataStoreIngestion':
      return fillCommand('aws cloudtrail start-event-data-store-ingestion --event-data-store <event-data-store-arn> --region <region>', { 'event-data-store-arn': name === 'unknown' ? undefined : resource });
    case 'DeleteEventDataStore':
      return fillCommand('aws cloudtrail restore-event-data-store --event-data-store <event-data-store-arn> --region <region>   # possible within 7 days of deletion', { 'event-data-store-arn': name === 'unknown' ? undefined : resource });
    default:
      return cloudtrailTampered.fix.cli;
  }
}

function hit(ev: NormalizedEvent, resource: string, severity: Severity, what: string, extra: Record<string, unknown> = {}): RuleHit {
  const context = [ev.awsRegion ? `in ${ev.awsRegion}` : '', ev.sourceIp ? `from ${ev.sourceIp}` : '', ev.eventTime ? `at ${ev.eventTime}` : '']
    .filter(Boolean)
    .join(' ');
  const fix = { console: cloudtrailTampered.fix.console, cli: repairCli(ev, resource) };
  return {
    resource,
    severity,
    message: `${ev.actor.display}${context ? ` (${context})` : ''} ${what}. The audit trail the monitor depends on is blinded.`,
    evidence: baseEvidence(ev, extra),
    fix: fillFix(fix, { 'trail-name': lastSegment(resource) === 'unknown' ? undefined : lastSegment(resource), region: ev.awsRegion }),
  };
}

export const cloudtrailTampered: EventRule = {
  id: 'cloudtrail-tampered',
  kind: 'event',
  title: 'CloudTrail logging stopped, deleted or narrowed',
  severity: 'high',
  guide:
    'Keep a multi-region CloudTrail trail logging all management events (CIS 3.1 / Security Hub CloudTrail.1) and alert on any change to it (CIS 4.5 / CloudWatch.5).',
  why: 'CloudTrail is the record of who did what, and iam-guardian only sees changes while a trail logs management events. Stopping or narrowing it is the first thing an intruder does to act unseen.',
  fix: {
    console: [
      'CloudTrail console > Trails > <trail-name>: if logging is off, choose "Start logging".',
      'Edit the trail: "Multi-region trail" on, Management events: Read and Write, no excluded sources other than KMS/RDS Data if you chose so.',
      'If the trail was deleted, create a multi-region trail again (or redeploy the stack that created it).',
      'Find out who made the change: the alert names the principal; review its other activity in CloudTrail Event history.',
    ],
    cli: 'aws cloudtrail start-logging --name <trail-name> --region <region>',
  },
  controls: ['CloudWatch.5', 'CIS-4.5', 'CloudTrail.1', 'CIS-3.1'],
  eventNames: CLOUDTRAIL_TAMPER_EVENTS,
  evaluate(ev) {
    if (ev.eventSource !== 'cloudtrail.amazonaws.com' || ev.failed) return [];
    const rp = ev.requestParameters;
    switch (ev.eventName) {
      case 'StopLogging': {
        const name = param(rp, 'name');
        return [hit(ev, trailArn(ev, name), 'critical', `stopped logging on CloudTrail trail ${name ? lastSegment(name) : '(unnamed)'}`)];
      }
      case 'DeleteTrail': {
        const name = param(rp, 'name');
        return [hit(ev, trailArn(ev, name), 'critical', `deleted CloudTrail trail ${name ? lastSegment(name) : '(unnamed)'}`)];
      }
      case 'UpdateTrail': {
        const name = param(rp, 'name');
        const problems: string[] = [];
        if (boolParam(rp, 'isMultiRegionTrail') === false) problems.push('made it single-region (events in other regions are no longer logged)');
        if (boolParam(rp, 'includeGlobalServiceEvents') === false) problems.push('stopped logging global service events (IAM, STS, sign-in)');
        if (problems.length === 0) return [];
        return [hit(ev, trailArn(ev, name), 'high', `updated CloudTrail trail ${name ? lastSegment(name) : '(unnamed)'}: ${problems.join('; ')}`, { changes: problems })];
      }
      case 'PutEventSelectors': {
        const name = param(rp, 'trailName');
        const problem = selectorProblem(rp);
        if (!problem) return [];
        return [hit(ev, trailArn(ev, name), 'high', `changed the event selectors of CloudTrail trail ${name ? lastSegment(name) : '(unnamed)'}: ${problem}`, { problem })];
      }
      case 'DeleteEventDataStore':
      case 'StopEventDataStoreIngestion': {
        const store = param(rp, 'eventDataStore');
        const verb = ev.eventName === 'DeleteEventDataStore' ? 'deleted' : 'stopped ingestion into';
        return [hit(ev, trailArn(ev, store, 'eventdatastore'), 'high', `${verb} CloudTrail Lake event data store ${store ? lastSegment(store) : '(unnamed)'}`)];
      }
      default:
        return [];
    }
  },
};

/** Exported for denied-sensitive-call and tests. */
export function isCloudTrailTamperName(ev: NormalizedEvent): boolean {
  return ev.eventSource === 'cloudtrail.amazonaws.com' && CLOUDTRAIL_TAMPER_EVENTS.includes(ev.eventName);
}

