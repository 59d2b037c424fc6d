/**
 * The S3 bucket CloudTrail writes to, tampered with: a lifecycle rule that deletes logs early, a bucket policy that
 * no longer lets CloudTrail write (or denies it), the bucket policy or the bucket itself deleted. Which buckets are
 * trail buckets comes from the configuration (`trailBuckets`); a bucket whose name looks like a CloudTrail bucket is
 * reported at medium with "could not check" when the configuration does not name it. A bucket name or lifecycle
 * configuration that cannot be read is never a reason to stay quiet: the bucket is treated as possibly a trail bucket
 * (high when `trailBuckets` names any, else medium) and the message says what could not be checked.
 */
import type { EventRule, RuleHit } from '../types';
import type { Json, JsonObject } from '../../cloudtrail/types';
import type { Fix, Severity } from '../../findings/types';
import type { Statement } from '../../policy/document';
import { parsePolicyDocument } from '../../policy/document';
import { globMatches } from '../../policy/glob';
import { baseEvidence, fillFix, numParam, param, partition, UNKNOWN_TARGET, unreadableField, when } from './_util';
import { writePolicyFileCli } from '../../posture/common';

/** Writes cloudtrail-bucket-policy.json: CloudTrail's two statements (AWSCloudTrailAclCheck, AWSCloudTrailWrite) for the bucket, limited to this account. */
function cloudTrailBucketPolicyCli(bucket: string): string {
  const svc = { Service: 'cloudtrail.amazonaws.com' };
  const doc = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: svc, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::%s', Condition: { StringEquals: { 'aws:SourceAccount': '%s' } } },
      { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: svc, Action: 's3:PutObject', Resource: 'arn:aws:s3:::%s/AWSLogs/%s/*', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': '%s' } } },
    ],
  };
  return writePolicyFileCli('cloudtrail-bucket-policy.json', doc, [bucket, '<account-id>', bucket, '<account-id>', '<account-id>']);
}
import { DEFAULT_CONFIG } from '../../config/types';

export const TRAIL_BUCKET_EVENTS = ['PutBucketLifecycle', 'PutBucketPolicy', 'DeleteBucketPolicy', 'DeleteBucket'];

/** Default names: the console's aws-cloudtrail-logs-<account>-<suffix>, Control Tower's log archive, "…cloudtrail…", "…-trail-logs". */
const TRAIL_NAME = /cloudtrail|controltower-logs|(^|[-_.])trails?[-_.]?logs?([-_.]|$)/i;

export const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

const FIX: Record<string, Fix> = {
  PutBucketLifecycle: {
    console: [
      'S3 console > Buckets > <bucket> > Management > Lifecycle rules: edit the rule so that logs expire after <days> days or more (or delete it).',
      'Consider S3 Object Lock (compliance mode) on the trail bucket so logs cannot be deleted before their retention ends.',
    ],
    cli: 'aws s3api get-bucket-lifecycle-configuration --bucket <bucket> > lifecycle.json && aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration file://lifecycle.json   # after setting every Expiration to at least <days> days',
  },
  PutBucketPolicy: {
    console: [
      'S3 console > Buckets > <bucket> > Permissions > Bucket policy > Edit: put back the statements that let the cloudtrail.amazonaws.com service principal call s3:GetBucketAcl on the bucket and s3:PutObject on AWSLogs/<account-id>/* (condition aws:SourceArn = the trail ARN), and remove any Deny of s3:PutObject for it.',
      'CloudTrail console > Trails > <trail-name>: check "Last log file delivered" and the delivery error after the change.',
      'Or with the command below: it writes cloudtrail-bucket-policy.json (CloudTrail\'s AWSCloudTrailAclCheck and AWSCloudTrailWrite statements for this account) and replaces the whole bucket policy with it (the old one, if any, is saved to bucket-policy-before.json); if the bucket policy has other statements you need, edit it in the console instead.',
    ],
    cli: `aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > bucket-policy-before.json; ${cloudTrailBucketPolicyCli('<bucket>')} && aws s3api put-bucket-policy --bucket <bucket> --policy file://cloudtrail-bucket-policy.json && aws cloudtrail get-trail-status --name <trail-name> --query LatestDeliveryError`,
  },
  DeleteBucket: {
    console: [
      'Create a NEW log bucket with a new name (the deleted name can now be claimed by anyone, who would then receive your logs) and give it the CloudTrail bucket policy.',
      'CloudTrail console > Trails > <trail-name> > Edit: choose the new bucket; then check "Last log file delivered".',
      'Or with the command below: it creates the bucket, writes cloudtrail-bucket-policy.json for it, applies it and points the trail at the new bucket.',
    ],
    cli: `aws s3api create-bucket --bucket <new-log-bucket> --region us-east-1 && ${cloudTrailBucketPolicyCli('<new-log-bucket>')} && aws s3api put-bucket-policy --bucket <new-log-bucket> --policy file://cloudtrail-bucket-policy.json && aws cloudtrail update-trail --name <trail-name> --s3-bucket-name <new-log-bucket>`,
  },
};
FIX.DeleteBucketPolicy = FIX.PutBucketPolicy;

