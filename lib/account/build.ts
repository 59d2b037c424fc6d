/**
 * buildAccountModel: RawSnapshot (API shapes, from a folder or a live collection) → the decoded AccountModel the
 * posture rules read. Shared by loadSnapshot and the live sweep so both judge exactly the same data.
 *
 * - Policy documents may be URL-encoded strings (SDK v3 / raw API), JSON strings or objects (AWS CLI): all accepted
 *   through parsePolicyDocument. A document that cannot be parsed is not silently dropped: it is listed in
 *   `documentErrors` (and the holder keeps an empty document).
 * - Dates may be Date objects (SDK) or strings (JSON files); the model holds ISO strings.
 * - Only a managed policy's default version is kept (as defaultDocument).
 * - A part whose shape is wrong raises SnapshotError naming its file.
 */
import { parsePolicyDocument, type PolicyDocument } from '../policy/document';
import type {
  AccountModel,
  AttachedPolicy,
  GroupDetail,
  InlinePolicy,
  ManagedPolicy,
  RoleDetail,
  TrailInfo,
  UserDetail,
} from './model';
import { SnapshotError } from './errors';
import { parseCredentialReport } from './credential-report';
import { SOURCE_FILES, type RawSnapshot } from './raw';
import { LastAccessedShapeError, parseLastAccessed } from '../last-accessed/model';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Date | ISO string | epoch → ISO string; anything else undefined. */
export function isoDate(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'string' && v.trim() !== '') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : new Date(t).toISOString();
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    const d = new Date(Math.abs(v) < 1e12 ? v * 1000 : v);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

function list(file: string, container: Obj, key: string, required: boolean): unknown[] {
  const v = container[key];
  if (v === undefined || v === null) {
    if (required) throw new SnapshotError(file, `"${key}" is missing`);
    return [];
  }
  if (!Array.isArray(v)) throw new SnapshotError(file, `"${key}" is not a list`);
  return v;
}

function item(file: string, v: unknown, where: string): Obj {
  if (!isObj(v)) throw new SnapshotError(file, `${where} is not an object`);
  return v;
}

function reqStr(file: string, o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new SnapshotError(file, `${where} has no "${key}"`);
  return v;
}

export interface DocumentError {
  /** ARN of the holder (user/group/role) or of the managed policy. */
  resource: string;
  /** Inline policy name, `trust policy`, or the managed policy version. */
  policy: string;
  error: string;
}

class Builder {
  readonly file = SOURCE_FILES.authorizationDetails;
  readonly documentErrors: DocumentError[] = [];
  /** Statements the parser could not interpret (it skipped or partly read them). */
  readonly documentWarnings: { resource: string; policy: string; warning: string }[] = [];

  doc(raw: unknown, resource: string, policy: string): PolicyDocument {
    const r = parsePolicyDocument(raw);
    if (r.ok) {
      for (const warning of r.warnings.slice(0, 20)) this.documentWarnings.push({ resource, policy, warning });
      // Beyond the parser's limits (a crafted document): judged on what was read, and named as a per-item problem.
      if (r.limits) this.documentErrors.push({ resource, policy, error: r.limits.slice(0, 3).join('; ') });
      return r.document;
    }
    this.documentErrors.push({ resource, policy, error: r.error });
    return { statements: [] };
  }

  attached(o: Obj, where: string): AttachedPolicy[] {
    return list(this.file, o, 'AttachedManagedPolicies', false).map((a, i) => {
      const ap = item(this.file, a, `${where} AttachedManagedPolicies[${i}]`);
      return { PolicyName: str(ap.PolicyName) ?? '', PolicyArn: reqStr(this.file, ap, 'PolicyArn', `${where} AttachedManagedPolicies[${i}]`) };
    });
  }

  inline(o: Obj, key: string, where: string, holderArn: string): InlinePolicy[] {
    return list(this.file, o, key, false).map((p, i) => {
      const ip = item(this.file, p, `${where} ${key}[${i}]`);
      const name = str(ip.PolicyName) ?? `#${i}`;
      return { PolicyName: name, document: this.doc(ip.PolicyDocument, holderArn, name) };
    });
  }

  boundary(v: unknown): UserDetail['PermissionsBoundary'] {
    if (!isObj(v) || typeof v.PermissionsBoundaryArn !== 'string') return undefined;
    return { PermissionsBoundaryArn: v.PermissionsBoundaryArn, PermissionsBoundaryType: str(v.PermissionsBoundaryType) };
  }

