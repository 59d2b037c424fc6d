/**
 * Does a role's trust policy let a given principal (or service) call sts:AssumeRole? Used by the privilege graph
 * (lib/policy/graph.ts) and the real-time PassRole judgement. Conditions are evaluated statically where they can be
 * (lib/policy/conditions.ts); the rest make the admission conditional. An explicit unconditional Deny that names the
 * principal wins.
 */
import type { PolicyDocument, PrincipalMap, Statement } from './document';
import { describeCondition, evaluateCondition, type StaticContext } from './conditions';
import { globMatches } from './glob';

export interface Admission {
  admits: boolean;
  /** The trust names the principal's own ARN (same account: no identity-policy grant needed). */
  direct: boolean;
  conditional: boolean;
  /** Undecided condition entries, e.g. `Bool aws:MultiFactorAuthPresent true`. */
  conditions: string[];
}

const NO: Admission = { admits: false, direct: false, conditional: false, conditions: [] };

function allowsAssumeRole(st: Statement): boolean {
  if (st.action) return st.action.some((p) => globMatches(p, 'sts:AssumeRole', true));
  if (st.notAction) return !st.notAction.some((p) => globMatches(p, 'sts:AssumeRole', true));
  return false;
}

/**
 * The base name of a service principal in any form AWS accepts: `lambda.amazonaws.com`, a region-specific
 * `states.eu-west-1.amazonaws.com`, the China partition's `…amazonaws.com.cn`, any case.
 */
export function serviceBase(principal: string): string {
  const p = principal.trim().toLowerCase();
  const m = /^(.+?)(?:\.(?:[a-z]{2}(?:-[a-z]+)+-\d+))?\.amazonaws\.com(?:\.cn)?$/.exec(p);
  return m ? m[1] : p;
}

/**
 * Whether an `iam:PassedToService` value admits the service whose base name (serviceBase) is `base`: the value may be
 * the global principal, a region-specific one (opt-in regions), the China partition's, or a pattern. One reading for
 * the analyser and the privilege graph.
 */
export function passedToServiceAdmits(value: string, base: string): boolean {
  return globMatches(serviceBase(value), base, true) || globMatches(value, `${base}.amazonaws.com`, true);
}

type Who = { kind: 'service'; service: string } | { kind: 'aws'; arn: string; account: string };

function matchesPrincipal(p: '*' | PrincipalMap, who: Who): 'direct' | 'account' | 'star' | undefined {
  if (p === '*') return 'star';
  if (who.kind === 'service') {
    const want = serviceBase(who.service);
    return (p.Service ?? []).some((s) => serviceBase(s) === want) ? 'direct' : undefined;
  }
  let best: 'direct' | 'account' | 'star' | undefined;
  for (const a of p.AWS ?? []) {
    if (a === '*') best ??= 'star';
    else if (a === who.arn) return 'direct';
    else if (a === who.account || a === `arn:aws:iam::${who.account}:root` || /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(a)?.[1] === who.account) best = 'account';
    else {
      // A session of the role (arn:aws:sts::<acct>:assumed-role/<name>/<session>): the assumer picks the session name.
      const m = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(a);
      if (m && m[1] === who.account && /:role\//.test(who.arn) && who.arn.split('/').pop() === m[2]) return 'direct';
    }
  }
  return best;
}

function judge(doc: PolicyDocument | undefined, who: Who, ctx: StaticContext): Admission {
  if (!doc) return NO;
  const pctx: StaticContext = who.kind === 'aws' ? { ...ctx, principalArn: who.arn, accountId: who.account, principalType: /:user\//.test(who.arn) ? 'User' : 'AssumedRole' } : ctx;
  // An unconditional (or always-true) Deny naming the principal blocks everything.
  for (const st of doc.statements) {
    if (st.effect !== 'Deny' || !allowsAssumeRole(st)) continue;
    const m = st.principal ? matchesPrincipal(st.principal, who) : undefined;
    if (!m) continue;
    if (evaluateCondition(st.condition, pctx).truth === 'always') return NO;
  }
  let best: Admission = NO;
  for (const st of doc.statements) {
    if (st.effect !== 'Allow' || !allowsAssumeRole(st)) continue;
    let m: 'direct' | 'account' | 'star' | undefined;
    if (st.principal) m = matchesPrincipal(st.principal, who);
    else if (st.notPrincipal) m = matchesPrincipal(st.notPrincipal, who) ? undefined : 'star';
    if (!m) continue;
    const t = evaluateCondition(st.condition, pctx);
    if (t.truth === 'never') continue;
    const cand: Admission = { admits: true, direct: m === 'direct', conditional: t.truth === 'unknown', conditions: t.truth === 'unknown' ? describeCondition(t.remaining) : [] };
    // prefer unconditional, then direct
    if (!best.admits || (best.conditional && !cand.conditional) || (best.conditional === cand.conditional && cand.direct && !best.direct)) best = cand;
  }
  return best;
}

/** Whether the trust policy lets the service principal (e.g. `lambda.amazonaws.com`) assume the role. */
export function trustAdmitsService(doc: PolicyDocument | undefined, service: string, ctx: StaticContext): Admission {
  return judge(doc, { kind: 'service', service }, ctx);
}

/** Whether the trust policy lets the IAM user or role `arn` of `account` assume the role. */
export function trustAdmitsPrincipal(doc: PolicyDocument | undefined, arn: string, account: string, ctx: StaticContext): Admission {
  return judge(doc, { kind: 'aws', arn, account }, ctx);
}

/** Services (base names) a trust policy admits, and whether the admission is conditional. */
export function trustedServices(doc: PolicyDocument | undefined, ctx: StaticContext): Map<string, Admission> {
  const out = new Map<string, Admission>();
  for (const st of doc?.statements ?? []) {
    if (st.effect !== 'Allow' || !allowsAssumeRole(st) || !st.principal || st.principal === '*') continue;
    for (const s of st.principal.Service ?? []) {
      const base = serviceBase(s);
      if (!out.has(base)) out.set(base, trustAdmitsService(doc, s, ctx));
    }
  }
  return out;
}

/** The trust admits `*` (Principal "*", AWS "*" or NotPrincipal) for sts:AssumeRole: any principal may try. */
export function trustAdmitsAnyone(doc: PolicyDocument | undefined): boolean {
  return (doc?.statements ?? []).some(
    (st) => st.effect === 'Allow' && allowsAssumeRole(st) && (st.notPrincipal !== undefined || st.principal === '*' || (st.principal?.AWS ?? []).includes('*')),
  );
}

/** The trust names an account root (or bare account id) for sts:AssumeRole. */
export function trustNamesAccount(doc: PolicyDocument | undefined, account: string): boolean {
  return (doc?.statements ?? []).some(
    (st) => st.effect === 'Allow' && allowsAssumeRole(st) && st.principal && st.principal !== '*' && (st.principal.AWS ?? []).some((a) => a === account || /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(a)?.[1] === account),
  );
}

/** ARNs of IAM users and roles named directly in the trust for sts:AssumeRole. */
export function trustNamedArns(doc: PolicyDocument | undefined): string[] {
  const out: string[] = [];
  for (const st of doc?.statements ?? []) {
    if (st.effect !== 'Allow' || !allowsAssumeRole(st) || !st.principal || st.principal === '*') continue;
    for (const a of st.principal.AWS ?? []) if (/^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:user|role|assumed-role)\//.test(a)) out.push(a);
  }
  return out;
}
