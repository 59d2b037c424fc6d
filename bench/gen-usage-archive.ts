/**
 * Generates a CloudTrail archive of real-looking usage for the users and roles of a snapshot: over `days` days, each
 * principal calls a seeded sample of the actions its current policies allow, on resources those policies allow (grant
 * patterns instantiated), in CloudTrail's record shapes (S3 layout, gzip). A share of the calls use the API names that
 * differ from the IAM action (ListObjectsV2, HeadObject, ListBuckets, …), some S3 object calls are data events, a few
 * calls are denied, and a few are of identities that are not users or roles (root, AWS services).
 *
 *   node bin/run-ts.js bench/gen-usage-archive.ts --snapshot samples/snapshots/messy --out DIR [--days 90] [--seed 7]
 *
 * Used by test/rightsize (proposals from a generated 90-day archive) and by the README's example.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rng } from './rng';
import { loadSnapshot } from '../lib/account/snapshot';
import type { AccountModel } from '../lib/account/model';
import { currentPolicies } from '../lib/rightsize/current';
import { PermissionSet } from '../lib/policy/analyse';
import { forEachMember, getCatalog } from '../lib/policy/catalog';
import { s3IsObjectAction } from '../lib/rightsize/resources';
const isAwsManagedPrincipalArn = (arn: string): boolean => /:role\/aws-(service-role|reserved)\//.test(arn);

type Rec = Record<string, unknown>;

/** Event names that differ from the IAM action they need (mapping.ts), used for a share of the S3 / Lambda calls. */
const API_NAMES: Record<string, string[]> = {
  's3:ListBucket': ['ListObjectsV2', 'ListObjects', 'HeadBucket'],
  's3:GetObject': ['HeadObject', 'GetObject'],
  's3:PutObject': ['PutObject', 'CreateMultipartUpload', 'CompleteMultipartUpload'],
  's3:ListAllMyBuckets': ['ListBuckets'],
  's3:GetLifecycleConfiguration': ['GetBucketLifecycle'],
  's3:GetEncryptionConfiguration': ['GetBucketEncryption'],
  'lambda:ListFunctions': ['ListFunctions20150331'],
  'lambda:GetFunction': ['GetFunction20150331v2'],
  'lambda:InvokeFunction': ['Invoke'],
  'cloudwatch:PutMetricData': ['PutMetricData'],
};
const SOURCES: Record<string, string> = { cloudwatch: 'monitoring.amazonaws.com', ses: 'email.amazonaws.com', tag: 'tagging.amazonaws.com' };
const DATA_EVENTS = new Set(['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 'lambda:InvokeFunction']);

function instantiate(pattern: string, account: string, region: string, r: () => number): string {
  const parts = pattern.replace(/\$\{[^}]*\}/g, 'var').split(':');
  // Region and account fields: a real value (a wildcard there stands for this account's region and id).
  if (parts.length > 5) {
    if (/[*?]/.test(parts[3])) parts[3] = parts[3] === '' ? '' : region;
    if (/[*?]/.test(parts[4])) parts[4] = account;
  }
  return parts.join(':').replace(/\*/g, () => `x${Math.floor(r() * 5)}`).replace(/\?/g, 'q');
}

/** A concrete resource the grant `pattern` covers, for `action`: S3 objects need `bucket/key`, others an ARN of the service. */
function resourceFor(action: string, pattern: string, account: string, region: string, r: () => number): string | undefined {
  const [svc, name] = action.split(':');
  if (pattern === '*' || pattern.startsWith('NotResource')) {
    if (svc === 's3') return s3IsObjectAction(name) ? `arn:aws:s3:::data-${Math.floor(r() * 3)}/file-${Math.floor(r() * 40)}.csv` : `arn:aws:s3:::data-${Math.floor(r() * 3)}`;
    return `arn:aws:${svc}:${region}:${account}:thing/item-${Math.floor(r() * 30)}`;
  }
  const arn = instantiate(pattern, account, region, r);
  if (!arn.startsWith(`arn:aws:${svc}:`)) return undefined;
  if (svc === 's3') {
    const isObject = /^arn:aws:s3:::[^/]+\/./.test(arn);
    if (isObject !== s3IsObjectAction(name)) return undefined;
  }
  return arn;
}

function identity(arn: string, kind: 'user' | 'role', account: string): Rec {
  if (kind === 'user') return { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn, accountId: account, userName: arn.split('/').pop(), accessKeyId: 'AKIAEXAMPLE' };
  const name = arn.split('/').pop() as string;
  return {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:session',
    arn: `arn:aws:sts::${account}:assumed-role/${name}/session`,
    accountId: account,
    accessKeyId: 'ASIAEXAMPLE',
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn, accountId: account, userName: name }, attributes: { creationDate: '2026-09-01T00:00:00Z', mfaAuthenticated: 'false' } },
  };
}

interface Plan {
  arn: string;
  kind: 'user' | 'role';
  calls: { action: string; resource: string }[];
}

