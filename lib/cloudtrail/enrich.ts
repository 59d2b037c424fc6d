/**
 * Enrichment: what an event does not carry but its rules need (the document behind a customer-managed policy ARN,
 * a specific policy version, a group's policies). Pure orchestration over an injected EnrichmentSource; the AWS
 * implementation lives in lib/aws/iam-enricher.ts. Without a source (offline CLI) every lookup is `unavailable`
 * and the rules score the change conservatively, saying what could not be checked.
 */
import type { NormalizedEvent } from './types';
import type { AccessKeyState, Enrichment, EnrichmentSource, GroupPolicies, Lookup } from './enrichment-types';
import type { PolicyDocument } from '../policy/document';

export interface EnrichmentPlan {
  /** Policy documents to read; versionId undefined = the default version. */
  policies: { arn: string; versionId?: string }[];
  /** Groups whose policies to read (AddUserToGroup). */
  groups: string[];
  /** Users whose access keys to read (an AWS quarantine policy removed: was the exposed key deactivated first?). */
  accessKeyUsers?: string[];
}

/** Removing AWS's quarantine (DetachUserPolicy of AWSCompromisedKeyQuarantine*, DeleteUserPolicy of its inline policy). */
function liftsQuarantine(ev: NormalizedEvent): boolean {
  if (ev.eventName === 'DetachUserPolicy') return /^arn:aws[a-z-]*:iam::aws:policy\/AWSCompromisedKeyQuarantine(V\d+)?$/.test(param(ev, 'policyArn') ?? '');
  if (ev.eventName === 'DeleteUserPolicy') return /^(AWSExposedCredentialPolicy_DO_NOT_REMOVE|AWSCompromisedKeyQuarantine(V\d+)?)$/.test(param(ev, 'policyName') ?? '');
  return false;
}

export const OFFLINE_REASON = 'offline: no AWS credentials';

/** `arn:aws:iam::aws:policy/...` (any partition): judged from the bundled table, never fetched. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

/** Key of a policy document in Enrichment.policyDocuments. */
export function policyKey(arn: string, versionId?: string): string {
  return versionId ? `${arn}#${versionId}` : arn;
}

function param(ev: NormalizedEvent, key: string): string | undefined {
  const v = ev.requestParameters[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const ATTACH = new Set(['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy']);

/** What an event needs looked up. Failed calls changed nothing: they need nothing. */
export function planEnrichment(ev: NormalizedEvent): EnrichmentPlan {
  const plan: EnrichmentPlan = { policies: [], groups: [] };
  if (ev.failed) return plan;
  const arn = param(ev, 'policyArn');
  if (ATTACH.has(ev.eventName) && arn && !isAwsManagedPolicyArn(arn)) plan.policies.push({ arn });
  if (ev.eventName === 'SetDefaultPolicyVersion' && arn) {
    const versionId = param(ev, 'versionId');
    if (!isAwsManagedPolicyArn(arn)) plan.policies.push(versionId ? { arn, versionId } : { arn });
  }
  if (ev.eventName === 'AddUserToGroup') {
    const group = param(ev, 'groupName');
    if (group) plan.groups.push(group);
  }
  const user = param(ev, 'userName');
  if (user && liftsQuarantine(ev)) plan.accessKeyUsers = [user];
  return plan;
}

/** The name of an error (AWS SDK errors carry e.g. AccessDenied, NoSuchEntityException, ThrottlingException). */
export function errorName(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown; message?: unknown };
    if (typeof e.name === 'string' && e.name !== '' && e.name !== 'Error') return e.name;
    if (typeof e.code === 'string' && e.code !== '') return e.code;
    if (typeof e.message === 'string' && e.message !== '') return e.message.slice(0, 200);
  }
  return 'unknown error';
}

async function lookup<T>(f: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { status: 'ok', value: await f() };
  } catch (err) {
    return { status: 'unavailable', reason: errorName(err) };
  }
}

/** Performs the plan's lookups (in parallel). Never throws: failures become `unavailable` with the error name. */
export async function enrich(ev: NormalizedEvent, source?: EnrichmentSource): Promise<Enrichment> {
  if (!source) return offlineEnrichment(ev);
  const plan = planEnrichment(ev);
  const out: Enrichment = { policyDocuments: {}, groupPolicies: {} };
  const docs = plan.policies.map(async (p) => {
    const r: Lookup<PolicyDocument> = await lookup(() => source.getPolicyDocument(p.arn, p.versionId));
    out.policyDocuments[policyKey(p.arn, p.versionId)] = r;
  });
  const groups = plan.groups.map(async (g) => {
    const r: Lookup<GroupPolicies> = await lookup(() => source.getGroupPolicies(g));
    out.groupPolicies[g] = r;
  });
  const keys = (plan.accessKeyUsers ?? []).map(async (u) => {
    const r: Lookup<AccessKeyState[]> = source.listAccessKeys
      ? await lookup(() => (source.listAccessKeys as (n: string) => Promise<AccessKeyState[]>)(u))
      : { status: 'unavailable', reason: 'the enrichment source cannot list access keys' };
    (out.accessKeys ??= {})[u] = r;
  });
  await Promise.all([...docs, ...groups, ...keys]);
  return out;
}

/** The enrichment an offline scorer uses: every planned lookup `unavailable` (offline). */
export function offlineEnrichment(ev: NormalizedEvent): Enrichment {
  const plan = planEnrichment(ev);
  const out: Enrichment = { policyDocuments: {}, groupPolicies: {} };
  for (const p of plan.policies) out.policyDocuments[policyKey(p.arn, p.versionId)] = { status: 'unavailable', reason: OFFLINE_REASON };
  for (const g of plan.groups) out.groupPolicies[g] = { status: 'unavailable', reason: OFFLINE_REASON };
  for (const u of plan.accessKeyUsers ?? []) (out.accessKeys ??= {})[u] = { status: 'unavailable', reason: OFFLINE_REASON };
  return out;
}