function objects(v: Json | undefined): JsonObject[] {
  if (Array.isArray(v)) return v.filter((x): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x));
  return v !== null && typeof v === 'object' && v !== undefined ? [v] : [];
}

/** A field by its XML name or camelCase; a field present as null stays null (unreadable, not absent). */
function field(o: JsonObject, name: string): Json | undefined {
  return name in o ? o[name] : o[name[0].toLowerCase() + name.slice(1)];
}

interface Expiry {
  days: number;
  rule?: string;
  noncurrent: boolean;
}

function kindOf(v: Json | undefined): string {
  return v === undefined ? 'missing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : v === '' ? 'empty' : `a ${typeof v}`;
}

/**
 * The enabled lifecycle rules' shortest expiry, and what of the configuration could not be read (no configuration
 * object, no rule object, a rule that is not an object, an expiry whose days are not a number): an unreadable part may
 * be the rule that deletes the logs. CloudTrail writes the XML body as JSON (Rule: object or list).
 */
export function readLifecycle(rp: JsonObject): { shortest?: Expiry; unreadable: string[] } {
  const unreadable: string[] = [];
  const rawCfg = field(rp, 'LifecycleConfiguration');
  const cfg = objects(rawCfg)[0];
  if (!cfg) return { unreadable: [`requestParameters.LifecycleConfiguration is ${kindOf(rawCfg)}`] };
  const rawRules = field(cfg, 'Rule') ?? field(cfg, 'Rules');
  const rules = objects(rawRules);
  if (rules.length === 0) unreadable.push(`LifecycleConfiguration.Rule is ${Array.isArray(rawRules) ? 'a list without rule objects' : kindOf(rawRules)}`);
  else if (Array.isArray(rawRules) && rules.length < rawRules.length) unreadable.push('LifecycleConfiguration.Rule has entries that are not objects');
  let best: Expiry | undefined;
  for (const rule of rules.slice(0, 1000)) {
    const status = field(rule, 'Status');
    if (typeof status === 'string' && status.toLowerCase() !== 'enabled') continue;
    const id = typeof field(rule, 'ID') === 'string' ? (field(rule, 'ID') as string) : undefined;
    for (const [key, daysKey, noncurrent] of [
      ['Expiration', 'Days', false],
      ['NoncurrentVersionExpiration', 'NoncurrentDays', true],
    ] as const) {
      const raw = field(rule, key);
      const exp = objects(raw)[0];
      if (!exp) {
        if (raw !== undefined) unreadable.push(`${key} of rule ${id ? JSON.stringify(id.slice(0, 100)) : '(no ID)'} is ${kindOf(raw)}`);
        continue;
      }
      const days = numParam(exp, daysKey);
      if (days !== undefined && (!best || days < best.days)) best = { days, rule: id, noncurrent };
      else if (days === undefined && field(exp, daysKey) !== undefined) unreadable.push(`${key}.${daysKey} of rule ${id ? JSON.stringify(id.slice(0, 100)) : '(no ID)'} is ${kindOf(field(exp, daysKey))}`);
      // An expiry on a date deletes everything on that day: as short as it gets once the date has passed.
      if (!noncurrent && typeof field(exp, 'Date') === 'string' && (!best || best.days > 0)) best = { days: 0, rule: id, noncurrent };
    }
  }
  return { ...(best ? { shortest: best } : {}), unreadable };
}

