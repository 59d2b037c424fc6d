/**
 * Enrichment: what an event does not carry but its rules need (the document behind a customer-managed policy ARN,
 * a specific policy version, a group's policies). Pure orchestration over an injected EnrichmentSource; the AWS
 * implementation lives in lib/aws/iam-enricher.ts. Without a source (offline CLI) every lookup is `unavailable`
 * and the rules score the change conservatively, saying what could not be checked.
 */
import type { NormalizedEvent } from './types';
import type { AccessKeyState, Enrichment, EnrichmentSource, GroupPolicies, Lookup, RoleDirectory, RolePolicies } from './enrichment-types';
import { parsePolicyText, type PolicyDocument } from '../policy/document';
import { globMatches } from '../policy/glob';
import { awsManagedPolicyDocument } from '../policy/managed';
import { QUARANTINE_POLICY_ARN, isAwsManagedPolicyArn } from '../policy/aws-managed-arn';
import { ESCALATION_METHODS } from '../policy/escalation-methods';
import { trustAdmitsService } from '../policy/trust-admits';

export interface EnrichmentPlan {
  /** Policy documents to read; versionId undefined = the default version. */
  policies: { arn: string; versionId?: string }[];
  /** Groups whose policies to read (AddUserToGroup). */
  groups: string[];
  /** Read the account's role trusts: the grant may allow iam:PassRole (to judge which roles a service can assume). */
  roles: boolean;
  /** Users whose access keys to read (an AWS quarantine policy removed: was the exposed key deactivated first?). */
  accessKeyUsers?: string[];
}

/** Removing AWS's quarantine (DetachUserPolicy of AWSCompromisedKeyQuarantine*, DeleteUserPolicy of its inline policy). */
function liftsQuarantine(ev: NormalizedEvent): boolean {
  if (ev.eventName === 'DetachUserPolicy') return QUARANTINE_POLICY_ARN.test(param(ev, 'policyArn') ?? '');
  if (ev.eventName === 'DeleteUserPolicy') return /^(AWSExposedCredentialPolicy_DO_NOT_REMOVE|AWSCompromisedKeyQuarantine(V\d+)?)$/.test(param(ev, 'policyName') ?? '');
  return false;
}

/** At most this many roles admitting a compute service get their policies listed (to say whether one is admin). */
export const MAX_ROLE_POLICY_LOOKUPS = 10;

const ATTACH_EVENTS = ['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy'];
const GRANTS = new Set([...ATTACH_EVENTS, 'PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'CreatePolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'AddUserToGroup']);

/** Services that PassRole escalation methods pass roles to (the compute methods). */
export const PASS_ROLE_SERVICES: string[] = [...new Set(ESCALATION_METHODS.flatMap((m) => m.passRole ?? []))];

function mayPassRole(doc: PolicyDocument): boolean {
  return doc.statements.some((st) => st.effect === 'Allow' && (st.notAction !== undefined || (st.action ?? []).some((a) => globMatches(a, 'iam:PassRole', true))));
}

/** Whether the grant may include iam:PassRole: a carried document that allows it, or content only known after lookups. */
function grantMayPassRole(ev: NormalizedEvent): boolean {
  if (ev.eventName === 'PutUserPolicy' || ev.eventName === 'PutGroupPolicy' || ev.eventName === 'PutRolePolicy' || ev.eventName === 'CreatePolicy' || ev.eventName === 'CreatePolicyVersion') {
    // The same text the grant rules parse (remembered once for both).
    const parsed = parsePolicyText(ev.requestParameters.policyDocument);
    return parsed.ok ? mayPassRole(parsed.document) : false;
  }
  const arn = param(ev, 'policyArn');
  if (arn && isAwsManagedPolicyArn(arn)) {
    const doc = awsManagedPolicyDocument(arn);
    return doc ? mayPassRole(doc) : true;
  }
  return true;
}

export const OFFLINE_REASON = 'offline: no AWS credentials';

export { isAwsManagedPolicyArn };

/** Key of a policy document in Enrichment.policyDocuments. */
export function policyKey(arn: string, versionId?: string): string {
  return versionId ? `${arn}#${versionId}` : arn;
}

function param(ev: NormalizedEvent, key: string): string | undefined {
  const v = ev.requestParameters[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const ATTACH = new Set(ATTACH_EVENTS);

/** What an event needs looked up. Failed calls changed nothing: they need nothing. */
export function planEnrichment(ev: NormalizedEvent): EnrichmentPlan {
  const plan: EnrichmentPlan = { policies: [], groups: [], roles: false };
  if (ev.failed) return plan;
  if (ev.eventSource === 'iam.amazonaws.com' && GRANTS.has(ev.eventName)) plan.roles = grantMayPassRole(ev);
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
  const roles = plan.roles ? [enrichRoles(out, source)] : [];
  await Promise.all([...docs, ...groups, ...keys, ...roles]);
  return out;
}

/** Roles whose trust admits a service that PassRole methods pass roles to (these are the ones worth a policy lookup). */
export function rolesAdmittingCompute(dir: RoleDirectory): RoleDirectory['roles'] {
  return dir.roles.filter((r) => r.trust && PASS_ROLE_SERVICES.some((s) => trustAdmitsService(r.trust, s, { now: new Date() }).admits));
}

async function enrichRoles(out: Enrichment, source: EnrichmentSource): Promise<void> {
  const listRoleTrusts = source.listRoleTrusts?.bind(source);
  if (!listRoleTrusts) {
    out.roles = { status: 'unavailable', reason: 'role trust lookup not available' };
    return;
  }
  const dir: Lookup<RoleDirectory> = await lookup(listRoleTrusts);
  out.roles = dir;
  const getRolePolicies = source.getRolePolicies?.bind(source);
  if (dir.status !== 'ok' || !getRolePolicies) return;
  const rp: Record<string, Lookup<RolePolicies>> = {};
  await Promise.all(
    rolesAdmittingCompute(dir.value)
      .slice(0, MAX_ROLE_POLICY_LOOKUPS)
      .map(async (r) => {
        rp[r.arn] = await lookup(() => getRolePolicies(r.name));
      }),
  );
  out.rolePolicies = rp;
}

/**
 * The enrichment an offline scorer uses: every planned lookup `unavailable` with `reason` (default: offline; the
 * central scorer of an organization gives why another account's IAM is not read).
 */
export function offlineEnrichment(ev: NormalizedEvent, reason: string = OFFLINE_REASON): Enrichment {
  const plan = planEnrichment(ev);
  const out: Enrichment = { policyDocuments: {}, groupPolicies: {} };
  for (const p of plan.policies) out.policyDocuments[policyKey(p.arn, p.versionId)] = { status: 'unavailable', reason };
  for (const g of plan.groups) out.groupPolicies[g] = { status: 'unavailable', reason };
  for (const u of plan.accessKeyUsers ?? []) (out.accessKeys ??= {})[u] = { status: 'unavailable', reason };
  if (plan.roles) out.roles = { status: 'unavailable', reason };
  return out;
}
