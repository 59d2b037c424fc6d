/**
 * CloudTrail call → IAM action(s). Most calls are `<prefix>:<eventName>` with the prefix of the eventSource host
 * (`ec2.amazonaws.com` → `ec2`), but not all: the known mismatches are listed here, each resolved against the IAM
 * action catalogue (lib/policy/catalog), and a call that maps to no catalogued action is returned as unmapped with the
 * reason, never guessed.
 *
 * Sources of the mismatches: CloudTracker's SERVICE_RENAMES / EVENT_RENAMES / NO_IAM tables (monitoring → cloudwatch,
 * email → ses, the S3 SOAP names, calls that need no permission), the Service Authorization Reference's S3 table
 * (S3 API operation → the permission it needs: ListObjectsV2 and HeadBucket need s3:ListBucket, HeadObject needs
 * s3:GetObject, the multipart calls need s3:PutObject, Delete*Configuration calls need the Put* permission), and the
 * dated operation names of Lambda and CloudFront (`ListFunctions20150331`, `CreateDistribution2020_05_31`).
 */
import { actionIndex, getCatalog } from '../policy/catalog';

export type CallMapping = { kind: 'mapped'; actions: string[] } | { kind: 'unmapped'; reason: string };

/** eventSource host prefix → IAM service prefix, where they differ. */
export const SERVICE_ALIASES: Readonly<Record<string, string>> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  tagging: 'tag',
  'models.lex': 'lex',
  'runtime.lex': 'lex',
  'api.mediatailor': 'mediatailor',
  'data.iot': 'iot',
  'execute-api': 'execute-api',
};

/**
 * `<iam prefix>:<eventName>` (after the dated suffix is removed), lower case → the IAM actions the call needs, in
 * catalogue spelling. Every target is a catalogued action (test/rightsize/mapping.test.ts checks).
 */