/** The shortest expiry (days) of the enabled lifecycle rules, and what it applies to. */
export function shortestExpiry(rp: JsonObject): Expiry | undefined {
  return readLifecycle(rp).shortest;
}

function allowsCloudTrailWrite(st: Statement): boolean {
  const actions = st.action;
  if (!actions || !actions.some((a) => globMatches(a, 's3:PutObject', true))) return false;
  const p = st.principal;
  if (!p) return false;
  return p === '*' || (p.Service ?? []).some((s) => s.toLowerCase() === CLOUDTRAIL) || (p.AWS ?? []).includes('*');
}

/** Why CloudTrail can no longer write under this policy, or undefined when it can. */
export function cloudTrailWriteProblem(statements: Statement[]): string | undefined {
  const deny = statements.find((st) => st.effect === 'Deny' && !st.condition && allowsCloudTrailWrite(st));
  if (deny) return `Statement ${deny.sid ? JSON.stringify(deny.sid.slice(0, 100)) : deny.index} denies s3:PutObject to CloudTrail without a condition`;
  if (!statements.some((st) => st.effect === 'Allow' && allowsCloudTrailWrite(st)))
    return 'no statement allows the cloudtrail.amazonaws.com service principal s3:PutObject any more';
  return undefined;
}

interface Judged {
  severity: Severity;
  known: boolean;
}

function judgeBucket(bucket: string, trailBuckets: readonly string[]): Judged | undefined {
  if (trailBuckets.includes(bucket)) return { severity: 'high', known: true };
  if (TRAIL_NAME.test(bucket)) return { severity: 'medium', known: false };
  return undefined;
}

/**
 * A bucket name that cannot be read (null, a number, a list, an object, empty or missing) may be a trail bucket: it
 * is judged as one that could not be checked, at the severity a configured trail bucket gets when `trailBuckets` names
 * any (it may be one of them), else at the severity of a bucket whose name looks like a trail bucket's.
 */
function judgeUnreadableBucket(trailBuckets: readonly string[]): Judged {
  return { severity: trailBuckets.length > 0 ? 'high' : 'medium', known: false };
}

