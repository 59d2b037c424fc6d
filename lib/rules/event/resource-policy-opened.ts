/**
 * A resource policy opened to the world or to another account: Lambda function / layer permissions, S3 bucket
 * policies, ACLs and Block Public Access, KMS key policies and grants, Secrets Manager, SNS, SQS and ECR policies.
 * The policy is judged by lib/policy/resource-access (public / other accounts / this account), the same grammar as
 * identity policies. Own account and `trustedAccounts` are quiet.
 */
import type { EventRule, RuleHit } from '../types';
import type { Json, JsonObject, NormalizedEvent } from '../../cloudtrail/types';
import type { Fix, Severity } from '../../findings/types';
import type { PolicyDocument, Statement } from '../../policy/document';
import { parsePolicyDocument } from '../../policy/document';
import { classifyResourcePolicy, principalAccount, type ResourceAccess } from '../../policy/resource-access';
import { baseEvidence, boolParam, fillFix, lambdaBaseName, lastSegment, objParam, param, partition, unreadableField, when } from './_util';

export const RESOURCE_POLICY_EVENTS = [
  'AddPermission',
  'AddPermission20150331',
  'AddPermission20150331v2',
  'AddLayerVersionPermission',
  'AddLayerVersionPermission20181031',
  'PutBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
  'PutKeyPolicy',
  'CreateGrant',
  'PutResourcePolicy',
  'SetTopicAttributes',
  'SetQueueAttributes',
  'SetRepositoryPolicy',
];

const PAB_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
const PUBLIC_GROUPS: Record<string, string> = {
  'acs.amazonaws.com/groups/global/allusers': 'AllUsers (anyone on the internet)',
  'acs.amazonaws.com/groups/global/authenticatedusers': 'AuthenticatedUsers (anyone with an AWS account)',
};
const PUBLIC_CANNED = ['public-read', 'public-read-write', 'authenticated-read'];

interface Target {
  /** ARN (or account id) of the resource. */
  resource: string;
  /** "S3 bucket logs-archive". */
  what: string;
  /** Placeholders for the fix. */
  values: Record<string, string | undefined>;
  fix: Fix;
}

function region(ev: NormalizedEvent): string {
  return ev.awsRegion ?? 'us-east-1';
}

function arnOr(value: string, build: (name: string) => string): string {
  return value.startsWith('arn:') ? value : build(value);
}

/** Collects string values of a JSON value (bounded: ACL bodies are small; a hostile one is cut, never walked whole). */
function strings(v: Json | undefined, out: { key: string; value: string }[], key = '', depth = 0): void {
  if (out.length > 2_000 || depth > 12 || v === null || v === undefined) return;
  if (typeof v === 'string') out.push({ key, value: v });
  else if (Array.isArray(v)) for (const x of v.slice(0, 500)) strings(x, out, key, depth + 1);
  else if (typeof v === 'object') for (const [k, x] of Object.entries(v).slice(0, 500)) strings(x, out, k, depth + 1);
}

