/**
 * A least-privilege proposal for one principal from what it used, validated with lib/policy:
 * - each used action is kept only where the current effective policy (identity policies ∩ boundary − Deny) allows it,
 *   on the resources seen (collapsed above `maxResources`), intersected with the current grant's own Resource;
 * - the current Deny statements that touch a kept action are carried over, so nothing denied today is allowed;
 * - "would be removed" = the current effective actions minus the proposal's;
 * - validation: the proposal is never broader than the current policy (actions and resources) and allows every use
 *   it kept (each action on each resource seen). Any failure is listed in `validation.problems`.
 */
import { PermissionSet, type CompiledStatement } from '../policy/analyse';
import { actionIndex, emptySet, forEachMember, getCatalog, isSubset, setAdd, setHas, setSize, subtractInto, intersectInto, type ActionSet } from '../policy/catalog';
import { parsePolicyDocument, type ConditionBlock, type PolicyDocument } from '../policy/document';
import { globCovers, substituteVariables } from '../policy/glob';
import { isDataEventAction } from './mapping';
import { collapseResources } from './resources';
import type { PrincipalUsage, UsageSummary } from './usage';

export const DEFAULT_MAX_RESOURCES = 10;

export interface CurrentPolicies {
  arn: string;
  kind: 'user' | 'role';
  /** Identity policies (own, attached, via groups) with a label each. */
  sources: { label: string; document: PolicyDocument }[];
  boundary?: PolicyDocument[];
  groups?: string[];
  attachedPolicyArns?: string[];
  /** Policies whose document is unknown (the proposal cannot account for them). */
  unresolved: string[];
}

export interface AwsStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

export interface ProposalStatement {
  sid: string;
  effect: 'Allow' | 'Deny';
  service: string;
  actions: string[];
  resources: string[];
  /** One sentence: what the statement covers and why. */
  why: string;
}

export interface RemovedService {
  service: string;
  granted: number;
  kept: number;
  removed: number;
  /** Every action of the service is removed. */
  all: boolean;
  /** The removed actions (omitted when `all`: the whole service). */
  actions?: string[];
}

export interface Proposal {
  principal: string;
  kind: 'user' | 'role';
  policy: { Version: '2012-10-17'; Statement: AwsStatement[] };
  statements: ProposalStatement[];
  used: { action: string; count: number; resources: string[]; first?: string; last?: string }[];
  /** Used actions (or resources) the current identity policies do not grant: not in the proposal. */
  usedNotGranted: { action: string; resources: string[]; reason: string }[];
  /** Calls that map to no IAM action: `eventSource eventName` and the reason. */
  unmapped: { eventSource: string; eventName: string; count: number; reason: string }[];
  grantedActions: number;
  proposedActions: number;
  wouldBeRemoved: { actions: number; services: RemovedService[]; unobservable: string[] };
  /** Kept actions the current policy allows on every resource and the proposal on the resources seen. */
  narrowed: string[];
  validation: { notBroader: boolean; allowsEveryUse: boolean; problems: string[] };
  notes: string[];
}

function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** The resource part of an ARN (`arn:aws:s3:::data/file.csv` → `data/file.csv`; `…:table/t1` → `table/t1`). */
function shortName(arn: string): string {
  const m = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:(.*)$/.exec(arn);
  return (m ? m[1] : arn).replace(/\*/g, 'Any');
}

function one(xs: string[]): string | string[] {
  return xs.length === 1 ? xs[0] : xs;
}

function ids(set: ActionSet): string[] {
  const c = getCatalog();
  const out: string[] = [];
  forEachMember(set, (i) => out.push(c.actions[i].id));
  return out;
}

interface Grant {
  action: string;
  resources: string[];
  condition?: ConditionBlock;
}

