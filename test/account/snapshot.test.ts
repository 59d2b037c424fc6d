import fc from 'fast-check';
import { loadSnapshot, SnapshotError, buildAccountModel, type RawSnapshot } from '../../lib/account/snapshot';
import { ACCOUNT, CREDENTIAL_REPORT_CSV, META, adminDoc, authorizationDetails, s3Doc, trustDoc, urlEncode, writeFolder } from './fixtures';
import { parsePolicyDocument } from '../../lib/policy/document';

const parsed = (d: unknown) => {
  const r = parsePolicyDocument(d);
  if (!r.ok) throw new Error(r.error);
  return r.document;
};

async function loadError(dir: string): Promise<SnapshotError> {
  try {
    await loadSnapshot(dir);
  } catch (e) {
    if (e instanceof SnapshotError) return e;
    throw e;
  }
  throw new Error('expected a SnapshotError');
}

describe('loadSnapshot', () => {
  it('decodes URL-encoded (raw API) documents', async () => {
    const m = await loadSnapshot(writeFolder({ encoding: 'api' }));
    expect(m.accountId).toBe(ACCOUNT);
    expect(m.takenAt).toBe('2026-11-28T06:00:00.000Z');
    expect(m.users.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(m.users[0].UserPolicyList[0].document).toEqual(parsed(adminDoc));
    expect(m.users[0].GroupList).toEqual(['devs']);
    expect(m.users[0].PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/boundary`);
    expect(m.users[0].Tags).toEqual([{ Key: 'team', Value: 'ml' }]);
    expect(m.roles[0].AssumeRolePolicyDocument).toEqual(parsed(trustDoc));
    expect(m.roles[0].RoleLastUsed).toEqual({ LastUsedDate: '2026-10-01T12:00:00.000Z', Region: 'eu-west-1' });
    expect(m.groups[0].AttachedManagedPolicies[0].PolicyArn).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(m.documentErrors).toBeUndefined();
  });

  it('keeps only the default version of a managed policy', async () => {
    const m = await loadSnapshot(writeFolder());
    const p = m.policies.find((x) => x.PolicyName === 'data-read');
    // v1 (not default) allows *:*; v2 (default) is the S3 read policy: only v2 may count.
    expect(p?.DefaultVersionId).toBe('v2');
    expect(p?.defaultDocument).toEqual(parsed(s3Doc));
    expect(JSON.stringify(p)).not.toContain('"action":["*"]');
  });

  it('gives the same model for AWS CLI (decoded) documents as for URL-encoded ones', async () => {
    const api = await loadSnapshot(writeFolder({ encoding: 'api' }));
    const cli = await loadSnapshot(writeFolder({ encoding: 'cli' }));
    expect(cli).toEqual(api);
  });

  it('reads the credential report from CSV or from raw GetCredentialReport JSON with base64 Content', async () => {
    const csv = await loadSnapshot(writeFolder());
    const b64 = await loadSnapshot(writeFolder({ base64Report: true }));
    expect(b64.credentialReport?.rows).toEqual(csv.credentialReport?.rows);
    expect(b64.credentialReport?.generatedAt).toBe('2026-11-28T04:00:00.000Z');
    const rows = csv.credentialReport?.rows ?? [];
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'bob']);
    expect(rows[0].password_enabled).toBe('not_supported');
    expect(rows[1].password_last_used).toBe('no_information');
    expect(rows[2].access_key_1_last_used_date).toBe('N/A');
  });

  it('reads the optional sources when present', async () => {
    const m = await loadSnapshot(writeFolder());
    expect(m.passwordPolicy).toMatchObject({ MinimumPasswordLength: 8 });
    expect(m.virtualMfaDevices?.[0].User?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(m.trails?.[0]).toMatchObject({ Name: 'main', IsMultiRegionTrail: true, status: { IsLogging: true } });
    expect(m.trails?.[0].eventSelectors?.EventSelectors?.[0]).toEqual({ ReadWriteType: 'All', IncludeManagementEvents: true });
    expect(m.serverCertificates?.[0]).toEqual({ ServerCertificateName: 'old', Arn: `arn:aws:iam::${ACCOUNT}:server-certificate/old`, Expiration: '2021-01-01T00:00:00.000Z' });
    expect(m.analyzers?.[0]).toMatchObject({ name: 'a', status: 'ACTIVE' });
    expect(m.summary).toEqual({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 2 });
    expect(m.lastAccessed?.principals[0]).toEqual({
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      granularity: 'ACTION_LEVEL',
      jobCompletionDate: '2026-11-28T05:58:03.000Z',
      services: [
        {
          namespace: 's3',
          name: 'Amazon S3',
          lastAuthenticated: '2026-11-27T10:00:00.000Z',
          region: 'eu-west-1',
          trackedActions: [{ action: 'GetObject', lastAccessed: '2026-11-27T10:00:00.000Z', region: 'eu-west-1' }, { action: 'DeleteBucket' }],
        },
        { namespace: 'iam', name: 'AWS Identity and Access Management' },
      ],
    });
    expect(m.notCollected).toEqual({});
  });

  it('marks absent optional files as not collected (never as empty = passing)', async () => {
    const m = await loadSnapshot(
      writeFolder({ omit: ['virtual-mfa-devices.json', 'cloudtrail.json', 'server-certificates.json', 'access-analyzers.json', 'last-accessed.json'] }),
    );
    expect(m.virtualMfaDevices).toBeUndefined();
    expect(m.trails).toBeUndefined();
    expect(m.serverCertificates).toBeUndefined();
    expect(m.analyzers).toBeUndefined();
    expect(m.lastAccessed).toBeUndefined();
    expect(Object.keys(m.notCollected).sort()).toEqual(['accessAnalyzer', 'cloudtrail', 'lastAccessed', 'serverCertificates', 'virtualMfaDevices']);
    expect(m.notCollected.lastAccessed).toBe('last-accessed.json is not in the snapshot folder');
    expect(m.notCollected.cloudtrail).toContain('cloudtrail.json');
  });

  it('treats an absent or empty password-policy.json as "no password policy set"', async () => {
    expect((await loadSnapshot(writeFolder({ omit: ['password-policy.json'] }))).passwordPolicy).toBeNull();
    expect((await loadSnapshot(writeFolder({ override: { 'password-policy.json': '' } }))).passwordPolicy).toBeNull();
  });

  it('honours meta.json notCollected: a source the collector could not read stays "not collected", not "none"', async () => {
    const meta = { ...META, notCollected: { passwordPolicy: 'GetAccountPasswordPolicy access denied (AccessDenied)', accountSummary: 'denied' } };
    const m = await loadSnapshot(writeFolder({ omit: ['password-policy.json', 'account-summary.json'], override: { 'meta.json': JSON.stringify(meta) } }));
    expect(m.passwordPolicy).toBeUndefined();
    expect(m.summary).toBeUndefined();
    expect(m.notCollected.passwordPolicy).toContain('AccessDenied');
  });

  it('records an unparseable policy document instead of dropping it', async () => {
    const details = authorizationDetails(urlEncode);
    details.UserDetailList[0].UserPolicyList[0].PolicyDocument = '%7B%22Statement%22%3A%5B%7B'; // truncated
    const m = await loadSnapshot(writeFolder({ override: { 'authorization-details.json': JSON.stringify(details) } }));
    expect(m.documentErrors).toEqual([
      expect.objectContaining({ resource: `arn:aws:iam::${ACCOUNT}:user/alice`, policy: 'inline-admin' }),
    ]);
    expect(m.users[0].UserPolicyList[0].document.statements).toEqual([]);
  });

  describe('bad folders', () => {
    it.each([
      ['authorization-details.json', 'is missing'],
      ['meta.json', 'is missing'],
      ['account-summary.json', 'is missing'],
      ['credential-report.csv', 'is missing'],
    ])('missing %s', async (file, problem) => {
      const e = await loadError(writeFolder({ omit: [file] }));
      expect(e.file).toBe(file);
      expect(e.problem).toContain(problem);
      expect(e.message).toContain(file);
    });

    it.each([
      ['authorization-details.json', '{"UserDetailList": [', 'not valid JSON'],
      ['meta.json', '{"accountId": "123", "takenAt": "2026-01-01T00:00:00Z"}', 'not a 12-digit account id'],
      ['meta.json', '{"accountId": "123456789012", "takenAt": "yesterday"}', 'not an ISO date-time'],
      ['authorization-details.json', '[]', 'not a JSON object'],
      ['authorization-details.json', '{"Users": []}', 'none of UserDetailList'],
      ['authorization-details.json', '{"UserDetailList": {"UserName": "x"}}', '"UserDetailList" is not a list'],
      ['authorization-details.json', '{"UserDetailList": [{"UserName": "x"}]}', 'UserDetailList[0] has no "Arn"'],
      ['account-summary.json', '{"Summary": {}}', 'has no "SummaryMap"'],
      ['cloudtrail.json', '{"trailList": []}', 'holds DescribeTrails output alone'],
      ['cloudtrail.json', '{"Trails": []}', 'has no "trails"'],
      ['password-policy.json', '{"MinimumPasswordLength": 8}', 'has no "PasswordPolicy"'],
      ['credential-report.csv', '', 'empty'],
      ['credential-report.csv', 'name,value\nx,1\n', 'no "user" column'],
      ['credential-report.csv', 'user,arn\n"unterminated,x\n', 'not valid CSV'],
      ['virtual-mfa-devices.json', '\uFEFF{', 'not valid JSON'],
    ])('malformed %s (%s)', async (file, text, problem) => {
      const e = await loadError(writeFolder({ override: { [file]: text } }));
      expect(e.file).toBe(file);
      expect(e.problem).toContain(problem);
    });

    it('names credential-report.json when that is the file that is wrong', async () => {
      const dir = writeFolder({ omit: ['credential-report.csv'], override: { 'credential-report.json': JSON.stringify({ Content: '!!!', ReportFormat: 'text/csv' }) } });
      const e = await loadError(dir);
      expect(e.file).toBe('credential-report.json');
      expect(e.problem).toContain('base64');
    });

    it('a folder that does not exist', async () => {
      const e = await loadError('/nonexistent/iamg-snapshot');
      expect(e.problem).toContain('does not exist');
    });
  });
});

describe('buildAccountModel', () => {
  const raw = (gaad: unknown): RawSnapshot => ({
    meta: { accountId: ACCOUNT, takenAt: META.takenAt },
    authorizationDetails: gaad,
    credentialReport: { csv: CREDENTIAL_REPORT_CSV },
    accountSummary: { SummaryMap: {} },
    passwordPolicy: null,
    notCollected: {},
  });

  it('accepts SDK Date objects and turns them into ISO strings', () => {
    const details = authorizationDetails(urlEncode) as unknown as { UserDetailList: Record<string, unknown>[] };
    details.UserDetailList[0].CreateDate = new Date('2024-01-02T03:04:05Z');
    const m = buildAccountModel(raw(details));
    expect(m.users[0].CreateDate).toBe('2024-01-02T03:04:05.000Z');
  });

  it('any policy document decodes the same whether URL-encoded, a JSON string or an object', () => {
    const action = fc.stringMatching(/^[a-z0-9]{1,10}:[A-Za-z*?]{1,12}$/);
    const stmt = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.oneof(action, fc.array(action, { minLength: 1, maxLength: 4 })),
      Resource: fc.oneof(fc.constant('*'), fc.string({ maxLength: 30 }).map((s) => `arn:aws:s3:::${s}`)),
    });
    fc.assert(
      fc.property(fc.array(stmt, { minLength: 1, maxLength: 5 }), (statements) => {
        const doc = { Version: '2012-10-17', Statement: statements };
        const build = (enc: (d: unknown) => unknown) =>
          buildAccountModel(raw({ RoleDetailList: [{ RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, AssumeRolePolicyDocument: enc(doc), RolePolicyList: [{ PolicyName: 'p', PolicyDocument: enc(doc) }] }] }));
        const a = build(urlEncode);
        expect(build((d) => d)).toEqual(a);
        expect(build((d) => JSON.stringify(d))).toEqual(a);
        expect(a.documentErrors).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });
});
