/**
 * What each user and role effectively holds: its own inline and attached policies plus those of its groups, with the
 * default version of every managed policy, and its permissions boundary. AWS-managed documents come from the
 * snapshot's Policies list (GetAccountAuthorizationDetails includes every attached one), else lib/policy's bundled
 * table; a policy whose document is
 * unknown is reported as `unresolved` so findings can say what could not be checked.
 */
import type { AccountModel, AttachedPolicy, GroupDetail, InlinePolicy, ManagedPolicy, RoleDetail } from '../account/model';
import type { Config } from '../config/types';
import { analyseTrust, type TrustAnalysis } from '../policy/trust';
import type { PolicyDocument } from '../policy/document';
import { awsManagedPolicyDocument } from '../policy/managed';
import { analyseDetailed, analysePolicies, compileDocument, type PolicyAnalysis } from '../policy/analyse';
import { pruneDocument, type StaticContext } from '../policy/conditions';
import { buildPrivilegeGraph, type GraphSource, type PrivilegeGraph } from '../policy/graph';
import { type ActionSet, emptySet, getCatalog, matchActionPattern, setAdd, unionInto } from '../policy/catalog';
import { ESCALATION_METHODS } from '../policy/escalation-methods';
import { BudgetExceededError, withBudget } from '../policy/budget';
import { isAwsManagedPrincipal } from './common';

export function policyIndex(account: AccountModel): Map<string, ManagedPolicy> {
  return new Map(account.policies.map((p) => [p.Arn, p]));
}

/**
 * Default-version document of a managed policy: the snapshot's Policies list first (what the account really has),
 * then lib/policy's bundled table of AWS managed policies.
 */
export function managedDocument(index: Map<string, ManagedPolicy>, arn: string): PolicyDocument | undefined {
  const p = index.get(arn);
  if (p?.defaultDocument && p.defaultDocument.statements.length > 0) return p.defaultDocument;
  return awsManagedPolicyDocument(arn) ?? p?.defaultDocument;
}


export interface PolicySource {
  /** e.g. `inline policy deploy of user alice`, `managed policy arn:…`, `… via group Admins`. */
  label: string;
  document: PolicyDocument;
  /** Where it comes from: the principal itself or one of its groups. */
  via: 'self' | 'group';
  managedArn?: string;
}

export interface PrincipalPolicies {
  kind: 'user' | 'role';
  name: string;
  arn: string;
  path?: string;
  sources: PolicySource[];
  groups: string[];
  attachedPolicyArns: string[];
  boundary?: PolicyDocument[];
  /** Attached policies (or the boundary) whose document is not known. */
  unresolved: string[];
}

function collect(
  index: Map<string, ManagedPolicy>,
  owner: string,
  via: 'self' | 'group',
  inline: InlinePolicy[],
  attached: AttachedPolicy[],
  out: PrincipalPolicies,
): void {
  for (const p of inline) out.sources.push({ label: `inline policy ${p.PolicyName} of ${owner}`, document: p.document, via });
  for (const a of attached) {
    out.attachedPolicyArns.push(a.PolicyArn);
    const doc = managedDocument(index, a.PolicyArn);
    if (doc) out.sources.push({ label: `managed policy ${a.PolicyArn}${via === 'group' ? ` (via ${owner})` : ''}`, document: doc, via, managedArn: a.PolicyArn });
    else out.unresolved.push(a.PolicyArn);
  }
}

/** Effective policy sources of every user and role of the account. */
export function principalPolicies(account: AccountModel): PrincipalPolicies[] {
  const index = policyIndex(account);
  const groups = new Map<string, GroupDetail>(account.groups.map((g) => [g.GroupName, g]));
  const boundary = (arn: string | undefined, out: PrincipalPolicies) => {
    if (!arn) return;
    const doc = managedDocument(index, arn);
    if (doc) out.boundary = [doc];
    else out.unresolved.push(`${arn} (permissions boundary)`);
  };
  const result: PrincipalPolicies[] = [];
  for (const u of account.users) {
    const out: PrincipalPolicies = { kind: 'user', name: u.UserName, arn: u.Arn, path: u.Path, sources: [], groups: [], attachedPolicyArns: [], unresolved: [] };
    collect(index, `user ${u.UserName}`, 'self', u.UserPolicyList, u.AttachedManagedPolicies, out);
    for (const gName of u.GroupList) {
      const g = groups.get(gName);
      if (!g) {
        out.unresolved.push(`group ${gName} (not in the authorization details)`);
        continue;
      }
      out.groups.push(g.Arn);
      collect(index, `group ${g.GroupName}`, 'group', g.GroupPolicyList, g.AttachedManagedPolicies, out);
    }
    boundary(u.PermissionsBoundary?.PermissionsBoundaryArn, out);
    result.push(out);
  }
  for (const r of account.roles) {
    const out: PrincipalPolicies = { kind: 'role', name: r.RoleName, arn: r.Arn, path: r.Path, sources: [], groups: [], attachedPolicyArns: [], unresolved: [] };
    collect(index, `role ${r.RoleName}`, 'self', r.RolePolicyList, r.AttachedManagedPolicies, out);
    boundary(r.PermissionsBoundary?.PermissionsBoundaryArn, out);
    result.push(out);
  }
  return result;
}

