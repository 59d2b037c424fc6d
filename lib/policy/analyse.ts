/**
 * What a set of identity policies really grants: access levels per service, admin-equivalence (including the
 * power to grant oneself anything), privilege-escalation paths, sensitive grants, unknown actions. Resource-aware
 * (an escalation needs its actions on resources that make it possible), Deny-aware (an unconditional explicit Deny
 * subtracts), boundary-aware (a permissions boundary intersects). Conditions are not evaluated: a grant that needs
 * a Condition is reported as `conditional`, a Deny with a Condition is not assumed to apply (a warning says so).
 */
import type { PolicyDocument, Statement } from './document';
import {
  ACCESS_LEVELS,
  type AccessLevel as CatalogAccessLevel,
  type ActionSet,
  actionIndex,
  complement,
  emptySet,
  forEachMember,
  getCatalog,
  hasWholeService,
  intersectInto,
  matchActionPattern,
  setHas,
  setSize,
  subtractInto,
  unionInto,
} from './catalog';
import { ESCALATION_METHODS, type EscalationMethod, type TargetKind } from './escalation-methods';
import { checkBudget } from './budget';
import { globCovers, globsIntersect, hasWildcard, substituteVariables } from './glob';
import { inAwsManagedPolicyNamespace } from './aws-managed-arn';
import { passedToServiceAdmits, serviceBase } from './trust-admits';
import { assignOwn } from '../runtime/assign-own';

export type AccessLevel = CatalogAccessLevel;
export interface Escalation {
  method: string;
  actions: string[];
  resources: string[];
  target?: string;
  conditional: boolean;
  /** PassRole methods: the service principals the role is passed to and the role patterns iam:PassRole allows. */
  passRole?: { services: string[]; roles: string[] };
}
export interface SensitiveGrant { id: string; actions: string[]; resources: string[]; reason: string; conditional: boolean }
export interface PolicyAnalysis {
  adminEquivalent: boolean;
  adminReasons: string[];
  fullAccessServices: string[];
  escalations: Escalation[];
  sensitive: SensitiveGrant[];
  unknownActions: string[];
  conditional: boolean;
  services: Record<string, Partial<Record<AccessLevel, string[]>>>;
  warnings: string[];
}
export interface AnalyseOptions {
  boundary?: PolicyDocument[];
  principalArn?: string;
  /** Label of each document in `docs` (e.g. "inline policy x", a managed policy ARN); used in reasons. */
  labels?: string[];
  /** ARNs of the groups the principal belongs to (known ⇒ "own group" means exactly these). */
  groups?: string[];
  /** ARNs of the managed policies attached to the principal or its groups (known ⇒ CreatePolicyVersion on one of them is a self-grant). */
  attachedPolicyArns?: string[];
  /** Role ARNs known to be privileged (admin); a PassRole limited to other literal role ARNs is harmless. */
  privilegedRoles?: string[];
}

/** Internal: one statement compiled against the catalogue. */
export interface CompiledStatement {
  stmt: Statement;
  effect: 'Allow' | 'Deny';
  actions: ActionSet;
  resources?: string[];
  notResources?: string[];
  conditional: boolean;
  /** Resource "*" (or a NotResource that leaves nearly everything). */
  coversAll: boolean;
  /** iam:PassedToService values when the statement is conditioned on them (positive operators only). */
  passedToService?: string[];
  /** The Condition holds nothing but iam:PassedToService (evaluated by the PassRole check, so not "conditional" there). */
  onlyPassedToService: boolean;
  /** Human label: 'Statement 0' or '<label> statement 0'. */
  label: string;
  /** Index of the document (in docs, then boundary docs). */
  doc: number;
}

interface CompiledDoc {
  statements: Omit<CompiledStatement, 'label' | 'doc'>[];
  unknown: string[];
  warnings: string[];
}

const compiledCache = new WeakMap<PolicyDocument, CompiledDoc>();

function describePatterns(list: string[]): string {
  return list.map((x) => JSON.stringify(x)).join(', ');
}