export const EVENT_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  // Amazon S3: REST / SOAP operation names that are not the permission's name.
  's3:listbuckets': ['s3:ListAllMyBuckets'],
  's3:listobjects': ['s3:ListBucket'],
  's3:listobjectsv2': ['s3:ListBucket'],
  's3:headbucket': ['s3:ListBucket'],
  's3:listobjectversions': ['s3:ListBucketVersions'],
  's3:headobject': ['s3:GetObject'],
  's3:selectobjectcontent': ['s3:GetObject'],
  's3:copyobject': ['s3:GetObject', 's3:PutObject'],
  's3:uploadpartcopy': ['s3:GetObject', 's3:PutObject'],
  's3:createmultipartupload': ['s3:PutObject'],
  's3:uploadpart': ['s3:PutObject'],
  's3:completemultipartupload': ['s3:PutObject'],
  's3:deleteobjects': ['s3:DeleteObject'],
  's3:listmultipartuploads': ['s3:ListBucketMultipartUploads'],
  's3:listparts': ['s3:ListMultipartUploadParts'],
  's3:getbucketaccesscontrolpolicy': ['s3:GetBucketAcl'],
  's3:setbucketaccesscontrolpolicy': ['s3:PutBucketAcl'],
  's3:getbucketloggingstatus': ['s3:GetBucketLogging'],
  's3:setbucketloggingstatus': ['s3:PutBucketLogging'],
  's3:getbucketlifecycle': ['s3:GetLifecycleConfiguration'],
  's3:getbucketlifecycleconfiguration': ['s3:GetLifecycleConfiguration'],
  's3:putbucketlifecycle': ['s3:PutLifecycleConfiguration'],
  's3:putbucketlifecycleconfiguration': ['s3:PutLifecycleConfiguration'],
  's3:deletebucketlifecycle': ['s3:PutLifecycleConfiguration'],
  's3:getbucketreplication': ['s3:GetReplicationConfiguration'],
  's3:putbucketreplication': ['s3:PutReplicationConfiguration'],
  's3:deletebucketreplication': ['s3:PutReplicationConfiguration'],
  's3:getbucketencryption': ['s3:GetEncryptionConfiguration'],
  's3:putbucketencryption': ['s3:PutEncryptionConfiguration'],
  's3:deletebucketencryption': ['s3:PutEncryptionConfiguration'],
  's3:deletebuckettagging': ['s3:PutBucketTagging'],
  's3:getbucketcors': ['s3:GetBucketCORS'],
  's3:putbucketcors': ['s3:PutBucketCORS'],
  's3:deletebucketcors': ['s3:PutBucketCORS'],
  's3:getbucketnotificationconfiguration': ['s3:GetBucketNotification'],
  's3:putbucketnotificationconfiguration': ['s3:PutBucketNotification'],
  's3:getobjectlockconfiguration': ['s3:GetBucketObjectLockConfiguration'],
  's3:putobjectlockconfiguration': ['s3:PutBucketObjectLockConfiguration'],
  's3:getbucketaccelerateconfiguration': ['s3:GetAccelerateConfiguration'],
  's3:putbucketaccelerateconfiguration': ['s3:PutAccelerateConfiguration'],
  's3:getbucketanalyticsconfiguration': ['s3:GetAnalyticsConfiguration'],
  's3:listbucketanalyticsconfigurations': ['s3:GetAnalyticsConfiguration'],
  's3:putbucketanalyticsconfiguration': ['s3:PutAnalyticsConfiguration'],
  's3:deletebucketanalyticsconfiguration': ['s3:PutAnalyticsConfiguration'],
  's3:getbucketinventoryconfiguration': ['s3:GetInventoryConfiguration'],
  's3:listbucketinventoryconfigurations': ['s3:GetInventoryConfiguration'],
  's3:putbucketinventoryconfiguration': ['s3:PutInventoryConfiguration'],
  's3:deletebucketinventoryconfiguration': ['s3:PutInventoryConfiguration'],
  's3:getbucketmetricsconfiguration': ['s3:GetMetricsConfiguration'],
  's3:listbucketmetricsconfigurations': ['s3:GetMetricsConfiguration'],
  's3:putbucketmetricsconfiguration': ['s3:PutMetricsConfiguration'],
  's3:deletebucketmetricsconfiguration': ['s3:PutMetricsConfiguration'],
  's3:getbucketintelligenttieringconfiguration': ['s3:GetIntelligentTieringConfiguration'],
  's3:listbucketintelligenttieringconfigurations': ['s3:GetIntelligentTieringConfiguration'],
  's3:putbucketintelligenttieringconfiguration': ['s3:PutIntelligentTieringConfiguration'],
  's3:deletebucketintelligenttieringconfiguration': ['s3:PutIntelligentTieringConfiguration'],
  's3:deletebucketownershipcontrols': ['s3:PutBucketOwnershipControls'],
  's3:deletebucketpublicaccessblock': ['s3:PutBucketPublicAccessBlock'],
  's3:deleteaccountpublicaccessblock': ['s3:PutAccountPublicAccessBlock'],
  's3:getpublicaccessblock': ['s3:GetBucketPublicAccessBlock'],
  's3:putpublicaccessblock': ['s3:PutBucketPublicAccessBlock'],
  's3:deletepublicaccessblock': ['s3:PutBucketPublicAccessBlock'],
  // Lambda: the data event of Invoke, and InvokeAsync (deprecated) needs lambda:InvokeFunction too.
  'lambda:invoke': ['lambda:InvokeFunction'],
  'lambda:invokeasync': ['lambda:InvokeFunction'],
  'lambda:invokewithresponsestream': ['lambda:InvokeFunction'],
  // KMS: ReEncrypt needs both halves.
  'kms:reencrypt': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
  // DynamoDB PartiQL data events name the statement kind.
  'dynamodb:executestatement': ['dynamodb:PartiQLSelect'],
};

/** Calls that are recorded but not authorised by an identity policy of the caller: never in a proposal. */
export const NOT_AUTHORISED_BY_IAM: Readonly<Record<string, string>> = {
  'sts:getcalleridentity': 'GetCallerIdentity needs no permission (AWS allows it even under an explicit Deny)',
  'sts:getsessiontoken': 'GetSessionToken needs no permission: any IAM user with long-term keys may call it',
  'sts:assumerolewithwebidentity': "called with a web identity token, not by an IAM principal: the role's trust policy decides",
  'sts:assumerolewithsaml': "called with a SAML assertion, not by an IAM principal: the role's trust policy decides",
  'sso:federate': 'IAM Identity Center portal call: authorised by the permission set assignment, not by an identity policy',
  'sso:getrolecredentials': 'IAM Identity Center portal call: authorised by the permission set assignment, not by an identity policy',
  'sso:listaccountroles': 'IAM Identity Center portal call: authorised by the permission set assignment, not by an identity policy',
  'sso:listaccounts': 'IAM Identity Center portal call: authorised by the permission set assignment, not by an identity policy',
  'sso:logout': 'IAM Identity Center portal call: authorised by the permission set assignment, not by an identity policy',
};

/** Services whose calls are never authorised by an identity policy. */
const NON_IAM_SERVICES: Readonly<Record<string, string>> = {
  signin: 'console sign-in (signin.amazonaws.com) is authenticated, not authorised by an identity policy',
  'portal.sso': 'IAM Identity Center portal: authorised by the permission set assignment, not by an identity policy',
};

