/**
 * What each IAM user and role did, from CloudTrail records: the actions its successful calls needed (mapping.ts),
 * the resources they touched (resources.ts), counts and first/last time; what could not be mapped, with the reason;
 * calls that were denied (not a use of a permission: they are counted apart). Records of other identities (root,
 * AWS services, federated and web-identity sessions) are counted by kind, not attributed.
 *
 * Bounded: at most MAX_RESOURCES_PER_ACTION distinct resources are kept per principal and action (beyond that the
 * action's resource becomes `*`, i.e. whatever the current policy grants), at most MAX_PRINCIPALS principals.
 */
import { mapCall } from './mapping';
import { callResources, type JsonRecord } from './resources';
import { READ_PROBLEM_KEY } from '../cloudtrail/normalize';

export const MAX_RESOURCES_PER_ACTION = 1000;
export const MAX_PRINCIPALS = 20_000;
export const MAX_UNMAPPED_PAIRS = 2000;

export interface ActionUse {
  action: string;
  count: number;
  /** Distinct Resource values (policy-safe ARNs, or `*`). */
  resources: Set<string>;
  /** More resources were seen than kept: the action's resource is `*`. */
  overflow: boolean;
  first?: string;
  last?: string;
}

export interface PrincipalUsage {
  /** The IAM user's or role's ARN (for a role session, the role's ARN from sessionIssuer). */
  arn: string;
  kind: 'user' | 'role';
  calls: number;
  denied: number;
  /** Action id → use. */
  actions: Map<string, ActionUse>;
  /** Calls of this principal that map to no IAM action: `source|name` → count. */
  unmapped: Map<string, number>;
}

export interface UnmappedPair {
  eventSource: string;
  eventName: string;
  reason: string;
  count: number;
}

export interface UsageSummary {
  records: number;
  /** Records outside the time window. */
  outside: number;
  /** Records without a readable eventTime (kept). */
  untimed: number;
  managementEvents: number;
  dataEvents: number;
  /** Records that are not readable (not an object, or a lookup-events entry whose CloudTrailEvent is not JSON). */
  unreadable: number;
  /** Records not attributed to an IAM user or role, by userIdentity.type. */
  otherIdentities: Record<string, number>;
  first?: string;
  last?: string;
}

const DENIED = /^(AccessDenied|.*UnauthorizedOperation|.*AccessDeniedException|UnauthorizedAccess|Forbidden)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]{1,512}$/;

function obj(v: unknown): JsonRecord | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonRecord) : undefined;
}

/** The IAM user or role a record's call was made as, or the identity kind when it is neither. */
export function callerOf(rec: JsonRecord): { arn: string; kind: 'user' | 'role' } | { other: string } {
  const ui = obj(rec.userIdentity);
  if (!ui) return { other: 'missing' };
  const type = typeof ui.type === 'string' ? ui.type.slice(0, 40) : 'missing';
  if (type === 'IAMUser' && typeof ui.arn === 'string' && USER_ARN.test(ui.arn)) return { arn: ui.arn, kind: 'user' };
  if (type === 'AssumedRole') {
    const issuer = obj(obj(ui.sessionContext)?.sessionIssuer);
    if (issuer && issuer.type === 'Role' && typeof issuer.arn === 'string' && ROLE_ARN.test(issuer.arn)) return { arn: issuer.arn, kind: 'role' };
  }
  return { other: type };
}

export interface CollectOptions {
  /** ISO times: records outside [since, until] are skipped. */
  since?: string;
  until?: string;
  /** Only this principal (ARN, exact) is collected; the summary counts every record. */
  principal?: string;
  /** `user:NAME` / `role:NAME` / `group:NAME` → ARN: IAM calls that name a user, role or group are narrowed to it. */
  iamArns?: ReadonlyMap<string, string>;
}

