/**
 * The resources one call touched, as policy Resource values, and their collapse to patterns. A call whose resource
 * cannot be told (a List/Describe call, a service or parameter not known here, an ARN that is not well formed) gives
 * `*`: the proposal then keeps what the current policy grants for that action (propose.ts intersects), never more.
 *
 * Seen ARNs come from a hostile file: anything that is not a plain ARN is dropped (→ `*`), and the policy wildcard
 * characters `*`, `?` and `$` inside a name are replaced by `?` so a literal `*` in an object key never becomes a
 * wildcard wider than one character.
 */
import { getCatalog, actionIndex } from '../policy/catalog';

export type JsonRecord = Record<string, unknown>;

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:([^\s]{1,1024})$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const SIMPLE_NAME = /^[\w+=,.@/-]{1,512}$/;
// eslint-disable-next-line no-control-regex -- control characters are what is rejected
const CONTROL = /[\u0000-\u001f\u007f]/;

function str(o: JsonRecord, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' && v.length > 0 && v.length <= 2048 ? v : undefined;
}

/** A policy-safe ARN (wildcard characters neutralised), or undefined. */
export function safeArn(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (CONTROL.test(v) || !ARN.test(v)) return undefined;
  return v.replace(/[*?$]/g, '?');
}

/** Service prefix of an ARN (`arn:aws:s3:::b` → s3). */
export function arnService(arn: string): string | undefined {
  return ARN.exec(arn)?.[2];
}

/** Actions whose resource is always `*` (List / Describe calls), by catalogue access level, S3 bucket listings aside. */
export function resourceIsStar(action: string): boolean {
  const i = actionIndex(action);
  if (i < 0) return true;
  const a = getCatalog().actions[i];
  if (a.service === 's3') return a.name === 'ListAllMyBuckets' || a.name.startsWith('ListAccess') || a.name === 'ListJobs' || a.name === 'ListStorageLensConfigurations';
  return a.level === 'List';
}

const S3_BUCKET_LEVEL_OBJECT_NAMES = new Set(['ListMultipartUploadParts', 'AbortMultipartUpload']);

/** True when the S3 action (name without prefix) acts on objects (`bucket/key`), not on the bucket. */
export function s3IsObjectAction(name: string): boolean {
  return (name.includes('Object') && !name.includes('Bucket')) || S3_BUCKET_LEVEL_OBJECT_NAMES.has(name);
}

interface Context {
  partition: string;
  region?: string;
  account?: string;
  /** `user:NAME` / `role:NAME` / `group:NAME` → ARN (with its path), from the account's IAM state. */
  iamArns?: ReadonlyMap<string, string>;
}

/**
 * IAM actions whose resource is the user, role or group named in the request, and which request parameter names it.
 * Only these: a call such as AddRoleToInstanceProfile carries a roleName but acts on the instance profile.
 */