/** ARNs of policies used as a permissions boundary somewhere in the account. */
export function boundaryPolicyArns(account: AccountModel): Set<string> {
  const s = new Set<string>();
  for (const e of [...account.users, ...account.roles]) if (e.PermissionsBoundary?.PermissionsBoundaryArn) s.add(e.PermissionsBoundary.PermissionsBoundaryArn);
  return s;
}


/** Roles whose trust is judged (not AWS-managed or allow-listed, with a trust policy) and their trust analysis. */
export function trustedRoles(account: AccountModel, config: Config): { role: RoleDetail; trust: TrustAnalysis }[] {
  return account.roles
    .filter((r) => r.AssumeRolePolicyDocument && !isAwsManagedPrincipal(r.Arn, r.Path, config))
    .map((role) => ({ role, trust: analyseTrust(role.AssumeRolePolicyDocument as PolicyDocument, account.accountId, { trustedAccounts: config.trustedAccounts }) }));
}

/**
 * Cheap necessary condition for admin or escalation, on the union of what the principal's documents allow (ignoring
 * Deny, boundary and resources, so it never rules out a real case): some IAM write / permissions-management action,
 * or every step of one of lib/policy's escalation methods (with iam:PassRole when the method passes a role).
 */
/** A sparse action set: [word index, bit mask] pairs of the non-empty words (escalation steps name few actions). */
type Sparse = [number, number][];
function sparse(set: ActionSet): Sparse {
  const out: Sparse = [];
  for (let w = 0; w < set.length; w++) if (set[w] !== 0) out.push([w, set[w]]);
  return out;
}
function meets(u: ActionSet, s: Sparse): boolean {
  for (const [w, m] of s) if ((u[w] & m) !== 0) return true;
  return false;
}

interface Triggers {
  iamWrite: Sparse;
  methods: Sparse[][];
}
let triggers: Triggers | undefined;
function triggerSets(): Triggers {
  if (triggers) return triggers;
  const of = (patterns: string[]) => {
    const t = emptySet();
    for (const p of patterns) unionInto(t, matchActionPattern(p).set);
    return sparse(t);
  };
  const iamWrite = emptySet();
  const c = getCatalog();
  const r = c.serviceRanges.get('iam');
  if (r) for (let i = r.start; i < r.end; i++) if (c.actions[i].level === 'Write' || c.actions[i].level === 'Permissions management') setAdd(iamWrite, i);
  // PassRole first: most methods need it and most principals lack it, so the check usually ends at one word.
  const methods = ESCALATION_METHODS.map((m) => [...(m.passRole ? [of(['iam:PassRole'])] : []), ...m.steps.map((st) => of(st.anyOf))]);
  triggers = { iamWrite: sparse(iamWrite), methods };
  return triggers;
}

const allowedCache = new WeakMap<PolicyDocument, ActionSet>();
/** Union of the actions the document's Allow statements name (Deny and resources ignored: an over-approximation). */
function allowedBy(doc: PolicyDocument): ActionSet {
  let v = allowedCache.get(doc);
  if (!v) {
    v = emptySet();
    for (const st of compileDocument(doc).statements) if (st.effect === 'Allow') unionInto(v, st.actions);
    allowedCache.set(doc, v);
  }
  return v;
}

const mayCache = new Map<string, boolean>();
function mayEscalate(docs: PolicyDocument[]): boolean {
  if (docs.length === 0) return false;
  const key = docs.map(docId).sort((a, b) => a - b).join(',');
  let v = mayCache.get(key);
  if (v === undefined) {
    v = mayEscalateUncached(docs);
    if (mayCache.size > 50_000) mayCache.clear();
    mayCache.set(key, v);
  }
  return v;
}

function mayEscalateUncached(docs: PolicyDocument[]): boolean {
  const u = emptySet();
  for (const d of docs) unionInto(u, allowedBy(d));
  const t = triggerSets();
  if (meets(u, t.iamWrite)) return true;
  return t.methods.some((steps) => steps.every((st) => meets(u, st)));
}