export class UsageCollector {
  readonly principals = new Map<string, PrincipalUsage>();
  readonly unmapped = new Map<string, UnmappedPair>();
  readonly summary: UsageSummary = { records: 0, outside: 0, untimed: 0, managementEvents: 0, dataEvents: 0, unreadable: 0, otherIdentities: {} };
  private readonly sinceMs: number;
  private readonly untilMs: number;

  constructor(private readonly opts: CollectOptions = {}) {
    this.sinceMs = opts.since ? Date.parse(opts.since) : -Infinity;
    this.untilMs = opts.until ? Date.parse(opts.until) : Infinity;
  }

  /** Adds one record (anything: a non-object is counted and ignored). */
  add(value: unknown): void {
    // An EventBridge envelope (events/ samples, a forwarded event) carries the record in `detail`.
    const outer = obj(value);
    const rec = outer && typeof outer['detail-type'] === 'string' ? obj(outer.detail) : outer;
    this.summary.records++;
    if (!rec || READ_PROBLEM_KEY in rec) {
      this.summary.unreadable++;
      return;
    }
    const time = typeof rec.eventTime === 'string' ? rec.eventTime : undefined;
    const ms = time ? Date.parse(time) : NaN;
    if (Number.isNaN(ms)) this.summary.untimed++;
    else if (ms < this.sinceMs || ms > this.untilMs) {
      this.summary.outside++;
      return;
    }
    const iso = Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
    if (iso) {
      if (!this.summary.first || iso < this.summary.first) this.summary.first = iso;
      if (!this.summary.last || iso > this.summary.last) this.summary.last = iso;
    }
    if (rec.managementEvent === false || rec.eventCategory === 'Data') this.summary.dataEvents++;
    else this.summary.managementEvents++;
    const who = callerOf(rec);
    if ('other' in who) {
      this.summary.otherIdentities[who.other] = (this.summary.otherIdentities[who.other] ?? 0) + 1;
      return;
    }
    if (this.opts.principal && who.arn !== this.opts.principal) return;
    let p = this.principals.get(who.arn);
    if (!p) {
      if (this.principals.size >= MAX_PRINCIPALS) {
        this.summary.otherIdentities['over the principal limit'] = (this.summary.otherIdentities['over the principal limit'] ?? 0) + 1;
        return;
      }
      p = { arn: who.arn, kind: who.kind, calls: 0, denied: 0, actions: new Map(), unmapped: new Map() };
      this.principals.set(who.arn, p);
    }
    p.calls++;
    if (typeof rec.errorCode === 'string' && DENIED.test(rec.errorCode)) {
      p.denied++;
      return;
    }
    const m = mapCall(rec.eventSource, rec.eventName, rec.eventType);
    if (m.kind === 'unmapped') {
      const src = typeof rec.eventSource === 'string' ? rec.eventSource.slice(0, 200) : '';
      const name = typeof rec.eventName === 'string' ? rec.eventName.slice(0, 200) : '';
      const key = `${src}|${name}`;
      p.unmapped.set(key, (p.unmapped.get(key) ?? 0) + 1);
      const u = this.unmapped.get(key);
      if (u) u.count++;
      else if (this.unmapped.size < MAX_UNMAPPED_PAIRS) this.unmapped.set(key, { eventSource: src, eventName: name, reason: m.reason, count: 1 });
      return;
    }
    for (const action of m.actions) {
      let use = p.actions.get(action);
      if (!use) {
        use = { action, count: 0, resources: new Set(), overflow: false };
        p.actions.set(action, use);
      }
      use.count++;
      if (iso) {
        if (!use.first || iso < use.first) use.first = iso;
        if (!use.last || iso > use.last) use.last = iso;
      }
      if (use.overflow) continue;
      for (const r of callResources(rec, action, who.arn, this.opts.iamArns)) {
        if (use.resources.has(r)) continue;
        if (use.resources.size >= MAX_RESOURCES_PER_ACTION) {
          use.overflow = true;
          use.resources = new Set(['*']);
          break;
        }
        use.resources.add(r);
      }
    }
  }
}
