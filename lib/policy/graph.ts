/**
 * Privilege graph of one account (PMapper's model): nodes are the IAM users and roles; an edge X → Y says X can act
 * as Y. Edge kinds:
 *   - `assume-role`: sts:AssumeRole allowed by X's identity policies on Y and Y's trust admitting X's account root,
 *     `*` or X itself; a same-account trust naming X's ARN is enough on its own (only an explicit Deny stops it).
 *   - `pass-role`: iam:PassRole on Y (iam:PassedToService respected) + a compute method (lambda:CreateFunction, …)
 *     whose service Y's trust admits.
 *   - `existing-resource`: code changes to an existing compute resource (lambda:UpdateFunctionCode, ssm:SendCommand,
 *     …) of a service Y's trust admits: conditional (only if such a resource runs with Y).
 *   - `update-trust`: iam:UpdateAssumeRolePolicy on Y (rewrite the trust to name X, then assume it).
 *   - `credentials`: iam:CreateAccessKey / CreateLoginProfile / UpdateLoginProfile on another user Y.
 * Beside edges, X may *rewrite* the permissions of T (Put/Attach User/Role/Group policy, CreatePolicyVersion /
 * SetDefaultPolicyVersion on a customer policy of this account attached to T; never AWS managed or other accounts'
 * policies): that makes X admin when X can reach T. And a user allowed iam:AddUserToGroup on an admin group is admin.
 *
 * A node is admin-equivalent when a path reaches an admin node (its own policies admin, or able to grant itself
 * anything). The least fixpoint is computed by reverse breadth-first search from the admin nodes (unconditional
 * edges first, then all), plus a forward search from each principal holding a rewrite power; no verdict rests on
 * itself. Resource, explicit Deny and permissions boundaries come from lib/policy/analyse's PermissionSet; statically
 * decidable conditions (dates, organization, principal ARN in trust) are decided (lib/policy/conditions.ts).
 */
import { analyseDetailed, PermissionSet } from './analyse';

type Hit = ReturnType<PermissionSet['reach']>[number];
import { actionIndex, emptySet, isSubset, setHas, unionInto, type ActionSet } from './catalog';
import type { PolicyDocument } from './document';
import { ESCALATION_METHODS } from './escalation-methods';
import { pruneDocument, type StaticContext } from './conditions';
import { trustAdmitsPrincipal, trustAdmitsService, trustAdmitsAnyone, trustNamedArns, trustNamesAccount, trustedServices, serviceBase, passedToServiceAdmits, type Admission } from './trust-admits';

export type EdgeKind = 'assume-role' | 'pass-role' | 'existing-resource' | 'update-trust' | 'credentials';
export const EDGE_KINDS: EdgeKind[] = ['assume-role', 'pass-role', 'existing-resource', 'update-trust', 'credentials'];

export interface GraphSource {
  /** e.g. `managed policy arn:…`, `inline policy x of user alice`. */
  label: string;
  document: PolicyDocument;
  managedArn?: string;
  /** Inline policy: its holder's ARN (user, group or role) and name. */
  inline?: { holder: string; name: string };
}

export interface GraphPrincipalInput {
  arn: string;
  kind: 'user' | 'role';
  name: string;
  /** Identity policies (own and groups'), default versions. */
  sources: GraphSource[];
  boundary?: PolicyDocument[];
  /** ARNs of its groups. */
  groups: string[];
  /** Managed policies attached to it or its groups. */
  attachedPolicyArns: string[];
  trust?: PolicyDocument;
  /** Service-linked / Identity Center roles: their trust and policies cannot be changed by the account. */
  protected?: boolean;
  /** Its own verdict when already known (else computed): admin on its own policies, with the source indexes that make it so. */
  base?: { admin: boolean; conditional: boolean; reasons: string[]; sources: number[] };
}

export interface GraphGroupInput {
  arn: string;
  name: string;
  sources: GraphSource[];
  /** ARNs of member users. */
  members: string[];
}

export interface GraphInput {
  accountId: string;
  /** The evaluation time and the organization (when known) for static conditions. */
  now: Date;
  orgId?: string;
  principals: GraphPrincipalInput[];
  groups?: GraphGroupInput[];
}

export interface GraphEdge {
  from: number;
  to: number;
  kind: EdgeKind;
  /** The actions the step uses (e.g. iam:PassRole + lambda:CreateFunction). */
  actions: string[];
  method?: string;
  conditional: boolean;
  /** Undecided conditions (trust or identity) and notes. */
  conditions: string[];
  /** Indexes (into the from-node's sources) of the policies granting the step; empty when the trust alone grants it. */
  sources: number[];
}

interface Rewrite {
  from: number;
  to: number;
  action: string;
  /** What is rewritten: the target's ARN, a group ARN or a customer policy ARN. */
  resource: string;
  conditional: boolean;
  conditions: string[];
  sources: number[];
}