/** The parts of lib/policy's PolicyAnalysis the posture rules use. */
export type PrincipalVerdict = Pick<PolicyAnalysis, 'adminEquivalent' | 'adminReasons' | 'conditional' | 'escalations'> & {
  /** Indexes (into the principal's sources) of the policies that make it admin on its own. */
  adminSources?: number[];
};

/**
 * Fast path: an unconditional Allow of "*" on "*" with no Deny statement anywhere and no permissions boundary is
 * admin, whatever else the documents say (lib/policy would reach the same verdict, more slowly).
 */
function plainAdmin(p: PrincipalPolicies, sources: PolicySource[]): PrincipalVerdict | undefined {
  if (p.boundary) return undefined;
  if (sources.some((s) => s.document.statements.some((st) => st.effect === 'Deny'))) return undefined;
  for (const [i, s] of sources.entries()) {
    const st = s.document.statements.find((x) => x.effect === 'Allow' && !x.condition && x.action?.includes('*') && x.resource?.includes('*'));
    if (st) return { adminEquivalent: true, adminReasons: [`${s.label} statement ${st.sid ? `"${st.sid}"` : st.index} allows "*" on "*"`], conditional: false, escalations: [], adminSources: [i] };
  }
  return undefined;
}

export interface PrincipalAnalysis {
  policies: PrincipalPolicies;
  /** The verdict, or undefined when no combination of the principal's policies can make it admin or let it escalate. */
  analysis?: PrincipalVerdict;
  /** Analysis of the principal's own (non-group) policies, when it is admin only with its groups' policies counted. */
  ownAdmin?: boolean;
  /**
   * Why this principal could not be analysed (its documents took longer than PRINCIPAL_BUDGET_MS, or the analysis
   * failed): one bad principal is reported on its own and never stops the sweep of the others.
   */
  error?: string;
}

/** Time budget for the effective-permission analysis of one principal (a real one takes milliseconds). */
export const PRINCIPAL_BUDGET_MS = 5000;

class PrincipalAnalysisError extends Error {}

function errorText(err: unknown): string {
  try {
    return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);
  } catch {
    return 'unprintable error';
  }
}

const docIds = new WeakMap<PolicyDocument, number>();
let nextDocId = 1;
function docId(d: PolicyDocument): number {
  let id = docIds.get(d);
  if (id === undefined) {
    id = nextDocId++;
    docIds.set(d, id);
  }
  return id;
}

