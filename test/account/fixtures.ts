/** Snapshot folders for the loader tests, written to a temp dir: the same account in raw-API and AWS-CLI encodings. */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ACCOUNT = '123456789012';

export const adminDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
export const s3Doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::data/*' } };
export const denyDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] };
export const trustDoc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x1' } } }],
};

/** URL-encoding as IAM (and SDK v3) returns documents: encodeURIComponent of the JSON text. */
export const urlEncode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export function authorizationDetails(encode: (doc: unknown) => unknown) {
  return {
    UserDetailList: [
      {
        Path: '/',
        UserName: 'alice',
        UserId: 'AIDAEXAMPLEALICE',
        Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        CreateDate: '2024-01-02T03:04:05Z',
        UserPolicyList: [{ PolicyName: 'inline-admin', PolicyDocument: encode(adminDoc) }],
        GroupList: ['devs'],
        AttachedManagedPolicies: [{ PolicyName: 'data-read', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/data-read` }],
        PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
        Tags: [{ Key: 'team', Value: 'ml' }],
      },
      { Path: '/team/', UserName: 'bob', UserId: 'AIDAEXAMPLEBOB', Arn: `arn:aws:iam::${ACCOUNT}:user/team/bob`, CreateDate: '2025-05-05T00:00:00Z', UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [] },
    ],
    GroupDetailList: [
      {
        Path: '/',
        GroupName: 'devs',
        GroupId: 'AGPAEXAMPLEDEVS',
        Arn: `arn:aws:iam::${ACCOUNT}:group/devs`,
        CreateDate: '2024-01-01T00:00:00Z',
        GroupPolicyList: [{ PolicyName: 'deny-s3', PolicyDocument: encode(denyDoc) }],
        AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      },
    ],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'partner',
        RoleId: 'AROAEXAMPLEPARTNER',
        Arn: `arn:aws:iam::${ACCOUNT}:role/partner`,
        CreateDate: '2024-02-02T00:00:00Z',
        AssumeRolePolicyDocument: encode(trustDoc),
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'data-read', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/data-read` }],
        Tags: [],
        RoleLastUsed: { LastUsedDate: '2026-10-01T12:00:00Z', Region: 'eu-west-1' },
      },
    ],
    Policies: [
      {
        PolicyName: 'data-read',
        PolicyId: 'ANPAEXAMPLEDATA',
        Arn: `arn:aws:iam::${ACCOUNT}:policy/data-read`,
        Path: '/',
        DefaultVersionId: 'v2',
        AttachmentCount: 2,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: '2024-01-01T00:00:00Z',
        UpdateDate: '2024-06-01T00:00:00Z',
        PolicyVersionList: [
          { Document: encode(adminDoc), VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2024-01-01T00:00:00Z' },
          { Document: encode(s3Doc), VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2024-06-01T00:00:00Z' },
        ],
      },
      {
        PolicyName: 'AdministratorAccess',
        PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
        Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        Path: '/',
        DefaultVersionId: 'v1',
        AttachmentCount: 1,
        IsAttachable: true,
        PolicyVersionList: [{ Document: encode(adminDoc), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06T18:39:46Z' }],
      },
    ],
  };
}

export const CREDENTIAL_REPORT_CSV = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-01-01T00:00:00+00:00,not_supported,2026-11-20T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `alice,arn:aws:iam::${ACCOUNT}:user/alice,2024-01-02T03:04:05+00:00,true,no_information,2024-01-02T03:04:05+00:00,N/A,false,true,2024-01-02T03:10:00+00:00,2026-11-27T10:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `bob,arn:aws:iam::${ACCOUNT}:user/team/bob,2025-05-05T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-05-05T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  '',
].join('\n');

export const META = { accountId: ACCOUNT, takenAt: '2026-11-28T06:00:00Z', region: 'us-east-1' };

export const OPTIONAL_FILES = {
  'password-policy.json': { PasswordPolicy: { MinimumPasswordLength: 8, RequireSymbols: false, AllowUsersToChangePassword: true, ExpirePasswords: false } },
  'virtual-mfa-devices.json': {
    VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, User: { UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` }, EnableDate: '2020-01-01T00:00:00Z' }],
  },
  'cloudtrail.json': {
    trails: [
      {
        Name: 'main', S3BucketName: 'logs', IsMultiRegionTrail: true, HomeRegion: 'us-east-1', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`,
        LogFileValidationEnabled: true, IsOrganizationTrail: false,
        status: { IsLogging: true, LatestDeliveryTime: '2026-11-28T05:55:00Z' },
        eventSelectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] },
      },
    ],
  },
  'server-certificates.json': { ServerCertificateMetadataList: [{ Path: '/', ServerCertificateName: 'old', ServerCertificateId: 'ASCAX', Arn: `arn:aws:iam::${ACCOUNT}:server-certificate/old`, UploadDate: '2020-01-01T00:00:00Z', Expiration: '2021-01-01T00:00:00Z' }] },
  'access-analyzers.json': { analyzers: [{ arn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/a`, name: 'a', type: 'ACCOUNT', status: 'ACTIVE', createdAt: '2024-01-01T00:00:00Z' }] },
  // What the collector writes (lib/aws/last-accessed.ts): GetServiceLastAccessedDetails output per principal, the
  // SDK's Date objects serialised by JSON.stringify as ISO strings.
  'last-accessed.json': {
    scope: 'users and roles with administrator access, a full-access managed policy or a wildcard action: 1 in scope, at most 100 per sweep (lastAccessed.maxPrincipals)',
    unusedDays: 90,
    principals: [
      {
        Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        JobStatus: 'COMPLETED',
        JobType: 'ACTION_LEVEL',
        JobCreationDate: '2026-11-28T05:58:00.000Z',
        JobCompletionDate: '2026-11-28T05:58:03.000Z',
        ServicesLastAccessed: [
          {
            ServiceName: 'Amazon S3',
            ServiceNamespace: 's3',
            LastAuthenticated: '2026-11-27T10:00:00.000Z',
            LastAuthenticatedRegion: 'eu-west-1',
            LastAuthenticatedEntity: `arn:aws:iam::${ACCOUNT}:user/alice`,
            TotalAuthenticatedEntities: 1,
            TrackedActionsLastAccessed: [
              { ActionName: 'GetObject', LastAccessedTime: '2026-11-27T10:00:00.000Z', LastAccessedRegion: 'eu-west-1', LastAccessedEntity: `arn:aws:iam::${ACCOUNT}:user/alice` },
              { ActionName: 'DeleteBucket' },
            ],
          },
          { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', TotalAuthenticatedEntities: 0 },
        ],
      },
    ],
    notEvaluated: [],
    calls: 3,
  },
};

export type Encoding = 'api' | 'cli';

/** Writes a complete snapshot folder; `omit` leaves files out, `override` replaces file contents (raw text). */
export function writeFolder(opts: { encoding?: Encoding; omit?: string[]; override?: Record<string, string>; base64Report?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iamg-snap-'));
  mkdirSync(dir, { recursive: true });
  const encode = opts.encoding === 'cli' ? (d: unknown) => d : urlEncode;
  const files: Record<string, string> = {
    'authorization-details.json': JSON.stringify(authorizationDetails(encode), null, 2),
    'account-summary.json': JSON.stringify({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 2 } }),
    'meta.json': JSON.stringify(META),
  };
  if (opts.base64Report) {
    files['credential-report.json'] = JSON.stringify({
      Content: Buffer.from(CREDENTIAL_REPORT_CSV).toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: '2026-11-28T04:00:00Z',
    });
  } else files['credential-report.csv'] = CREDENTIAL_REPORT_CSV;
  for (const [f, v] of Object.entries(OPTIONAL_FILES)) files[f] = JSON.stringify(v);
  for (const [f, text] of Object.entries(opts.override ?? {})) files[f] = text;
  for (const f of opts.omit ?? []) delete files[f];
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}
