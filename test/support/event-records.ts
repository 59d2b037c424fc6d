/**
 * Builders for the rules' examples: raw CloudTrail records and EventBridge envelopes in the shapes AWS delivers
 * (userIdentity per identity type, sessionContext, requestParameters with JSON-string documents, `null` where AWS
 * writes null). Used only to build examples and tests, never to read events.
 */
import { createHash } from 'node:crypto';

export const ACCOUNT = '111122223333';

type Obj = Record<string, unknown>;

function uuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const CREATION = '2026-11-02T08:55:10Z';

export function rootIdentity(
  opts: { alias?: string; invokedBy?: string; mfa?: boolean; assumedRoot?: boolean; signIn?: boolean } = {},
): Obj {
  const ui: Obj = {
    type: 'Root',
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
    accessKeyId: opts.signIn ? '' : 'ASIAY34FZKBOKMUTVV7A',
  };
  if (opts.alias) ui.userName = opts.alias;
  if (!opts.signIn)
    ui.sessionContext = { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: CREATION, mfaAuthenticated: opts.mfa ? 'true' : 'false' } };
  if (opts.assumedRoot) ui.assumedRoot = 'true';
  if (opts.invokedBy) ui.invokedBy = opts.invokedBy;
  return ui;
}

export function userIdentity(
  name: string,
  opts: { path?: string; mfa?: boolean; invokedBy?: string; console?: boolean; signIn?: boolean } = {},
): Obj {
  const ui: Obj = {
    type: 'IAMUser',
    principalId: `AIDA${createHash('md5').update(name).digest('hex').slice(0, 16).toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/${opts.path ?? ''}${name}`,
    accountId: ACCOUNT,
    accessKeyId: opts.signIn ? '' : opts.console ? 'ASIAY34FZKBOKMUTVV7B' : 'AKIAIOSFODNN7EXAMPLE',
    userName: name,
  };
  if (!opts.signIn && (opts.console || opts.mfa !== undefined))
    ui.sessionContext = { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: CREATION, mfaAuthenticated: opts.mfa ? 'true' : 'false' } };
  if (opts.invokedBy) ui.invokedBy = opts.invokedBy;
  return ui;
}