/** Where the current policy lets `action` act on `target`: the narrower of grant and target, and the grant's Condition. */
function grantedOn(ps: PermissionSet, idx: number, target: string, vars: Record<string, string>): { resource: string; condition?: ConditionBlock }[] {
  const out: { resource: string; condition?: ConditionBlock }[] = [];
  for (const h of ps.reach(idx, target)) {
    // A grant pattern with a policy variable stays as written (its value is decided per request).
    const raw = h.pattern.startsWith('NotResource ') ? target : h.pattern;
    const resource = raw.includes('${') && substituteVariables(raw, vars) !== raw && globCovers(target, substituteVariables(raw, vars)) ? raw : h.effective;
    out.push({ resource, condition: h.stmt.conditional ? h.stmt.stmt.condition : undefined });
  }
  return out;
}

export interface ProposeOptions {
  maxResources?: number;
  summary?: UsageSummary;
  /** `eventSource|eventName` → reason, for the principal's unmapped calls. */
  unmappedReasons?: Map<string, string>;
}

function permissionSet(p: CurrentPolicies, docs: PolicyDocument[]): PermissionSet {
  return new PermissionSet(docs, { principalArn: p.arn, boundary: p.boundary, groups: p.groups, attachedPolicyArns: p.attachedPolicyArns });
}