/** Compiles a document once (cached per document object). */
export function compileDocument(doc: PolicyDocument): CompiledDoc {
  const cached = compiledCache.get(doc);
  if (cached) return cached;
  const statements: CompiledDoc['statements'] = [];
  const unknown: string[] = [];
  const warnings: string[] = [];
  for (const st of doc.statements ?? []) {
    checkBudget();
    let actions: ActionSet;
    const patterns = st.action ?? st.notAction ?? [];
    const matched = emptySet();
    for (const p of patterns) {
      const m = matchActionPattern(p);
      if (m.unknown) unknown.push(p);
      unionInto(matched, m.set);
    }
    if (st.action) actions = matched;
    else if (st.notAction) {
      actions = complement(matched);
      if (st.effect === 'Allow') warnings.push(`Statement ${st.index} allows every action except ${describePatterns(st.notAction)} (NotAction with Allow also grants services added later)`);
    } else actions = emptySet();
    const conditional = st.condition !== undefined && Object.keys(st.condition).length > 0;
    let resources = st.resource;
    const notResources = st.notResource;
    if (!resources && !notResources) {
      warnings.push(`Statement ${st.index} has neither Resource nor NotResource (AWS rejects such an identity policy); it is ignored`);
      resources = [];
    }
    if (st.principal || st.notPrincipal) warnings.push(`Statement ${st.index} has a Principal: identity policies have none (is this a resource or trust policy?)`);
    const coversAll = resources ? resources.includes('*') : !(notResources ?? []).includes('*');
    let passedToService: string[] | undefined;
    let otherConditionKeys = 0;
    if (st.condition) {
      for (const keys of Object.values(st.condition)) for (const k of Object.keys(keys)) if (k.toLowerCase() !== 'iam:passedtoservice') otherConditionKeys++;
      for (const [op, keys] of Object.entries(st.condition)) {
        if (/not/i.test(op) || /ifexists/i.test(op)) continue;
        for (const [k, vals] of Object.entries(keys)) if (k.toLowerCase() === 'iam:passedtoservice') passedToService = [...(passedToService ?? []), ...vals];
      }
    }
    statements.push({ stmt: st, effect: st.effect, actions, resources, notResources, conditional, coversAll, passedToService, onlyPassedToService: conditional && passedToService !== undefined && otherConditionKeys === 0 });
  }
  const out = { statements, unknown, warnings };
  compiledCache.set(doc, out);
  return out;
}

interface PrincipalInfo {
  arn?: string;
  kind: 'user' | 'role' | 'group' | 'unknown';
  name?: string;
  account?: string;
  vars: Record<string, string>;
}

export function parsePrincipalArn(arn: string | undefined): PrincipalInfo {
  if (!arn) return { kind: 'unknown', vars: {} };
  const m = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}|\*):(user|role|group|assumed-role)\/(.+)$/.exec(arn);
  if (!m) return { arn, kind: 'unknown', vars: {} };
  const [, partition, , account, type, rest] = m;
  if (type === 'user') {
    const name = rest.split('/').pop() as string;
    return { arn, kind: 'user', name, account, vars: { 'aws:username': name } };
  }
  if (type === 'assumed-role') {
    const name = rest.split('/')[0];
    // The role itself, in the session's partition (aws-cn, aws-us-gov…): its grants name the role in that partition.
    return { arn: `arn:${partition}:iam::${account}:role/${name}`, kind: 'role', name, account, vars: {} };
  }
  return { arn, kind: type as 'role' | 'group', name: rest.split('/').pop(), account, vars: {} };
}

interface Hit {
  pattern: string;
  effective: string;
  stmt: CompiledStatement;
  conditional: boolean;
}

const USER_CLASS = 'arn:aws:iam::*:user/*';
const GROUP_CLASS = 'arn:aws:iam::*:group/*';
const ROLE_CLASS = 'arn:aws:iam::*:role/*';
const POLICY_CLASS = 'arn:aws:iam::*:policy/*';

/** The evaluation context: identity statements, boundary statements and the principal. */
export class PermissionSet {
  readonly allows: CompiledStatement[] = [];
  readonly denies: CompiledStatement[] = [];
  readonly boundaryAllows: CompiledStatement[] | undefined;
  readonly unknown: string[] = [];
  readonly warnings: string[] = [];
  readonly principal: PrincipalInfo;
  /** Allowed on some resource (identity ∩ boundary, minus unconditional Deny on "*"). */
  readonly allowed: ActionSet;
  /** Allowed on every resource, counting conditional grants. */
  readonly allowedEverywhere: ActionSet;
  /** Allowed on every resource without any condition. */
  readonly allowedEverywhereUnconditionally: ActionSet;