export const trailBucketTampered: EventRule = {
  id: 'trail-bucket-tampered',
  kind: 'event',
  title: 'CloudTrail log bucket emptied, closed to CloudTrail or deleted',
  severity: 'high',
  guide:
    'The S3 bucket CloudTrail delivers to keeps the logs at least a year (Security Hub CloudWatch.16\'s default retention, PCI DSS 10.5.1), lets only CloudTrail write, and is never deleted while a trail points at it (CIS 3.x: trail bucket not public, access-logged; alert on trail changes, CIS 4.5).',
  why: 'Attackers who cannot stop the trail without being noticed go after its bucket instead: a one-day lifecycle rule erases the evidence, a bucket policy without CloudTrail\'s statement makes delivery fail silently, and a deleted bucket name can be re-created by anyone to receive your logs.',
  fix: FIX.PutBucketPolicy,
  controls: ['CIS-4.5'],
  eventNames: TRAIL_BUCKET_EVENTS,
  evaluate(ev, ctx) {
    if (ev.failed || ev.eventSource !== 's3.amazonaws.com') return [];
    const rp = ev.requestParameters;
    const name = param(rp, 'bucketName');
    // Never dropped for an unreadable name: a malformed record must not hide the trail bucket being emptied or deleted.
    const unreadable = name ? undefined : unreadableField(rp, 'bucketName');
    const bucket = name ?? UNKNOWN_TARGET;
    const judged = name ? judgeBucket(name, ctx.config.trailBuckets ?? []) : judgeUnreadableBucket(ctx.config.trailBuckets ?? []);
    if (!judged) return [];
    const minDays = ctx.config.thresholds.trailLogRetentionDays ?? DEFAULT_CONFIG.thresholds.trailLogRetentionDays;
    const caveat = judged.known
      ? ''
      : unreadable
        ? ` (the bucket's name could not be read (${unreadable}), so iam-guardian could not check which bucket it is: it is treated as possibly a CloudTrail log bucket)`
        : ' (its name looks like a CloudTrail bucket; iam-guardian could not check that a trail writes to it: list your trail buckets in the trailBuckets setting)';
    const hit = (what: string, extra: Record<string, unknown> = {}): RuleHit => ({
      resource: name ? `arn:${partition(ev)}:s3:::${name}` : ev.account,
      severity: judged.severity,
      message: `${ev.actor.display} changed ${judged.known ? 'CloudTrail log bucket' : 'S3 bucket'} ${bucket}${when(ev)}: ${what}${caveat}.`,
      evidence: baseEvidence(ev, {
        bucket: name ?? null,
        trailBucketKnown: judged.known,
        ...(unreadable ? { unreadableTarget: unreadable, ...(param(rp, 'Host') ? { host: param(rp, 'Host') } : {}) } : {}),
        ...extra,
      }),
      fix: fillFix(FIX[ev.eventName], { bucket: name, days: String(minDays), 'account-id': ev.account }),
      ...(judged.known ? {} : { factors: { unverified: true } }),
    });
    switch (ev.eventName) {
      case 'PutBucketLifecycle': {
        const { shortest: exp, unreadable: unread } = readLifecycle(rp);
        if (!exp || exp.days >= minDays) {
          if (unread.length === 0) return [];
          // Part of the configuration could not be read: it may be the rule that deletes the logs early.
          return [{ ...hit(`set a lifecycle configuration iam-guardian could not fully read (${unread.slice(0, 3).join('; ')}); check that logs are kept at least ${minDays} days`, { lifecycleUnreadable: unread.slice(0, 10) }), factors: { unverified: true } }];
        }
        const what = exp.noncurrent ? `older versions of the logs after ${exp.days} day${exp.days === 1 ? '' : 's'}` : exp.days === 0 ? 'the logs on a fixed date' : `the logs after ${exp.days} day${exp.days === 1 ? '' : 's'}`;
        return [hit(`set a lifecycle rule${exp.rule ? ` "${exp.rule.slice(0, 100)}"` : ''} that deletes ${what} (less than the ${minDays} days kept by policy)`, { expiryDays: exp.days, noncurrent: exp.noncurrent })];
      }
      case 'PutBucketPolicy': {
        const parsed = parsePolicyDocument(ev.requestParameters.bucketPolicy ?? ev.requestParameters.policy);
        if (!parsed.ok) return [{ ...hit(`set a bucket policy iam-guardian could not read (${parsed.error}); check that CloudTrail can still write`), factors: { unverified: true } }];
        const problem = cloudTrailWriteProblem(parsed.document.statements);
        return problem ? [hit(`set a bucket policy that stops CloudTrail delivering logs (${problem})`, { problem })] : [];
      }
      case 'DeleteBucketPolicy':
        return [hit('deleted its bucket policy, so CloudTrail can no longer deliver logs')];
      case 'DeleteBucket':
        return [hit('deleted it: the trail can no longer deliver logs, and anyone can now create a bucket with that name and receive them')];
      default:
        return [];
    }
  },
};
