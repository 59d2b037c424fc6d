/**
 * Role trust policy analysis: who may assume the role. Public (any AWS principal without a limiting condition),
 * other accounts (with or without sts:ExternalId / MFA / organization guard), service principals without a
 * confused-deputy guard (aws:SourceAccount / aws:SourceArn), and web-identity / SAML federation (e.g. GitHub OIDC
 * without a `sub` condition lets any repository on GitHub assume the role).
 */
import type { ConditionBlock, PolicyDocument, PrincipalMap, Statement } from './document';
import { globMatches } from './glob';

export interface TrustAnalysis {
  public: boolean;
  publicReason?: string;
  externalAccounts: { account: string; principal: string; guarded: boolean; guards: string[] }[];
  services: string[];
  servicesWithoutSourceGuard: string[];
  federated: { provider: string; guarded: boolean; reason?: string }[];
}

/**
 * Condition keys that limit who "*" can be (organization, account, source, principal ARN…). Not sts:ExternalId: the
 * external id is not a secret (it travels in the caller's request, vendors print it in set-up guides), so a "*"
 * principal guarded only by it can be assumed by anyone who learns it.
 */
const PUBLIC_LIMITING_KEYS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalarn',
  'aws:userid',
  'aws:principalserviceName'.toLowerCase(),
];
const EXTERNAL_GUARD_KEYS: Record<string, string> = {
  'sts:externalid': 'sts:ExternalId',
  'aws:multifactorauthpresent': 'aws:MultiFactorAuthPresent',
  'aws:principalorgid': 'aws:PrincipalOrgID',
  'aws:principalorgpaths': 'aws:PrincipalOrgPaths',
};
const SOURCE_GUARD_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths'];

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

function allowsAssume(st: Statement): boolean {
  if (st.action) return st.action.some((p) => ASSUME_ACTIONS.some((a) => globMatches(p, a, true)));
  if (st.notAction) return ASSUME_ACTIONS.some((a) => !st.notAction?.some((p) => globMatches(p, a, true)));
  return false;
}

/** Positive conditions on `keys` whose values are not just "*" (a StringLike "*" limits nothing). */
function limitingKeys(cond: ConditionBlock | undefined, keys: string[]): string[] {
  const found: string[] = [];
  if (!cond) return found;
  for (const [op, block] of Object.entries(cond)) {
    const lop = op.toLowerCase();
    if (lop.includes('not') || lop === 'null') continue;
    for (const [k, vals] of Object.entries(block)) {
      const lk = k.toLowerCase();
      if (!keys.includes(lk)) continue;
      // Any value that matches everyone (a wildcard-only or empty pattern) leaves the key limiting nothing.
      if (vals.length === 0 || vals.some((v) => /^[*?]*$/.test(v))) continue;
      if (lk === 'aws:multifactorauthpresent' && !vals.some((v) => v.toLowerCase() === 'true')) continue;
      found.push(k);
    }
  }
  return found;
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}|\*):/.exec(principal);
  return m ? m[1] : undefined;
}

function awsPrincipals(p: '*' | PrincipalMap): string[] {
  if (p === '*') return ['*'];
  return p.AWS ?? [];
}

export function analyseTrust(doc: PolicyDocument, accountId: string, opts: { trustedAccounts?: string[] } = {}): TrustAnalysis {
  const result: TrustAnalysis = { public: false, externalAccounts: [], services: [], servicesWithoutSourceGuard: [], federated: [] };
  const trusted = new Set([accountId, ...(opts.trustedAccounts ?? [])]);
  for (const st of doc.statements) {
    if (st.effect !== 'Allow' || !allowsAssume(st)) continue;
    const label = `Statement ${st.sid ? `"${st.sid}"` : st.index}`;
    if (st.notPrincipal) {
      // Allow with NotPrincipal: everyone except the listed principals.
      const limits = limitingKeys(st.condition, PUBLIC_LIMITING_KEYS);
      if (limits.length === 0 && !result.public) {
        result.public = true;
        result.publicReason = `${label} allows everyone except the NotPrincipal list to assume the role, without a limiting condition`;
      }
    }
    if (!st.principal) continue;
    for (const p of awsPrincipals(st.principal)) {
      const account = p === '*' ? '*' : accountOf(p);
      if (account === '*' || p === '*') {
        const limits = limitingKeys(st.condition, PUBLIC_LIMITING_KEYS);
        if (limits.length === 0 && !result.public) {
          result.public = true;
          const onlyExternalId = limitingKeys(st.condition, ['sts:externalid']).length > 0;
          result.publicReason = `${label} lets principal ${JSON.stringify(p)} (any AWS account) assume the role without a condition limiting it to an organization, account or principal${onlyExternalId ? ' (its sts:ExternalId condition is not one: the external id is not a secret)' : ''}`;
        }
        continue;
      }
      if (account === undefined) continue; // unique ids (AIDA…/AROA…) of deleted principals, or malformed
      if (trusted.has(account)) continue;
      const guards = limitingKeys(st.condition, Object.keys(EXTERNAL_GUARD_KEYS)).map((k) => EXTERNAL_GUARD_KEYS[k.toLowerCase()]);
      result.externalAccounts.push({ account, principal: p, guarded: guards.length > 0, guards: [...new Set(guards)] });
    }
    if (st.principal !== '*') {
      for (const svc of st.principal.Service ?? []) {
        if (!result.services.includes(svc)) result.services.push(svc);
        const guarded = limitingKeys(st.condition, SOURCE_GUARD_KEYS).length > 0;
        if (!guarded && !result.servicesWithoutSourceGuard.includes(svc)) result.servicesWithoutSourceGuard.push(svc);
      }
      for (const provider of st.principal.Federated ?? []) result.federated.push(judgeFederated(provider, st.condition));
    }
  }
  // Statements are alternatives: a service admitted by one statement without a source guard is unguarded.
  return result;
}

function providerHost(provider: string): string {
  const m = /:oidc-provider\/(.+)$/.exec(provider);
  return (m ? m[1] : provider).toLowerCase();
}

function conditionValues(cond: ConditionBlock | undefined, key: string): { op: string; values: string[] }[] {
  const out: { op: string; values: string[] }[] = [];
  for (const [op, block] of Object.entries(cond ?? {})) {
    if (op.toLowerCase().includes('not')) continue;
    for (const [k, vals] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) out.push({ op, values: vals });
  }
  return out;
}

function judgeFederated(provider: string, cond: ConditionBlock | undefined): { provider: string; guarded: boolean; reason?: string } {
  if (/:saml-provider\//.test(provider)) return { provider, guarded: true };
  const host = providerHost(provider);
  if (host === 'cognito-identity.amazonaws.com') {
    const aud = conditionValues(cond, 'cognito-identity.amazonaws.com:aud');
    if (aud.length === 0 || aud.every((a) => a.values.every((v) => v.includes('*')))) return { provider, guarded: false, reason: 'no cognito-identity.amazonaws.com:aud condition: any identity pool in any account can obtain this role' };
    return { provider, guarded: true };
  }
  const sub = conditionValues(cond, `${host}:sub`);
  const meaningful = sub.filter((s) => s.values.some((v) => !/^[^:]*:?\*$/.test(v) && v !== '*' && !/^repo:\*/.test(v)));
  if (meaningful.length === 0) {
    const what = host === 'token.actions.githubusercontent.com' ? 'any GitHub repository (of any owner) can assume this role from its workflows' : 'any identity of this provider can assume the role';
    return { provider, guarded: false, reason: `no restrictive ${host}:sub condition: ${what}` };
  }
  return { provider, guarded: true };
}
