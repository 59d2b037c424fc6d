/**
 * `check-policy` as a linter: the grammar problems of the document (errors: AWS rejects it), then what a valid
 * document grants judged as problems with a severity and a place (admin-equivalence, escalation paths, sensitive
 * grants, service-wide wildcards with the most dangerous actions they include, NotAction, unknown actions; for a trust
 * or resource policy: public, cross-account, confused deputy, unguarded federation), and a one-line verdict.
 * Resource and trust policies are judged by lib/policy/resource-access.ts (through resource-policy.ts), the same
 * classifier the real-time rules use. Pure.
 */
import type { Config } from '../../config/types';
import { analyseDetailed, type PolicyAnalysis } from '../analyse';
import { getCatalog, matchActionPattern, setSize } from '../catalog';
import type { PolicyDocument, Statement } from '../document';
import { leastPrivilege, type LeastPrivilege } from '../least-privilege';
import { classifyResourcePolicy } from '../resource-access';
import { judgeResourcePolicy, type ResourcePolicyJudgement } from '../resource-policy';
import { analyseTrust, type TrustAnalysis } from '../trust';
import { dangerousActions } from './dangerous';
import type { PolicyInput } from './input';
import type { JsonPath, LineColumn } from './locate';
import { lintRank, type LintProblem, type LintSeverity } from './types';

export type VerdictKind = 'invalid' | 'admin-equivalent' | 'public' | 'privilege-escalation' | 'cross-account' | 'full-access' | 'broad' | 'grants-nothing' | 'least-privilege';

export interface Verdict {
  kind: VerdictKind;
  /** The worst problem's severity; `none` when there is nothing to report. */
  severity: LintSeverity | 'none';
  /** The one-line verdict, e.g. `FULL ACCESS to 1 service (s3): every action on every resource`. */
  text: string;
}

export interface LocatedProblem extends LintProblem {
  /** Line and column in the file, when the file holds the document as JSON text. */
  at?: LineColumn;
}

export interface CheckPolicyResult {
  analysis: PolicyAnalysis;
  parseWarnings: string[];
  trust?: TrustAnalysis;
  /** For a resource-based or trust policy: public, cross-account (which accounts) or private. */
  resourcePolicy?: ResourcePolicyJudgement;
  leastPrivilege?: LeastPrivilege;
  /** False when AWS would reject the document (problems of severity `error`). */
  valid: boolean;
  verdict: Verdict;
  /** Every problem, worst first, then in document order. */
  problems: LocatedProblem[];
}

export interface CheckOptions {
  needs?: string[];
  /** With `needs`: the resources the suggested policy is narrowed to. */
  resources?: string[];
  account?: string;
  config?: Config;
}

function isTrustOrResourcePolicy(doc: PolicyDocument): boolean {
  return doc.statements.length > 0 && doc.statements.every((s) => s.principal !== undefined || s.notPrincipal !== undefined);
}

