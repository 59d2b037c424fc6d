/**
 * CloudTrail normalisation: an EventBridge envelope or a bare CloudTrail record → NormalizedEvent.
 *
 * Never throws. Every field that can be absent, null, {} or of the wrong type gets a safe value; what could not be
 * read in an essential field is written to `problems` (e.g. "detail.eventName is missing"), which the
 * `unparseable-event` rule turns into a finding so an unreadable risky change is still seen.
 */
import { createHash } from 'node:crypto';
import type { Actor, JsonObject, NormalizedEvent } from './types';
import { parsePolicyDocument } from '../policy/document';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** A short, printable excerpt of a value for problem messages. */
function excerpt(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * Stable, bounded serialisation (sorted keys, depth and size limits) used for synthetic event ids. Unlike
 * JSON.stringify it cannot overflow the stack on deep nesting, loop on cycles, or throw on BigInt.
 */
export function stableFingerprint(value: unknown, maxChars = 200_000): string {
  const parts: string[] = [];
  let size = 0;
  const push = (s: string): boolean => {
    if (size > maxChars) return false;
    parts.push(s);
    size += s.length;
    return true;
  };
  const walk = (v: unknown, depth: number): void => {
    if (size > maxChars) return;
    if (depth > 32) {
      push('…');
      return;
    }
    if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number') {
      push(String(v));
      return;
    }
    if (typeof v === 'string') {
      push(JSON.stringify(v.length > 10_000 ? `${v.slice(0, 10_000)}#${v.length}` : v));
      return;
    }
    if (typeof v === 'bigint') {
      push(`${v.toString()}n`);
      return;
    }
    if (Array.isArray(v)) {
      push('[');
      for (const x of v) {
        walk(x, depth + 1);
        if (!push(',')) return;
      }
      push(']');
      return;
    }
    if (typeof v === 'object') {
      push('{');
      for (const k of Object.keys(v as Obj).sort()) {
        push(JSON.stringify(k));
        push(':');
        walk((v as Obj)[k], depth + 1);
        if (!push(',')) return;
      }
      push('}');
      return;
    }
    push(typeof v);
  };
  walk(value, 0);
  return parts.join('');
}

function syntheticId(value: unknown): string {
  return `synthetic-${createHash('sha256').update(stableFingerprint(value)).digest('hex').slice(0, 32)}`;
}

/** True when the value looks like an EventBridge envelope around a CloudTrail record. */
export function isEnvelope(v: unknown): v is Obj {
  return isObject(v) && 'detail' in v && ('detail-type' in v || 'source' in v || 'version' in v || 'account' in v);
}

function sessionNameFromArn(arn: string | undefined): string | undefined {
  // arn:aws:sts::123456789012:assumed-role/RoleName/session-name
  if (!arn) return undefined;
  const m = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  return m ? m[1] : undefined;
}

function roleNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  let m = /:assumed-role\/([^/]+)/.exec(arn);
  if (m) return m[1];
  m = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1] : undefined;
}

export function isSsoRole(nameOrArn: string | undefined): boolean {
  return !!nameOrArn && (nameOrArn.includes('AWSReservedSSO_') || nameOrArn.includes('/aws-reserved/sso.amazonaws.com/'));
}

export function isServiceLinkedRole(nameOrArn: string | undefined): boolean {
  return !!nameOrArn && (nameOrArn.includes('/aws-service-role/') || /(^|\/)AWSServiceRoleFor/.test(nameOrArn));
}