export interface PathStep {
  from: string;
  /** The principal reached (undefined for the final grant-yourself step). */
  to?: string;
  kind: EdgeKind | 'policy-rewrite' | 'add-to-group';
  actions: string[];
  method?: string;
  /** Resource of a rewrite step (policy, group or principal ARN). */
  resource?: string;
  conditional: boolean;
  conditions: string[];
  /** Labels of the policies that grant the step. */
  policies: string[];
  /** The same policies by identity: a managed policy ARN, or an inline policy's holder and name. */
  grants?: { managedArn?: string; inline?: { holder: string; name: string } }[];
}

export interface GraphVerdict {
  arn: string;
  admin: boolean;
  conditional: boolean;
  /** Admin on its own policies (no path needed). */
  base: boolean;
  /** The steps to the admin node (empty when base). */
  path: PathStep[];
  /** `user/alice → sts:AssumeRole → role/deploy → … → role/OpsAdmin (AdministratorAccess)`. */
  pathText: string;
  /** The admin principal at the end of the path. */
  adminArn?: string;
  /** What makes the end admin (policy names or the self-grant). */
  adminVia?: string;
}

export interface GraphStats {
  nodes: number;
  edges: number;
  byKind: Record<EdgeKind, number>;
  rewrites: number;
  /** Shared service nodes (see PrivilegeGraph.hubs). */
  serviceHubs: number;
  /** Principal → principal pairs the edges stand for (edges into a hub count once per role behind it). */
  principalPairs: number;
}

/** Methods that change code of an existing resource (no PassRole): the role it runs with is one trusting the service. */
const EXISTING_RESOURCE_SERVICES: Record<string, string[]> = {
  EditExistingLambdaFunctionWithRole: ['lambda'],
  UpdateExistingLambdaConfiguration: ['lambda'],
  UpdateExistingGlueDevEndpoint: ['glue'],
  ModifyInstanceUserData: ['ec2'],
  NewLaunchTemplateVersion: ['ec2'],
  SendSSHPublicKey: ['ec2'],
  SsmStartSession: ['ec2'],
  SsmSendCommand: ['ec2'],
  UpdateExistingCloudFormationStack: ['cloudformation'],
  ExecuteCloudFormationChangeSet: ['cloudformation'],
  StartExistingCodeBuildProject: ['codebuild'],
  EcsExecuteCommand: ['ecs-tasks'],
  SageMakerPresignedNotebookUrl: ['sagemaker'],
  UpdateExistingAppRunnerService: ['tasks.apprunner'],
  UpdateExistingStateMachine: ['states'],
};

/** Bound on the states one escalation search visits (the answer is usually one edge away). */
const MAX_ESCALATION_STATES = 50_000;
const CREDENTIAL_ACTIONS = ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];
const ASSUME = 'sts:AssumeRole';
const PASSROLE = 'iam:PassRole';