  constructor(
    docs: PolicyDocument[],
    readonly opts: AnalyseOptions = {},
  ) {
    this.principal = parsePrincipalArn(opts.principalArn);
    const label = (i: number, st: Statement): string =>
      opts.labels?.[i] !== undefined ? `${opts.labels[i]} statement ${st.sid ? `"${st.sid}"` : st.index}` : docs.length > 1 ? `Policy ${i} statement ${st.index}` : `Statement ${st.index}`;
    const add = (doc: PolicyDocument, i: number, isBoundary: boolean, into: CompiledStatement[]): void => {
      const c = compileDocument(doc);
      const source = isBoundary ? 'Permissions boundary' : opts.labels?.[i] ?? `Policy ${i}`;
      for (const u of c.unknown) if (!this.unknown.includes(u)) this.unknown.push(u);
      for (const w of c.warnings) this.warnings.push(docs.length > 1 || isBoundary ? `${source}: ${w}` : w);
      for (const s of c.statements) {
        // Assigned, not `{ ...s, label, doc }` (lib/runtime/assign-own.ts): one per statement of every analysis.
        const full = assignOwn({}, s) as CompiledStatement;
        full.label = isBoundary ? `Permissions boundary statement ${s.stmt.index}` : label(i, s.stmt);
        full.doc = i;
        if (s.effect === 'Deny') this.denies.push(full);
        else into.push(full);
      }
    };
    docs.forEach((d, i) => add(d, i, false, this.allows));
    if (opts.boundary && opts.boundary.length > 0) {
      this.boundaryAllows = [];
      opts.boundary.forEach((d, i) => add(d, docs.length + i, true, this.boundaryAllows as CompiledStatement[]));
    }
    for (const d of this.denies) if (d.conditional) this.warnings.push(`${d.label} denies only under a Condition; it is not assumed to apply`);

    const denyAll = emptySet();
    for (const d of this.denies) if (!d.conditional && d.resources?.includes('*')) unionInto(denyAll, d.actions);
    const collect = (list: CompiledStatement[], pred: (s: CompiledStatement) => boolean): ActionSet => {
      const s = emptySet();
      for (const st of list) if (pred(st)) unionInto(s, st.actions);
      return s;
    };
    const hasResource = (s: CompiledStatement): boolean => (s.resources ? s.resources.length > 0 : true);
    this.allowed = collect(this.allows, hasResource);
    this.allowedEverywhere = collect(this.allows, (s) => s.coversAll);
    this.allowedEverywhereUnconditionally = collect(this.allows, (s) => s.coversAll && !s.conditional);
    if (this.boundaryAllows) {
      intersectInto(this.allowed, collect(this.boundaryAllows, hasResource));
      intersectInto(this.allowedEverywhere, collect(this.boundaryAllows, (s) => s.coversAll));
      intersectInto(this.allowedEverywhereUnconditionally, collect(this.boundaryAllows, (s) => s.coversAll && !s.conditional));
    }
    for (const s of [this.allowed, this.allowedEverywhere, this.allowedEverywhereUnconditionally]) subtractInto(s, denyAll);
    // A Deny on specific resources also removes an "everywhere" grant for those actions.
    for (const d of this.denies) if (!d.conditional && !d.resources?.includes('*')) {
      subtractInto(this.allowedEverywhere, d.actions);
      subtractInto(this.allowedEverywhereUnconditionally, d.actions);
    }
  }

  private sub(p: string): string {
    return substituteVariables(p, this.principal.vars);
  }

  private deniedOn(idx: number, eff: string): boolean {
    for (const d of this.denies) {
      if (d.conditional || !setHas(d.actions, idx)) continue;
      if (d.resources && d.resources.some((r) => globCovers(this.sub(r), eff))) return true;
      if (d.notResources && !d.notResources.some((r) => globsIntersect(this.sub(r), eff))) return true;
    }
    return false;
  }

  /** Boundary check: undefined = not allowed; else whether conditional. */
  private boundaryOn(idx: number, eff: string): boolean | undefined {
    if (!this.boundaryAllows) return false;
    let result: boolean | undefined;
    for (const b of this.boundaryAllows) {
      if (!setHas(b.actions, idx)) continue;
      const ok = b.resources ? b.resources.some((r) => globsIntersect(this.sub(r), eff)) : !(b.notResources ?? []).some((r) => globCovers(this.sub(r), eff));
      if (!ok) continue;
      if (!b.conditional) return false;
      result = true;
    }
    return result;
  }

  /** An unconditional explicit Deny (identity policies) applies to `action` on the resource `arn`. */
  deniesOn(action: string, arn: string): boolean {
    const idx = actionIndex(action);
    return idx >= 0 && this.deniedOn(idx, arn);
  }

  /** The permissions boundary (if any) lets `action` on `arn` through: false = blocked, 'conditional' = only under a Condition. */
  boundaryPermits(action: string, arn: string): boolean | 'conditional' {
    const idx = actionIndex(action);
    if (idx < 0) return false;
    const b = this.boundaryOn(idx, arn);
    return b === undefined ? false : b ? 'conditional' : true;
  }

  /**
   * Where `action` is allowed within the resource class `target`: the grant patterns that survive Deny and the
   * boundary. `excludeSelfVariable` drops patterns that can only name the caller (`${aws:username}`).
   */
  reach(action: string | number, target: string, excludeSelfVariable = false): Hit[] {
    const idx = typeof action === 'number' ? action : actionIndex(action);
    if (idx < 0 || !setHas(this.allowed, idx)) return [];
    const key = `${idx}|${excludeSelfVariable ? 1 : 0}|${target}`;
    const memo = this.reachMemo.get(key);
    if (memo) return memo;
    const hits = this.computeReach(idx, target, excludeSelfVariable);
    this.reachMemo.set(key, hits);
    return hits;
  }

