/**
 * Shared reading of permission-granting events for admin-granted, permissive-policy-change,
 * privilege-escalation-granted and policy-attached-to-user: what was granted, to whom, whether it is live yet,
 * and what could not be checked. Judged through lib/policy (documents) and the bundled AWS managed policy table.
 */
import type { NormalizedEvent } from '../../cloudtrail/types';
import type { EventRuleContext, ScoreFactors } from '../types';
import type { PolicyDocument } from '../../policy/document';
import { parsePolicyText, sharedDocumentId } from '../../policy/document';
import { lruGet, lruSet } from '../../runtime/lru';
import { analysePolicies, type Escalation, type PolicyAnalysis } from '../../policy/analyse';
import { awsManagedPolicyDocument, isAwsManagedPolicyArn, judgeAwsManagedPolicy, managedPolicyName } from '../../policy/managed';
import { isAwsManagedRoleName, boolParam, iamArn, lastSegment, objParam, param, partition } from './_util';
import { fillCommand } from '../../text/escape';
import { globMatches } from '../../policy/glob';
import { trustAdmitsService } from '../../policy/trust-admits';
import { allowListEntryFor, expectedAdminPolicy, expectedCaller } from '../../posture/allowlist';

export const GRANT_EVENTS = [
  'AttachUserPolicy',
  'AttachGroupPolicy',
  'AttachRolePolicy',
  'PutUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'CreatePolicy',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'AddUserToGroup',
];

export type TargetKind = 'user' | 'group' | 'role' | 'policy';

export interface GrantTarget {
  kind: TargetKind;
  name: string;
  arn: string;
}

export interface ManagedVerdict {
  arn: string;
  name: string;
  adminEquivalent: boolean;
  fullAccess: boolean;
  escalation: boolean;
  note: string;
}

export interface Grant {
  target: GrantTarget;
  /** "AWS managed policy AdministratorAccess", "inline policy deploy", "the policies of group admins"… */
  policyLabel: string;
  policyArn?: string;
  /** The grant takes effect now (false: a non-default policy version). */
  live: boolean;
  /** Why the grant is not (fully) in effect yet, said in the message. */
  pendingNote?: string;
  /** A direct grant to an IAM user (Attach/PutUserPolicy). */
  toUser: boolean;
  /** Documents read (inline, customer-managed via enrichment, AWS managed from the bundled table). */
  docs: { label: string; document: PolicyDocument; managedArn?: string }[];
  /** AWS managed policies judged from the table (when no document is bundled). */
  managed: ManagedVerdict[];
  /** What could not be checked, with the reason. */
  /** `awsServiceRole`: an AWS managed policy under /service-role/ (written by AWS for one service's role). */
  unknown: { label: string; reason: string; awsServiceRole?: boolean }[];
  /** Treated as admin because a name suggests it while the content could not be read. */
  adminByName?: string;
  analysis?: PolicyAnalysis;
  /** Rule ids that skip this grant: it is the change an allow-list entry expects, by a caller the entry expects. */
  allowListCovers?: ReadonlySet<string>;
}

export interface GrantVerdict {
  adminEquivalent: boolean;
  adminReasons: string[];
  fullAccess: string[];
  escalations: { method: string; detail: string; conditional: boolean }[];
  unverified: boolean;
}

/** Names that suggest administrator power (groups, policies) when their content cannot be read. */
const ADMIN_NAME = /admin|poweruser|power-user|superuser|fullaccess|full-access|break-?glass|^root$/i;

export function nameSuggestsAdmin(name: string): boolean {
  return ADMIN_NAME.test(name);
}

const managedAnalysisCache = new Map<string, PolicyAnalysis>();

