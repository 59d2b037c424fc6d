/**
 * Who a resource-based policy lets in: public (any AWS principal, without a condition that limits it to an
 * organization, account, source or principal), cross-account (which accounts), or private. Works for S3 bucket, KMS
 * key, SQS queue, SNS topic, Lambda function, Secrets Manager secret and ECR repository policies and role trust
 * policies (the kind is guessed from the actions). `sts:ExternalId` limits nothing (the external id is not a secret),
 * nor does a condition value of "*". One judgement for check-policy and the event rules.
 */
import type { ConditionBlock, PolicyDocument, PrincipalMap, Statement } from './document';

export type ResourcePolicyKind = 's3-bucket' | 'kms-key' | 'sqs-queue' | 'sns-topic' | 'lambda-function' | 'secretsmanager-secret' | 'ecr-repository' | 'role-trust' | 'unknown';
export type ResourceAccess = 'public' | 'cross-account' | 'private';

export interface ResourcePolicyJudgement {
  kind: ResourcePolicyKind;
  access: ResourceAccess;
  /** Other AWS accounts the policy admits (12-digit ids), sorted. */
  accounts: string[];
  /** Service principals admitted (e.g. cloudtrail.amazonaws.com). */
  services: string[];
  /** Why (one line per public or cross-account statement). */
  reasons: string[];
}

const KIND_BY_SERVICE: Record<string, ResourcePolicyKind> = {
  s3: 's3-bucket',
  kms: 'kms-key',
  sqs: 'sqs-queue',
  sns: 'sns-topic',
  lambda: 'lambda-function',
  secretsmanager: 'secretsmanager-secret',
  ecr: 'ecr-repository',
  sts: 'role-trust',
};

/** Condition keys that narrow "*" to known callers. */
const LIMITING_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalarn',
  'aws:userid',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'kms:calleraccount',
  'kms:viaservice',
  'lambda:functionarn',
]);

function limits(cond: ConditionBlock | undefined): string[] {
  const found: string[] = [];
  for (const [op, block] of Object.entries(cond ?? {})) {
    const lop = op.toLowerCase();
    if (lop.includes('not') || lop.startsWith('null')) continue;
    for (const [k, vals] of Object.entries(block)) {
      if (!LIMITING_KEYS.has(k.toLowerCase())) continue;
      if (vals.length === 0 || vals.every((v) => v === '*' || v === '')) continue;
      found.push(k);
    }
  }
  return found;
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return m ? m[1] : undefined;
}

/** Accounts named in positive account conditions (aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount). */
function conditionAccounts(cond: ConditionBlock | undefined): string[] {
  const out: string[] = [];
  for (const [op, block] of Object.entries(cond ?? {})) {
    if (op.toLowerCase().includes('not')) continue;
    for (const [k, vals] of Object.entries(block)) {
      if (['aws:principalaccount', 'aws:sourceaccount', 'kms:calleraccount'].includes(k.toLowerCase())) for (const v of vals) if (/^\d{12}$/.test(v)) out.push(v);
    }
  }
  return out;
}

function kindOf(doc: PolicyDocument): ResourcePolicyKind {
  const counts = new Map<ResourcePolicyKind, number>();
  for (const st of doc.statements) {
    for (const a of st.action ?? st.notAction ?? []) {
      const svc = a.split(':')[0]?.toLowerCase() ?? '';
      const k = KIND_BY_SERVICE[svc];
      if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  let best: ResourcePolicyKind = 'unknown';
  let n = 0;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  return best;
}

function label(st: Statement): string {
  return `Statement ${st.sid ? JSON.stringify(st.sid) : st.index}`;
}

/** The judgement for one resource-based (or trust) policy; `accountId` is the owner's account, when known. */
export function judgeResourcePolicy(doc: PolicyDocument, accountId?: string, opts: { trustedAccounts?: string[] } = {}): ResourcePolicyJudgement {
  const trusted = new Set([...(accountId ? [accountId] : []), ...(opts.trustedAccounts ?? [])]);
  const accounts = new Set<string>();
  const services = new Set<string>();
  const reasons: string[] = [];
  let isPublic = false;
  for (const st of doc.statements) {
    if (st.effect !== 'Allow') continue;
    const who: '*' | PrincipalMap | undefined = st.notPrincipal !== undefined ? '*' : st.principal;
    if (who === undefined) continue;
    const aws = who === '*' ? ['*'] : who.AWS ?? [];
    for (const s of who === '*' ? [] : who.Service ?? []) services.add(s);
    for (const p of aws) {
      const acct = p === '*' ? '*' : accountOf(p);
      if (acct === '*') {
        const l = limits(st.condition);
        if (l.length === 0) {
          isPublic = true;
          reasons.push(`${label(st)} allows ${st.notPrincipal !== undefined ? 'everyone except the NotPrincipal list' : `principal ${JSON.stringify(p)}`} without a condition limiting it to an organization, account, source or principal`);
        } else {
          for (const a of conditionAccounts(st.condition)) if (!trusted.has(a)) accounts.add(a);
        }
        continue;
      }
      if (acct === undefined || trusted.has(acct)) continue;
      accounts.add(acct);
      reasons.push(`${label(st)} allows account ${acct} (${p})`);
    }
  }
  const list = [...accounts].sort();
  return { kind: kindOf(doc), access: isPublic ? 'public' : list.length ? 'cross-account' : 'private', accounts: list, services: [...services].sort(), reasons };
}

/** Whether any statement has a Principal / NotPrincipal (a resource-based or trust policy, not an identity policy). */
export function isResourcePolicy(doc: PolicyDocument): boolean {
  return doc.statements.some((s) => s.principal !== undefined || s.notPrincipal !== undefined);
}
