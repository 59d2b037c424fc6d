/**
 * IAM last-accessed data (access advisor) for the `unused-permissions` rule: what the snapshot file
 * `last-accessed.json` holds, and its decoding into the model the rule reads. Pure: no AWS SDK.
 *
 * The file keeps AWS's shapes: each evaluated principal is the GetServiceLastAccessedDetails output (pages merged,
 * `$metadata` dropped) plus the principal's `Arn`; principals the collector could not evaluate (job FAILED, not
 * finished within the call budget, AccessDenied, over the principal cap) are listed with the reason. Dates may be Date
 * objects (SDK v3) or ISO strings (JSON file); the model holds ISO strings.
 *
 *   {"scope": "…", "unusedDays": 90, "principals": [{"Arn", "JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
 *     "JobCreationDate", "JobCompletionDate", "ServicesLastAccessed": [{"ServiceName", "ServiceNamespace",
 *     "LastAuthenticated"?, "LastAuthenticatedRegion"?, "LastAuthenticatedEntity"?, "TotalAuthenticatedEntities"?,
 *     "TrackedActionsLastAccessed"?: [{"ActionName", "LastAccessedTime"?, "LastAccessedRegion"?, "LastAccessedEntity"?}]}]}],
 *   "notEvaluated": [{"Arn", "reason"}], "calls": 123}
 */

export interface TrackedActionUse {
  /** IAM action name without the service prefix, as AWS returns it (e.g. `CreateBucket`). */
  action: string;
  lastAccessed?: string;
  region?: string;
}

export interface ServiceUse {
  /** Service namespace (`s3`, `iam`): the IAM action prefix. */
  namespace: string;
  name: string;
  /** Last authenticated request within IAM's tracking period; undefined = no use recorded. */
  lastAuthenticated?: string;
  region?: string;
  /** Only for services AWS tracks at action level, and only in ACTION_LEVEL jobs. */
  trackedActions?: TrackedActionUse[];
}

export interface PrincipalLastAccessed {
  arn: string;
  /** `ACTION_LEVEL` or `SERVICE_LEVEL` (what the job reported). */
  granularity: string;
  jobCompletionDate?: string;
  /** The services the principal's permission policies grant (AWS lists exactly those), with their last use. */
  services: ServiceUse[];
}

export interface LastAccessedData {
  /** How the principals were chosen (one sentence), e.g. "principals with admin, full-access or wildcard grants". */
  scope: string;
  principals: PrincipalLastAccessed[];
  /** Principals in scope that could not be evaluated, with why (never silently skipped). */
  notEvaluated: { arn: string; reason: string }[];
  /** IAM calls the collection made (Generate + Get pages). */
  calls?: number;
}

/** Most services, tracked actions and not-evaluated entries read per principal / file (a crafted file stays bounded). */
export const LIMITS = { principals: 5000, services: 1000, actions: 2000, notEvaluated: 10_000, text: 2048 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v.slice(0, LIMITS.text) : undefined);

function iso(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'string' && v.trim() !== '') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    const d = new Date(Math.abs(v) < 1e12 ? v * 1000 : v);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

/** A problem with the file's shape: the caller names the file. */
export class LastAccessedShapeError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'LastAccessedShapeError';
  }
}

function service(v: unknown, where: string): ServiceUse {
  if (!isObj(v)) throw new LastAccessedShapeError(`${where} is not an object`);
  const namespace = text(v.ServiceNamespace);
  if (!namespace) throw new LastAccessedShapeError(`${where} has no "ServiceNamespace"`);
  const out: ServiceUse = { namespace: namespace.toLowerCase(), name: text(v.ServiceName) ?? namespace };
  const last = iso(v.LastAuthenticated);
  if (last) out.lastAuthenticated = last;
  const region = text(v.LastAuthenticatedRegion);
  if (region) out.region = region;
  if (Array.isArray(v.TrackedActionsLastAccessed)) {
    out.trackedActions = v.TrackedActionsLastAccessed.slice(0, LIMITS.actions)
      .filter(isObj)
      .flatMap((a) => {
        const action = text(a.ActionName);
        if (!action) return [];
        const use: TrackedActionUse = { action };
        const t = iso(a.LastAccessedTime);
        if (t) use.lastAccessed = t;
        const r = text(a.LastAccessedRegion);
        if (r) use.region = r;
        return [use];
      });
  }
  return out;
}

/**
 * Decodes the `last-accessed.json` part (from the folder or the live collector). Throws LastAccessedShapeError on a
 * wrong shape. A principal entry whose job is not COMPLETED becomes a not-evaluated entry, never an evaluated one.
 */
export function parseLastAccessed(raw: unknown): LastAccessedData {
  if (!isObj(raw)) throw new LastAccessedShapeError('is not a JSON object');
  if (!Array.isArray(raw.principals)) throw new LastAccessedShapeError('"principals" is not a list');
  const data: LastAccessedData = {
    scope: text(raw.scope) ?? 'not stated',
    principals: [],
    notEvaluated: [],
  };
  if (typeof raw.calls === 'number' && Number.isFinite(raw.calls)) data.calls = raw.calls;
  if (raw.principals.length > LIMITS.principals) {
    throw new LastAccessedShapeError(`"principals" lists ${raw.principals.length} entries (at most ${LIMITS.principals} are read)`);
  }
  raw.principals.forEach((p, i) => {
    const where = `principals[${i}]`;
    if (!isObj(p)) throw new LastAccessedShapeError(`${where} is not an object`);
    const arn = text(p.Arn);
    if (!arn) throw new LastAccessedShapeError(`${where} has no "Arn"`);
    if (p.JobStatus !== 'COMPLETED') {
      const err = isObj(p.Error) ? `: ${text(p.Error.Code) ?? 'error'} ${text(p.Error.Message) ?? ''}`.trimEnd() : '';
      data.notEvaluated.push({ arn, reason: `the last-accessed job is ${text(p.JobStatus) ?? 'in an unknown state'}${err}` });
      return;
    }
    if (!Array.isArray(p.ServicesLastAccessed)) throw new LastAccessedShapeError(`${where} has no "ServicesLastAccessed" list`);
    if (p.ServicesLastAccessed.length > LIMITS.services) {
      data.notEvaluated.push({ arn, reason: `the report lists ${p.ServicesLastAccessed.length} services (at most ${LIMITS.services} are read)` });
      return;
    }
    data.principals.push({
      arn,
      granularity: text(p.JobType) ?? 'SERVICE_LEVEL',
      jobCompletionDate: iso(p.JobCompletionDate),
      services: p.ServicesLastAccessed.map((s, k) => service(s, `${where}.ServicesLastAccessed[${k}]`)),
    });
  });
  if (raw.notEvaluated !== undefined) {
    if (!Array.isArray(raw.notEvaluated)) throw new LastAccessedShapeError('"notEvaluated" is not a list');
    for (const n of raw.notEvaluated.slice(0, LIMITS.notEvaluated)) {
      if (!isObj(n)) continue;
      const arn = text(n.Arn);
      if (arn) data.notEvaluated.push({ arn, reason: text(n.reason) ?? 'not evaluated (no reason recorded)' });
    }
    if (raw.notEvaluated.length > LIMITS.notEvaluated) {
      data.notEvaluated.push({ arn: '*', reason: `${raw.notEvaluated.length - LIMITS.notEvaluated} more principals were not evaluated (list cut)` });
    }
  }
  return data;
}
