/**
 * Small builders for posture-rule examples and tests. `accountFixture()` with no argument is a well-run account that
 * no posture rule flags above info; pass a partial to plant one problem.
 */
import type {
  AccountModel,
  CredentialReportRow,
  GroupDetail,
  ManagedPolicy,
  RoleDetail,
  TrailInfo,
  UserDetail,
} from '../../lib/account/model';
import type { PolicyDocument } from '../../lib/policy/document';
import { parsePolicyDocument } from '../../lib/policy/document';

export const FIXTURE_ACCOUNT = '111122223333';
export const FIXTURE_TAKEN_AT = '2026-06-01T12:00:00Z';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** ISO time `days` days before the fixture's snapshot time. */
export function daysAgo(days: number, takenAt = FIXTURE_TAKEN_AT): string {
  return new Date(Date.parse(takenAt) - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A parsed policy document from the JSON form (throws on a bad literal: fixtures are code). */
export function policy(json: unknown): PolicyDocument {
  const r = parsePolicyDocument(json);
  if (!r.ok) throw new Error(`fixture policy: ${r.error}`);
  return r.document;
}

export function allow(action: string | string[], resource: string | string[] = '*', condition?: unknown): PolicyDocument {
  return policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }] });
}

/** A trust policy letting `principal` assume the role. */
export function trust(principal: unknown, condition?: unknown): PolicyDocument {
  return policy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
  });
}

/** A credential-report row with every column; defaults describe a key-less console user with MFA, used yesterday. */
export function credRow(user: string, fields: Partial<Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>> = {}): CredentialReportRow {
  const row: CredentialReportRow = {
    user,
    arn: user === '<root_account>' ? `arn:aws:iam::${FIXTURE_ACCOUNT}:root` : `arn:aws:iam::${FIXTURE_ACCOUNT}:user/${user}`,
    user_creation_time: daysAgo(400),
    password_enabled: 'true',
    password_last_used: daysAgo(1),
    password_last_changed: daysAgo(60),
    password_next_rotation: 'N/A',
    mfa_active: 'true',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
  return { ...row, ...fields };
}

/** The root row of a well-kept account: MFA on, no keys, password not used for 200 days. */
export function rootRow(fields: Parameters<typeof credRow>[1] = {}): CredentialReportRow {
  return credRow('<root_account>', {
    user_creation_time: daysAgo(900),
    password_enabled: 'not_supported',
    password_last_used: daysAgo(200),
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    ...fields,
  });
}

export function iamUser(name: string, partial: Partial<UserDetail> = {}): UserDetail {
  return {
    UserName: name,
    UserId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`,
    Arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:user/${name}`,
    Path: '/',
    CreateDate: daysAgo(400),
    GroupList: ['Developers'],
    AttachedManagedPolicies: [],
    UserPolicyList: [],
    ...partial,
  };
}

export function iamGroup(name: string, partial: Partial<GroupDetail> = {}): GroupDetail {
  return {
    GroupName: name,
    Arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:group/${name}`,
    Path: '/',
    CreateDate: daysAgo(400),
    AttachedManagedPolicies: [],
    GroupPolicyList: [],
    ...partial,
  };
}

export function iamRole(name: string, partial: Partial<RoleDetail> = {}): RoleDetail {
  const path = partial.Path ?? '/';
  return {
    RoleName: name,
    Arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role${path}${name}`,
    Path: path,
    CreateDate: daysAgo(400),
    AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }),
    AttachedManagedPolicies: [],
    RolePolicyList: [],
    RoleLastUsed: { LastUsedDate: daysAgo(2), Region: 'us-east-1' },
    ...partial,
  };
}

export function customerPolicy(name: string, document: PolicyDocument, partial: Partial<ManagedPolicy> = {}): ManagedPolicy {
  return {
    PolicyName: name,
    Arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:policy/${name}`,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    defaultDocument: document,
    ...partial,
  };
}

export function awsPolicyRef(name: string, path = '/'): { PolicyName: string; PolicyArn: string } {
  return { PolicyName: name, PolicyArn: `arn:aws:iam::aws:policy${path}${name}` };
}

export function goodTrail(partial: Partial<TrailInfo> = {}): TrailInfo {
  return {
    Name: 'management-events',
    TrailARN: `arn:aws:cloudtrail:us-east-1:${FIXTURE_ACCOUNT}:trail/management-events`,
    HomeRegion: 'us-east-1',
    IsMultiRegionTrail: true,
    IsOrganizationTrail: false,
    LogFileValidationEnabled: true,
    S3BucketName: 'org-cloudtrail-logs',
    status: { IsLogging: true, LatestDeliveryTime: daysAgo(0) },
    eventSelectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] },
    ...partial,
  };
}

/** The default groups / roles of the clean fixture: developers (read-only), a support role. */
export function defaultGroups(): GroupDetail[] {
  return [iamGroup('Developers', { AttachedManagedPolicies: [awsPolicyRef('ReadOnlyAccess')] })];
}

export function supportRole(): RoleDetail {
  return iamRole('SupportCase', {
    AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${FIXTURE_ACCOUNT}:root` }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    AttachedManagedPolicies: [awsPolicyRef('AWSSupportAccess')],
  });
}

/**
 * A complete account model. Defaults: one user `alice` (console + MFA, in Developers), root with MFA and no keys,
 * CIS password policy, a logging multi-region trail, an active analyzer, a support role. `credentialReport` rows
 * given without a root row get the default root row prepended.
 */
export function accountFixture(partial: Partial<AccountModel> = {}): AccountModel {
  const users = partial.users ?? [iamUser('alice')];
  const base: AccountModel = {
    accountId: FIXTURE_ACCOUNT,
    takenAt: FIXTURE_TAKEN_AT,
    region: 'us-east-1',
    users,
    groups: defaultGroups(),
    roles: [supportRole()],
    policies: [],
    credentialReport: { rows: users.map((u) => credRow(u.UserName, { arn: u.Arn })), generatedAt: daysAgo(0) },
    summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: users.length },
    passwordPolicy: {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    },
    virtualMfaDevices: [],
    trails: [goodTrail()],
    serverCertificates: [],
    analyzers: [{ name: 'account-analyzer', arn: `arn:aws:access-analyzer:us-east-1:${FIXTURE_ACCOUNT}:analyzer/account-analyzer`, type: 'ACCOUNT', status: 'ACTIVE' }],
    notCollected: {},
  };
  const out: AccountModel = { ...base, ...partial, users };
  if (out.credentialReport && !out.credentialReport.rows.some((r) => r.user === '<root_account>')) {
    out.credentialReport = { ...out.credentialReport, rows: [rootRow(), ...out.credentialReport.rows] };
  }
  return out;
}