  private readonly reachMemo = new Map<string, Hit[]>();

  private computeReach(idx: number, target: string, excludeSelfVariable: boolean): Hit[] {
    const hits: Hit[] = [];
    for (const s of this.allows) {
      if (!setHas(s.actions, idx)) continue;
      const candidates: { pattern: string; sub: string }[] = [];
      if (s.resources) {
        for (const r of s.resources) {
          if (excludeSelfVariable && /\$\{aws:username\}/i.test(r)) continue;
          candidates.push({ pattern: r, sub: this.sub(r) });
        }
      } else if (!(s.notResources ?? []).some((r) => globCovers(this.sub(r), target))) {
        candidates.push({ pattern: `NotResource ${describePatterns(s.notResources ?? [])}`, sub: target });
      }
      for (const c of candidates) {
        if (!globsIntersect(c.sub, target)) continue;
        const eff = globCovers(target, c.sub) ? c.sub : globCovers(c.sub, target) ? target : c.sub;
        if (this.deniedOn(idx, eff)) continue;
        const b = this.boundaryOn(idx, eff);
        if (b === undefined) continue;
        hits.push({ pattern: c.pattern, effective: eff, stmt: s, conditional: s.conditional || b });
      }
    }
    return hits;
  }

  /** Targets (resource classes) for a step kind; empty when the kind cannot apply to this principal. */
  targetsFor(kind: TargetKind): { targets: string[]; definite: boolean } {
    const p = this.principal;
    switch (kind) {
      case 'self-user':
        if (p.kind === 'user' && p.arn) return { targets: [p.arn], definite: true };
        if (p.kind === 'unknown') return { targets: [USER_CLASS], definite: false };
        return { targets: [], definite: false };
      case 'own-group':
        if (this.opts.groups) return { targets: this.opts.groups, definite: true };
        if (p.kind === 'user' || p.kind === 'unknown') return { targets: [GROUP_CLASS], definite: false };
        return { targets: [], definite: false };
      case 'other-user':
        return { targets: [USER_CLASS], definite: false };
      case 'group':
        return { targets: [GROUP_CLASS], definite: false };
      case 'role':
        return { targets: [ROLE_CLASS], definite: false };
      case 'policy':
        return { targets: [POLICY_CLASS], definite: false };
      default:
        return { targets: ['*'], definite: false };
    }
  }
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

const PASSROLE = 'iam:PassRole';

interface MethodResult {
  escalation: Escalation;
  /** PassRole reaches a role known to be privileged (opts.privilegedRoles). */
  passesPrivilegedRole?: boolean;
  stmts: CompiledStatement[];
  /** Whether it amounts to granting oneself anything. */
  selfGrant: boolean;
  selfGrantReason?: string;
}

function stepHits(ps: PermissionSet, anyOf: string[], kind: TargetKind): { actions: string[]; hits: Hit[] } {
  const { targets } = ps.targetsFor(kind);
  const actions: string[] = [];
  const hits: Hit[] = [];
  for (const a of anyOf) {
    const idx = actionIndex(a);
    if (idx < 0 || !setHas(ps.allowed, idx)) continue;
    let found: Hit[] = [];
    for (const t of targets) found = found.concat(ps.reach(idx, t, kind === 'other-user'));
    if (kind === 'policy') {
      // AWS managed policies cannot be versioned by a customer, nor another account's policies by this one.
      const own = ps.principal.account;
      found = found.filter((h) => !inAwsManagedPolicyNamespace(h.effective) && !(own && /^arn:aws[a-z-]*:iam::\d{12}:/.test(h.effective) && !h.effective.includes(`::${own}:`)));
    }
    if (kind === 'other-user' && ps.principal.kind === 'user' && ps.principal.arn) {
      const self = ps.principal.arn;
      found = found.filter((h) => h.effective !== self);
    }
    if (found.length) {
      actions.push(getCatalog().actions[idx].id);
      hits.push(...found);
    }
  }
  return { actions, hits };
}

/** How far a PassRole grant reaches: any role, a naming-convention family (`role/app-*`), or named roles only. */
export function passRoleBreadth(pattern: string): 'any' | 'family' | 'named' {
  if (pattern === '*') return 'any';
  const m = /:role\/(.*)$/.exec(pattern);
  if (!m) return hasWildcard(pattern) ? 'any' : 'named';
  const name = m[1];
  if (name.startsWith('*') || name.startsWith('?')) return 'any';
  return hasWildcard(name) ? 'family' : 'named';
}

interface PassHit extends Hit {
  breadth: 'any' | 'family' | 'named';
  privileged: boolean;
}

/**
 * PassRole grants that make a compute escalation possible: not limited to named roles that are not known to be privileged, and not conditioned on iam:PassedToService for other services
 * (a region-specific principal such as lambda.af-south-1.amazonaws.com is the same service: serviceBase).
 */
function passRoleHits(ps: PermissionSet, services: string[]): PassHit[] {
  const privileged = ps.opts.privilegedRoles ?? [];
  const out: PassHit[] = [];
  for (const h of ps.reach(PASSROLE, ROLE_CLASS)) {
    if (h.stmt.passedToService && !h.stmt.passedToService.some((v) => services.some((s) => passedToServiceAdmits(v, serviceBase(s))))) continue;
    const breadth = passRoleBreadth(h.effective);
    const isPrivileged = privileged.some((r) => globsIntersect(h.effective, r));
    if (breadth === 'named' && !isPrivileged) continue;
    // A Condition holding only iam:PassedToService was just evaluated: the grant is not conditional for this service.
    const conditional = h.stmt.onlyPassedToService && !(ps.boundaryAllows ?? []).some((b) => b.conditional) ? false : h.conditional;
    const hit = assignOwn({}, h) as PassHit;
    hit.conditional = conditional;
    hit.breadth = breadth;
    hit.privileged = isPrivileged;
    out.push(hit);
  }
  return out;
}

interface CompiledMethod {
  method: EscalationMethod;
  /** Per step, the catalogue indices of its alternatives (PassRole first when the method passes a role). */
  steps: number[][];
}

let compiledMethods: CompiledMethod[] | undefined;

function methodsCompiled(): CompiledMethod[] {
  compiledMethods ??= ESCALATION_METHODS.map((m) => ({
    method: m,
    steps: [...(m.passRole ? [[actionIndex(PASSROLE)]] : []), ...m.steps.map((st) => st.anyOf.map(actionIndex).filter((i) => i >= 0))],
  }));
  return compiledMethods;
}

/** Cheap pre-check: every step has at least one alternative allowed somewhere. */
function mayApply(ps: PermissionSet, cm: CompiledMethod): boolean {
  for (const step of cm.steps) {
    let ok = false;
    for (const i of step) if (setHas(ps.allowed, i)) ok = true;
    if (!ok) return false;
  }
  return true;
}

function evaluateMethod(ps: PermissionSet, m: EscalationMethod): MethodResult | undefined {
  const actions: string[] = [];
  const resources: string[] = [];
  const stmts: CompiledStatement[] = [];
  let conditional = false;
  let definiteSelf = true;
  const targetParts: string[] = [];
  let passesPrivilegedRole = false;
  let passRole: Escalation['passRole'];
  if (m.passRole) {
    const hits = passRoleHits(ps, m.passRole);
    if (hits.length === 0) return undefined;
    actions.push(PASSROLE);
    resources.push(...hits.map((h) => h.pattern));
    stmts.push(...hits.map((h) => h.stmt));
    if (hits.every((h) => h.conditional)) conditional = true;
    passesPrivilegedRole = hits.some((h) => h.privileged);
    passRole = { services: [...m.passRole], roles: uniq(hits.map((h) => h.effective)) };
    const breadth = hits.some((h) => h.breadth === 'any') ? 'any role' : hits.some((h) => h.breadth === 'family') ? 'roles named' : 'privileged roles';
    targetParts.push(
      `${breadth} ${describePatterns(uniq(hits.map((h) => h.pattern)))} passed to ${m.passRole.join(' / ')}${passesPrivilegedRole ? ' (includes a privileged role: admin-equivalent)' : ' (admin-equivalent if such a role trusting the service is privileged)'}`,
    );
  }
  for (const step of m.steps) {
    const { actions: a, hits } = stepHits(ps, step.anyOf, step.target);
    if (a.length === 0) return undefined;
    actions.push(...a);
    resources.push(...hits.map((h) => h.pattern));
    stmts.push(...hits.map((h) => h.stmt));
    if (hits.every((h) => h.conditional)) conditional = true;
    const { definite } = ps.targetsFor(step.target);
    if (step.target === 'self-user' || step.target === 'own-group') {
      // Unknown principal: a wildcard (or ${aws:username}) certainly includes whoever holds the policy.
      if (!definite && !hits.some((h) => hasWildcard(h.pattern))) definiteSelf = false;
      targetParts.push(definite ? `${step.target === 'self-user' ? 'itself' : 'its group(s)'} (${uniq(hits.map((h) => h.effective)).join(', ')})` : `${step.target === 'self-user' ? 'the user holding this policy' : 'the group(s) of the holder'} (${describePatterns(uniq(hits.map((h) => h.pattern)))})`);
    } else if (step.target !== 'any') {
      targetParts.push(`${step.target === 'other-user' ? 'users' : step.target === 'group' ? 'groups' : step.target === 'role' ? 'roles' : 'policies'} ${describePatterns(uniq(hits.map((h) => h.pattern)))}`);
    }
  }
  const selfKinds = m.steps.some((s) => s.target === 'self-user' || s.target === 'own-group');
  const selfGrant = (selfKinds && definiteSelf && ['AttachUserPolicy', 'PutUserPolicy', 'AttachGroupPolicy', 'PutGroupPolicy'].includes(m.method));
  return {
    passesPrivilegedRole,
    escalation: {
      method: m.method,
      actions: uniq(actions),
      resources: uniq(resources),
      target: `${m.reaches}${targetParts.length ? `; via ${targetParts.join('; ')}` : ''}`,
      conditional,
      ...(passRole ? { passRole } : {}),
    },
    stmts,
    selfGrant,
    selfGrantReason: selfGrant ? `${uniq(stmts.map((s) => s.label)).join(', ')} ${uniq(stmts.map((s) => s.label)).length > 1 ? 'allow' : 'allows'} ${uniq(actions).join(' + ')} on ${describePatterns(uniq(resources))}: it can grant itself any permission` : undefined,
  };
}

/** Extra self-grant powers beyond the user/group methods: own role, attached policy, PassRole + compute. */
function extraSelfGrants(ps: PermissionSet, results: MethodResult[]): { reason: string; stmts: CompiledStatement[]; conditional: boolean }[] {
  const out: { reason: string; stmts: CompiledStatement[]; conditional: boolean }[] = [];
  const p = ps.principal;
  const labels = (hs: { stmt: CompiledStatement }[]): string => uniq(hs.map((h) => h.stmt.label)).join(', ');
  // Attach/Put policy on its own role.
  const roleTargets = p.kind === 'role' && p.arn ? [p.arn] : p.kind === 'unknown' ? [ROLE_CLASS] : [];
  for (const t of roleTargets) {
    for (const a of ['iam:AttachRolePolicy', 'iam:PutRolePolicy']) {
      const hits = ps.reach(a, t).filter((h) => p.kind === 'role' || hasWildcard(h.pattern));
      if (hits.length) out.push({ reason: `${labels(hits)} ${p.kind === 'role' ? `allows ${a} on its own role ${p.arn}` : `allows ${a} on ${describePatterns(uniq(hits.map((h) => h.pattern)))}, which includes the role holding it`}: it can grant itself any permission`, stmts: hits.map((h) => h.stmt), conditional: hits.every((h) => h.conditional) });
    }
  }
  // CreatePolicyVersion on a policy attached to it.
  const attached = ps.opts.attachedPolicyArns?.filter((a) => !inAwsManagedPolicyNamespace(a));
  const policyTargets = attached ?? [POLICY_CLASS];
  for (const t of policyTargets) {
    const hits = ps.reach('iam:CreatePolicyVersion', t).filter((h) => attached !== undefined || hasWildcard(h.pattern));
    if (hits.length) {
      out.push({ reason: `${labels(hits)} allows iam:CreatePolicyVersion on ${attached ? `its attached policy ${t}` : `${describePatterns(uniq(hits.map((h) => h.pattern)))}, which includes the policies attached to it`}: it can rewrite its own permissions`, stmts: hits.map((h) => h.stmt), conditional: hits.every((h) => h.conditional) });
      break;
    }
  }
  // PassRole to a role known to be privileged + a compute service that runs code with it.
  const compute = results.find((r) => r.passesPrivilegedRole);
  if (compute) {
    out.push({ reason: `${uniq(compute.stmts.map((s) => s.label)).join(', ')} allow ${compute.escalation.actions.join(' + ')}: it can pass a privileged role to a service that runs its code (${compute.escalation.method})`, stmts: compute.stmts, conditional: compute.escalation.conditional });
  }
  return out;
}

export interface SensitiveDef {
  id: string;
  reason: string;
  /** All of these actions allowed on every resource (service wildcard semantics). */
  wholeService?: string;
  /** Any of these actions allowed on the resource class. */
  anyOf?: string[];
  target?: string;
  /** Only when allowed on the whole class (not a narrower resource). */
  onWholeClass?: boolean;
}

export const SENSITIVE: SensitiveDef[] = [
  { id: 'cloudtrail-tamper', reason: 'can stop, delete or narrow CloudTrail logging, which blinds this monitor and every audit', anyOf: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'], target: '*' },
  { id: 'kms-full', reason: 'kms:* on every key: can decrypt any data, change key policies and schedule key deletion', wholeService: 'kms' },
  { id: 'sts-assume-any-role', reason: 'sts:AssumeRole on every role: can become any role whose trust policy allows the account', anyOf: ['sts:AssumeRole'], target: ROLE_CLASS, onWholeClass: true },
  { id: 'marketplace-subscribe', reason: 'aws-marketplace:Subscribe on "*": can buy Marketplace subscriptions billed to the account', anyOf: ['aws-marketplace:Subscribe'], target: '*', onWholeClass: true },
  { id: 'iam-full', reason: 'iam:* on every resource: can create users, keys and policies, i.e. grant anything', wholeService: 'iam' },
];

function sensitiveGrants(ps: PermissionSet): { grant: SensitiveGrant; stmts: CompiledStatement[] }[] {
  const out: { grant: SensitiveGrant; stmts: CompiledStatement[] }[] = [];
  for (const d of SENSITIVE) {
    if (d.wholeService) {
      if (!hasWholeService(ps.allowedEverywhere, d.wholeService)) continue;
      const info = services().find((x) => x.name === d.wholeService) as ServiceInfo;
      const stmts = ps.allows.filter((s) => s.coversAll && setHas(s.actions, info.writeIndex));
      out.push({ grant: { id: d.id, actions: [`${d.wholeService}:*`], resources: ['*'], reason: d.reason, conditional: !hasWholeService(ps.allowedEverywhereUnconditionally, d.wholeService) }, stmts });
      continue;
    }
    const actions: string[] = [];
    const hits: Hit[] = [];
    for (const a of d.anyOf ?? []) {
      let hs = ps.reach(a, d.target ?? '*');
      if (d.onWholeClass) hs = hs.filter((h) => globCovers(h.effective, d.target ?? '*'));
      if (hs.length) {
        actions.push(a);
        hits.push(...hs);
      }
    }
    if (actions.length) out.push({ grant: { id: d.id, actions, resources: uniq(hits.map((h) => h.pattern)), reason: d.reason, conditional: hits.every((h) => h.conditional) }, stmts: hits.map((h) => h.stmt) });
  }
  return out;
}

/** Share of the catalogue that must be allowed everywhere for a grant to count as "everything". */
const ADMIN_SHARE = 0.99;

function directAdmin(ps: PermissionSet): { admin: boolean; conditional: boolean; reasons: string[]; stmts: CompiledStatement[] } {
  const c = getCatalog();
  const iamRange = c.serviceRanges.get('iam');
  const check = (s: ActionSet): boolean => {
    if (setSize(s) < ADMIN_SHARE * c.actions.length) return false;
    if (iamRange) for (let i = iamRange.start; i < iamRange.end; i++) if (c.actions[i].level === 'Permissions management' && !setHas(s, i)) return false;
    return true;
  };
  if (!check(ps.allowedEverywhere)) return { admin: false, conditional: false, reasons: [], stmts: [] };
  const conditional = !check(ps.allowedEverywhereUnconditionally);
  const stmts = ps.allows.filter((s) => s.coversAll && setSize(s.actions) >= 0.5 * c.actions.length);
  const reasons = stmts.map((s) => {
    const what = s.stmt.action ? `allows ${describePatterns(s.stmt.action)}` : `allows every action except ${describePatterns(s.stmt.notAction ?? [])} (NotAction)`;
    const where = s.resources ? `on ${describePatterns(s.resources)}` : `on every resource except ${describePatterns(s.notResources ?? [])} (NotResource)`;
    return `${s.label} ${what} ${where}${s.conditional ? ' under a Condition' : ''}`;
  });
  if (reasons.length === 0) reasons.push('The statements together allow every action on every resource');
  return { admin: true, conditional, reasons, stmts };
}

interface ServiceInfo {
  name: string;
  start: number;
  end: number;
  /** Has a Write / Permissions management / Tagging action: a service whose actions are all List/Read is not "full access" when fully granted (pricing:*, ReadOnlyAccess's *:Get*). */
  hasWrites: boolean;
  /** Index of its first non-read action (-1 if none): a statement granting it is one that makes the service "full". */
  writeIndex: number;
}

let serviceInfos: ServiceInfo[] | undefined;

function services(): ServiceInfo[] {
  if (!serviceInfos) {
    const c = getCatalog();
    serviceInfos = c.services.map((name) => {
      const r = c.serviceRanges.get(name) as { start: number; end: number };
      let writeIndex = -1;
      for (let i = r.start; i < r.end && writeIndex < 0; i++) if (c.actions[i].level !== 'List' && c.actions[i].level !== 'Read') writeIndex = i;
      return { name, start: r.start, end: r.end, hasWrites: writeIndex >= 0, writeIndex };
    });
  }
  return serviceInfos;
}

function wholeRange(set: ActionSet, start: number, end: number): boolean {
  if (end <= start) return false;
  let i = start;
  while (i < end) {
    if ((i & 31) === 0 && i + 32 <= end) {
      if (set[i >>> 5] !== 0xffffffff) return false;
      i += 32;
    } else {
      if (!setHas(set, i)) return false;
      i++;
    }
  }
  return true;
}

function servicesSummary(allowed: ActionSet): Record<string, Partial<Record<AccessLevel, string[]>>> {
  const c = getCatalog();
  const out: Record<string, Partial<Record<AccessLevel, string[]>>> = {};
  forEachMember(allowed, (i) => {
    const a = c.actions[i];
    const svc = (out[a.service] ??= {});
    (svc[a.level] ??= []).push(a.id);
  });
  // keep a stable level order
  for (const s of Object.keys(out)) {
    const ordered: Partial<Record<AccessLevel, string[]>> = {};
    for (const l of ACCESS_LEVELS) if (out[s][l]) ordered[l] = out[s][l];
    out[s] = ordered;
  }
  return out;
}

export interface DetailedAnalysis extends PolicyAnalysis {
  /** Finding key ('admin', 'escalation:<method>', 'sensitive:<id>', 'full-access:<service>') → statement labels. */
  statementsFor: Record<string, CompiledStatement[]>;
}

export function analyseDetailed(docs: PolicyDocument[], opts: AnalyseOptions = {}): DetailedAnalysis {
  const ps = new PermissionSet(docs, opts);
  const statementsFor: Record<string, CompiledStatement[]> = {};
  const results: MethodResult[] = [];
  for (const cm of methodsCompiled()) {
    if (!mayApply(ps, cm)) continue;
    const m = cm.method;
    const r = evaluateMethod(ps, m);
    if (r) {
      results.push(r);
      statementsFor[`escalation:${m.method}`] = uniq(r.stmts);
    }
  }
  const direct = directAdmin(ps);
  const adminReasons = [...direct.reasons];
  const adminStmts = [...direct.stmts];
  let adminConditional = direct.admin ? direct.conditional : true;
  let admin = direct.admin;
  if (!direct.admin || direct.conditional) {
    const selfGrants = results.filter((r) => r.selfGrant).map((r) => ({ reason: r.selfGrantReason as string, stmts: r.stmts, conditional: r.escalation.conditional }));
    selfGrants.push(...extraSelfGrants(ps, results));
    for (const g of selfGrants) {
      admin = true;
      adminReasons.push(g.reason);
      adminStmts.push(...g.stmts);
      if (!g.conditional) adminConditional = false;
    }
  }
  if (admin) statementsFor.admin = uniq(adminStmts);
  const sens = sensitiveGrants(ps);
  for (const s of sens) statementsFor[`sensitive:${s.grant.id}`] = uniq(s.stmts);
  const fullAccessServices: string[] = [];
  const everywhere = ps.allowedEverywhere;
  const broad = ps.allows.filter((st) => st.coversAll);
  const byMask = new Map<string, CompiledStatement[]>(); // services granted by the same statements share one list
  for (const svc of services()) {
    if (!svc.hasWrites || !setHas(everywhere, svc.start) || !wholeRange(everywhere, svc.start, svc.end)) continue;
    fullAccessServices.push(svc.name);
    let mask = '';
    for (const st of broad) mask += setHas(st.actions, svc.writeIndex) ? '1' : '0';
    let list = byMask.get(mask);
    if (!list) {
      list = broad.filter((st) => setHas(st.actions, svc.writeIndex));
      byMask.set(mask, list);
    }
    statementsFor[`full-access:${svc.name}`] = list;
  }
  const escalations = results.map((r) => r.escalation);
  const risky = [...escalations.map((e) => e.conditional), ...sens.map((s) => s.grant.conditional)];
  const conditional = admin ? adminConditional : risky.length > 0 && risky.every(Boolean);
  const result: DetailedAnalysis = {
    adminEquivalent: admin,
    adminReasons,
    fullAccessServices,
    escalations,
    sensitive: sens.map((s) => s.grant),
    unknownActions: ps.unknown,
    conditional,
    services: {},
    warnings: ps.warnings,
    statementsFor,
  };
  defineLazyServices(result, ps.allowed);
  return result;
}

/**
 * `services` lists every allowed action (22,000 for "*"), so it is built on first read: an enumerable getter that
 * replaces itself with the value (JSON.stringify, spreading and equality checks see a plain property).
 */
function defineLazyServices(target: PolicyAnalysis, allowed: ActionSet): void {
  Object.defineProperty(target, 'services', {
    enumerable: true,
    configurable: true,
    get(this: PolicyAnalysis) {
      const value = servicesSummary(allowed);
      Object.defineProperty(this, 'services', { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(this: PolicyAnalysis, value: Record<string, Partial<Record<AccessLevel, string[]>>>) {
      Object.defineProperty(this, 'services', { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

export function analysePolicies(docs: PolicyDocument[], opts: AnalyseOptions = {}): PolicyAnalysis {
  const detailed: Partial<DetailedAnalysis> = analyseDetailed(docs, opts);
  delete detailed.statementsFor;
  return detailed as PolicyAnalysis;
}

/** The set of actions allowed on some resource (for property tests and least-privilege suggestions). */
export function allowedActions(docs: PolicyDocument[], opts: AnalyseOptions = {}): ActionSet {
  return new PermissionSet(docs, opts).allowed;
}