const IAM_NAMED: Readonly<Record<string, ['user' | 'role' | 'group', string]>> = (() => {
  const out: Record<string, ['user' | 'role' | 'group', string]> = {};
  for (const verb of ['Get', 'Update', 'Delete', 'Tag', 'Untag', 'ListTagsFor']) {
    out[`${verb}User`] = ['user', 'userName'];
    out[`${verb}Role`] = ['role', 'roleName'];
    out[`${verb}Group`] = ['group', 'groupName'];
  }
  for (const verb of ['Put', 'Get', 'Delete', 'Attach', 'Detach']) {
    out[`${verb}UserPolicy`] = ['user', 'userName'];
    out[`${verb}RolePolicy`] = ['role', 'roleName'];
    out[`${verb}GroupPolicy`] = ['group', 'groupName'];
  }
  for (const n of ['PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary', 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile', 'GetLoginProfile', 'EnableMFADevice', 'DeactivateMFADevice', 'ListAccessKeys', 'ListUserPolicies', 'ListAttachedUserPolicies', 'ListGroupsForUser', 'ListMFADevices']) out[n] = ['user', 'userName'];
  for (const n of ['PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary', 'UpdateAssumeRolePolicy', 'UpdateRoleDescription', 'ListRolePolicies', 'ListAttachedRolePolicies', 'ListInstanceProfilesForRole']) out[n] = ['role', 'roleName'];
  for (const n of ['AddUserToGroup', 'RemoveUserFromGroup', 'ListGroupPolicies', 'ListAttachedGroupPolicies']) out[n] = ['group', 'groupName'];
  return out;
})();

function context(rec: JsonRecord, principalArn: string | undefined, iamArns?: ReadonlyMap<string, string>): Context {
  const partition = (principalArn && /^arn:(aws[a-z-]*):/.exec(principalArn)?.[1]) || 'aws';
  const region = typeof rec.awsRegion === 'string' && REGION.test(rec.awsRegion) ? rec.awsRegion : undefined;
  const acct = typeof rec.recipientAccountId === 'string' && ACCOUNT.test(rec.recipientAccountId) ? rec.recipientAccountId : undefined;
  return { partition, region, account: acct, iamArns };
}

/** ARNs named by the record's `resources` list whose service is `service` (and, for S3, of the right level). */
function listedArns(rec: JsonRecord, action: string, service: string): string[] {
  const list = rec.resources;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  const name = action.slice(action.indexOf(':') + 1);
  for (const r of list.slice(0, 100)) {
    if (typeof r !== 'object' || r === null) continue;
    const arn = safeArn((r as JsonRecord).ARN);
    if (!arn) continue;
    const svc = arnService(arn);
    const okService = svc === service || (service === 'sts' && svc === 'iam' && /:role\//.test(arn));
    if (!okService) continue;
    if (service === 's3') {
      const isObject = /^arn:[^:]+:s3:::[^/]+\/./.test(arn);
      if (isObject !== s3IsObjectAction(name)) continue;
    }
    out.push(arn);
  }
  return out;
}

function clean(name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (CONTROL.test(name)) return undefined;
  return name.replace(/[*?$]/g, '?');
}

/** ARNs built from requestParameters for the services whose names map plainly to an ARN. */
function parameterArns(rec: JsonRecord, action: string, service: string, ctx: Context): string[] {
  const p = rec.requestParameters;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return [];
  const rp = p as JsonRecord;
  const name = action.slice(action.indexOf(':') + 1);
  const { partition, region, account } = ctx;
  switch (service) {
    case 's3': {
      const bucket = clean(str(rp, 'bucketName'));
      if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket)) return [];
      if (s3IsObjectAction(name)) {
        const key = clean(str(rp, 'key'));
        return key ? [`arn:${partition}:s3:::${bucket}/${key}`] : [];
      }
      return [`arn:${partition}:s3:::${bucket}`];
    }
    case 'dynamodb': {
      const t = clean(str(rp, 'tableName'));
      if (t && safeArn(t)) return [safeArn(t) as string];
      return t && region && account && /^[\w.-]{3,255}$/.test(t) ? [`arn:${partition}:dynamodb:${region}:${account}:table/${t}`] : [];
    }
    case 'lambda': {
      const f = str(rp, 'functionName');
      if (f && safeArn(f)) return [safeArn(f) as string];
      return f && region && account && /^[\w-]{1,140}$/.test(f) ? [`arn:${partition}:lambda:${region}:${account}:function:${f}`] : [];
    }
    case 'sns': {
      const t = safeArn(str(rp, 'topicArn'));
      return t ? [t] : [];
    }
    case 'sqs': {
      const u = str(rp, 'queueUrl');
      const m = u ? /^https:\/\/(?:sqs\.)?([a-z0-9-]+)\.(?:queue\.)?amazonaws\.com\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)$/.exec(u) : null;
      if (m) return [`arn:${partition}:sqs:${m[1]}:${m[2]}:${m[3]}`];
      const m2 = u ? /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)$/.exec(u) : null;
      return m2 ? [`arn:${partition}:sqs:${m2[1]}:${m2[2]}:${m2[3]}`] : [];
    }
    case 'ssm': {
      const n = clean(str(rp, 'name'));
      if (!n || !region || !account || !SIMPLE_NAME.test(n) || name.includes('Document') || name.includes('Command')) return [];
      return [`arn:${partition}:ssm:${region}:${account}:parameter/${n.replace(/^\//, '')}`];
    }
    case 'secretsmanager': {
      const s = str(rp, 'secretId');
      if (s && safeArn(s)) return [safeArn(s) as string];
      return s && region && account && /^[\w/+=.@-]{1,512}$/.test(s) ? [`arn:${partition}:secretsmanager:${region}:${account}:secret:${s}-??????`] : [];
    }
    case 'logs': {
      const g = clean(str(rp, 'logGroupName'));
      return g && region && account && /^[\w#./-]{1,512}$/.test(g) ? [`arn:${partition}:logs:${region}:${account}:log-group:${g}:*`] : [];
    }
    case 'kms': {
      const k = str(rp, 'keyId');
      if (k && safeArn(k) && /:key\//.test(k)) return [safeArn(k) as string];
      return k && region && account && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(k) ? [`arn:${partition}:kms:${region}:${account}:key/${k}`] : [];
    }
    case 'iam': {
      const named = IAM_NAMED[name];
      if (named) {
        const n = str(rp, named[1]);
        const arn = n && ctx.iamArns?.get(`${named[0]}:${n}`);
        return arn && safeArn(arn) ? [safeArn(arn) as string] : [];
      }
      const a = safeArn(str(rp, 'policyArn'));
      return a && /:policy\//.test(a) && name.includes('Policy') && !name.startsWith('Attach') && !name.startsWith('Detach') ? [a] : [];
    }
    case 'sts': {
      const r = safeArn(str(rp, 'roleArn'));
      return r && name.startsWith('AssumeRole') ? [r] : [];
    }
    default:
      return [];
  }
}

/**
 * The Resource values of `action` for one call: the ARNs it names, or `['*']` when they cannot be told. Every value
 * is policy-safe (see safeArn).
 */
export function callResources(rec: JsonRecord, action: string, principalArn?: string, iamArns?: ReadonlyMap<string, string>): string[] {
  if (resourceIsStar(action)) return ['*'];
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  const listed = listedArns(rec, action, service);
  if (listed.length > 0) return [...new Set(listed)];
  const built = parameterArns(rec, action, service, context(rec, principalArn, iamArns));
  return built.length > 0 ? built : ['*'];
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** `arn:p:svc:region:acct:` plus the resource type (`table/`, `function:`, `bucket/` for S3 objects). */
function stem(arn: string): string {
  const m = /^(arn:[^:]+:[^:]+:[^:]*:[^:]*:)(.*)$/.exec(arn);
  if (!m) return arn;
  const [, head, rest] = m;
  if (head.includes(':s3:::')) {
    const slash = rest.indexOf('/');
    return slash >= 0 ? head + rest.slice(0, slash + 1) : head;
  }
  const sep = rest.search(/[/:]/);
  return sep >= 0 ? head + rest.slice(0, sep + 1) : head;
}

/**
 * At most `max` Resource values covering every one of `resources`: kept as they are when few, else grouped by
 * resource type (common prefix + `*` within each), else one `arn:…:<service>:<region>:<account>:*` per service and
 * place, else `*`. Never drops a resource: the result covers the input.
 */
export function collapseResources(resources: readonly string[], max: number): string[] {
  const uniq = [...new Set(resources)].sort();
  if (uniq.includes('*')) return ['*'];
  if (uniq.length <= max) return uniq;
  const groups = new Map<string, string[]>();
  for (const r of uniq) {
    const s = stem(r);
    const g = groups.get(s);
    if (g) g.push(r);
    else groups.set(s, [r]);
  }
  const level1 = [...groups.values()].map((g) => (g.length === 1 ? g[0] : `${g.reduce(commonPrefix)}*`));
  if (level1.length <= max) return [...new Set(level1)].sort();
  const level2 = [...new Set(uniq.map((r) => `${/^(arn:[^:]+:[^:]+:[^:]*:[^:]*:)/.exec(r)?.[1] ?? ''}*`))].sort();
  if (level2.length <= max && !level2.includes('*')) return level2;
  return ['*'];
}
