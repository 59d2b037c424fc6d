/**
 * Small helpers shared by the event rules: reading request fields, naming resources, filling fix placeholders.
 * Pure: no AWS SDK.
 */
import type { Json, JsonObject, NormalizedEvent } from '../../cloudtrail/types';
import type { Fix, Severity } from '../../findings/types';
import { SEVERITIES } from '../../findings/types';
import { fillCommand } from '../../text/escape';
import { assignOwn } from '../../runtime/assign-own';

/** Error codes of a call refused for lack of permission. */
export const DENIED_ERROR_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Client.UnauthorizedOperation',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'Client.AccessDenied',
]);

export function isDenied(ev: NormalizedEvent): boolean {
  return ev.errorCode !== undefined && DENIED_ERROR_CODES.has(ev.errorCode);
}

/** A non-empty string field. */
export function param(obj: JsonObject | undefined, key: string): string | undefined {
  const v: Json | undefined = obj?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Shown in place of a target name that cannot be read. */
export const UNKNOWN_TARGET = '(name unreadable)';

/**
 * Why a request field holds no usable name: `requestParameters.functionName is null`. A rule whose target field is
 * unreadable (null, a number, a list, an object, empty or missing) judges the target conservatively (it may be the
 * risky one) and says so, rather than dropping the finding.
 */
export function unreadableField(rp: JsonObject, key: string): string {
  const v = rp[key];
  const what = v === undefined ? 'missing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : v === '' ? 'empty' : `a ${typeof v}`;
  return `requestParameters.${key} is ${what}`;
}

/** A nested object field. */
export function objParam(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const v: Json | undefined = obj?.[key];
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** A boolean field that may be written as a boolean or as the string "true"/"false". */
export function boolParam(obj: JsonObject | undefined, key: string): boolean | undefined {
  const v: Json | undefined = obj?.[key];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const l = v.toLowerCase();
    if (l === 'true') return true;
    if (l === 'false') return false;
  }
  return undefined;
}

/** A numeric field that may be written as a number or a numeric string. */
export function numParam(obj: JsonObject | undefined, key: string): number | undefined {
  const v: Json | undefined = obj?.[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function partition(ev: NormalizedEvent): string {
  const arn = ev.actor.arn;
  const m = arn ? /^arn:(aws[a-z-]*):/.exec(arn) : null;
  return m ? m[1] : 'aws';
}

export function rootArn(ev: NormalizedEvent): string {
  return `arn:${partition(ev)}:iam::${ev.account}:root`;
}

/** ARN of an IAM entity named in a request (names carry no path, so the ARN is built without one). */
export function iamArn(ev: NormalizedEvent, kind: 'user' | 'group' | 'role' | 'policy', name: string): string {
  if (name.startsWith('arn:')) return name;
  return `arn:${partition(ev)}:iam::${ev.account}:${kind}/${name}`;
}

/** The IAM entity a request names (userName, roleName, groupName, then policyArn), as an ARN; undefined when none. */
export function requestEntityArn(ev: NormalizedEvent): string | undefined {
  const rp = ev.requestParameters;
  const user = param(rp, 'userName');
  if (user) return iamArn(ev, 'user', user);
  const role = param(rp, 'roleName');
  if (role) return iamArn(ev, 'role', role);
  const group = param(rp, 'groupName');
  if (group) return iamArn(ev, 'group', group);
  return param(rp, 'policyArn');
}

/** Last segment of an ARN path (user/team/alice → alice). */
export function lastSegment(arnOrName: string): string {
  const afterColon = arnOrName.slice(arnOrName.lastIndexOf(':') + 1);
  return afterColon.slice(afterColon.lastIndexOf('/') + 1);
}

/** The calling IAM user's name (IAMUser only). */
export function callerUserName(ev: NormalizedEvent): string | undefined {
  return ev.actor.type === 'IAMUser' ? ev.actor.userName : undefined;
}

export function when(ev: NormalizedEvent): string {
  return ev.eventTime ? ` at ${ev.eventTime}` : '';
}

/**
 * Replaces `<placeholder>` tokens in a fix: shell-quoted in the CLI command (lib/text/escape.ts `fillCommand`), as
 * plain text in the console steps (every writer escapes control characters where the text is shown).
 */
export function fillFix(fix: Fix, values: Record<string, string | undefined>): Fix {
  const text = (s: string): string =>
    s.replace(/<([a-z0-9-]+)>/g, (m, key: string) => {
      const v = Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined;
      return v !== undefined && v !== '' ? v : m;
    });
  return { console: fix.console.map(text), cli: fillCommand(fix.cli, values) };
}

export function severityStep(s: Severity, delta: number): Severity {
  const i = Math.max(0, Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(s) + delta));
  return SEVERITIES[i];
}

/** Lambda event names carry API version suffixes (DeleteFunction20150331, UpdateFunctionCode20150331v2). */
export function lambdaBaseName(eventName: string): string {
  return eventName.replace(/\d{8}(v\d+)?$/, '');
}

/**
 * Common evidence of every hit, then the rule's own fields (`baseEvidence(ev, { target })` holds the same keys, in the
 * same order, as `{ ...baseEvidence(ev), target }`; see lib/runtime/assign-own.ts for why it is not written so).
 */
export function baseEvidence(ev: NormalizedEvent, extra?: Record<string, unknown>): Record<string, unknown> {
  const e: Record<string, unknown> = {
    eventId: ev.eventId,
    eventName: ev.eventName,
    eventSource: ev.eventSource,
    actor: ev.actor.arn ?? ev.actor.display,
  };
  if (ev.eventTime) e.eventTime = ev.eventTime;
  if (ev.sourceIp) e.sourceIp = ev.sourceIp;
  if (ev.awsRegion) e.region = ev.awsRegion;
  if (ev.errorCode) e.errorCode = ev.errorCode;
  return extra ? assignOwn(e, extra) : e;
}

/** IAM Identity Center and service-linked roles are created and managed by AWS: never flagged for trust or admin. */
export function isAwsManagedRoleName(name: string | undefined): boolean {
  return !!name && (/^AWSReservedSSO_/.test(name) || /^AWSServiceRoleFor/.test(name));
}

/** ARN of a role named in a request: the response's ARN (with its path) when present, else built from path + name. */
export function roleArnOf(ev: NormalizedEvent, roleName: string): string {
  const role = objParam(ev.responseElements, 'role');
  const arn = param(role, 'arn');
  if (arn) return arn;
  const path = param(ev.requestParameters, 'path');
  const p = path && path !== '/' ? path.replace(/^\/?/, '/').replace(/\/?$/, '/') : '/';
  return `arn:${partition(ev)}:iam::${ev.account}:role${p}${roleName}`;
}