// ------------------------------------------------------------------ fixes, one per kind of resource
const FIX = {
  lambda: {
    console: [
      'Lambda console > Functions > <function-name> > Configuration > Permissions > Resource-based policy statements: delete statement <statement-id>.',
      'If the function must be callable by a service, add the permission again with --source-arn / --source-account (or --principal-org-id for your organization).',
    ],
    cli: 'aws lambda remove-permission --function-name <function-name> --statement-id <statement-id> --region <region>',
  },
  layer: {
    console: ['Layer permissions are only visible through the API: remove the statement with the command below, then list what remains (aws lambda get-layer-version-policy).'],
    cli: 'aws lambda remove-layer-version-permission --layer-name <layer-name> --version-number <version-number> --statement-id <statement-id> --region <region>',
  },
  s3Policy: {
    console: [
      'S3 console > Buckets > <bucket> > Permissions > Bucket policy > Edit: remove the statement that allows "*" or the other account (keep the statements services such as CloudTrail need).',
      'Permissions > Block public access (bucket settings): turn all four settings on, so a public policy is refused in future.',
    ],
    cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  },
  s3PolicyAccount: {
    console: [
      'S3 console > Buckets > <bucket> > Permissions > Bucket policy > Edit: remove the statement naming the other account, or add the account to iam-guardian\'s trustedAccounts if you own it.',
    ],
    cli: 'aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > bucket-policy.json && aws s3api put-bucket-policy --bucket <bucket> --policy file://bucket-policy.json   # after removing the statement from bucket-policy.json',
  },
  s3Acl: {
    console: ['S3 console > Buckets > <bucket> > Permissions > Access control list: remove the grants to "Everyone" and "Authenticated users group"; better, set Object Ownership to "Bucket owner enforced" (ACLs disabled).'],
    cli: 'aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]',
  },
  bucketPab: {
    console: ['S3 console > Buckets > <bucket> > Permissions > Block public access (bucket settings) > Edit: turn all four settings on.'],
    cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  },
  accountPab: {
    console: ['S3 console > Block Public Access settings for this account > Edit: turn all four settings on.'],
    cli: 'aws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  },
  kmsPolicy: {
    console: ['KMS console > Customer managed keys > <key-id> > Key policy > Edit: remove the statement that allows "*" or the other account.'],
    cli: 'aws kms get-key-policy --key-id <key-id> --policy-name default --query Policy --output text --region <region> > key-policy.json && aws kms put-key-policy --key-id <key-id> --policy-name default --policy file://key-policy.json --region <region>   # after removing the statement from key-policy.json',
  },
  kmsGrant: {
    console: ['Grants are only visible through the API: revoke the grant with the command below (aws kms list-grants --key-id <key-id> shows the others).'],
    cli: 'aws kms revoke-grant --key-id <key-id> --grant-id <grant-id> --region <region>',
  },
  secret: {
    console: ['Secrets Manager console > Secrets > <secret-id> > Resource permissions > Edit permissions: remove the statement, then Save (the console refuses public policies while "Block public access" is on).'],
    cli: 'aws secretsmanager delete-resource-policy --secret-id <secret-id> --region <region>',
  },
  sns: {
    console: ['SNS console > Topics > <topic-name> > Edit > Access policy: remove the statement that allows "*" or the other account (or add an aws:SourceAccount / aws:SourceArn condition).'],
    cli: 'aws sns get-topic-attributes --topic-arn <topic-arn> --query Attributes.Policy --output text --region <region> > topic-policy.json && aws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name Policy --attribute-value file://topic-policy.json --region <region>   # after editing topic-policy.json',
  },
  sqs: {
    console: ['SQS console > Queues > <queue-name> > Access policy > Edit: remove the statement that allows "*" or the other account (or add an aws:SourceArn / aws:SourceAccount condition).'],
    cli: 'aws sqs get-queue-attributes --queue-url <queue-url> --attribute-names Policy --query Attributes --region <region> > queue-attributes.json && aws sqs set-queue-attributes --queue-url <queue-url> --attributes file://queue-attributes.json --region <region>   # after editing the Policy in queue-attributes.json',
  },
  ecr: {
    console: ['ECR console > Private registry > Repositories > <repository> > Permissions > Edit policy JSON: remove the statement that allows "*" or the other account.'],
    cli: 'aws ecr delete-repository-policy --repository-name <repository> --region <region>',
  },
} satisfies Record<string, Fix>;

// ------------------------------------------------------------------ judging
function hitFor(ev: NormalizedEvent, t: Target, severity: Severity, opened: string, extra: Record<string, unknown>, fix = t.fix): RuleHit {
  return {
    resource: t.resource,
    severity,
    message: `${ev.actor.display} changed ${t.what}${when(ev)}: ${opened}.`,
    evidence: baseEvidence(ev, extra),
    fix: fillFix(fix, { ...t.values, region: ev.awsRegion }),
  };
}

function judgeDocument(ev: NormalizedEvent, t: Target, raw: Json | undefined, trusted: readonly string[], accountFix?: Fix): RuleHit[] {
  const parsed = parsePolicyDocument(raw);
  if (!parsed.ok) {
    // The policy may be the risky change: an unreadable one is reported, never dropped.
    return [
      {
        // High: the policy that could not be read may be a public one (bad input never lowers an alert).
        ...hitFor(ev, t, 'high', `set a resource policy iam-guardian could not read (${parsed.error}); check by hand whether it is public`, { policyError: parsed.error }),
        factors: { unverified: true },
      },
    ];
  }
  return judgeAccess(ev, t, classifyResourcePolicy(parsed.document, ev.account, { trustedAccounts: trusted }), accountFix);
}

function judgeAccess(ev: NormalizedEvent, t: Target, access: ResourceAccess, accountFix?: Fix): RuleHit[] {
  if (access.level === 'public')
    return [hitFor(ev, t, 'high', `set a public resource policy (${access.publicReasons.slice(0, 3).join('; ')})`, { access })];
  if (access.level === 'cross-account') {
    const accounts = access.accounts.map((a) => a.account);
    return [
      hitFor(
        ev,
        t,
        'medium',
        `granted access to another AWS account (${accounts.slice(0, 10).join(', ')}), not this account and not in trustedAccounts`,
        { access },
        accountFix,
      ),
    ];
  }
  return [];
}

/** A policy document built from a permission API's parameters (Lambda AddPermission / AddLayerVersionPermission). */
function permissionDocument(rp: JsonObject, conditionParams: Record<string, [string, string]>): PolicyDocument {
  const principal = param(rp, 'principal') ?? '';
  const st: Statement = { index: 0, effect: 'Allow', action: [param(rp, 'action') ?? 'lambda:InvokeFunction'] };
  const p = principal.trim();
  if (p === '*') st.principal = '*';
  else if (/\.amazonaws\.com(\.cn)?$/.test(p) || /\.amazon\.com$/.test(p)) st.principal = { Service: [p] };
  else st.principal = { AWS: [p] };
  const cond: Record<string, Record<string, string[]>> = {};
  for (const [field, [op, key]] of Object.entries(conditionParams)) {
    const v = param(rp, field);
    if (v) (cond[op] ??= {})[key] = [v];
  }
  if (Object.keys(cond).length > 0) st.condition = cond;
  return { statements: [st] };
}

/**
 * AddPermission / AddLayerVersionPermission require a principal: one that is not a usable string (null, a number, a
 * list, an object, blank or missing) is unknown and may be "*". The permission is judged as possibly public (high),
 * whatever conditions come with it, and the message says the principal could not be read: a malformed record must
 * not make a public permission vanish.
 */
function unreadablePrincipal(ev: NormalizedEvent, t: Target): RuleHit[] | undefined {
  if ((param(ev.requestParameters, 'principal') ?? '').trim() !== '') return undefined;
  const why = unreadableField(ev.requestParameters, 'principal');
  const hit = hitFor(
    ev,
    t,
    'high',
    `added a permission whose principal could not be read (${why}); it is treated as possibly public ("*"): check the resource policy by hand`,
    { unreadableTarget: why },
  );
  return [{ ...hit, factors: { unverified: true } }];
}

function lambdaPermission(ev: NormalizedEvent, trusted: readonly string[]): RuleHit[] {
  const rp = ev.requestParameters;
  const base = lambdaBaseName(ev.eventName);
  const statementId = param(rp, 'statementId');
  if (base === 'AddLayerVersionPermission') {
    const layer = param(rp, 'layerName') ?? 'unknown';
    const version = rp.versionNumber !== undefined && rp.versionNumber !== null ? String(rp.versionNumber as string | number) : undefined;
    const layerArn = arnOr(layer, (n) => `arn:${partition(ev)}:lambda:${region(ev)}:${ev.account}:layer:${n}`);
    const t: Target = {
      resource: version ? `${layerArn}:${version}` : layerArn,
      what: `Lambda layer ${lastSegment(layer)}${version ? ` version ${version}` : ''}`,
      values: { 'layer-name': layer, 'version-number': version, 'statement-id': statementId },
      fix: FIX.layer,
    };
    const unknown = unreadablePrincipal(ev, t);
    if (unknown) return unknown;
    return judgeAccess(ev, t, classifyResourcePolicy(permissionDocument(rp, { organizationId: ['StringEquals', 'aws:PrincipalOrgID'] }), ev.account, { trustedAccounts: trusted }));
  }
  const fn = param(rp, 'functionName') ?? 'unknown';
  const fnArn = arnOr(fn, (n) => `arn:${partition(ev)}:lambda:${region(ev)}:${ev.account}:function:${n}`);
  const t: Target = {
    resource: fnArn,
    what: `Lambda function ${fn.startsWith('arn:') ? (fn.split(':')[6] ?? fn) : fn}`,
    values: { 'function-name': fn, 'statement-id': statementId },
    fix: FIX.lambda,
  };
  const doc = permissionDocument(rp, {
    sourceArn: ['ArnLike', 'aws:SourceArn'],
    sourceAccount: ['StringEquals', 'aws:SourceAccount'],
    principalOrgID: ['StringEquals', 'aws:PrincipalOrgID'],
  });
  const hits = unreadablePrincipal(ev, t) ?? judgeAccess(ev, t, classifyResourcePolicy(doc, ev.account, { trustedAccounts: trusted }));
  const auth = param(rp, 'functionUrlAuthType');
  if (hits.length > 0 && auth?.toUpperCase() === 'NONE' && hits[0].severity === 'high') {
    const note = hits[0].evidence?.unreadableTarget ? ' (its function URL needs no authentication: if the principal is "*", anyone on the internet can invoke it).' : ': its function URL needs no authentication, so anyone on the internet can invoke it.';
    hits[0].message = hits[0].message.replace(/\.$/, note);
  }
  return hits;
}

function pabRelaxed(ev: NormalizedEvent, accountLevel: boolean): RuleHit[] {
  const rp = ev.requestParameters;
  const bucket = param(rp, 'bucketName');
  const t: Target = accountLevel
    ? { resource: ev.account, what: `the S3 Block Public Access settings of account ${ev.account}`, values: { 'account-id': ev.account }, fix: FIX.accountPab }
    : { resource: `arn:${partition(ev)}:s3:::${bucket ?? 'unknown'}`, what: `the Block Public Access settings of S3 bucket ${bucket ?? '(unnamed)'}`, values: { bucket }, fix: FIX.bucketPab };
  // Account-wide, the guard covers every bucket (AWS turns it on by default): high. One bucket's guard: medium, the
  // bucket is not public until a policy or ACL makes it so, but nothing stops that any more.
  const severity: Severity = accountLevel ? 'high' : 'medium';
  const scope = accountLevel ? 'every bucket of the account' : 'this bucket';
  if (/^Delete/.test(ev.eventName))
    return [hitFor(ev, t, severity, `deleted the Block Public Access configuration (a public policy or ACL on ${scope} is no longer refused)`, {})];
  const cfg = objParam(rp, 'PublicAccessBlockConfiguration') ?? objParam(rp, 'publicAccessBlockConfiguration');
  if (!cfg) return [];
  const off = PAB_SETTINGS.filter((s) => boolParam(cfg, s) !== true);
  if (off.length === 0) return [];
  return [hitFor(ev, t, severity, `turned off Block Public Access settings ${off.join(', ')} (public policies or ACLs on ${scope} are no longer refused)`, { settingsOff: off })];
}

function bucketAcl(ev: NormalizedEvent): RuleHit[] {
  const rp = ev.requestParameters;
  const bucket = param(rp, 'bucketName') ?? 'unknown';
  const found: string[] = [];
  const values: { key: string; value: string }[] = [];
  strings(rp, values);
  for (const { key, value } of values) {
    const lv = value.toLowerCase();
    for (const [uri, label] of Object.entries(PUBLIC_GROUPS)) if (lv.includes(uri) && !found.includes(label)) found.push(label);
    if (/x-amz-acl|^acl$/i.test(key) && PUBLIC_CANNED.includes(lv) && !found.includes(`canned ACL ${lv}`)) found.push(`canned ACL ${lv}`);
  }
  if (found.length === 0) return [];
  const t: Target = { resource: `arn:${partition(ev)}:s3:::${bucket}`, what: `S3 bucket ${bucket}`, values: { bucket }, fix: FIX.s3Acl };
  return [hitFor(ev, t, 'high', `granted public access through the bucket ACL (${found.join(', ')})`, { grantees: found })];
}

function queueArn(ev: NormalizedEvent, url: string): string {
  const m = /^https?:\/\/(?:sqs\.)?([a-z0-9-]+)?\.?[^/]*\/(\d{12})\/([^/?#]+)/.exec(url);
  if (m) return `arn:${partition(ev)}:sqs:${m[1] && m[1] !== 'queue' ? m[1] : region(ev)}:${m[2]}:${m[3]}`;
  return url.startsWith('arn:') ? url : `arn:${partition(ev)}:sqs:${region(ev)}:${ev.account}:${lastSegment(url)}`;
}

function evaluate(ev: NormalizedEvent, trusted: readonly string[]): RuleHit[] {
  const rp = ev.requestParameters;
  switch (ev.eventSource) {
    case 'lambda.amazonaws.com': {
      const base = lambdaBaseName(ev.eventName);
      return base === 'AddPermission' || base === 'AddLayerVersionPermission' ? lambdaPermission(ev, trusted) : [];
    }
    case 's3.amazonaws.com': {
      switch (ev.eventName) {
        case 'PutBucketPolicy': {
          const bucket = param(rp, 'bucketName') ?? 'unknown';
          const t: Target = { resource: `arn:${partition(ev)}:s3:::${bucket}`, what: `S3 bucket ${bucket}`, values: { bucket }, fix: FIX.s3Policy };
          return judgeDocument(ev, t, rp.bucketPolicy ?? rp.policy, trusted, FIX.s3PolicyAccount);
        }
        case 'PutBucketAcl':
          return bucketAcl(ev);
        case 'PutBucketPublicAccessBlock':
        case 'DeleteBucketPublicAccessBlock':
          return pabRelaxed(ev, false);
        case 'PutAccountPublicAccessBlock':
        case 'DeleteAccountPublicAccessBlock':
          return pabRelaxed(ev, true);
        default:
          return [];
      }
    }
    case 'kms.amazonaws.com': {
      const key = param(rp, 'keyId') ?? param(ev.responseElements, 'keyId') ?? 'unknown';
      const keyArn = arnOr(key, (k) => `arn:${partition(ev)}:kms:${region(ev)}:${ev.account}:key/${k}`);
      if (ev.eventName === 'PutKeyPolicy') {
        const t: Target = { resource: keyArn, what: `KMS key ${lastSegment(key)}`, values: { 'key-id': keyArn }, fix: FIX.kmsPolicy };
        return judgeDocument(ev, t, rp.policy, trusted);
      }
      if (ev.eventName === 'CreateGrant') {
        const t: Target = {
          resource: keyArn,
          what: `KMS key ${lastSegment(key)}`,
          values: { 'key-id': keyArn, 'grant-id': param(ev.responseElements, 'grantId') },
          fix: FIX.kmsGrant,
        };
        const grantee = param(rp, 'granteePrincipal');
        if (!grantee) {
          // The grantee could not be read (null, a number, a list, missing): it may be anyone, so it is reported.
          const why = unreadableField(rp, 'granteePrincipal');
          return [{ ...hitFor(ev, t, 'high', `created a grant whose grantee could not be read (${why}); check by hand who can use the key`, { granteeUnreadable: why }), factors: { unverified: true } }];
        }
        const account = principalAccount(grantee);
        if (account === undefined || account === ev.account || trusted.includes(account)) return [];
        const ops = Array.isArray(rp.operations) ? rp.operations.filter((o): o is string => typeof o === 'string').slice(0, 20) : [];
        if (account === '*') return [hitFor(ev, t, 'high', `created a grant for any principal ("*")`, { grantee, operations: ops })];
        return [hitFor(ev, t, 'medium', `created a grant for ${grantee} of another AWS account (${account})${ops.length ? ` allowing ${ops.join(', ')}` : ''}`, { grantee, granteeAccount: account, operations: ops })];
      }
      return [];
    }
    case 'secretsmanager.amazonaws.com': {
      if (ev.eventName !== 'PutResourcePolicy') return [];
      const secret = param(rp, 'secretId') ?? 'unknown';
      const secretArn = arnOr(secret, (s) => `arn:${partition(ev)}:secretsmanager:${region(ev)}:${ev.account}:secret:${s}`);
      const t: Target = { resource: secretArn, what: `secret ${secret.startsWith('arn:') ? (secret.split(':')[6] ?? secret) : secret}`, values: { 'secret-id': secret }, fix: FIX.secret };
      return judgeDocument(ev, t, rp.resourcePolicy, trusted);
    }
    case 'sns.amazonaws.com': {
      if (ev.eventName !== 'SetTopicAttributes') return [];
      const attribute = param(rp, 'attributeName');
      // An attribute name that cannot be read (null, a number, missing) may be "Policy": the value is judged as a policy.
      if (attribute !== undefined && attribute.toLowerCase() !== 'policy') return [];
      const topic = param(rp, 'topicArn') ?? 'unknown';
      const t: Target = { resource: topic, what: `SNS topic ${lastSegment(topic)}`, values: { 'topic-arn': topic, 'topic-name': lastSegment(topic) }, fix: FIX.sns };
      return judgeDocument(ev, t, rp.attributeValue, trusted);
    }
    case 'sqs.amazonaws.com': {
      const attrs = objParam(rp, 'attributes');
      if (ev.eventName !== 'SetQueueAttributes' || !attrs || !('Policy' in attrs)) return [];
      const url = param(rp, 'queueUrl') ?? 'unknown';
      const t: Target = { resource: queueArn(ev, url), what: `SQS queue ${lastSegment(url)}`, values: { 'queue-url': url, 'queue-name': lastSegment(url) }, fix: FIX.sqs };
      return judgeDocument(ev, t, attrs.Policy, trusted);
    }
    case 'ecr.amazonaws.com': {
      if (ev.eventName !== 'SetRepositoryPolicy') return [];
      const repo = param(rp, 'repositoryName') ?? 'unknown';
      const owner = param(rp, 'registryId') ?? ev.account;
      const t: Target = {
        resource: `arn:${partition(ev)}:ecr:${region(ev)}:${owner}:repository/${repo}`,
        what: `ECR repository ${repo}`,
        values: { repository: repo },
        fix: FIX.ecr,
      };
      return judgeDocument(ev, t, rp.policyText, trusted);
    }
    default:
      return [];
  }
}

export const resourcePolicyOpened: EventRule = {
  id: 'resource-policy-opened',
  kind: 'event',
  title: 'Resource policy opened to the public or to another account',
  severity: 'high',
  guide:
    'Resource-based policies grant access only to named principals of your own accounts or organization; a "*" principal always carries a condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID, and S3 Block Public Access stays on (Security Hub S3.1 / S3.8; S3.2, S3.3, S3.6 and Lambda.1 for public and cross-account policies; IAM Access Analyzer reports the same for KMS, Secrets Manager, SNS, SQS and ECR).',
  why: 'A bucket, key, secret, topic, queue, repository or function whose policy names "*" can be used by anyone on the internet, and one naming another account can be used by whoever controls that account. Attackers open resource policies to exfiltrate data or keep a way back in that no IAM user or role shows.',
  fix: FIX.s3Policy,
  controls: ['S3.1', 'S3.2', 'S3.3', 'S3.6', 'S3.8', 'Lambda.1'],
  eventNames: RESOURCE_POLICY_EVENTS,
  evaluate(ev, ctx) {
    if (ev.failed) return [];
    return evaluate(ev, ctx.config.trustedAccounts);
  },
};