const allowCache = new WeakMap<PolicyDocument, ActionSet>();
function allowsOf(doc: PolicyDocument, ps: () => PermissionSet): ActionSet {
  let v = allowCache.get(doc);
  if (!v) {
    v = emptySet();
    for (const s of ps().allows) if (s.doc >= 0) unionInto(v, s.actions);
    allowCache.set(doc, v);
  }
  return v;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function shortName(arn: string): string {
  const m = /:(user|role|group|policy)(\/.*)$/.exec(arn);
  if (!m) return arn;
  return `${m[1]}/${m[2].split('/').pop()}`;
}

interface Node {
  input: GraphPrincipalInput;
  docs: PolicyDocument[];
  boundary?: PolicyDocument[];
  psCache?: PermissionSet;
}

export class PrivilegeGraph {
  readonly edges: GraphEdge[] = [];
  readonly rewrites: Rewrite[] = [];
  /**
   * Shared "service" nodes: a principal that may pass any role to a service (or change any existing resource of it)
   * has one edge to the service's hub, and the hub one edge to each role trusting the service, instead of one edge
   * per (principal, role) pair. Paths show the two edges as one step.
   */
  private readonly hubs: { kind: EdgeKind; svc: string }[] = [];
  private readonly nodes: Node[];
  private readonly index = new Map<string, number>();
  private readonly ctx: StaticContext;
  private readonly out: number[][];
  private readonly inc: number[][];
  private readonly base: { admin: boolean; conditional: boolean; via: string; reasons: string[]; sources: number[]; step?: PathStep }[];
  /** 0 = admin unconditionally, 1 = admin under a condition, 2 = not admin. */
  private level: Uint8Array;
  private via: ({ t: 'edge'; e: number } | { t: 'base' } | { t: 'rewrite'; edges: number[]; r: Rewrite })[];

  constructor(readonly input: GraphInput) {
    this.ctx = { now: input.now, orgId: input.orgId, accountId: input.accountId };
    this.nodes = input.principals.map((p, i) => {
      this.index.set(p.arn, i);
      return { input: p, docs: p.sources.map((s) => pruneDocument(s.document, this.ctx)), boundary: p.boundary?.map((d) => pruneDocument(d, this.ctx)) };
    });
    const n = this.nodes.length;
    this.out = Array.from({ length: n }, () => []);
    this.inc = Array.from({ length: n }, () => []);
    this.level = new Uint8Array(0);
    this.via = [];
    this.base = this.nodes.map((node) => this.baseOf(node));
    this.build();
    const total = n + this.hubs.length;
    this.level = new Uint8Array(total).fill(2);
    this.via = new Array(total);
    this.solve();
  }

  /** Nodes, edges (by kind) and rewrite powers. */
  stats(): GraphStats {
    const byKind = Object.fromEntries(EDGE_KINDS.map((k) => [k, 0])) as Record<EdgeKind, number>;
    for (const e of this.edges) byKind[e.kind]++;
    let implied = 0;
    for (const e of this.edges) implied += e.to >= this.nodes.length ? this.out[e.to].length : e.from >= this.nodes.length ? 0 : 1;
    return { nodes: this.nodes.length, edges: this.edges.length, byKind, rewrites: this.rewrites.length, serviceHubs: this.hubs.length, principalPairs: implied };
  }

  private ps(i: number): PermissionSet {
    const node = this.nodes[i];
    node.psCache ??= new PermissionSet(node.docs, {
      principalArn: node.input.arn,
      boundary: node.boundary,
      labels: node.input.sources.map((s) => s.label),
      groups: node.input.groups,
      attachedPolicyArns: node.input.attachedPolicyArns,
    });
    return node.psCache;
  }

  private baseOf(node: Node): PrivilegeGraph['base'][number] {
    const p = node.input;
    let b = p.base;
    if (!b) {
      const d = analyseDetailed(node.docs, { principalArn: p.arn, boundary: node.boundary, labels: p.sources.map((s) => s.label), groups: p.groups, attachedPolicyArns: p.attachedPolicyArns });
      b = { admin: d.adminEquivalent, conditional: d.conditional, reasons: d.adminReasons, sources: uniq((d.statementsFor.admin ?? []).map((s) => s.doc).filter((x) => x < p.sources.length)) };
    }
    const names = uniq(b.sources.map((s) => p.sources[s]).filter((s) => s !== undefined).map((s) => (s.managedArn ? s.managedArn.split('/').pop() as string : s.inline ? `inline ${s.inline.name}` : s.label)));
    return { admin: b.admin, conditional: b.conditional, reasons: b.reasons, sources: b.sources, via: names.length ? names.join(', ') : 'grants itself any permission' };
  }

  /** (from, to, kind) → edge index, for the principal whose edges are being built. */
  private edgeKeys = new Map<number, number>();

  private addEdge(e: GraphEdge): void {
    // one edge per (from, to, kind): keep the unconditional one
    const key = e.to * 8 + EDGE_KINDS.indexOf(e.kind);
    const old = this.edgeKeys.get(key);
    if (old !== undefined) {
      if (this.edges[old].conditional && !e.conditional) this.edges[old] = e;
      return;
    }
    const k = this.edges.length;
    this.edgeKeys.set(key, k);
    this.edges.push(e);
    this.out[e.from].push(k);
    this.inc[e.to].push(k);
  }

  private build(): void {
    const n = this.nodes.length;
    const acct = this.input.accountId;
    const roles: number[] = [];
    const users: number[] = [];
    const named = new Map<string, number[]>(); // principal ARN (or role:<name> for sessions) → roles whose trust names it
    const openRoles: number[] = []; // trust admits the account root or "*"
    const byService = new Map<string, { role: number; adm: Admission }[]>();
    for (let i = 0; i < n; i++) {
      const p = this.nodes[i].input;
      if (p.kind === 'user') {
        users.push(i);
        continue;
      }
      roles.push(i);
      const trust = p.trust;
      if (!trust) continue;
      for (const a of trustNamedArns(trust)) {
        const m = /:assumed-role\/([^/]+)\//.exec(a);
        const key = m ? `role:${m[1]}` : a;
        const l = named.get(key) ?? [];
        if (!l.includes(i)) l.push(i);
        named.set(key, l);
      }
      if (trustAdmitsAnyone(trust) || trustNamesAccount(trust, acct)) openRoles.push(i);
      for (const [svc, adm] of trustedServices(trust, this.ctx)) if (adm.admits) (byService.get(svc) ?? byService.set(svc, []).get(svc) ?? []).push({ role: i, adm });
      if (trust.statements.some((s) => s.principal === '*' || s.notPrincipal !== undefined)) {
        // Principal "*" admits services too
        for (const svc of SERVICES_USED) {
          const adm = trustAdmitsService(trust, `${svc}.amazonaws.com`, this.ctx);
          const list = byService.get(svc) ?? byService.set(svc, []).get(svc) ?? [];
          if (adm.admits && !list.some((x) => x.role === i)) list.push({ role: i, adm });
        }
      }
    }
    const groups = this.input.groups ?? [];
    const membersOf = new Map(groups.map((g) => [g.arn, g.members.map((m) => this.index.get(m)).filter((x): x is number => x !== undefined)]));
    const policyHolders = new Map<string, number[]>();
    for (let i = 0; i < n; i++) for (const a of this.nodes[i].input.attachedPolicyArns) (policyHolders.get(a) ?? policyHolders.set(a, []).get(a) ?? []).push(i);
    const customerPolicy = new RegExp(`^arn:aws[a-z-]*:iam::${acct}:policy/`);
    const groupAdmin = new Map<string, boolean>();
    const hubIndex = new Map<string, number>();
    const hub = (kind: EdgeKind, svc: string): number => {
      const key = `${kind}:${svc}`;
      let h = hubIndex.get(key);
      if (h === undefined) {
        h = n + this.hubs.length;
        this.hubs.push({ kind, svc });
        hubIndex.set(key, h);
        this.out.push([]);
        this.inc.push([]);
        const saved = this.edgeKeys;
        this.edgeKeys = new Map();
        for (const { role: r, adm } of byService.get(svc) ?? []) {
          this.addEdge({ from: h, to: r, kind, actions: [], conditional: adm.conditional, conditions: kind === 'existing-resource' ? [`only if an existing ${svc} resource runs with this role`, ...adm.conditions] : adm.conditions, sources: [] });
        }
        this.edgeKeys = saved;
      }
      return h;
    };

    for (let x = 0; x < n; x++) {
      if (this.base[x].admin && !this.base[x].conditional) continue; // already admin: its edges change no verdict
      const X = this.nodes[x].input;
      this.edgeKeys = new Map();
      const ps = () => this.ps(x);
      const universal = new Map<string, Hit[]>();
      /** Hits of `action` on `arn`: a grant on every role / user of the account (no Deny, no boundary) is found once. */
      const reachOn = (action: string, arn: string, excludeSelf = false): Hit[] => {
        let u = universal.get(action);
        if (!u) {
          const set = ps();
          const idx = actionIndex(action);
          const blocked = set.boundaryAllows !== undefined || set.denies.some((d) => setHas(d.actions, idx));
          u = blocked ? [] : set.reach(action, '*', excludeSelf).filter((h) => h.effective === '*' || /^arn:aws:iam::(\*|\d{12}):(role|user)\/\*$/.test(h.effective));
          universal.set(action, u);
        }
        const cover = u.filter((h) => h.effective === '*' || (arn.includes(':role/') ? /:role\/\*$/.test(h.effective) : /:user\/\*$/.test(h.effective)) && (h.effective.includes('::*:') || h.effective.includes(`::${acct}:`)));
        // The grants on every role / user decide alone only when one of them holds unconditionally: otherwise a grant
        // naming this ARN may hold without a condition, and only the full look-up sees it.
        if (cover.some((h) => !h.conditional)) return cover.length === u.length ? u : cover;
        return ps().reach(action, arn, excludeSelf);
      };
      /** The grants of `action` on every role (computed by reachOn), or undefined. */
      const everyRole = (action: string): Hit[] | undefined => {
        reachOn(action, `arn:aws:iam::${acct}:role/*`);
        const u = universal.get(action);
        return u && u.length && u.every((h) => h.effective === '*' || (/:role\/\*$/.test(h.effective) && (h.effective.includes('::*:') || h.effective.includes(`::${acct}:`)))) ? u : undefined;
      };
      const allowed = emptySet();
      for (const d of this.nodes[x].docs) unionInto(allowed, allowsOf(d, () => new PermissionSet([d])));
      const has = (a: string) => {
        const i = actionIndex(a);
        return i >= 0 && setHas(allowed, i);
      };
      const srcs = (hits: { stmt: { doc: number } }[]) => uniq(hits.map((h) => h.stmt.doc).filter((d) => d < X.sources.length));
      const hitCond = (hits: { conditional: boolean; stmt: { stmt: { condition?: unknown } } }[]) => hits.every((h) => h.conditional);

      // --- role assumption
      const cands = new Set<number>([...(named.get(X.arn) ?? []), ...(X.kind === 'role' ? named.get(`role:${X.name}`) ?? [] : [])]);
      if (has(ASSUME)) for (const r of openRoles) cands.add(r);
      for (const r of cands) {
        if (r === x) continue;
        const R = this.nodes[r].input;
        const adm = trustAdmitsPrincipal(R.trust, X.arn, acct, this.ctx);
        if (!adm.admits) continue;
        const hits = has(ASSUME) ? reachOn(ASSUME, R.arn) : [];
        if (adm.direct && hits.length === 0) {
          if (ps().deniesOn(ASSUME, R.arn)) continue;
          const b = X.kind === 'role' ? ps().boundaryPermits(ASSUME, R.arn) : true;
          if (b === false) continue;
          this.addEdge({ from: x, to: r, kind: 'assume-role', actions: [ASSUME], conditional: adm.conditional || b === 'conditional', conditions: [...adm.conditions, 'trust names it directly'], sources: [] });
          continue;
        }
        if (hits.length === 0) continue;
        this.addEdge({ from: x, to: r, kind: 'assume-role', actions: [ASSUME], conditional: adm.conditional || hitCond(hits), conditions: adm.conditions, sources: srcs(hits) });
      }

      // --- PassRole + compute
      if (has(PASSROLE)) {
        // Per (PassRole hits, service): the grants that may pass to it, whether conditional, their sources (shared by every role they cover).
        for (const m of PASS_METHODS) {
          const steps = this.stepsHold(x, m.steps, has);
          if (!steps) continue;
          const passMemo = new Map<Hit[], Map<string, { hits: Hit[]; conditional: boolean; sources: number[] }>>();
          const actions = [PASSROLE, ...steps.actions];
          const anyRole = everyRole(PASSROLE);
          for (const svc of m.services) {
            if (anyRole) {
              if (!(byService.get(svc) ?? []).length) continue;
              const hits = anyRole.filter((h) => !h.stmt.passedToService || h.stmt.passedToService.some((v) => passedToServiceAdmits(v, svc)));
              const conditional = hits.every((h) => (h.stmt.onlyPassedToService && !(ps().boundaryAllows ?? []).some((b) => b.conditional) ? false : h.conditional));
              if (hits.length) this.addEdge({ from: x, to: hub('pass-role', svc), kind: 'pass-role', actions, method: m.method, conditional: conditional || steps.conditional, conditions: [], sources: uniq([...srcs(hits), ...steps.sources]) });
              // The grants on every role decide alone when one of them holds for this service without a condition;
              // otherwise (none for this service, e.g. iam:PassedToService names another, or only conditional ones) a
              // grant naming one role may still hold: the per-role look-up below finds it.
              if (hits.length && !conditional) continue;
            }
            for (const { role: r, adm } of byService.get(svc) ?? []) {
              if (r === x) continue;
              const R = this.nodes[r].input;
              const raw = reachOn(PASSROLE, R.arn);
              if (raw.length === 0) continue;
              const perSvc = passMemo.get(raw) ?? passMemo.set(raw, new Map()).get(raw) ?? new Map<string, { hits: Hit[]; conditional: boolean; sources: number[] }>();
              let pass = perSvc.get(svc);
              if (!pass) {
                const hits = raw.filter((h) => !h.stmt.passedToService || h.stmt.passedToService.some((v) => passedToServiceAdmits(v, svc)));
                const conditional = hits.every((h) => (h.stmt.onlyPassedToService && !(ps().boundaryAllows ?? []).some((b) => b.conditional) ? false : h.conditional));
                pass = { hits, conditional, sources: uniq([...srcs(hits), ...steps.sources]) };
                perSvc.set(svc, pass);
              }
              if (pass.hits.length === 0) continue;
              this.addEdge({ from: x, to: r, kind: 'pass-role', actions, method: m.method, conditional: pass.conditional || steps.conditional || adm.conditional, conditions: adm.conditions, sources: pass.sources });
            }
          }
        }
      }

      // --- code changes to an existing resource running with a role
      for (const m of EXISTING_METHODS) {
        const steps = this.stepsHold(x, m.steps, has);
        if (!steps) continue;
        for (const svc of m.services) {
          if (!(byService.get(svc) ?? []).length) continue;
          this.addEdge({ from: x, to: hub('existing-resource', svc), kind: 'existing-resource', actions: steps.actions, method: m.method, conditional: true, conditions: [], sources: steps.sources });
        }
      }

      // --- rewrite a role's trust, then assume it
      if (has('iam:UpdateAssumeRolePolicy')) {
        for (const r of roles) {
          if (r === x || this.nodes[r].input.protected) continue;
          const R = this.nodes[r].input;
          const hits = reachOn('iam:UpdateAssumeRolePolicy', R.arn);
          if (hits.length === 0 || ps().deniesOn(ASSUME, R.arn)) continue;
          this.addEdge({ from: x, to: r, kind: 'update-trust', actions: ['iam:UpdateAssumeRolePolicy'], conditional: hitCond(hits), conditions: [], sources: srcs(hits) });
        }
      }

      // --- credentials of other users
      const credActions = CREDENTIAL_ACTIONS.filter(has);
      if (credActions.length) {
        for (const u of users) {
          if (u === x) continue;
          const U = this.nodes[u].input;
          const acts: string[] = [];
          const all: ReturnType<PermissionSet['reach']> = [];
          for (const a of credActions) {
            const hits = reachOn(a, U.arn, true);
            if (hits.length) {
              acts.push(a);
              all.push(...hits);
            }
          }
          if (acts.length) this.addEdge({ from: x, to: u, kind: 'credentials', actions: acts, conditional: hitCond(all), conditions: [], sources: srcs(all) });
        }
      }

      // --- rewriting the permissions of others
      const rewrite = (action: string, resource: string, targets: number[], extra: string[] = []) => {
        if (!has(action)) return;
        const hits = ps().reach(action, resource, true);
        if (hits.length === 0) return;
        for (const t of targets) {
          if (t === x) continue;
          this.rewrites.push({ from: x, to: t, action, resource, conditional: hitCond(hits) || extra.length > 0, conditions: extra, sources: srcs(hits) });
        }
      };
      for (const a of ['iam:PutUserPolicy', 'iam:AttachUserPolicy']) if (has(a)) for (const u of users) rewrite(a, this.nodes[u].input.arn, [u]);
      for (const a of ['iam:PutRolePolicy', 'iam:AttachRolePolicy']) if (has(a)) for (const r of roles) if (!this.nodes[r].input.protected) rewrite(a, this.nodes[r].input.arn, [r]);
      for (const a of ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy']) if (has(a)) for (const g of groups) rewrite(a, g.arn, membersOf.get(g.arn) ?? []);
      for (const a of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion']) {
        if (!has(a)) continue;
        for (const [pol, holders] of policyHolders) {
          if (!customerPolicy.test(pol)) continue; // AWS managed policies cannot be versioned; other accounts' are not ours
          rewrite(a, pol, holders, a === 'iam:SetDefaultPolicyVersion' ? ['only if an older version of the policy is broader'] : []);
        }
      }

      // --- add itself to an admin group
      if (X.kind === 'user' && has('iam:AddUserToGroup') && !(this.base[x].admin && !this.base[x].conditional)) {
        for (const g of groups) {
          if (X.groups.includes(g.arn)) continue;
          let ga = groupAdmin.get(g.arn);
          if (ga === undefined) {
            ga = analyseDetailed(g.sources.map((s) => pruneDocument(s.document, this.ctx))).adminEquivalent;
            groupAdmin.set(g.arn, ga);
          }
          if (!ga) continue;
          const hits = ps().reach('iam:AddUserToGroup', g.arn);
          if (hits.length === 0) continue;
          const combined = analyseDetailed([...this.nodes[x].docs, ...g.sources.map((s) => pruneDocument(s.document, this.ctx))], { principalArn: X.arn, boundary: this.nodes[x].boundary });
          if (!combined.adminEquivalent) continue;
          const conditional = hitCond(hits) || combined.conditional;
          const cur = this.base[x];
          if (!cur.admin || (cur.conditional && !conditional)) {
            this.base[x] = {
              admin: true,
              conditional,
              reasons: [`can add itself to group ${g.name}, whose policies are admin`],
              sources: srcs(hits),
              via: `group ${g.name}`,
              step: { from: X.arn, kind: 'add-to-group', actions: ['iam:AddUserToGroup'], resource: g.arn, conditional, conditions: [], policies: srcs(hits).map((s) => X.sources[s].label) },
            };
          }
        }
      }
    }
  }

  /** The non-PassRole steps of a method, each on any resource: their actions, whether all conditional, their sources. */
  private stepsHold(x: number, steps: string[][], has: (a: string) => boolean): { actions: string[]; conditional: boolean; sources: number[] } | undefined {
    const actions: string[] = [];
    const sources: number[] = [];
    let conditional = false;
    const X = this.nodes[x].input;
    for (const alts of steps) {
      let found = false;
      let stepCond = true;
      for (const a of alts) {
        if (!has(a)) continue;
        const hits = this.ps(x).reach(a, '*');
        if (hits.length === 0) continue;
        if (!found) actions.push(a);
        found = true;
        if (hits.some((h) => !h.conditional)) stepCond = false;
        for (const h of hits) if (h.stmt.doc < X.sources.length) sources.push(h.stmt.doc);
      }
      if (!found) return undefined;
      if (stepCond) conditional = true;
    }
    return { actions, conditional, sources: uniq(sources) };
  }

  private solve(): void {
    const n = this.nodes.length;
    for (let i = 0; i < n; i++) {
      if (this.base[i].admin) {
        this.level[i] = this.base[i].conditional ? 1 : 0;
        this.via[i] = { t: 'base' };
      }
    }
    const rewriters = uniq(this.rewrites.map((r) => r.from));
    for (let round = 0; round <= n; round++) {
      this.propagate();
      let changed = false;
      for (const x of rewriters) {
        if (this.level[x] === 0) continue;
        const found = this.rewriteReach(x);
        if (found && found.level < this.level[x]) {
          this.level[x] = found.level;
          this.via[x] = { t: 'rewrite', edges: found.edges, r: found.r };
          changed = true;
        }
      }
      if (!changed) break;
    }
  }

  /** Reverse BFS from the admin nodes: unconditional edges to unconditional admins first, then any edge. */
  private propagate(): void {
    for (const pass of [0, 1] as const) {
      const queue: number[] = [];
      for (let i = 0; i < this.level.length; i++) if (this.level[i] <= pass) queue.push(i);
      for (let q = 0; q < queue.length; q++) {
        const y = queue[q];
        for (const k of this.inc[y]) {
          const e = this.edges[k];
          if (pass === 0 && e.conditional) continue;
          if (this.level[e.from] > pass) {
            this.level[e.from] = pass;
            this.via[e.from] = { t: 'edge', e: k };
            queue.push(e.from);
          }
        }
      }
    }
  }

  /** Forward BFS from x: the nearest principal whose permissions x can rewrite (unconditional path preferred). */
  private rewriteReach(x: number): { level: number; edges: number[]; r: Rewrite } | undefined {
    const targets = new Map<number, Rewrite[]>();
    for (const r of this.rewrites) if (r.from === x) (targets.get(r.to) ?? targets.set(r.to, []).get(r.to) ?? []).push(r);
    let best: { level: number; edges: number[]; r: Rewrite } | undefined;
    for (const pass of [0, 1] as const) {
      const prev = new Map<number, number>([[x, -1]]);
      const queue = [x];
      for (let q = 0; q < queue.length; q++) {
        const y = queue[q];
        for (const r of targets.get(y) ?? []) {
          const level = pass === 1 || r.conditional ? 1 : 0;
          if (!best || level < best.level) {
            const edges: number[] = [];
            for (let c = y; prev.get(c) !== -1; c = this.edges[prev.get(c) as number].from) edges.unshift(prev.get(c) as number);
            best = { level, edges, r };
          }
        }
        if (best && best.level === 0) return best;
        for (const k of this.out[y]) {
          const e = this.edges[k];
          if (pass === 0 && e.conditional) continue;
          if (!prev.has(e.to)) {
            prev.set(e.to, k);
            queue.push(e.to);
          }
        }
      }
      if (best) return best;
    }
    return best;
  }

  /** Path steps of a chain of edges; an edge into a service hub and the hub's edge to a role make one step. */
  private stepsOf(list: number[]): PathStep[] {
    const n = this.nodes.length;
    const out: PathStep[] = [];
    for (let i = 0; i < list.length; i++) {
      const e = this.edges[list[i]];
      if (e.from >= n) continue; // consumed with the edge into the hub
      const from = this.nodes[e.from].input;
      const next = e.to >= n && i + 1 < list.length ? this.edges[list[i + 1]] : undefined;
      const to = next ? next.to : e.to;
      if (to >= n) continue;
      out.push({
        from: from.arn,
        to: this.nodes[to].input.arn,
        kind: e.kind,
        actions: e.actions,
        method: e.method,
        conditional: e.conditional || (next?.conditional ?? false),
        conditions: [...e.conditions, ...(next?.conditions ?? [])],
        policies: e.sources.map((s) => from.sources[s]?.label).filter((l): l is string => l !== undefined),
        grants: e.sources.map((s) => from.sources[s]).filter((x) => x !== undefined).map((x) => ({ managedArn: x.managedArn, inline: x.inline })),
      });
    }
    return out;
  }

  /** The verdict of one principal (undefined when not in the graph). */
  verdict(arn: string): GraphVerdict | undefined {
    const i = this.index.get(arn);
    if (i === undefined) return undefined;
    if (this.level[i] === 2) return { arn, admin: false, conditional: false, base: false, path: [], pathText: '' };
    const edgeList: number[] = [];
    let tail: PathStep | undefined;
    let cur = i;
    let adminVia = '';
    const seen = new Set<number>();
    for (;;) {
      if (seen.has(cur)) break; // cannot happen (each pointer targets an earlier-settled node); guard anyway
      seen.add(cur);
      const v = this.via[cur];
      if (v.t === 'edge') {
        edgeList.push(v.e);
        cur = this.edges[v.e].to;
        continue;
      }
      if (v.t === 'base') {
        const b = this.base[cur];
        if (b.step) tail = b.step;
        adminVia = b.via;
        break;
      }
      edgeList.push(...v.edges);
      const from = this.nodes[v.r.from].input;
      const reached = v.edges.length ? this.edges[v.edges[v.edges.length - 1]].to : v.r.from;
      tail = { from: this.nodes[reached].input.arn, kind: 'policy-rewrite', actions: [v.r.action], resource: v.r.resource, conditional: v.r.conditional, conditions: v.r.conditions, policies: v.r.sources.map((s) => from.sources[s]?.label).filter((l): l is string => l !== undefined) };
      cur = v.r.to;
      adminVia = `${v.r.action} on ${shortName(v.r.resource)}`;
      break;
    }
    const path = this.stepsOf(edgeList);
    if (tail) path.push(tail);
    const adminArn = this.nodes[cur].input.arn;
    const parts = [shortName(arn)];
    for (const s of path) {
      parts.push(s.actions.join(' + '));
      parts.push(s.to ? shortName(s.to) : shortName(s.resource ?? ''));
    }
    const base = path.length === 0;
    const last = path[path.length - 1];
    const pathText = `${parts.join(' → ')} (${last?.kind === 'policy-rewrite' ? `grants ${shortName(adminArn)} any permission` : adminVia})`;
    return { arn, admin: true, conditional: this.level[i] === 1, base, path, pathText, adminArn, adminVia };
  }

  /**
   * Non-admin escalation: the first principal reachable from `arn` that holds actions `arn` lacks, and the steps there.
   * `allowedOf` gives a principal's allowed actions (so callers can share them).
   */
  escalation(arn: string): { to: string; path: PathStep[]; pathText: string; conditional: boolean } | undefined {
    const x = this.index.get(arn);
    if (x === undefined || this.level[x] !== 2) return undefined;
    const mine = this.ps(x).allowed;
    // States: node × "used an edge other than plain role assumption" (assuming a role one is trusted with is delegation, not escalation).
    const key = (node: number, esc: boolean) => node * 2 + (esc ? 1 : 0);
    const prev = new Map<number, { from: number; edge: number }>();
    const start = key(x, false);
    prev.set(start, { from: -1, edge: -1 });
    const queue = [start];
    for (let q = 0; q < queue.length && q < MAX_ESCALATION_STATES; q++) {
      const st = queue[q];
      const y = st >> 1;
      if (st & 1 && y !== x && y < this.nodes.length && !isSubset(this.ps(y).allowed, mine)) {
        const edges: number[] = [];
        for (let c = st; (prev.get(c) as { from: number }).from !== -1; c = (prev.get(c) as { from: number }).from) edges.unshift((prev.get(c) as { edge: number }).edge);
        const path = this.stepsOf(edges);
        const parts = [shortName(arn)];
        for (const s of path) parts.push(s.actions.join(' + '), shortName(s.to as string));
        return { to: this.nodes[y].input.arn, path, pathText: parts.join(' → '), conditional: path.some((s) => s.conditional) };
      }
      for (const k of this.out[y]) {
        const e = this.edges[k];
        const nk = key(e.to, (st & 1) === 1 || e.kind !== 'assume-role');
        if (!prev.has(nk)) {
          prev.set(nk, { from: st, edge: k });
          queue.push(nk);
        }
      }
    }
    return undefined;
  }

  /** Principals one step away from `arn` (through a service hub where one is used), with the edge kinds. */
  neighbours(arn: string): { to: string; kind: EdgeKind }[] {
    const i = this.index.get(arn);
    if (i === undefined) return [];
    const n = this.nodes.length;
    const out: { to: string; kind: EdgeKind }[] = [];
    for (const k of this.out[i]) {
      const e = this.edges[k];
      if (e.to < n) out.push({ to: this.nodes[e.to].input.arn, kind: e.kind });
      else for (const h of this.out[e.to]) out.push({ to: this.nodes[this.edges[h].to].input.arn, kind: e.kind });
    }
    return out;
  }
}

interface PassMethod {
  method: string;
  services: string[];
  steps: string[][];
}

const PASS_METHODS: PassMethod[] = ESCALATION_METHODS.filter((m) => m.passRole).map((m) => ({ method: m.method, services: uniq((m.passRole ?? []).map(serviceBase)), steps: m.steps.map((s) => s.anyOf) }));
const EXISTING_METHODS: PassMethod[] = ESCALATION_METHODS.filter((m) => EXISTING_RESOURCE_SERVICES[m.method]).map((m) => ({ method: m.method, services: EXISTING_RESOURCE_SERVICES[m.method], steps: m.steps.map((s) => s.anyOf) }));
const SERVICES_USED = uniq([...PASS_METHODS, ...EXISTING_METHODS].flatMap((m) => m.services));

/** Methods whose escalation the graph judges (PassRole, credentials, role rewrites/assumption, existing resources). */
export const GRAPH_METHODS = new Set<string>([
  ...PASS_METHODS.map((m) => m.method),
  ...EXISTING_METHODS.map((m) => m.method),
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'AttachRolePolicy',
  'PutRolePolicy',
  'UpdateRolePolicyToAssumeIt',
]);

export function buildPrivilegeGraph(input: GraphInput): PrivilegeGraph {
  return new PrivilegeGraph(input);
}