function describe(list: readonly string[]): string {
  return list.map((x) => JSON.stringify(x)).join(', ');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The path of statement `index` in a document whose Statement is a list (or a single object). */
function statementPath(input: PolicyInput | undefined, st: Statement): JsonPath {
  return input?.singleStatement ? ['Statement'] : ['Statement', st.index];
}

function wildcardProblems(stmts: { stmt: Statement; coversAll: boolean }[], pathOf: (st: Statement) => JsonPath): LintProblem[] {
  const out: LintProblem[] = [];
  const half = getCatalog().actions.length / 2;
  for (const s of stmts) {
    const st = s.stmt;
    (st.action ?? []).forEach((pattern, j) => {
      if (!/[*?]/.test(pattern)) return;
      const m = matchActionPattern(pattern);
      const size = setSize(m.set);
      // "*" (and patterns spanning half the catalogue) are the admin verdict's; a pattern matching one action is not broad.
      if (m.unknown || size <= 1 || size >= half) return;
      const d = dangerousActions(m.set);
      const services = new Set<string>();
      for (const id of d.top) services.add(id.split(':')[0]);
      const pm = d.levels['Permissions management'] ?? 0;
      const write = d.levels.Write ?? 0;
      const onAll = s.coversAll;
      // A NotResource that leaves out some resources counts as every resource; the text still names what it leaves out.
      const except = `every resource except ${describe(st.notResource ?? [])}`;
      const where = onAll ? (st.resource ? 'on every resource ("*")' : `on ${except}`) : `on ${describe(st.resource ?? []) || except}`;
      const svc = pattern.split(':')[0];
      const whole = /^[^:]+:\*$/.test(pattern);
      const what = whole ? (onAll ? `full ${svc} access — all ${size} actions` : `every ${svc} action there — ${size} actions`) : `${size} ${svc} actions`;
      const parts: string[] = [];
      if (pm) parts.push(`${pm} Permissions management (they decide who else gets in)`);
      if (write) parts.push(`${write} Write`);
      const of = parts.length ? `, ${parts.length === 1 && !whole ? '' : 'of them '}${parts.join(' and ')}` : '';
      const including = d.top.length ? `; the most dangerous: ${d.top.map((id) => id.slice(id.indexOf(':') + 1)).join(', ')}` : '';
      const severity: LintSeverity = pm > 0 ? (onAll ? 'medium' : 'low') : write > 0 ? 'low' : 'info';
      out.push({
        severity,
        code: whole ? 'service-wildcard' : 'action-wildcard',
        path: [...pathOf(st), 'Action', ...(st.action && st.action.length > 1 ? [j] : [])],
        message: `${JSON.stringify(pattern)} ${where} is ${what}${of}${including}`,
      });
    });
    if (st.notAction && st.effect === 'Allow') {
      out.push({ severity: 'medium', code: 'allow-notaction', path: [...pathOf(st), 'NotAction'], message: `Statement ${st.index} allows every action except ${describe(st.notAction)}, including those of services AWS adds later: list the actions instead` });
    }
  }
  return out;
}

function identityProblems(analysis: ReturnType<typeof analyseDetailed>, pathOf: (st: Statement) => JsonPath): LintProblem[] {
  const out: LintProblem[] = [];
  const first = (key: string): JsonPath => {
    const st = analysis.statementsFor[key]?.[0]?.stmt;
    return st ? pathOf(st) : [];
  };
  if (analysis.adminEquivalent) {
    out.push({ severity: 'high', code: 'admin-equivalent', path: first('admin'), message: `admin-equivalent${analysis.conditional ? ' (under a Condition)' : ''}: ${analysis.adminReasons.join('; ')}` });
  }
  for (const e of analysis.escalations) {
    out.push({ severity: 'high', code: 'privilege-escalation', path: first(`escalation:${e.method}`), message: `privilege escalation (${e.method})${e.conditional ? ' only under a Condition' : ''}: ${e.actions.join(' + ')} on ${describe(e.resources)}${e.target ? ` reaches ${e.target}` : ''}` });
  }
  for (const s of analysis.sensitive) {
    out.push({ severity: 'high', code: `sensitive:${s.id}`, path: first(`sensitive:${s.id}`), message: `${s.id}${s.conditional ? ' (only under a Condition)' : ''}: ${s.actions.join(', ')} on ${describe(s.resources)} — ${s.reason}` });
  }
  return out;
}

function resourceProblems(doc: PolicyDocument, judgement: ResourcePolicyJudgement, trust: TrustAnalysis | undefined, account: string | undefined, trusted: string[], pathOf: (st: Statement) => JsonPath): LintProblem[] {
  const out: LintProblem[] = [];
  const what = judgement.kind === 'role-trust' ? 'assume this role' : 'use this resource';
  for (const st of doc.statements) {
    if (st.effect !== 'Allow') continue;
    // The one classifier, statement by statement, so each problem points at its statement.
    const one = classifyResourcePolicy({ statements: [st] }, account ?? '', { trustedAccounts: trusted });
    if (one.level === 'public') out.push({ severity: 'critical', code: 'public', path: pathOf(st), message: `anyone can ${what}: ${one.publicReasons.join('; ')}` });
    for (const a of one.accounts) {
      const ext = trust?.externalAccounts.find((e) => e.account === a.account);
      const guarded = ext?.guarded ?? false;
      const severity: LintSeverity = judgement.kind === 'role-trust' ? (guarded ? 'low' : 'high') : 'medium';
      out.push({
        severity,
        code: 'cross-account',
        path: pathOf(st),
        message: `account ${a.account} (${a.principals.join(', ')}) can ${what}${judgement.kind === 'role-trust' ? (guarded ? ` — guarded by ${ext?.guards.join(', ')}` : ' with no sts:ExternalId, MFA or organization condition') : ''}${account ? '' : ' (pass --account with your account id, or list your own accounts in the config\'s trustedAccounts, so they are not counted)'}`,
      });
    }
  }
  for (const svc of trust?.servicesWithoutSourceGuard ?? []) {
    const st = doc.statements.find((s) => s.principal && s.principal !== '*' && (s.principal.Service ?? []).includes(svc));
    out.push({ severity: 'low', code: 'confused-deputy', path: st ? pathOf(st) : [], message: `service ${svc} is admitted without an aws:SourceAccount or aws:SourceArn condition: another account's use of ${svc} could reach this role (confused deputy)` });
  }
  for (const f of trust?.federated ?? []) {
    if (f.guarded) continue;
    const st = doc.statements.find((s) => s.principal && s.principal !== '*' && (s.principal.Federated ?? []).includes(f.provider));
    out.push({ severity: 'critical', code: 'federated-unguarded', path: st ? pathOf(st) : [], message: `federated ${f.provider}: ${f.reason ?? 'no limiting condition'}` });
  }
  return out;
}

function verdictOf(r: Omit<CheckPolicyResult, 'verdict'>, doc: PolicyDocument): Verdict {
  const worst = r.problems.reduce<LintSeverity | 'none'>((w, p) => (w === 'none' || lintRank(p.severity) > lintRank(w) ? p.severity : w), 'none');
  const a = r.analysis;
  const has = (code: string): boolean => r.problems.some((p) => p.code === code);
  if (!r.valid) {
    const n = r.problems.filter((p) => p.severity === 'error').length;
    return { kind: 'invalid', severity: 'error', text: `INVALID: AWS rejects this policy (${plural(n, 'error')}); fix ${n === 1 ? 'it' : 'them'} first` };
  }
  if (a.adminEquivalent) return { kind: 'admin-equivalent', severity: worst, text: `ADMIN-EQUIVALENT: whoever holds it can do anything in the account${a.conditional ? ' (under a Condition)' : ''}` };
  if (has('public') || has('federated-unguarded')) {
    const what = r.resourcePolicy?.kind === 'role-trust' ? 'anyone can assume this role' : `anyone can use this ${r.resourcePolicy?.kind === 'unknown' ? 'resource' : r.resourcePolicy?.kind.replace('-', ' ') ?? 'resource'}`;
    return { kind: 'public', severity: worst, text: `PUBLIC: ${what}` };
  }
  if (a.escalations.length) return { kind: 'privilege-escalation', severity: worst, text: `PRIVILEGE ESCALATION: whoever holds it can raise its own permissions (${plural(a.escalations.length, 'path')}: ${a.escalations.map((e) => e.method).slice(0, 3).join(', ')}${a.escalations.length > 3 ? ', …' : ''})` };
  if (has('cross-account')) return { kind: 'cross-account', severity: worst, text: `CROSS-ACCOUNT: lets ${r.resourcePolicy && r.resourcePolicy.accounts.length ? `account${r.resourcePolicy.accounts.length > 1 ? 's' : ''} ${r.resourcePolicy.accounts.join(', ')}` : 'other accounts'} in` };
  if (a.fullAccessServices.length) {
    const list = a.fullAccessServices;
    return { kind: 'full-access', severity: worst, text: `FULL ACCESS to ${plural(list.length, 'service')} (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}): every action on every resource` };
  }
  const broad = r.problems.filter((p) => p.severity !== 'info' && p.severity !== 'low' && p.code !== 'unknown-action');
  if (broad.length || a.sensitive.length) return { kind: 'broad', severity: worst, text: `BROAD: ${plural(broad.length, 'grant')} wider than most tasks need (see below)` };
  const isResource = r.resourcePolicy !== undefined;
  const grants = isResource ? doc.statements.some((s) => s.effect === 'Allow') : Object.keys(a.services).length > 0;
  if (!grants) return { kind: 'grants-nothing', severity: worst, text: `GRANTS NOTHING: ${isResource ? 'no statement allows anything' : 'no statement allows a known action'}` };
  return { kind: 'least-privilege', severity: worst, text: isResource ? 'PRIVATE: only your own account is let in' : 'LEAST-PRIVILEGE: no admin, escalation, sensitive grant or broad wildcard' };
}

export function checkPolicyDocument(doc: PolicyDocument, parseWarnings: string[], opts: CheckOptions, input?: PolicyInput): CheckPolicyResult {
  const resourcePolicy = isTrustOrResourcePolicy(doc);
  const trusted = opts.config?.trustedAccounts ?? [];
  // A trust or resource policy's statements are not identity grants: its actions are judged for who they let in.
  const detailed = analyseDetailed(resourcePolicy ? [{ statements: [] }] : [doc]);
  const { statementsFor, ...rest } = detailed;
  const analysis: PolicyAnalysis = rest;
  const pathOf = (st: Statement): JsonPath => statementPath(input, st);
  const problems: LintProblem[] = [...(input?.grammar ?? [])];
  const valid = !problems.some((p) => p.severity === 'error');
  const result: Omit<CheckPolicyResult, 'verdict'> = { analysis, parseWarnings, valid, problems: [] };
  if (resourcePolicy) {
    result.resourcePolicy = judgeResourcePolicy(doc, opts.account, { trustedAccounts: trusted });
    if (result.resourcePolicy.kind === 'role-trust') result.trust = analyseTrust(doc, opts.account ?? '', { trustedAccounts: trusted });
  }
  if (valid) {
    if (resourcePolicy) problems.push(...resourceProblems(doc, result.resourcePolicy as ResourcePolicyJudgement, result.trust, opts.account, trusted, pathOf));
    else {
      problems.push(...identityProblems({ ...detailed, statementsFor }, pathOf));
      const allows = doc.statements.filter((s) => s.effect === 'Allow');
      const compiled = allows.map((st) => ({ stmt: st, coversAll: (st.resource ?? []).includes('*') || (st.resource === undefined && st.notResource !== undefined && !st.notResource.includes('*')) }));
      problems.push(...wildcardProblems(compiled, pathOf));
    }
    if (opts.needs && opts.needs.length) result.leastPrivilege = leastPrivilege(doc, opts.needs, { resources: opts.resources });
  }
  result.problems = locate(problems, input);
  return { ...result, verdict: verdictOf(result, doc) };
}

function locate(problems: LintProblem[], input: PolicyInput | undefined): LocatedProblem[] {
  const loc = input?.locations;
  const out: LocatedProblem[] = problems.map((p) => {
    if (!loc) return { ...p };
    // The deepest recorded part of the path (a value that is not there, e.g. a missing key, points at its parent).
    for (let n = p.path.length; n >= 0; n--) {
      const hit = loc.locations.get([...loc.base, ...p.path.slice(0, n)]);
      if (!hit) continue;
      const span = p.onKey && n === p.path.length && hit.key ? hit.key : hit.value;
      return { ...p, at: loc.locations.lineColumn(span.offset) };
    }
    return { ...p };
  });
  const order = (p: LocatedProblem): number => (p.at ? p.at.line * 1e6 + p.at.column : 0);
  return out.map((p, i) => ({ p, i })).sort((x, y) => lintRank(y.p.severity) - lintRank(x.p.severity) || order(x.p) - order(y.p) || x.i - y.i).map((x) => x.p);
}