/** Extracts the actor from userIdentity (any type, including absent / malformed). */
export function extractActor(ui: unknown, problems: string[], prefix: string, serviceEvent: boolean): Actor {
  if (!isObject(ui)) {
    if (ui === undefined || ui === null) {
      if (!serviceEvent) problems.push(`${prefix}userIdentity is missing`);
    } else problems.push(`${prefix}userIdentity is not an object (${typeName(ui)})`);
    return { type: 'Unknown', assumedRoot: false, isSso: false, isServiceLinked: false, display: 'unknown identity' };
  }
  let type = str(ui.type);
  if (!type) {
    if (ui.type !== undefined && ui.type !== null && typeof ui.type !== 'string')
      problems.push(`${prefix}userIdentity.type is not a string (${typeName(ui.type)})`);
    else if (!serviceEvent && !str(ui.invokedBy)) problems.push(`${prefix}userIdentity.type is missing`);
    type = serviceEvent || str(ui.invokedBy) ? 'AWSService' : 'Unknown';
  }
  const sc = isObject(ui.sessionContext) ? ui.sessionContext : undefined;
  const issuer = sc && isObject(sc.sessionIssuer) ? sc.sessionIssuer : undefined;
  const attrs = sc && isObject(sc.attributes) ? sc.attributes : undefined;
  const actor: Actor = {
    type,
    assumedRoot: truthy(ui.assumedRoot) || truthy(sc?.assumedRoot),
    isSso: false,
    isServiceLinked: false,
    display: '',
  };
  const arn = str(ui.arn);
  if (arn) actor.arn = arn;
  const accountId = str(ui.accountId);
  if (accountId) actor.accountId = accountId;
  const principalId = str(ui.principalId);
  if (principalId) actor.principalId = principalId;
  const invokedBy = str(ui.invokedBy);
  if (invokedBy) actor.invokedBy = invokedBy;
  if (attrs && attrs.mfaAuthenticated !== undefined && attrs.mfaAuthenticated !== null && attrs.mfaAuthenticated !== '')
    actor.mfaAuthenticated = truthy(attrs.mfaAuthenticated);
  const userName = str(ui.userName);

  switch (type) {
    case 'Root': {
      if (userName) actor.userName = userName;
      actor.display = userName ? `root (account alias ${userName})` : 'root';
      if (actor.assumedRoot) actor.display += ' via centralized root access (AssumeRoot)';
      break;
    }
    case 'IAMUser': {
      const name = userName ?? (arn ? /:user\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1] : undefined);
      if (name) actor.userName = name;
      actor.display = name ? `IAM user ${name}` : 'IAM user (name unknown)';
      break;
    }
    case 'AssumedRole': {
      const issuerArn = str(issuer?.arn);
      const roleName = str(issuer?.userName) ?? roleNameFromArn(issuerArn) ?? roleNameFromArn(arn);
      if (roleName) actor.roleName = roleName;
      if (issuerArn) actor.roleArn = issuerArn;
      const session = sessionNameFromArn(arn) ?? (principalId?.includes(':') ? principalId.split(':').slice(1).join(':') : undefined);
      if (session) actor.sessionName = session;
      actor.isSso = isSsoRole(issuerArn) || isSsoRole(roleName) || isSsoRole(arn);
      actor.isServiceLinked = isServiceLinkedRole(issuerArn) || isServiceLinkedRole(roleName);
      const kind = actor.isSso ? 'IAM Identity Center role' : actor.isServiceLinked ? 'service-linked role' : 'role';
      actor.display = `${kind} ${roleName ?? '(name unknown)'}${session ? ` (session ${session})` : ''}`;
      break;
    }
    case 'FederatedUser': {
      const name = userName ?? (arn ? /:federated-user\/(.+)$/.exec(arn)?.[1] : undefined);
      if (name) actor.userName = name;
      const issuerName = str(issuer?.userName);
      if (issuerName) actor.roleName = issuerName;
      actor.display = `federated user ${name ?? '(name unknown)'}${issuerName ? ` (issued by ${issuerName})` : ''}`;
      break;
    }
    case 'SAMLUser':
    case 'WebIdentityUser': {
      if (userName) actor.userName = userName;
      const idp = str(ui.identityProvider);
      actor.display = `${type === 'SAMLUser' ? 'SAML user' : 'web identity user'} ${userName ?? principalId ?? '(name unknown)'}${idp ? ` (provider ${idp})` : ''}`;
      break;
    }
    case 'IdentityCenterUser': {
      const onBehalf = isObject(ui.onBehalfOf) ? ui.onBehalfOf : undefined;
      const id = str(onBehalf?.userId) ?? userName ?? principalId;
      if (userName) actor.userName = userName;
      actor.isSso = true;
      actor.display = `IAM Identity Center user ${id ?? '(id unknown)'}`;
      break;
    }
    case 'AWSService': {
      actor.display = `AWS service ${invokedBy ?? '(unknown)'}`;
      break;
    }
    case 'AWSAccount': {
      actor.display = `AWS account ${accountId ?? '(unknown)'}${principalId ? ` (principal ${principalId})` : ''}`;
      break;
    }
    case 'Unknown': {
      if (userName) actor.userName = userName;
      actor.display = userName ? `unknown identity (user name ${excerpt(userName)})` : 'unknown identity';
      break;
    }
    default: {
      if (userName) actor.userName = userName;
      actor.display = `${excerpt(type, 40)} ${userName ?? arn ?? principalId ?? ''}`.trim();
    }
  }
  if (invokedBy && type !== 'AWSService') actor.display += ` via ${invokedBy}`;
  return actor;
}

function asObjectField(rec: Obj, key: string, problems: string[], prefix: string): JsonObject {
  const v = rec[key];
  if (v === undefined || v === null) return {};
  if (isObject(v)) return v as JsonObject;
  // An empty string is how some exporters write "nothing"; anything else is unreadable.
  if (v === '') return {};
  problems.push(`${prefix}${key} is not an object (${typeName(v)})`);
  return {};
}