function addManagedArn(g: Grant, arn: string): void {
  const doc = awsManagedPolicyDocument(arn);
  const label = `AWS managed policy ${managedPolicyName(arn)}`;
  if (doc) {
    g.docs.push({ label, document: doc, managedArn: arn });
    return;
  }
  const j = judgeAwsManagedPolicy(arn);
  if (j.known || j.fullAccess || j.adminEquivalent) {
    g.managed.push({ arn, name: j.name, adminEquivalent: j.adminEquivalent, fullAccess: j.fullAccess, escalation: j.escalation, note: j.note });
    return;
  }
  // Not bundled: read-only job policies are judged by name; anything else is a change of unknown content.
  if (/ReadOnly(Access)?$/i.test(j.name)) {
    g.managed.push({ arn, name: j.name, adminEquivalent: false, fullAccess: false, escalation: false, note: j.note });
    return;
  }
  const unknown: Grant['unknown'][number] = { label, reason: 'it is not in the bundled table of AWS managed policies' };
  if (/:policy\/(aws-)?service-role\//.test(arn)) unknown.awsServiceRole = true;
  g.unknown.push(unknown);
  if (nameSuggestsAdmin(j.name)) g.adminByName ??= `its name (${j.name}) suggests administrator access`;
}

function addCustomerArn(g: Grant, ctx: EventRuleContext, arn: string, versionId?: string): void {
  const key = versionId ? `${arn}#${versionId}` : arn;
  const label = `customer managed policy ${lastSegment(arn)}${versionId ? ` version ${versionId}` : ''}`;
  const lookup = ctx.enrichment.policyDocuments[key];
  if (lookup?.status === 'ok') {
    g.docs.push({ label, document: lookup.value });
    return;
  }
  g.unknown.push({ label, reason: lookup ? lookup.reason : 'its document was not looked up' });
  if (nameSuggestsAdmin(lastSegment(arn))) g.adminByName ??= `its name (${lastSegment(arn)}) suggests administrator access`;
}

function addPolicyArn(g: Grant, ctx: EventRuleContext, arn: string, versionId?: string): void {
  if (isAwsManagedPolicyArn(arn)) addManagedArn(g, arn);
  else addCustomerArn(g, ctx, arn, versionId);
}

function entity(ev: NormalizedEvent, kind: 'user' | 'group' | 'role'): GrantTarget | undefined {
  const name = param(ev.requestParameters, `${kind}Name`);
  if (!name) return undefined;
  return { kind, name, arn: iamArn(ev, kind, name) };
}

function policyTarget(ev: NormalizedEvent, arn: string | undefined): GrantTarget | undefined {
  if (arn) return { kind: 'policy', name: lastSegment(arn), arn };
  const name = param(ev.requestParameters, 'policyName');
  if (!name) return undefined;
  const fromResponse = param(objParam(ev.responseElements, 'policy'), 'arn');
  if (fromResponse) return { kind: 'policy', name, arn: fromResponse };
  const path = param(ev.requestParameters, 'path');
  const p = path && path !== '/' ? path.replace(/^\/?/, '/').replace(/\/?$/, '/') : '/';
  return { kind: 'policy', name, arn: `arn:${partition(ev)}:iam::${ev.account}:policy${p}${name}` };
}

/**
 * Reads what a successful grant event grants. Undefined when the event is not a grant, failed, lacks the fields
 * needed (normalisation reports those as problems), carries an unparseable document (unparseable-event reports it),
 * targets an AWS-managed / allow-listed role, or was made by an AWS service-linked role.
 */
export function readGrant(ev: NormalizedEvent, ctx: EventRuleContext, ruleId?: string): Grant | undefined {
  // Four rules read the same grant: analyse it once per (event, context).
  const cached = grantCache.get(ev);
  let grant: Grant | undefined;
  if (cached && cached.ctx === ctx) grant = cached.grant;
  else {
    grant = readGrantUncached(ev, ctx);
    grantCache.set(ev, { ctx, grant });
  }
  if (grant && ruleId !== undefined && grant.allowListCovers?.has(ruleId)) return undefined;
  return grant;
}

/**
 * The rules an allow-list entry lets skip this grant to a role. A name is chosen by whoever creates the role (and a
 * caller's role name by whoever creates that role), so the entry applies only to the change it expects: attaching a
 * managed policy through which the entry expects admin access (AdministratorAccess for Control Tower), made by a
 * caller the entry names (Control Tower as itself or through AWSControlTowerExecution). An inline policy, another
 * policy or another caller is judged like any grant.
 */
function grantAllowListCovers(ev: NormalizedEvent, g: Grant, ctx: EventRuleContext): ReadonlySet<string> | undefined {
  if (g.target.kind !== 'role' || ev.eventName !== 'AttachRolePolicy' || !g.policyArn) return undefined;
  const entry = allowListEntryFor(g.target.arn, ctx.config);
  if (!entry || !expectedCaller(entry, ev.actor) || !expectedAdminPolicy(entry, g.policyArn)) return undefined;
  return new Set(entry.covers);
}

const grantCache = new WeakMap<NormalizedEvent, { ctx: EventRuleContext; grant: Grant | undefined }>();

/** Least-recently-used analyses of event-carried documents, keyed by (documents, labels, principal). */
const DOCUMENT_CACHE_ENTRIES = 512;
const documentAnalysisCache = new Map<string, PolicyAnalysis>();

/** A document's part of the analysis cache key: the shared document's id, else its JSON. */
function documentKey(d: PolicyDocument): string {
  const id = sharedDocumentId(d);
  return id !== undefined ? `#${id}` : JSON.stringify(d);
}

function readGrantUncached(ev: NormalizedEvent, ctx: EventRuleContext): Grant | undefined {
  if (ev.failed || ev.eventSource !== 'iam.amazonaws.com' || !GRANT_EVENTS.includes(ev.eventName)) return undefined;
  if (ev.actor.isServiceLinked) return undefined;
  const rp = ev.requestParameters;
  // Each grant is written out as one literal with its keys in a fixed order (not a spread of shared fields: see
  // lib/runtime/assign-own.ts).
  let g: Grant | undefined;
  switch (ev.eventName) {
    case 'AttachUserPolicy':
    case 'AttachGroupPolicy':
    case 'AttachRolePolicy': {
      const kind = ev.eventName === 'AttachUserPolicy' ? 'user' : ev.eventName === 'AttachGroupPolicy' ? 'group' : 'role';
      const target = entity(ev, kind);
      const arn = param(rp, 'policyArn');
      if (!target || !arn) return undefined;
      g = {
        docs: [],
        managed: [],
        unknown: [],
        live: true,
        toUser: kind === 'user',
        target,
        policyArn: arn,
        policyLabel: isAwsManagedPolicyArn(arn) ? `AWS managed policy ${lastSegment(arn)}` : `customer managed policy ${lastSegment(arn)}`,
      };
      addPolicyArn(g, ctx, arn);
      break;
    }
    case 'PutUserPolicy':
    case 'PutGroupPolicy':
    case 'PutRolePolicy': {
      const kind = ev.eventName === 'PutUserPolicy' ? 'user' : ev.eventName === 'PutGroupPolicy' ? 'group' : 'role';
      const target = entity(ev, kind);
      const parsed = parsePolicyText(rp.policyDocument);
      if (!target || !parsed.ok) return undefined;
      const label = `inline policy ${param(rp, 'policyName') ?? '(unnamed)'}`;
      g = { docs: [{ label, document: parsed.document }], managed: [], unknown: [], live: true, toUser: kind === 'user', target, policyLabel: label };
      break;
    }
    case 'CreatePolicy': {
      const target = policyTarget(ev, undefined);
      const parsed = parsePolicyText(rp.policyDocument);
      if (!target || !parsed.ok) return undefined;
      const label = `new customer managed policy ${target.name}`;
      g = {
        docs: [{ label, document: parsed.document }],
        managed: [],
        unknown: [],
        live: true,
        toUser: false,
        target,
        policyArn: target.arn,
        policyLabel: label,
        pendingNote: 'it is not attached to anyone yet',
      };
      break;
    }
    case 'CreatePolicyVersion': {
      const arn = param(rp, 'policyArn');
      const target = policyTarget(ev, arn);
      const parsed = parsePolicyText(rp.policyDocument);
      if (!target || !arn || !parsed.ok) return undefined;
      const live = boolParam(rp, 'setAsDefault') === true;
      const label = `a new version of customer managed policy ${target.name}`;
      g = { docs: [{ label, document: parsed.document }], managed: [], unknown: [], live, toUser: false, target, policyArn: arn, policyLabel: label };
      if (!live) g.pendingNote = 'it was saved without setAsDefault, so it is not in effect until someone makes it the default version';
      break;
    }
    case 'SetDefaultPolicyVersion': {
      const arn = param(rp, 'policyArn');
      const versionId = param(rp, 'versionId');
      const target = policyTarget(ev, arn);
      if (!target || !arn || !versionId) return undefined;
      g = {
        docs: [],
        managed: [],
        unknown: [],
        live: true,
        toUser: false,
        target,
        policyArn: arn,
        policyLabel: `version ${versionId} of customer managed policy ${target.name} (now the default)`,
      };
      addPolicyArn(g, ctx, arn, versionId);
      break;
    }
    case 'AddUserToGroup': {
      const user = entity(ev, 'user');
      const group = param(rp, 'groupName');
      if (!user || !group) return undefined;
      g = { docs: [], managed: [], unknown: [], live: true, toUser: false, target: user, policyLabel: `the policies of group ${group}` };
      const lookup = ctx.enrichment.groupPolicies[group];
      if (lookup?.status === 'ok') {
        const gp = lookup.value;
        for (const p of gp.inlinePolicies) g.docs.push({ label: `group ${group} inline policy ${p.name}`, document: p.document });
        const readable = new Map(gp.attachedDocuments.map((d) => [d.arn, d.document]));
        for (const arn of gp.attachedPolicyArns) {
          const doc = readable.get(arn);
          if (doc) g.docs.push({ label: `group ${group} policy ${lastSegment(arn)}`, document: doc });
          else addPolicyArn(g, ctx, arn);
        }
      } else {
        g.unknown.push({ label: `the policies of group ${group}`, reason: lookup ? lookup.reason : 'they were not looked up' });
        if (nameSuggestsAdmin(group)) g.adminByName = `the group name ${group} suggests administrator access`;
      }
      break;
    }
    default:
      return undefined;
  }
  // Identity Center and service-linked roles are AWS's own (reserved paths): never judged.
  if (g.target.kind === 'role' && (isAwsManagedRoleName(g.target.name) || g.target.arn.includes('/aws-service-role/') || g.target.arn.includes('/aws-reserved/sso.amazonaws.com/'))) return undefined;
  const covers = grantAllowListCovers(ev, g, ctx);
  if (covers) g.allowListCovers = covers;
  if (g.docs.length > 0) {
    const managedOnly = g.docs.every((d) => d.managedArn !== undefined);
    if (managedOnly) {
      // AWS managed documents only: the verdict does not depend on who receives them; analyse each set once.
      const key = g.docs.map((d) => d.managedArn).join('|');
      let a = managedAnalysisCache.get(key);
      if (!a) {
        a = analysePolicies(
          g.docs.map((d) => d.document),
          { labels: g.docs.map((d) => d.label) },
        );
        managedAnalysisCache.set(key, a);
      }
      g.analysis = a;
    } else {
      const principalArn = g.target.kind === 'user' || g.target.kind === 'role' ? g.target.arn : undefined;
      const docs = g.docs.map((d) => d.document);
      const labels = g.docs.map((d) => d.label);
      // The same documents reach the same principal again and again (infrastructure-as-code re-applying them,
      // replays of an archive): the verdict depends only on (documents, labels, principal), so analyse each once.
      const key = JSON.stringify([docs.map(documentKey), labels, principalArn ?? null]);
      let a = lruGet(documentAnalysisCache, key);
      if (!a) {
        a = analysePolicies(docs, { labels, ...(principalArn ? { principalArn } : {}) });
        lruSet(documentAnalysisCache, key, a, DOCUMENT_CACHE_ENTRIES);
      }
      g.analysis = a;
    }
  }
  return g;
}

function describeEscalation(e: Escalation): string {
  return `${e.method} (${e.actions.join(' + ')}${e.resources.length && !(e.resources.length === 1 && e.resources[0] === '*') ? ` on ${e.resources.slice(0, 3).join(', ')}` : ''})`;
}

/** What a verdict takes from an analysis alone; analyses are shared across events (caches above), so this is too. */
interface AnalysisVerdict {
  fullAccess: string[];
  escalations: GrantVerdict['escalations'];
}
const analysisVerdicts = new WeakMap<PolicyAnalysis, AnalysisVerdict>();

function analysisVerdict(a: PolicyAnalysis): AnalysisVerdict {
  let v = analysisVerdicts.get(a);
  if (!v) {
    // Full access matters where it includes changes: a service with only Read/List actions (pricing…) is not permissive.
    const fullAccess = a.fullAccessServices
      .filter((s) => Object.keys(a.services[s] ?? { Write: [] }).some((level) => level !== 'Read' && level !== 'List'))
      .map((s) => `${s}:*`);
    const escalations = a.escalations.map((e) => ({ method: e.method, detail: describeEscalation(e), conditional: e.conditional }));
    v = { fullAccess, escalations };
    analysisVerdicts.set(a, v);
  }
  return v;
}

/** The verdict of a grant; computed once per grant (four rules ask for it) and read-only to callers. */
const verdicts = new WeakMap<Grant, GrantVerdict>();

export function verdict(g: Grant): GrantVerdict {
  const cached = verdicts.get(g);
  if (cached) return cached;
  const a = g.analysis;
  const av = a ? analysisVerdict(a) : undefined;
  const adminReasons = [...(a?.adminReasons ?? [])];
  for (const m of g.managed) if (m.adminEquivalent) adminReasons.push(`AWS managed policy ${m.name} is administrator-equivalent`);
  if (g.adminByName && g.unknown.length > 0) adminReasons.push(`treated as admin: ${g.adminByName}`);
  const fullAccess = [...(av?.fullAccess ?? [])];
  for (const m of g.managed) if (m.fullAccess && !m.adminEquivalent) fullAccess.push(`AWS managed policy ${m.name} (${m.note})`);
  const escalations = [...(av?.escalations ?? [])];
  for (const m of g.managed) if (m.escalation && !m.adminEquivalent) escalations.push({ method: `AWS managed policy ${m.name}`, detail: `AWS managed policy ${m.name} allows privilege escalation`, conditional: false });
  const v: GrantVerdict = {
    adminEquivalent: (a?.adminEquivalent ?? false) || g.managed.some((m) => m.adminEquivalent) || (g.adminByName !== undefined && g.unknown.length > 0),
    adminReasons,
    fullAccess,
    escalations,
    unverified: g.unknown.length > 0,
  };
  verdicts.set(g, v);
  return v;
}

/** "to IAM user bob" / "to group admins" / "to role App" / "" (policy objects). */
export function toWhom(g: Grant): string {
  switch (g.target.kind) {
    case 'user':
      return ` to IAM user ${g.target.name}`;
    case 'group':
      return ` to group ${g.target.name}`;
    case 'role':
      return ` to role ${g.target.name}`;
    default:
      return '';
  }
}

/** "attached AWS managed policy X to IAM user bob" — the verb phrase of a grant event. */
export function describeGrant(ev: NormalizedEvent, g: Grant): string {
  switch (ev.eventName) {
    case 'AttachUserPolicy':
    case 'AttachGroupPolicy':
    case 'AttachRolePolicy':
      return `attached ${g.policyLabel}${toWhom(g)}`;
    case 'PutUserPolicy':
    case 'PutGroupPolicy':
    case 'PutRolePolicy':
      return `put ${g.policyLabel} on ${g.target.kind === 'user' ? 'IAM user' : g.target.kind} ${g.target.name}`;
    case 'CreatePolicy':
      return `created customer managed policy ${g.target.name}`;
    case 'CreatePolicyVersion':
      return `created ${g.policyLabel}`;
    case 'SetDefaultPolicyVersion':
      return `made ${g.policyLabel}`;
    case 'AddUserToGroup':
      return `added IAM user ${g.target.name} to group ${param(ev.requestParameters, 'groupName') ?? '(unknown)'}`;
    default:
      return ev.eventName;
  }
}

export function unknownText(g: Grant): string {
  return g.unknown.map((u) => `${u.label} could not be checked (${u.reason})`).join('; ');
}

/**
 * Only AWS managed service-role policies (…:policy/service-role/…) attached to a role were left unchecked: the
 * pattern the guide recommends (a service's role with the policy AWS wrote for that service).
 */
export function onlyServiceRolePoliciesUnknown(g: Grant): boolean {
  return g.target.kind === 'role' && g.unknown.length > 0 && g.unknown.every((u) => u.awsServiceRole === true);
}

export function grantFactors(g: Grant, v: GrantVerdict, admin: boolean): ScoreFactors {
  const f: ScoreFactors = {};
  if (g.toUser) f.grantToUser = true;
  if (admin && v.adminEquivalent) f.adminEquivalent = true;
  if (v.unverified && !onlyServiceRolePoliciesUnknown(g)) f.unverified = true;
  return f;
}

/** The AWS CLI command that undoes the grant, with names from the event. */
export function revertFix(ev: NormalizedEvent, g: Grant, consoleSteps: string[]): { console: string[]; cli: string } {
  const rp = ev.requestParameters;
  const k = g.target.kind;
  // Keys set one by one: a computed key in a literal gave each call's object a hidden class of its own (Node 20).
  const values: Record<string, string | undefined> = { 'policy-arn': g.policyArn };
  values[`${k}-name`] = g.target.name;
  let template: string;
  switch (ev.eventName) {
    case 'AttachUserPolicy':
    case 'AttachGroupPolicy':
    case 'AttachRolePolicy':
      template = `aws iam detach-${k}-policy --${k}-name <${k}-name> --policy-arn <policy-arn>`;
      break;
    case 'PutUserPolicy':
    case 'PutGroupPolicy':
    case 'PutRolePolicy':
      template = `aws iam delete-${k}-policy --${k}-name <${k}-name> --policy-name <policy-name>`;
      values['policy-name'] = param(rp, 'policyName');
      break;
    case 'CreatePolicy':
      template = 'aws iam delete-policy --policy-arn <policy-arn>';
      values['policy-arn'] = g.target.arn;
      break;
    case 'CreatePolicyVersion':
      template = g.live
        ? 'aws iam set-default-policy-version --policy-arn <policy-arn> --version-id <previous-version-id>'
        : 'aws iam delete-policy-version --policy-arn <policy-arn> --version-id <version-id>';
      values['version-id'] = param(objParam(ev.responseElements, 'policyVersion'), 'versionId');
      break;
    case 'SetDefaultPolicyVersion':
      template = 'aws iam set-default-policy-version --policy-arn <policy-arn> --version-id <previous-version-id>';
      break;
    case 'AddUserToGroup':
      template = 'aws iam remove-user-from-group --user-name <user-name> --group-name <group-name>';
      values['group-name'] = param(rp, 'groupName');
      break;
    default:
      template = 'aws iam get-account-authorization-details --filter User Group Role LocalManagedPolicy';
  }
  // Names and ARNs come from the event (attacker-chosen): shell-quoted by the shared helper; missing ones stay placeholders.
  const cli = fillCommand(template, values);
  return { console: consoleSteps.map((s) => s.replace(/<target>/g, () => `${g.target.kind} ${g.target.name}`).replace(/<policy>/g, () => g.policyLabel)), cli };
}

/** A role a PassRole grant can hand to a service whose trust admits it. */
export interface PassRoleTarget {
  name: string;
  arn: string;
  /** The service principal admitted (first one, for the message). */
  service: string;
  /** The trust admits the service only under a Condition that could not be evaluated. */
  conditional: boolean;
  /** Whether the role is administrator-equivalent: known from its attached AWS managed policies, else unknown. */
  admin: 'yes' | 'no' | 'unknown';
  adminNote?: string;
}

/** Which roles a grant's iam:PassRole + compute methods reach, judged on the roles' trust policies (enrichment). */
export interface PassRoleJudgement {
  services: string[];
  roles: PassRoleTarget[];
  /** What could not be checked (no role list, a bound reached, unreadable trusts); undefined when all was checked. */
  unchecked?: string;
}

const MAX_LISTED_ROLES = 50;

function roleAdmin(ctx: EventRuleContext, arn: string): Pick<PassRoleTarget, 'admin' | 'adminNote'> {
  const lookup = ctx.enrichment.rolePolicies?.[arn];
  if (!lookup) return { admin: 'unknown', adminNote: 'its policies were not looked up' };
  if (lookup.status !== 'ok') return { admin: 'unknown', adminNote: `its policies could not be read (${lookup.reason})` };
  const judged = lookup.value.attachedPolicyArns.map((p) => (isAwsManagedPolicyArn(p) ? judgeAwsManagedPolicy(p) : undefined));
  const admin = judged.find((j) => j?.adminEquivalent);
  if (admin) return { admin: 'yes', adminNote: `AWS managed policy ${admin.name}` };
  if (lookup.value.inlinePolicyNames.length === 0 && judged.every((j) => j !== undefined && j.known && !j.escalation)) return { admin: 'no' };
  return { admin: 'unknown', adminNote: 'it has customer managed or inline policies that were not read' };
}

/**
 * For a grant whose escalations pass a role to a service: the roles of the account whose trust admits that service
 * and that the grant's iam:PassRole covers, with whether each is admin-equivalent when known. Undefined when the
 * grant has no PassRole method. Never lowers anything: missing data is reported in `unchecked`.
 */
export function passRoleJudgement(g: Grant, ctx: EventRuleContext, now: Date): PassRoleJudgement | undefined {
  const esc = (g.analysis?.escalations ?? []).filter((e) => e.passRole);
  if (esc.length === 0) return undefined;
  const services = [...new Set(esc.flatMap((e) => e.passRole?.services ?? []))];
  const patterns = [...new Set(esc.flatMap((e) => e.passRole?.roles ?? []))];
  const lookup = ctx.enrichment.roles;
  if (!lookup) return { services, roles: [], unchecked: 'the roles these services can assume were not looked up' };
  if (lookup.status !== 'ok') return { services, roles: [], unchecked: `the roles these services can assume could not be checked (${lookup.reason})` };
  const roles: PassRoleTarget[] = [];
  const unreadable: string[] = [];
  for (const r of lookup.value.roles) {
    if (!patterns.some((p) => globMatches(p, r.arn))) continue;
    if (!r.trust) {
      unreadable.push(r.name);
      continue;
    }
    let best: { service: string; conditional: boolean } | undefined;
    for (const s of services) {
      const a = trustAdmitsService(r.trust, s, { now });
      if (a.admits && (!best || (best.conditional && !a.conditional))) best = { service: s, conditional: a.conditional };
    }
    if (best) roles.push({ name: r.name, arn: r.arn, ...best, ...roleAdmin(ctx, r.arn) });
  }
  // Admin roles first, so the message names them within its bound.
  const rank = { yes: 0, unknown: 1, no: 2 } as const;
  roles.sort((a, b) => rank[a.admin] - rank[b.admin] || a.name.localeCompare(b.name));
  const gaps: string[] = [];
  if (!lookup.value.complete) gaps.push(`only the first ${lookup.value.roles.length} roles of the account were read`);
  if (unreadable.length) gaps.push(`the trust policies of ${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ''} could not be read`);
  return { services, roles: roles.slice(0, MAX_LISTED_ROLES), ...(gaps.length ? { unchecked: gaps.join('; ') } : {}) };
}

/** One sentence for a finding's message: the roles the services can assume, or why they are unknown. */
export function passRoleText(j: PassRoleJudgement): string {
  const svc = j.services.join(' / ');
  const named = j.roles.slice(0, 5).map((r) => `${r.name}${r.admin === 'yes' ? ` (administrator: ${r.adminNote ?? 'yes'})` : r.admin === 'unknown' ? ' (permissions not checked)' : ''}${r.conditional ? ' (trust under a Condition)' : ''}`);
  const more = j.roles.length > 5 ? ` and ${j.roles.length - 5} more` : '';
  let text: string;
  if (j.roles.length) text = ` Roles it can pass that ${svc} can assume: ${named.join(', ')}${more}.`;
  else if (!j.unchecked) text = ` No role it can pass is trusted by ${svc} today (a role created later could be).`;
  else text = '';
  if (j.unchecked) text += ` Not checked: ${j.unchecked}.`;
  return text;
}
