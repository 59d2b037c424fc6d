/**
 * Who a resource-based policy lets in: public (any AWS principal, without a condition that limits it to an
 * organization, account, source or principal), cross-account (which accounts), or private. Works for S3 bucket, KMS
 * key, SQS queue, SNS topic, Lambda function, Secrets Manager secret and ECR repository policies and role trust
 * policies (the kind is guessed from the actions). `sts:ExternalId` limits nothing (the external id is not a secret),
 * nor does a condition value of "*". One judgement for check-policy and the event rules.
 */
import type { ConditionBlock, PolicyDocument, PrincipalMap } from './document';
import { classifyResourcePolicy, narrowingKeys } from './resource-access';

export type ResourcePolicyKind = 's3-bucket' | 'kms-key' | 'sqs-queue' | 'sns-topic' | 'lambda-function' | 'secretsmanager-secret' | 'ecr-repository' | 'role-trust' | 'unknown';
export type { ResourceAccessLevel as ResourceAccess } from './resource-access';
import type { ResourceAccessLevel as ResourceAccess } from './resource-access';

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

/**
 * The judgement for one resource-based (or trust) policy; `accountId` is the owner's account, when known. Who is let in
 * is decided by `classifyResourcePolicy` (the same classifier the real-time rules use); this adds the policy's kind, the
 * service principals, and the accounts that a narrowed "*" is limited to by an account condition.
 */
export function judgeResourcePolicy(doc: PolicyDocument, accountId?: string, opts: { trustedAccounts?: string[] } = {}): ResourcePolicyJudgement {
  const access = classifyResourcePolicy(doc, accountId ?? '', opts);
  const trusted = new Set([...(accountId ? [accountId] : []), ...(opts.trustedAccounts ?? [])]);
  const accounts = new Set(access.accounts.map((a) => a.account));
  const reasons = [...access.publicReasons, ...access.accounts.map((a) => `allows account ${a.account} (${a.principals.join(', ')})`)];
  const services = new Set<string>();
  for (const st of doc.statements) {
    if (st.effect !== 'Allow') continue;
    const who: '*' | PrincipalMap | undefined = st.notPrincipal !== undefined ? '*' : st.principal;
    if (who === undefined) continue;
    for (const s of who === '*' ? [] : who.Service ?? []) services.add(s);
    const anyone = who === '*' || (who.AWS ?? []).includes('*');
    if (!anyone || narrowingKeys(st.condition).length === 0) continue;
    for (const a of conditionAccounts(st.condition)) {
      if (trusted.has(a) || accounts.has(a)) continue;
      accounts.add(a);
      reasons.push(`allows account ${a} (through a condition on "*")`);
    }
  }
  const list = [...accounts].sort();
  return { kind: kindOf(doc), access: access.level === 'public' ? 'public' : list.length ? 'cross-account' : 'private', accounts: list, services: [...services].sort(), reasons };
}

/** Whether any statement has a Principal / NotPrincipal (a resource-based or trust policy, not an identity policy). */
export function isResourcePolicy(doc: PolicyDocument): boolean {
  return doc.statements.some((s) => s.principal !== undefined || s.notPrincipal !== undefined);
}