function optionalString(rec: Obj, key: string, problems: string[], prefix: string, essential = false): string | undefined {
  const v = rec[key];
  if (typeof v === 'string') {
    if (v === '' && essential) problems.push(`${prefix}${key} is empty`);
    return v === '' ? undefined : v;
  }
  if (v === undefined || v === null) {
    if (essential) problems.push(`${prefix}${key} is missing`);
    return undefined;
  }
  if (essential || typeof v === 'object') problems.push(`${prefix}${key} is not a string (${typeName(v)})`);
  return undefined;
}

/**
 * Request parameters a change cannot be judged without. When a successful call lacks them, the event is
 * unreadable for its rule: a problem is recorded so `unparseable-event` reports it rather than a silent pass.
 */
export const REQUIRED_REQUEST_PARAMETERS: Record<string, string[]> = {
  AttachUserPolicy: ['userName', 'policyArn'],
  AttachGroupPolicy: ['groupName', 'policyArn'],
  AttachRolePolicy: ['roleName', 'policyArn'],
  PutUserPolicy: ['userName', 'policyName', 'policyDocument'],
  PutGroupPolicy: ['groupName', 'policyName', 'policyDocument'],
  PutRolePolicy: ['roleName', 'policyName', 'policyDocument'],
  // Removing AWS's quarantine (compromised-key-quarantined) is recognised by the policy's name or ARN.
  DetachUserPolicy: ['userName', 'policyArn'],
  DeleteUserPolicy: ['userName', 'policyName'],
  CreatePolicy: ['policyDocument'],
  CreatePolicyVersion: ['policyArn', 'policyDocument'],
  SetDefaultPolicyVersion: ['policyArn', 'versionId'],
  CreateRole: ['roleName', 'assumeRolePolicyDocument'],
  UpdateAssumeRolePolicy: ['roleName', 'policyDocument'],
  AddUserToGroup: ['groupName', 'userName'],
  DeleteUserPermissionsBoundary: ['userName'],
  DeleteRolePermissionsBoundary: ['roleName'],
  StopLogging: ['name'],
  DeleteTrail: ['name'],
  UpdateTrail: ['name'],
  PutEventSelectors: ['trailName'],
  DeactivateMFADevice: ['serialNumber'],
  DeleteVirtualMFADevice: ['serialNumber'],
};

function minimalEvent(problems: string[], raw: unknown): NormalizedEvent {
  return {
    eventId: syntheticId(raw),
    eventName: 'unknown',
    eventSource: 'unknown',
    account: 'unknown',
    actor: { type: 'Unknown', assumedRoot: false, isSso: false, isServiceLinked: false, display: 'unknown identity' },
    failed: false,
    requestParameters: {},
    responseElements: {},
    additionalEventData: {},
    record: {},
    problems,
  };
}

/**
 * Set by readers on a stand-in record for an input they could not read (e.g. a malformed `CloudTrailEvent` string in
 * `lookup-events` output): its value is reported as a problem, so the event becomes an `unparseable-event`.
 */
export const READ_PROBLEM_KEY = '@iamGuardianReadProblem';

/** Normalises an EventBridge envelope or a bare CloudTrail record. Never throws. */
export function normalizeEvent(input: unknown): NormalizedEvent {
  try {
    return normalizeUnsafe(input);
  } catch (err) {
    // Defensive: a value no JSON parser produces (a throwing getter, a Proxy…). Still yield an event.
    let msg = 'unknown error';
    try {
      msg = err instanceof Error ? err.message : String(err);
    } catch {
      /* keep the generic message */
    }
    const ev = minimalEvent([`record could not be read: ${excerpt(msg, 200)}`], undefined);
    ev.eventId = `synthetic-unreadable-${createHash('sha256').update(msg).digest('hex').slice(0, 24)}`;
    return ev;
  }
}