  tags(v: unknown): { Key: string; Value: string }[] | undefined {
    if (!Array.isArray(v)) return undefined;
    return v.filter(isObj).map((t) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
  }

  user(v: unknown, i: number): UserDetail {
    const where = `UserDetailList[${i}]`;
    const u = item(this.file, v, where);
    const arn = reqStr(this.file, u, 'Arn', where);
    const groups = list(this.file, u, 'GroupList', false).map((g) => String(g));
    return {
      UserName: reqStr(this.file, u, 'UserName', where),
      UserId: str(u.UserId),
      Arn: arn,
      Path: str(u.Path),
      CreateDate: isoDate(u.CreateDate),
      GroupList: groups,
      AttachedManagedPolicies: this.attached(u, where),
      UserPolicyList: this.inline(u, 'UserPolicyList', where, arn),
      PermissionsBoundary: this.boundary(u.PermissionsBoundary),
      Tags: this.tags(u.Tags),
    };
  }

  group(v: unknown, i: number): GroupDetail {
    const where = `GroupDetailList[${i}]`;
    const g = item(this.file, v, where);
    const arn = reqStr(this.file, g, 'Arn', where);
    return {
      GroupName: reqStr(this.file, g, 'GroupName', where),
      GroupId: str(g.GroupId),
      Arn: arn,
      Path: str(g.Path),
      CreateDate: isoDate(g.CreateDate),
      AttachedManagedPolicies: this.attached(g, where),
      GroupPolicyList: this.inline(g, 'GroupPolicyList', where, arn),
    };
  }

  role(v: unknown, i: number): RoleDetail {
    const where = `RoleDetailList[${i}]`;
    const r = item(this.file, v, where);
    const arn = reqStr(this.file, r, 'Arn', where);
    const lastUsed = isObj(r.RoleLastUsed)
      ? { LastUsedDate: isoDate(r.RoleLastUsed.LastUsedDate), Region: str(r.RoleLastUsed.Region) }
      : undefined;
    return {
      RoleName: reqStr(this.file, r, 'RoleName', where),
      RoleId: str(r.RoleId),
      Arn: arn,
      Path: str(r.Path),
      CreateDate: isoDate(r.CreateDate),
      AssumeRolePolicyDocument:
        r.AssumeRolePolicyDocument === undefined ? undefined : this.doc(r.AssumeRolePolicyDocument, arn, 'trust policy'),
      AttachedManagedPolicies: this.attached(r, where),
      RolePolicyList: this.inline(r, 'RolePolicyList', where, arn),
      PermissionsBoundary: this.boundary(r.PermissionsBoundary),
      RoleLastUsed: lastUsed,
      Tags: this.tags(r.Tags),
    };
  }

  policy(v: unknown, i: number): ManagedPolicy {
    const where = `Policies[${i}]`;
    const p = item(this.file, v, where);
    const arn = reqStr(this.file, p, 'Arn', where);
    const defaultVersionId = str(p.DefaultVersionId);
    const versions = list(this.file, p, 'PolicyVersionList', false).filter(isObj);
    const def =
      versions.find((x) => x.IsDefaultVersion === true) ??
      (defaultVersionId ? versions.find((x) => x.VersionId === defaultVersionId) : undefined);
    let defaultDocument: PolicyDocument | undefined;
    if (def) defaultDocument = this.doc(def.Document, arn, `version ${str(def.VersionId) ?? defaultVersionId ?? '?'}`);
    else this.documentErrors.push({ resource: arn, policy: `version ${defaultVersionId ?? '?'}`, error: 'the default version is not in PolicyVersionList' });
    return {
      PolicyName: reqStr(this.file, p, 'PolicyName', where),
      PolicyId: str(p.PolicyId),
      Arn: arn,
      Path: str(p.Path),
      DefaultVersionId: defaultVersionId,
      AttachmentCount: typeof p.AttachmentCount === 'number' ? p.AttachmentCount : undefined,
      IsAttachable: typeof p.IsAttachable === 'boolean' ? p.IsAttachable : undefined,
      defaultDocument,
    };
  }
}

function part(key: keyof typeof SOURCE_FILES, value: unknown, field: string): Obj | undefined {
  if (value === undefined) return undefined;
  const file = SOURCE_FILES[key];
  if (!isObj(value)) throw new SnapshotError(file, 'is not a JSON object');
  if (field && value[field] === undefined) throw new SnapshotError(file, `has no "${field}"`);
  return value;
}

function trails(value: Obj): TrailInfo[] {
  const file = SOURCE_FILES.cloudtrail;
  return list(file, value, 'trails', true).map((t, i) => {
    const o = item(file, t, `trails[${i}]`);
    const status = isObj(o.status)
      ? {
          IsLogging: typeof o.status.IsLogging === 'boolean' ? o.status.IsLogging : undefined,
          LatestDeliveryError: str(o.status.LatestDeliveryError),
          LatestDeliveryTime: isoDate(o.status.LatestDeliveryTime),
        }
      : undefined;
    let eventSelectors: TrailInfo['eventSelectors'];
    if (isObj(o.eventSelectors)) {
      const es = o.eventSelectors;
      eventSelectors = {
        EventSelectors: Array.isArray(es.EventSelectors)
          ? es.EventSelectors.filter(isObj).map((s) => ({
              ReadWriteType: str(s.ReadWriteType),
              IncludeManagementEvents: typeof s.IncludeManagementEvents === 'boolean' ? s.IncludeManagementEvents : undefined,
            }))
          : undefined,
        AdvancedEventSelectors: Array.isArray(es.AdvancedEventSelectors)
          ? es.AdvancedEventSelectors.filter(isObj).map((s) => ({
              Name: str(s.Name),
              FieldSelectors: (Array.isArray(s.FieldSelectors) ? s.FieldSelectors : []).filter(isObj).map((f) => ({
                Field: String(f.Field ?? ''),
                Equals: Array.isArray(f.Equals) ? f.Equals.map(String) : undefined,
                NotEquals: Array.isArray(f.NotEquals) ? f.NotEquals.map(String) : undefined,
              })),
            }))
          : undefined,
      };
    }
    return {
      Name: reqStr(file, o, 'Name', `trails[${i}]`),
      TrailARN: str(o.TrailARN),
      HomeRegion: str(o.HomeRegion),
      IsMultiRegionTrail: typeof o.IsMultiRegionTrail === 'boolean' ? o.IsMultiRegionTrail : undefined,
      IsOrganizationTrail: typeof o.IsOrganizationTrail === 'boolean' ? o.IsOrganizationTrail : undefined,
      LogFileValidationEnabled: typeof o.LogFileValidationEnabled === 'boolean' ? o.LogFileValidationEnabled : undefined,
      KmsKeyId: str(o.KmsKeyId),
      S3BucketName: str(o.S3BucketName),
      status,
      eventSelectors,
    };
  });
}

const ACCOUNT_RE = /^\d{12}$/;

/** The account id from the first IAM ARN in the authorization details (arn:aws:iam::<id>:...), if any. */
export function accountIdFromArns(details: unknown): string | undefined {
  if (!isObj(details)) return undefined;
  for (const key of ['UserDetailList', 'RoleDetailList', 'GroupDetailList']) {
    const l = details[key];
    if (!Array.isArray(l)) continue;
    for (const x of l) {
      const arn = isObj(x) ? str(x.Arn) : undefined;
      const m = arn ? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn) : null;
      if (m) return m[1];
    }
  }
  return undefined;
}

