/**
 * Who a resource policy (S3 bucket, KMS key, SNS topic, SQS queue, ECR repository, Secrets Manager secret, Lambda
 * permission) lets in: public (any principal, or "*", without a condition that narrows it to an account, organization,
 * source resource or network endpoint), other accounts (named), or only this account and its trusted accounts.
 *
 * Narrowing conditions follow S3's "meaning of public" and IAM Access Analyzer: a positive condition on a fixed value
 * of aws:SourceArn, aws:SourceAccount, aws:SourceOwner, aws:SourceOrgID/Paths, aws:PrincipalOrgID/Paths,
 * aws:PrincipalAccount, aws:PrincipalArn, aws:userid, aws:SourceVpc, aws:SourceVpce, aws:SourceIp (a CIDR narrower
 * than /8), kms:CallerAccount, or s3:DataAccessPointAccount/Arn. `sts:ExternalId` is not one: the external id is not a
 * secret, so it limits nothing for `*`. Deny statements are not credited (a policy is judged by what it allows; an
 * attacker's policy does not come with a helpful Deny). Pure.
 */
import type { ConditionBlock, PolicyDocument, PrincipalMap, Statement } from './document';

export type ResourceAccessLevel = 'public' | 'cross-account' | 'private';

export interface ResourceAccess {
  level: ResourceAccessLevel;
  /** One sentence per statement that makes the policy public. */
  publicReasons: string[];
  /** Other accounts (not the owner, not trusted) named as principals, with the principals naming them. */
  accounts: { account: string; principals: string[] }[];
  /** Statements whose "*" principal is narrowed, and the keys narrowing them (for the evidence). */
  narrowed: { statement: string; keys: string[] }[];
}

/** Keys whose fixed value narrows "*" to a known account, organization, source resource or network. Lower case. */
const NARROWING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'kms:calleraccount',
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
  'lambda:functionarn',
]);

const MAX_STATEMENTS = 2_000;

function cidrNarrow(v: string): boolean {
  const m = /\/(\d{1,3})$/.exec(v.trim());
  if (!m) return v.trim() !== '' && !v.includes('*');
  const bits = Number(m[1]);
  return v.includes(':') ? bits >= 32 : bits >= 8;
}

/** An ARN pattern that names no particular account or resource (any account's "x", or "*" as the resource). */
function openArn(v: string): boolean {
  const parts = v.split(':');
  if (parts.length < 6) return v.includes('*');
  const resource = parts.slice(5).join(':');
  return parts[4].includes('*') || resource === '' || /^[*?]+$/.test(resource);
}

/** The keys of positive conditions that narrow "*" (values fixed, not a bare wildcard). */
export function narrowingKeys(cond: ConditionBlock | undefined): string[] {
  const found: string[] = [];
  if (!cond) return found;
  for (const [op, block] of Object.entries(cond)) {
    const lop = op.toLowerCase();
    // Negated operators and Null checks allow everyone but the listed values; ForAnyValue over an absent key is true.
    if (lop.includes('not') || lop === 'null' || lop.endsWith('ifexists')) continue;
    for (const [k, vals] of Object.entries(block)) {
      const lk = k.toLowerCase();
      if (!NARROWING_KEYS.has(lk)) continue;
      if (vals.length === 0 || vals.some((v) => v === '*' || v === '' || /^[*?]+$/.test(v))) continue;
      if (lk === 'aws:sourceip' && !vals.every(cidrNarrow)) continue;
      if (lk.endsWith('arn') && vals.some(openArn)) continue;
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

function label(st: Statement): string {
  return `Statement ${st.sid ? JSON.stringify(st.sid.slice(0, 100)) : st.index}`;
}

function awsPrincipals(p: '*' | PrincipalMap): string[] {
  if (p === '*') return ['*'];
  return p.AWS ?? [];
}

/**
 * Classifies a resource policy for the account that owns the resource. `trustedAccounts` are accounts the user owns
 * (config `trustedAccounts`): naming them is not "another account".
 */
export function classifyResourcePolicy(doc: PolicyDocument, ownAccount: string, opts: { trustedAccounts?: readonly string[] } = {}): ResourceAccess {
  const trusted = new Set([ownAccount, ...(opts.trustedAccounts ?? [])]);
  const publicReasons: string[] = [];
  const narrowed: ResourceAccess['narrowed'] = [];
  const accounts = new Map<string, string[]>();
  for (const st of doc.statements.slice(0, MAX_STATEMENTS)) {
    if (st.effect !== 'Allow') continue;
    if (st.notPrincipal) {
      const keys = narrowingKeys(st.condition);
      if (keys.length === 0) publicReasons.push(`${label(st)} allows everyone except its NotPrincipal list, without a narrowing condition`);
      else narrowed.push({ statement: label(st), keys });
    }
    if (!st.principal) continue;
    for (const p of awsPrincipals(st.principal)) {
      const account = p === '*' ? '*' : accountOf(p);
      if (account === '*') {
        const keys = narrowingKeys(st.condition);
        if (keys.length === 0)
          publicReasons.push(
            `${label(st)} allows principal ${JSON.stringify(p.slice(0, 200))} (anyone) without a condition narrowing it to an account, organization, source resource or network`,
          );
        else narrowed.push({ statement: label(st), keys });
        continue;
      }
      if (account === undefined || trusted.has(account)) continue;
      const list = accounts.get(account) ?? [];
      if (!list.includes(p) && list.length < 20) list.push(p);
      accounts.set(account, list);
    }
  }
  const level: ResourceAccessLevel = publicReasons.length > 0 ? 'public' : accounts.size > 0 ? 'cross-account' : 'private';
  return { level, publicReasons, accounts: [...accounts].map(([account, principals]) => ({ account, principals })), narrowed };
}

/** The account a single principal string (account id, ARN, "*") belongs to; `*` for everyone, undefined for a service or unknown form. */
export function principalAccount(principal: string): string | undefined {
  if (principal.trim() === '*') return '*';
  return accountOf(principal.trim());
}