function normalizeUnsafe(input: unknown): NormalizedEvent {
  const problems: string[] = [];
  if (!isObject(input)) {
    problems.push(input === undefined || input === null ? 'record is missing' : `record is not a JSON object (${typeName(input)})`);
    return minimalEvent(problems, input);
  }
  let record: Obj;
  let prefix = '';
  let envelope: NormalizedEvent['envelope'];
  if (isEnvelope(input)) {
    prefix = 'detail.';
    envelope = {};
    const id = str(input.id);
    if (id) envelope.id = id;
    const dt = str(input['detail-type']);
    if (dt) envelope.detailType = dt;
    const source = str(input.source);
    if (source) envelope.source = source;
    const time = str(input.time);
    if (time) envelope.time = time;
    const region = str(input.region);
    if (region) envelope.region = region;
    const account = str(input.account);
    if (account) envelope.account = account;
    if (!isObject(input.detail)) {
      problems.push(
        input.detail === undefined || input.detail === null ? 'detail is missing' : `detail is not a JSON object (${typeName(input.detail)})`,
      );
      const ev = minimalEvent(problems, input);
      ev.envelope = envelope;
      if (envelope.account) ev.account = envelope.account;
      if (envelope.region) ev.awsRegion = envelope.region;
      if (envelope.time) ev.eventTime = envelope.time;
      return ev;
    }
    record = input.detail;
  } else {
    record = input;
  }

  const readProblem = record[READ_PROBLEM_KEY];
  if (typeof readProblem === 'string') problems.push(readProblem.slice(0, 300));
  const eventType = optionalString(record, 'eventType', problems, prefix);
  const serviceEvent = eventType === 'AwsServiceEvent';

  const rawId = record.eventID;
  let eventId: string;
  if (typeof rawId === 'string' && rawId !== '') eventId = rawId;
  else {
    eventId = syntheticId(record);
    problems.push(
      rawId === undefined || rawId === null
        ? `${prefix}eventID is missing (a synthetic id was used)`
        : `${prefix}eventID is not a usable string (${typeName(rawId)}; a synthetic id was used)`,
    );
  }

  const eventName = optionalString(record, 'eventName', problems, prefix, true) ?? 'unknown';
  const eventSource = optionalString(record, 'eventSource', problems, prefix, true) ?? 'unknown';
  const eventTime = optionalString(record, 'eventTime', problems, prefix) ?? envelope?.time;
  const awsRegion = optionalString(record, 'awsRegion', problems, prefix) ?? envelope?.region;
  const sourceIp = optionalString(record, 'sourceIPAddress', problems, prefix);
  const userAgent = optionalString(record, 'userAgent', problems, prefix);
  const errorCode = optionalString(record, 'errorCode', problems, prefix);
  const errorMessage = optionalString(record, 'errorMessage', problems, prefix);
  const recipient = optionalString(record, 'recipientAccountId', problems, prefix);

  const actor = extractActor(record.userIdentity, problems, prefix, serviceEvent);

  const requestParameters = asObjectField(record, 'requestParameters', problems, prefix);
  const responseElements = asObjectField(record, 'responseElements', problems, prefix);
  const additionalEventData = asObjectField(record, 'additionalEventData', problems, prefix);

  const account = recipient ?? envelope?.account ?? actor.accountId ?? 'unknown';
  if (account === 'unknown') problems.push(`${prefix}recipientAccountId is missing (and no account in the envelope or userIdentity)`);

  const consoleLogin = responseElements.ConsoleLogin;
  const failed = errorCode !== undefined || consoleLogin === 'Failure';

  if (!failed) {
    const required = REQUIRED_REQUEST_PARAMETERS[eventName];
    if (required) {
      for (const key of required) {
        const v = requestParameters[key];
        if (v === undefined || v === null || v === '')
          problems.push(`${prefix}requestParameters.${key} is missing (needed to judge ${eventName})`);
        else if (key.endsWith('Document')) {
          if (typeof v !== 'string' && !isObject(v)) problems.push(`${prefix}requestParameters.${key} is not a string (${typeName(v)})`);
          else {
            const parsed = parsePolicyDocument(v);
            if (!parsed.ok) problems.push(`${prefix}requestParameters.${key} cannot be read: ${parsed.error}`);
          }
        } else if (typeof v !== 'string') problems.push(`${prefix}requestParameters.${key} is not a string (${typeName(v)})`);
      }
    }
  }

  const ev: NormalizedEvent = {
    eventId,
    eventName,
    eventSource,
    account,
    actor,
    failed,
    requestParameters,
    responseElements,
    additionalEventData,
    record: record as JsonObject,
    problems,
  };
  if (eventTime) ev.eventTime = eventTime;
  if (eventType) ev.eventType = eventType;
  if (awsRegion) ev.awsRegion = awsRegion;
  if (sourceIp) ev.sourceIp = sourceIp;
  if (userAgent) ev.userAgent = userAgent;
  if (typeof record.readOnly === 'boolean') ev.readOnly = record.readOnly;
  else if (record.readOnly === 'true' || record.readOnly === 'false') ev.readOnly = record.readOnly === 'true';
  if (errorCode) ev.errorCode = errorCode;
  if (errorMessage) ev.errorMessage = errorMessage;
  if (envelope) ev.envelope = envelope;
  return ev;
}