export function buildAccountModel(raw: RawSnapshot): AccountModel {
  const metaFile = 'meta.json';
  if (!isObj(raw.meta)) throw new SnapshotError(metaFile, 'is not a JSON object');
  if (raw.meta.notCollected !== undefined && !isObj(raw.meta.notCollected)) throw new SnapshotError(metaFile, 'notCollected is not an object');
  const accountId = raw.meta.accountId;
  if (typeof accountId !== 'string' || !ACCOUNT_RE.test(accountId)) {
    throw new SnapshotError(metaFile, `accountId ${JSON.stringify(accountId)} is not a 12-digit account id`);
  }
  const takenAt = isoDate(raw.meta.takenAt);
  if (!takenAt || Number.isNaN(Date.parse(takenAt))) {
    throw new SnapshotError(metaFile, `takenAt ${JSON.stringify(raw.meta.takenAt)} is not an ISO date-time`);
  }
  const notCollected: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...raw.meta.notCollected, ...(isObj(raw.notCollected) ? raw.notCollected : {}) })) {
    if (typeof v === 'string' && v) notCollected[k] = v;
  }

  const b = new Builder();
  const gaad = raw.authorizationDetails;
  if (!isObj(gaad)) throw new SnapshotError(b.file, 'is not a JSON object');
  if (!['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => k in gaad)) {
    throw new SnapshotError(b.file, 'has none of UserDetailList, GroupDetailList, RoleDetailList, Policies (is it GetAccountAuthorizationDetails output?)');
  }
  const model: AccountModel = {
    accountId,
    takenAt,
    region: raw.meta.region,
    users: list(b.file, gaad, 'UserDetailList', false).map((u, i) => b.user(u, i)),
    groups: list(b.file, gaad, 'GroupDetailList', false).map((g, i) => b.group(g, i)),
    roles: list(b.file, gaad, 'RoleDetailList', false).map((r, i) => b.role(r, i)),
    policies: list(b.file, gaad, 'Policies', false).map((p, i) => b.policy(p, i)),
    notCollected,
  };
  if (b.documentErrors.length > 0) model.documentErrors = b.documentErrors;
  if (b.documentWarnings.length > 0) model.documentWarnings = b.documentWarnings.slice(0, 1000);

  if (raw.credentialReport) {
    const r = parseCredentialReport(raw.credentialReport.csv);
    if (!r.ok) throw new SnapshotError(SOURCE_FILES.credentialReport, r.error);
    model.credentialReport = { rows: r.rows, generatedAt: isoDate(raw.credentialReport.generatedAt ?? raw.meta.credentialReportGeneratedAt) };
  }

  const summary = part('accountSummary', raw.accountSummary, 'SummaryMap');
  if (summary) {
    if (!isObj(summary.SummaryMap)) throw new SnapshotError(SOURCE_FILES.accountSummary, '"SummaryMap" is not an object');
    const map: Record<string, number> = {};
    for (const [k, v] of Object.entries(summary.SummaryMap)) {
      const n = typeof v === 'number' ? v : Number(v);
      if (Number.isFinite(n)) map[k] = n;
    }
    model.summary = map;
  }

  if (raw.passwordPolicy === null) model.passwordPolicy = null;
  else if (raw.passwordPolicy !== undefined) {
    const pp = part('passwordPolicy', raw.passwordPolicy, 'PasswordPolicy');
    if (!pp || !isObj(pp.PasswordPolicy)) throw new SnapshotError(SOURCE_FILES.passwordPolicy, '"PasswordPolicy" is not an object');
    model.passwordPolicy = { ...pp.PasswordPolicy };
  }

  const mfa = part('virtualMfaDevices', raw.virtualMfaDevices, 'VirtualMFADevices');
  if (mfa) {
    const file = SOURCE_FILES.virtualMfaDevices;
    model.virtualMfaDevices = list(file, mfa, 'VirtualMFADevices', true).map((d, i) => {
      const o = item(file, d, `VirtualMFADevices[${i}]`);
      const user = isObj(o.User) ? { Arn: str(o.User.Arn), UserName: str(o.User.UserName) } : undefined;
      return { SerialNumber: reqStr(file, o, 'SerialNumber', `VirtualMFADevices[${i}]`), User: user };
    });
  }

  if (isObj(raw.cloudtrail) && raw.cloudtrail.trails === undefined && Array.isArray(raw.cloudtrail.trailList)) {
    throw new SnapshotError(
      SOURCE_FILES.cloudtrail,
      'holds DescribeTrails output alone ("trailList"); it needs {"trails": [each trail + "status": GetTrailStatus + "eventSelectors": GetEventSelectors]}',
    );
  }
  const ct = part('cloudtrail', raw.cloudtrail, 'trails');
  if (ct) model.trails = trails(ct);

  const certs = part('serverCertificates', raw.serverCertificates, 'ServerCertificateMetadataList');
  if (certs) {
    const file = SOURCE_FILES.serverCertificates;
    model.serverCertificates = list(file, certs, 'ServerCertificateMetadataList', true).map((c, i) => {
      const o = item(file, c, `ServerCertificateMetadataList[${i}]`);
      return {
        ServerCertificateName: reqStr(file, o, 'ServerCertificateName', `ServerCertificateMetadataList[${i}]`),
        Arn: str(o.Arn) ?? '',
        Expiration: isoDate(o.Expiration),
      };
    });
  }

  const an = part('accessAnalyzer', raw.accessAnalyzers, 'analyzers');
  if (an) {
    const file = SOURCE_FILES.accessAnalyzer;
    model.analyzers = list(file, an, 'analyzers', true).map((a, i) => {
      const o = item(file, a, `analyzers[${i}]`);
      return { name: reqStr(file, o, 'name', `analyzers[${i}]`), arn: str(o.arn), type: str(o.type), status: str(o.status) };
    });
  }

  if (raw.lastAccessed !== undefined) {
    try {
      model.lastAccessed = parseLastAccessed(raw.lastAccessed);
    } catch (e) {
      if (e instanceof LastAccessedShapeError) throw new SnapshotError(SOURCE_FILES.lastAccessed, e.message);
      throw e;
    }
  }
  return model;
}