/** For each principal, the (action, resource) pairs it will call: a sample of what its policies allow. */
export function usagePlan(account: AccountModel, seed = 7, perPrincipal = 12): Plan[] {
  const r = rng(seed);
  const c = getCatalog();
  const plans: Plan[] = [];
  for (const p of currentPolicies(account)) {
    if (isAwsManagedPrincipalArn(p.arn)) continue;
    const ps = new PermissionSet(p.sources.map((s) => s.document), { principalArn: p.arn, boundary: p.boundary });
    const allowed: number[] = [];
    forEachMember(ps.allowed, (i) => allowed.push(i));
    if (allowed.length === 0) continue;
    // Prefer the actions named in API_NAMES, then a sample of the rest (bounded for admin principals).
    const preferred = allowed.filter((i) => API_NAMES[c.actions[i].id]);
    const picks = new Set<number>(preferred.slice(0, 6));
    for (let n = 0; n < perPrincipal * 3 && picks.size < perPrincipal; n++) picks.add(allowed[Math.floor(r() * allowed.length)]);
    const calls: Plan['calls'] = [];
    for (const i of picks) {
      const action = c.actions[i].id;
      for (const h of ps.reach(i, '*').slice(0, 3)) {
        const res = resourceFor(action, h.pattern, account.accountId, 'us-east-1', r);
        if (res && ps.reach(i, res).length > 0) calls.push({ action, resource: res });
      }
    }
    if (calls.length) plans.push({ arn: p.arn, kind: p.kind, calls });
  }
  return plans;
}

function record(plan: Plan, call: Plan['calls'][number], t: number, account: string, r: () => number): Rec {
  const [svc, name] = call.action.split(':');
  const names = API_NAMES[call.action] ?? [name];
  const eventName = names[Math.floor(r() * names.length)];
  const data = DATA_EVENTS.has(call.action) && r() < 0.7;
  const isS3Object = svc === 's3' && /^arn:aws:s3:::[^/]+\/./.test(call.resource);
  const rec: Rec = {
    eventVersion: '1.10',
    userIdentity: identity(plan.arn, plan.kind, account),
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: SOURCES[svc] ?? `${svc}.amazonaws.com`,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-sdk-js/3.600.0',
    requestParameters: svc === 's3' ? { bucketName: call.resource.replace(/^arn:aws:s3:::/, '').split('/')[0], ...(isS3Object ? { key: call.resource.split('/').slice(1).join('/') } : {}) } : {},
    responseElements: null,
    requestID: `req-${Math.floor(r() * 1e9)}`,
    eventID: `ev-${Math.floor(r() * 1e12)}`,
    readOnly: /^(Get|List|Describe|Head)/.test(eventName),
    eventType: 'AwsApiCall',
    managementEvent: !data,
    recipientAccountId: account,
    eventCategory: data ? 'Data' : 'Management',
  };
  if (call.resource !== '*') rec.resources = [{ accountId: account, type: isS3Object ? 'AWS::S3::Object' : `AWS::${svc}::Resource`, ARN: call.resource }];
  if (r() < 0.02) {
    rec.errorCode = 'AccessDenied';
    rec.errorMessage = 'User is not authorized to perform this operation';
  }
  return rec;
}

function other(t: number, account: string, r: () => number): Rec {
  const root = r() < 0.5;
  return {
    eventVersion: '1.10',
    userIdentity: root ? { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account } : { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: root ? 'iam.amazonaws.com' : 'kms.amazonaws.com',
    eventName: root ? 'ListUsers' : 'GenerateDataKey',
    awsRegion: 'us-east-1',
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

/** Writes the archive (one gzip log file per day) under `out`; returns the number of records written. */
export async function writeUsageArchive(account: AccountModel, out: string, opts: { days?: number; seed?: number; end?: string; callsPerDay?: number } = {}): Promise<{ records: number; files: number; plans: Plan[] }> {
  const days = opts.days ?? 90;
  const r = rng(opts.seed ?? 7);
  const plans = usagePlan(account, opts.seed ?? 7);
  const end = Date.parse(opts.end ?? '2026-11-27T00:00:00Z');
  let records = 0;
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = end - (d + 1) * 86_400_000;
    const day = new Date(dayStart);
    const folder = join(out, 'AWSLogs', account.accountId, 'CloudTrail', 'us-east-1', String(day.getUTCFullYear()), String(day.getUTCMonth() + 1).padStart(2, '0'), String(day.getUTCDate()).padStart(2, '0'));
    await mkdir(folder, { recursive: true });
    const recs: Rec[] = [];
    const n = opts.callsPerDay ?? 40;
    for (let i = 0; i < n; i++) {
      const t = dayStart + Math.floor(((i + r()) / n) * 86_400_000);
      if (r() < 0.05) {
        recs.push(other(t, account.accountId, r));
        continue;
      }
      const plan = plans[Math.floor(r() * plans.length)];
      // Every planned call is made at least once over the window (the first days walk through them in order).
      const k = d >= days - plan.calls.length ? plan.calls.length - 1 - (d - (days - plan.calls.length)) : Math.floor(r() * plan.calls.length);
      recs.push(record(plan, plan.calls[Math.max(0, Math.min(plan.calls.length - 1, k))], t, account.accountId, r));
    }
    // Each day also holds one call of every plan's call in turn, so the whole plan is seen within the window.
    for (const plan of plans) recs.push(record(plan, plan.calls[d % plan.calls.length], dayStart + 43_200_000, account.accountId, r));
    const stamp = day.toISOString().slice(0, 10).replace(/-/g, '');
    await writeFile(join(folder, `${account.accountId}_CloudTrail_us-east-1_${stamp}T0000Z_usage.json.gz`), gzipSync(JSON.stringify({ Records: recs })));
    records += recs.length;
  }
  return { records, files: days, plans };
}

export async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const snapshot = arg('--snapshot');
  const out = arg('--out');
  if (!snapshot || !out) {
    process.stderr.write('usage: gen-usage-archive.ts --snapshot DIR --out DIR [--days 90] [--seed 7]\n');
    return 2;
  }
  const account = await loadSnapshot(snapshot);
  const r = await writeUsageArchive(account, out, { days: Number(arg('--days') ?? 90), seed: Number(arg('--seed') ?? 7) });
  process.stderr.write(`wrote ${r.records} records in ${r.files} files for ${r.plans.length} principals under ${out}\n`);
  return 0;
}