export function roleIdentity(roleName: string, session: string, opts: { path?: string; invokedBy?: string } = {}): Obj {
  const roleId = `AROA${createHash('md5').update(roleName).digest('hex').slice(0, 16).toUpperCase()}`;
  const ui: Obj = {
    type: 'AssumedRole',
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${ACCOUNT}:role/${opts.path ?? ''}${roleName}`, accountId: ACCOUNT, userName: roleName },
      webIdFederationData: {},
      attributes: { creationDate: CREATION, mfaAuthenticated: 'false' },
    },
  };
  if (opts.invokedBy) ui.invokedBy = opts.invokedBy;
  return ui;
}

export function ssoIdentity(permissionSet: string, user: string): Obj {
  return roleIdentity(`AWSReservedSSO_${permissionSet}_0123456789abcdef`, user, { path: 'aws-reserved/sso.amazonaws.com/' });
}

export interface RecordSpec {
  eventName: string;
  eventSource: string;
  userIdentity: Obj;
  requestParameters?: unknown;
  responseElements?: unknown;
  additionalEventData?: Obj;
  errorCode?: string;
  errorMessage?: string;
  eventType?: string;
  readOnly?: boolean;
  region?: string;
  sourceIp?: string;
  userAgent?: string;
  time?: string;
}

/** A bare CloudTrail record (as found in a log file's Records list). */
export function record(spec: RecordSpec): Obj {
  const seed = JSON.stringify(spec);
  const rec: Obj = {
    eventVersion: '1.09',
    userIdentity: spec.userIdentity,
    eventTime: spec.time ?? '2026-11-02T09:14:27Z',
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: spec.region ?? 'us-east-1',
    sourceIPAddress: spec.sourceIp ?? '203.0.113.24',
    userAgent: spec.userAgent ?? 'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 cfg/retry-mode#standard',
  };
  if (spec.errorCode) rec.errorCode = spec.errorCode;
  if (spec.errorMessage) rec.errorMessage = spec.errorMessage;
  rec.requestParameters = spec.requestParameters === undefined ? null : spec.requestParameters;
  rec.responseElements = spec.responseElements === undefined ? null : spec.responseElements;
  if (spec.additionalEventData) rec.additionalEventData = spec.additionalEventData;
  rec.requestID = uuid(`req${seed}`);
  rec.eventID = uuid(`evt${seed}`);
  rec.readOnly = spec.readOnly ?? /^(Get|List|Describe|Lookup)/.test(spec.eventName);
  rec.eventType = spec.eventType ?? 'AwsApiCall';
  rec.managementEvent = true;
  rec.recipientAccountId = ACCOUNT;
  rec.eventCategory = 'Management';
  if (rec.eventType === 'AwsApiCall')
    rec.tlsDetails = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: spec.eventSource };
  return rec;
}

/** The EventBridge envelope around a record ("AWS API Call via CloudTrail" / "AWS Console Sign In via CloudTrail"). */
export function envelope(rec: Obj): Obj {
  const source = typeof rec.eventSource === 'string' ? `aws.${rec.eventSource.split('.')[0]}` : 'aws.unknown';
  const detailType =
    rec.eventType === 'AwsConsoleSignIn'
      ? 'AWS Console Sign In via CloudTrail'
      : rec.eventType === 'AwsServiceEvent'
        ? 'AWS Service Event via CloudTrail'
        : 'AWS API Call via CloudTrail';
  return {
    version: '0',
    id: uuid(`env${JSON.stringify(rec)}`),
    'detail-type': detailType,
    source,
    account: ACCOUNT,
    time: rec.eventTime,
    region: rec.awsRegion,
    resources: [],
    detail: rec,
  };
}

/** An IAM API call record wrapped in its EventBridge envelope. */
export function iamCall(eventName: string, userIdentity: Obj, requestParameters: unknown, responseElements?: unknown, extra: Partial<RecordSpec> = {}): Obj {
  return envelope(record({ eventName, eventSource: 'iam.amazonaws.com', userIdentity, requestParameters, responseElements, ...extra }));
}

/** The same call refused with AccessDenied (IAM writes errorCode/errorMessage and responseElements null). */
export function denied(eventName: string, eventSource: string, userIdentity: Obj, requestParameters: unknown, action?: string): Obj {
  const arn = typeof userIdentity.arn === 'string' ? userIdentity.arn : 'unknown';
  const svc = eventSource.split('.')[0];
  return envelope(
    record({
      eventName,
      eventSource,
      userIdentity,
      requestParameters,
      errorCode: svc === 'iam' || svc === 'sns' ? 'AccessDenied' : 'AccessDeniedException',
      errorMessage: `User: ${arn} is not authorized to perform: ${action ?? `${svc}:${eventName.replace(/\d{8}(v\d+)?$/, '')}`} because no identity-based policy allows the action`,
    }),
  );
}

/** A console sign-in record (eventType AwsConsoleSignIn, signin.amazonaws.com). */
export function consoleLogin(
  userIdentity: Obj,
  result: 'Success' | 'Failure',
  additional: Obj,
  opts: { errorMessage?: string; region?: string } = {},
): Obj {
  return envelope(
    record({
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      userIdentity,
      requestParameters: null,
      responseElements: { ConsoleLogin: result },
      additionalEventData: additional,
      eventType: 'AwsConsoleSignIn',
      readOnly: false,
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
      ...(opts.errorMessage ? { errorMessage: opts.errorMessage } : {}),
      ...(opts.region ? { region: opts.region } : {}),
    }),
  );
}

export const ADMIN_DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
export const S3_READ_DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::team-data', 'arn:aws:s3:::team-data/*'] }],
});