/** A document whose meaning depends on who holds it: ${…} variables, or user ARNs other than `user/*`. */
function principalDependent(d: PolicyDocument): boolean {
  return d.statements.some((st) =>
    [...(st.resource ?? []), ...(st.notResource ?? [])].some((r) => r.includes('${') || (/:user\//.test(r) && !/:user\/\*$/.test(r))),
  );
}

const analysesCache = new WeakMap<AccountModel, Map<string, PrincipalAnalysis>>();

/**
 * Effective-permission analysis of every user and role on its own (lib/policy's analysis of own + groups' policies,
 * boundary, groups, attached policy ARNs); paths through other principals are the privilege graph's (accountGraph).
 * Computed once per account model and shared by admin-access and privilege-escalation; principals whose policies
 * allow none of the trigger actions are not analysed in full.
 */
export function principalAnalyses(account: AccountModel): Map<string, PrincipalAnalysis> {
  const cached = analysesCache.get(account);
  if (cached) return cached;
  const failed = new Map<string, string>();
  // Conditions decidable at the snapshot's time (past date windows, …) are decided before the analysis.
  const ctx = staticContext(account);
  // Each principal's analysis is isolated: a time budget and a catch, so a pathological document becomes an error
  // on its holder (PrincipalAnalysis.error) and the others are still judged.
  const run = (p: PrincipalPolicies, sources: PolicySource[]): PrincipalVerdict => {
    const known = failed.get(p.arn);
    if (known !== undefined) throw new PrincipalAnalysisError(known);
    try {
      return withBudget(PRINCIPAL_BUDGET_MS, (): PrincipalVerdict => {
        const plain = plainAdmin(p, sources);
        if (plain) return plain;
        const d = analyseDetailed(
          sources.map((s) => pruneDocument(s.document, ctx)),
          { boundary: p.boundary?.map((b) => pruneDocument(b, ctx)), principalArn: p.arn, labels: sources.map((s) => s.label), groups: p.groups, attachedPolicyArns: p.attachedPolicyArns },
        );
        return { adminEquivalent: d.adminEquivalent, adminReasons: d.adminReasons, conditional: d.conditional, escalations: d.escalations, adminSources: [...new Set((d.statementsFor.admin ?? []).map((st) => st.doc).filter((i) => i < sources.length))] };
      });
    } catch (err) {
      const why = err instanceof BudgetExceededError ? `its policies could not be analysed within ${PRINCIPAL_BUDGET_MS} ms` : `its analysis failed (${errorText(err)})`;
      failed.set(p.arn, why);
      throw new PrincipalAnalysisError(why);
    }
  };
  const all = principalPolicies(account);
  const candidates = all.filter((p) => mayEscalate(p.sources.map((s) => s.document)));
  const out = new Map<string, PrincipalAnalysis>();
  for (const p of all) out.set(p.arn, { policies: p });
  // Users with the same policy documents, boundary and groups (e.g. members of one group with nothing of their own)
  // get the same analysis, unless a document names specific users or uses ${…} variables.
  const shared = new Map<string, { analysis: PrincipalVerdict; ownAdmin?: boolean }>();
  for (const p of candidates) {
    const docs = [...p.sources.map((s) => s.document), ...(p.boundary ?? [])];
    const sig = p.kind === 'user' ? `${docs.map(docId).join(',')}|${p.groups.join(',')}|${p.attachedPolicyArns.join(',')}${docs.some(principalDependent) ? `|${p.arn}` : ''}` : undefined;
    const hit = sig ? shared.get(sig) : undefined;
    if (hit) {
      out.set(p.arn, { policies: p, ...hit });
      continue;
    }
    let analysis: PrincipalVerdict;
    try {
      analysis = run(p, p.sources);
    } catch (err) {
      out.set(p.arn, { policies: p, error: errorText(err) });
      continue;
    }
    const entry: PrincipalAnalysis = { policies: p, analysis };
    if (analysis.adminEquivalent) {
      const own = p.sources.filter((s) => s.via === 'self');
      try {
        entry.ownAdmin = own.length === p.sources.length ? true : mayEscalate(own.map((s) => s.document)) ? run(p, own).adminEquivalent : false;
      } catch {
        // Admin with its groups counted is known; whether its own policies alone make it admin is not: say "not alone".
        entry.ownAdmin = false;
      }
    }
    out.set(p.arn, entry);
    if (sig) shared.set(sig, { analysis, ownAdmin: entry.ownAdmin });
  }
  analysesCache.set(account, out);
  return out;
}

/** Principals whose analysis failed, with the reason (for the sweep's per-item errors); only if already analysed. */
export function principalAnalysisErrors(account: AccountModel): { arn: string; error: string }[] {
  const cached = analysesCache.get(account);
  if (!cached) return [];
  return [...cached.values()].filter((a) => a.error !== undefined).map((a) => ({ arn: a.policies.arn, error: a.error as string }));
}

const docAdminCache = new WeakMap<PolicyDocument, boolean>();
/** Is this one document admin-equivalent on its own? Cached per document object. */
export function documentIsAdmin(doc: PolicyDocument): boolean {
  let v = docAdminCache.get(doc);
  if (v === undefined) {
    v = mayEscalate([doc]) && analysePolicies([doc]).adminEquivalent;
    docAdminCache.set(doc, v);
  }
  return v;
}

/** The static-condition context of a snapshot: its time and account. */
export function staticContext(account: AccountModel): StaticContext {
  const t = Date.parse(account.takenAt);
  return { now: Number.isNaN(t) ? new Date() : new Date(t), accountId: account.accountId };
}

const graphCache = new WeakMap<AccountModel, PrivilegeGraph>();

/**
 * The account's privilege graph (lib/policy/graph.ts), built on principalAnalyses' own-policy verdicts. AWS-managed
 * and allow-listed roles are nodes (they can be reached) whose trust and policies the account cannot rewrite when
 * service-linked or Identity Center.
 */
export function accountGraph(account: AccountModel): PrivilegeGraph {
  const cached = graphCache.get(account);
  if (cached) return cached;
  const analyses = principalAnalyses(account);
  const roles = new Map(account.roles.map((r) => [r.Arn, r]));
  const groupArn = new Map(account.groups.map((g) => [g.GroupName, g.Arn]));
  const toSource = (p: PrincipalPolicies, s: PolicySource): GraphSource => {
    if (s.managedArn) return { label: s.label, document: s.document, managedArn: s.managedArn };
    const m = /^inline policy (.+) of (user|group|role) (.+)$/.exec(s.label);
    const holder = m ? (m[2] === 'group' ? groupArn.get(m[3]) : m[2] === p.kind && m[3] === p.name ? p.arn : undefined) : undefined;
    return { label: s.label, document: s.document, inline: m && holder ? { holder, name: m[1] } : undefined };
  };
  const index = policyIndex(account);
  const g = buildPrivilegeGraph({
    accountId: account.accountId,
    now: staticContext(account).now,
    principals: [...analyses.values()].map(({ policies: p, analysis: a }) => {
      const role = p.kind === 'role' ? roles.get(p.arn) : undefined;
      return {
        arn: p.arn,
        kind: p.kind,
        name: p.name,
        sources: p.sources.map((s) => toSource(p, s)),
        boundary: p.boundary,
        groups: p.groups,
        attachedPolicyArns: p.attachedPolicyArns,
        trust: role?.AssumeRolePolicyDocument,
        protected: role ? /^\/aws-service-role\/|^\/aws-reserved\//.test(role.Path ?? '') : undefined,
        base: { admin: a?.adminEquivalent ?? false, conditional: a?.conditional ?? false, reasons: a?.adminReasons ?? [], sources: a?.adminSources ?? [] },
      };
    }),
    groups: account.groups.map((gr) => {
      const sources: GraphSource[] = gr.GroupPolicyList.map((ip) => ({ label: `inline policy ${ip.PolicyName} of group ${gr.GroupName}`, document: ip.document, inline: { holder: gr.Arn, name: ip.PolicyName } }));
      for (const ap of gr.AttachedManagedPolicies) {
        const d = managedDocument(index, ap.PolicyArn);
        if (d) sources.push({ label: `managed policy ${ap.PolicyArn} (via group ${gr.GroupName})`, document: d, managedArn: ap.PolicyArn });
      }
      return { arn: gr.Arn, name: gr.GroupName, sources, members: account.users.filter((u) => u.GroupList.includes(gr.GroupName)).map((u) => u.Arn) };
    }),
  });
  graphCache.set(account, g);
  return g;
}

export interface PathPolicy {
  /** The finding's resource: the customer-managed policy ARN, or the group holding the inline policy. */
  resource: string;
  /** `customer-managed policy x` or `inline policy x of group y`. */
  label: string;
  /** Principals whose first path step this policy grants, with the path. */
  opens: { arn: string; pathText: string; admin: boolean; conditional: boolean }[];
}

const pathPolicyCache = new WeakMap<AccountModel, { policies: Map<string, PathPolicy>; byPrincipal: Map<string, string[]> }>();

/**
 * The customer-managed policies (and group inline policies) that grant the first step of a principal's path to
 * admin or to more permissions: one fix for every principal it opens a path for. AWS managed policies are not
 * customer-fixable this way, and a user's or role's own inline policy is fixed on the principal's finding itself.
 */
export function pathPolicies(account: AccountModel): { policies: Map<string, PathPolicy>; byPrincipal: Map<string, string[]> } {
  const cached = pathPolicyCache.get(account);
  if (cached) return cached;
  const graph = accountGraph(account);
  const customer = new RegExp(`^arn:aws[a-z-]*:iam::${account.accountId}:policy/`);
  const policies = new Map<string, PathPolicy>();
  const byPrincipal = new Map<string, string[]>();
  for (const p of principalAnalyses(account).values()) {
    const v = graph.verdict(p.policies.arn);
    const path = v?.admin && !v.base ? { steps: v.path, text: v.pathText, admin: true, conditional: v.conditional } : undefined;
    const esc = path ? undefined : graph.escalation(p.policies.arn);
    const chosen = path ?? (esc ? { steps: esc.path, text: esc.pathText, admin: false, conditional: esc.conditional } : undefined);
    const first = chosen?.steps[0];
    if (!chosen || !first?.grants) continue;
    for (const g of first.grants) {
      let resource: string | undefined;
      let label = '';
      if (g.managedArn && customer.test(g.managedArn)) {
        resource = g.managedArn;
        label = `customer-managed policy ${g.managedArn.split('/').pop() ?? g.managedArn}`;
      } else if (g.inline && /:group\//.test(g.inline.holder)) {
        resource = g.inline.holder;
        label = `inline policy ${g.inline.name} of group ${g.inline.holder.split('/').pop() ?? ''}`;
      }
      if (!resource) continue;
      const entry = policies.get(resource) ?? { resource, label, opens: [] };
      entry.opens.push({ arn: p.policies.arn, pathText: chosen.text, admin: chosen.admin, conditional: chosen.conditional });
      policies.set(resource, entry);
      const list = byPrincipal.get(p.policies.arn) ?? [];
      if (!list.includes(resource)) list.push(resource);
      byPrincipal.set(p.policies.arn, list);
    }
  }
  const out = { policies, byPrincipal };
  pathPolicyCache.set(account, out);
  return out;
}