export function propose(current: CurrentPolicies, usage: PrincipalUsage | undefined, opts: ProposeOptions = {}): Proposal {
  const max = Math.max(1, opts.maxResources ?? DEFAULT_MAX_RESOURCES);
  const ps = permissionSet(current, current.sources.map((s) => s.document));
  const vars = ps.principal.vars;
  const c = getCatalog();
  const grants: Grant[] = [];
  const usedNotGranted: Proposal['usedNotGranted'] = [];
  const used: Proposal['used'] = [];
  const uses = [...(usage?.actions.values() ?? [])].sort((a, b) => a.action.localeCompare(b.action));
  for (const u of uses) {
    const seen = [...u.resources].sort();
    used.push({ action: u.action, count: u.count, resources: seen, first: u.first, last: u.last });
    const idx = actionIndex(u.action);
    if (idx < 0 || !setHas(ps.allowed, idx)) {
      usedNotGranted.push({ action: u.action, resources: seen, reason: 'the current identity policies do not grant it (it was allowed then by another policy, a resource policy, or a session policy)' });
      continue;
    }
    // Seen resources the current policy does not allow the action on are not kept (listed apart).
    const missing = seen.filter((r) => ps.reach(idx, r).length === 0);
    const allowedSeen = seen.filter((r) => !missing.includes(r));
    const wanted = allowedSeen.length ? collapseResources(allowedSeen, max) : [];
    const byCondition = new Map<string, Grant>();
    for (const r of wanted) {
      const g = grantedOn(ps, idx, r, vars);
      if (g.length === 0) missing.push(r);
      for (const x of g) {
        const key = x.condition ? JSON.stringify(x.condition) : '';
        const grant = byCondition.get(key) ?? { action: c.actions[idx].id, resources: [], condition: x.condition };
        if (!grant.resources.includes(x.resource)) grant.resources.push(x.resource);
        byCondition.set(key, grant);
      }
    }
    if (missing.length) usedNotGranted.push({ action: u.action, resources: missing, reason: 'the current identity policies do not grant it on these resources' });
    for (const g of byCondition.values()) {
      g.resources = g.resources.includes('*') ? ['*'] : g.resources.sort();
      grants.push(g);
    }
  }

  // Group into statements: one per service, resource list and condition.
  const groups = new Map<string, { service: string; actions: string[]; resources: string[]; condition?: ConditionBlock }>();
  for (const g of grants) {
    const service = g.action.slice(0, g.action.indexOf(':'));
    const key = `${service}|${g.resources.join(',')}|${g.condition ? JSON.stringify(g.condition) : ''}`;
    const grp = groups.get(key) ?? { service, actions: [], resources: g.resources, condition: g.condition };
    grp.actions.push(g.action);
    groups.set(key, grp);
  }
  const statements: ProposalStatement[] = [];
  const aws: AwsStatement[] = [];
  const sids = new Set<string>();
  const uniqueSid = (base: string): string => {
    let sid = base.slice(0, 100);
    for (let n = 2; sids.has(sid); n++) sid = `${base.slice(0, 96)}${n}`;
    sids.add(sid);
    return sid;
  };
  const useOf = new Map(uses.map((u) => [u.action, u]));
  const sorted = [...groups.values()].sort((a, b) => a.service.localeCompare(b.service) || a.resources.join().localeCompare(b.resources.join()));
  for (const g of sorted) {
    g.actions.sort();
    const calls = g.actions.reduce((n, a) => n + (useOf.get(a)?.count ?? 0), 0);
    const firsts = g.actions.map((a) => useOf.get(a)?.first).filter((x): x is string => Boolean(x)).sort();
    const lasts = g.actions.map((a) => useOf.get(a)?.last).filter((x): x is string => Boolean(x)).sort();
    const star = g.resources.length === 1 && g.resources[0] === '*';
    const levels = [...new Set(g.actions.map((a) => c.actions[actionIndex(a)]?.level ?? ''))].map((l) => pascal(l.replace('Permissions management', 'Permissions'))).sort().join('');
    const where = star ? 'AnyResource' : g.resources.length === 1 ? `On${pascal(shortName(g.resources[0])).slice(0, 40)}` : `On${g.resources.length}Resources`;
    const sid = uniqueSid(`${pascal(g.service)}${levels}${where}${g.condition ? 'WithCondition' : ''}`);
    const span = firsts.length ? ` between ${firsts[0].slice(0, 10)} and ${lasts[lasts.length - 1].slice(0, 10)}` : '';
    const why =
      `${g.actions.length} ${g.service} action${g.actions.length > 1 ? 's' : ''} called ${calls} time${calls === 1 ? '' : 's'}${span}, ` +
      (star ? 'on resources the calls do not name (or not all of them): as broad as the current grant' : `on the ${g.resources.length} resource${g.resources.length > 1 ? 's' : ''} (or pattern) seen`) +
      (g.condition ? ', under the Condition of the current grant' : '');
    statements.push({ sid, effect: 'Allow', service: g.service, actions: g.actions, resources: g.resources, why });
    aws.push({ Sid: sid, Effect: 'Allow', Action: one(g.actions), Resource: one(g.resources), ...(g.condition ? { Condition: g.condition } : {}) });
  }

  // Carry over the current Deny statements that touch a kept action.
  const kept = emptySet();
  for (const g of grants) setAdd(kept, actionIndex(g.action));
  ps.denies.forEach((d: CompiledStatement, i) => {
    const inter = new Uint32Array(kept);
    intersectInto(inter, d.actions);
    if (setSize(inter) === 0) return;
    const acts = ids(inter);
    const sid = uniqueSid(`KeepCurrentDeny${i + 1}`);
    const st: AwsStatement = { Sid: sid, Effect: 'Deny', Action: one(acts) };
    if (d.stmt.resource) st.Resource = one(d.stmt.resource);
    if (d.stmt.notResource) st.NotResource = one(d.stmt.notResource);
    if (d.stmt.condition) st.Condition = d.stmt.condition;
    aws.push(st);
    statements.push({ sid, effect: 'Deny', service: [...new Set(acts.map((a) => a.split(':')[0]))].join(','), actions: acts, resources: d.stmt.resource ?? (d.stmt.notResource ?? []).map((r) => `NotResource ${r}`), why: `kept from ${d.label}: the current policy denies these actions there` });
  });

  const policy = { Version: '2012-10-17' as const, Statement: aws };
  const parsed = parsePolicyDocument(policy);
  const proposalDocs = parsed.ok ? [parsed.document] : [];
  const pps = permissionSet(current, proposalDocs);
  const problems: string[] = [];
  if (!parsed.ok) problems.push(`the proposal does not parse: ${parsed.error}`);

  // Not broader: actions, then each Allow statement's resources.
  let notBroader = isSubset(pps.allowed, ps.allowed);
  if (!notBroader) problems.push(`the proposal allows actions the current policy does not: ${ids(differenceOf(pps.allowed, ps.allowed)).slice(0, 10).join(', ')}`);
  for (const g of grants) {
    const idx = actionIndex(g.action);
    for (const r of g.resources) {
      const covered = r.includes('${') ? grantedOn(ps, idx, r, vars).some((x) => x.resource === r) : ps.reach(idx, r).some((h) => h.effective === r);
      if (!covered) {
        notBroader = false;
        problems.push(`${g.action} on ${r} is not within the current grant`);
      }
    }
  }
  // Allows every kept use: each action on each resource seen.
  let allowsEveryUse = true;
  const notGranted = new Set(usedNotGranted.filter((x) => x.reason.startsWith('the current identity policies do not grant it (')).map((x) => x.action));
  const missingOn = new Map(usedNotGranted.map((x) => [x.action, x.resources]));
  for (const u of uses) {
    if (notGranted.has(u.action)) continue;
    const idx = actionIndex(u.action);
    for (const r of u.resources) {
      if ((missingOn.get(u.action) ?? []).some((m) => m === r || globCovers(m, r))) continue;
      if (pps.reach(idx, r).length === 0) {
        allowsEveryUse = false;
        problems.push(`${u.action} on ${r} was used but the proposal does not allow it`);
      }
    }
  }

  const removed = differenceOf(ps.allowed, pps.allowed);
  const services: RemovedService[] = [];
  for (const [service, range] of c.serviceRanges) {
    let granted = 0;
    let gone = 0;
    const acts: string[] = [];
    for (let i = range.start; i < range.end; i++) {
      if (!setHas(ps.allowed, i)) continue;
      granted++;
      if (setHas(removed, i)) {
        gone++;
        acts.push(c.actions[i].id);
      }
    }
    if (gone === 0) continue;
    const all = gone === range.end - range.start;
    services.push({ service, granted, kept: granted - gone, removed: gone, all, ...(all ? {} : { actions: acts }) });
  }
  services.sort((a, b) => b.removed - a.removed || a.service.localeCompare(b.service));
  const notes: string[] = [];
  const s = opts.summary;
  const managementOnly = s !== undefined && s.dataEvents === 0;
  const unobservable = managementOnly ? ids(removed).filter(isDataEventAction) : [];
  if (managementOnly) {
    notes.push(
      'The archive holds management events only (no data events): object-level S3 calls, Lambda Invoke, DynamoDB item calls and other data-plane calls were not observable. ' +
        `${unobservable.length} currently granted data-plane action(s) would be removed without evidence that they are unused: enable data events on the trail, or add back the ones the principal needs.`,
    );
  }
  if (current.unresolved.length) notes.push(`Policies whose document is unknown were not counted as current permissions: ${current.unresolved.join(', ')}.`);
  if (!usage || usage.actions.size === 0) notes.push('No call of this principal that maps to an IAM action was found in the window: the proposal grants nothing.');
  if (usage?.denied) notes.push(`${usage.denied} call(s) of this principal were denied; they are not uses of a permission and are not in the proposal.`);
  const narrowed = grants.filter((g) => !g.resources.includes('*') && setHas(ps.allowedEverywhere, actionIndex(g.action))).map((g) => g.action);
  const unmapped = [...(usage?.unmapped ?? new Map<string, number>())].map(([key, count]) => {
    const [eventSource, eventName] = key.split('|');
    return { eventSource, eventName, count, reason: opts.unmappedReasons?.get(key) ?? 'no IAM action' };
  });
  unmapped.sort((a, b) => b.count - a.count || a.eventSource.localeCompare(b.eventSource));
  return {
    principal: current.arn,
    kind: current.kind,
    policy,
    statements,
    used,
    usedNotGranted,
    unmapped,
    grantedActions: setSize(ps.allowed),
    proposedActions: setSize(pps.allowed),
    wouldBeRemoved: { actions: setSize(removed), services, unobservable },
    narrowed: [...new Set(narrowed)].sort(),
    validation: { notBroader, allowsEveryUse, problems },
    notes,
  };
}

function differenceOf(a: ActionSet, b: ActionSet): ActionSet {
  const out = new Uint32Array(a);
  subtractInto(out, b);
  return out;
}

/** The current effective action set of a principal (for the --all table). */
export function currentAllowed(current: CurrentPolicies): ActionSet {
  return permissionSet(current, current.sources.map((s) => s.document)).allowed;
}