/** Event types that are not a principal's API call. */
const NOT_A_CALL: Readonly<Record<string, string>> = {
  AwsServiceEvent: 'an event AWS records for its own action (AwsServiceEvent), not a call of the principal',
  AwsConsoleSignIn: 'a console sign-in (AwsConsoleSignIn), not an API call',
  AwsConsoleAction: 'a console action (AwsConsoleAction) that is not an API call',
  AwsCloudTrailInsight: 'a CloudTrail Insights event, not an API call',
  AwsVpceEvent: 'a VPC endpoint event, not an API call of the principal',
};

const SOURCE = /^([a-z0-9][a-z0-9.-]{0,80})\.amazonaws\.com$/;
/** `ListFunctions20150331`, `GetFunctionConfiguration20150331v2`, `CreateDistribution2020_05_31`. */
const DATED = /^([A-Za-z][A-Za-z0-9]*?)(?:20\d{6}(?:v\d+)?|20\d{2}_\d{2}_\d{2})$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

/** The IAM service prefix of an eventSource, or undefined when it is not `<host>.amazonaws.com`. */
export function servicePrefix(eventSource: string): string | undefined {
  const m = SOURCE.exec(eventSource);
  if (!m) return undefined;
  const host = m[1];
  return SERVICE_ALIASES[host] ?? host;
}

/** The event name without its dated API-version suffix. */
export function undatedName(eventName: string): string {
  const m = DATED.exec(eventName);
  return m ? m[1] : eventName;
}

const cache = new Map<string, CallMapping>();

/** Maps one call; `eventType` defaults to AwsApiCall. Never throws; the result for a given input is cached. */
export function mapCall(eventSource: unknown, eventName: unknown, eventType?: unknown): CallMapping {
  const type = typeof eventType === 'string' ? eventType : 'AwsApiCall';
  if (typeof eventSource !== 'string' || typeof eventName !== 'string') return { kind: 'unmapped', reason: 'the record has no eventSource or eventName string' };
  const key = `${type}|${eventSource}|${eventName}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = mapUncached(eventSource, eventName, type);
  if (cache.size > 50_000) cache.clear();
  cache.set(key, result);
  return result;
}

function mapUncached(eventSource: string, eventName: string, type: string): CallMapping {
  if (type !== 'AwsApiCall') return { kind: 'unmapped', reason: NOT_A_CALL[type] ?? `eventType ${type.slice(0, 60)} is not an API call` };
  const host = SOURCE.exec(eventSource)?.[1];
  if (host && NON_IAM_SERVICES[host]) return { kind: 'unmapped', reason: NON_IAM_SERVICES[host] };
  const service = servicePrefix(eventSource);
  if (!service) return { kind: 'unmapped', reason: 'eventSource is not an AWS service endpoint (<service>.amazonaws.com)' };
  if (!NAME.test(eventName)) return { kind: 'unmapped', reason: 'eventName is not an API operation name' };
  const name = undatedName(eventName);
  const id = `${service}:${name}`.toLowerCase();
  const notIam = NOT_AUTHORISED_BY_IAM[id];
  if (notIam) return { kind: 'unmapped', reason: notIam };
  const override = EVENT_OVERRIDES[id];
  if (override) return { kind: 'mapped', actions: [...override] };
  const c = getCatalog();
  if (!c.serviceRanges.has(service)) return { kind: 'unmapped', reason: `no IAM service "${service}" in the action catalogue (${c.version})` };
  const i = actionIndex(`${service}:${name}`);
  if (i < 0) return { kind: 'unmapped', reason: `no IAM action ${service}:${name} in the action catalogue (${c.version}): the call's permission has another name` };
  return { kind: 'mapped', actions: [c.actions[i].id] };
}

/**
 * Actions recorded only as data events (a trail without data event selectors never shows them): S3 object calls,
 * Lambda Invoke, DynamoDB item calls and a few others. Used to say which removals could not be observed.
 */
const DATA_EVENT_ACTIONS = new Set(
  [
    's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectVersion', 's3:DeleteObjectVersion', 's3:GetObjectAcl', 's3:PutObjectAcl',
    's3:GetObjectTagging', 's3:PutObjectTagging', 's3:DeleteObjectTagging', 's3:RestoreObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts',
    's3:GetObjectAttributes', 's3:GetObjectRetention', 's3:PutObjectRetention', 's3:GetObjectLegalHold', 's3:PutObjectLegalHold', 's3:ListBucket',
    'lambda:InvokeFunction', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan',
    'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PartiQLSelect', 'dynamodb:PartiQLInsert',
    'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete', 'sns:Publish', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage',
    'kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:GetRecords',
  ].map((a) => a.toLowerCase()),
);

/** True when `action` is recorded by CloudTrail only as a data event (case-insensitive). */
export function isDataEventAction(action: string): boolean {
  return DATA_EVENT_ACTIONS.has(action.toLowerCase());
}
