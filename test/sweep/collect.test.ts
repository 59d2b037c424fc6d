/**
 * The collector against aws-sdk-client-mock, with responses shaped exactly like SDK v3's: URL-encoded documents,
 * short pages with IsTruncated/Marker, GenerateCredentialReport states, GetCredentialReport Content as a Uint8Array
 * (the SDK decodes the base64), and AWS error names.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CredentialReportExpiredException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  IAMServiceException,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, AccessDeniedException as CtDenied } from '@aws-sdk/client-cloudtrail';
import { AccessAnalyzerClient, AccessDeniedException, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { collectSnapshot, writeSnapshot, CollectError } from '../../lib/aws/collect';
import { buildAccountModel, loadSnapshot } from '../../lib/account/snapshot';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { ACCOUNT, CREDENTIAL_REPORT_CSV, adminDoc, authorizationDetails, s3Doc, urlEncode } from '../account/fixtures';

const iam = mockClient(IAMClient);
const ct = mockClient(CloudTrailClient);
const aa = mockClient(AccessAnalyzerClient);
const sts = mockClient(STSClient);
const meta = { httpStatusCode: 400, requestId: 'r-1' };

const gaad = authorizationDetails(urlEncode);
/** Three short pages, as IAM may return them. */
const PAGES: Record<string, Record<string, unknown>> = {
  first: { UserDetailList: gaad.UserDetailList, GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: true, Marker: 'AAAAAgAAAAEAAAAA1' },
  AAAAAgAAAAEAAAAA1: { UserDetailList: [], GroupDetailList: gaad.GroupDetailList, RoleDetailList: gaad.RoleDetailList, Policies: [], IsTruncated: true, Marker: 'AAAAAgAAAAEAAAAA2' },
  AAAAAgAAAAEAAAAA2: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: gaad.Policies, IsTruncated: false },
};

function clients() {
  return {
    iam: new IAMClient({ region: 'us-east-1' }),
    cloudtrail: new CloudTrailClient({ region: 'us-east-1' }),
    accessAnalyzer: new AccessAnalyzerClient({ region: 'us-east-1' }),
    sts: new STSClient({ region: 'us-east-1' }),
  };
}

function happyPath() {
  iam.reset();
  ct.reset();
  aa.reset();
  sts.reset();
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
    const page = PAGES[input.Marker ?? 'first'];
    if (!page) throw new IAMServiceException({ name: 'InvalidInput', $fault: 'client', message: 'bad marker', $metadata: meta });
    return page;
  });
  iam
    .on(GenerateCredentialReportCommand)
    .resolvesOnce({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' })
    .resolvesOnce({ State: 'INPROGRESS' })
    .resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({
    Content: new Uint8Array(Buffer.from(CREDENTIAL_REPORT_CSV)),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date('2026-11-28T04:00:00Z'),
  });
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 2 } });
  iam.on(GetAccountPasswordPolicyCommand).rejects(
    new NoSuchEntityException({ message: `The Password Policy with domain name ${ACCOUNT} cannot be found.`, $metadata: { ...meta, httpStatusCode: 404 } }),
  );
  iam
    .on(ListVirtualMFADevicesCommand, { Marker: undefined })
    .resolves({ VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, User: { UserName: '', UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root`, Path: '/', CreateDate: new Date('2019-01-01') } }], IsTruncated: true, Marker: 'm2' })
    .on(ListVirtualMFADevicesCommand, { Marker: 'm2' })
    .resolves({ VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, User: { UserName: 'alice', UserId: 'AIDA', Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Path: '/', CreateDate: new Date('2024-01-01') } }], IsTruncated: false });
  iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });
  // Last-accessed data (alice is admin: in the default scope): one job, in progress once, then completed.
  iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-alice' });
  iam
    .on(GetServiceLastAccessedDetailsCommand)
    .resolvesOnce({ JobStatus: 'IN_PROGRESS', JobType: 'ACTION_LEVEL', JobCreationDate: new Date('2026-11-28T06:00:00Z'), ServicesLastAccessed: [] })
    .resolves({
      JobStatus: 'COMPLETED',
      JobType: 'ACTION_LEVEL',
      JobCreationDate: new Date('2026-11-28T06:00:00Z'),
      JobCompletionDate: new Date('2026-11-28T06:00:03Z'),
      IsTruncated: false,
      ServicesLastAccessed: [
        { ServiceName: 'Amazon S3', ServiceNamespace: 's3', LastAuthenticated: new Date('2026-11-27T10:00:00Z'), LastAuthenticatedRegion: 'eu-west-1', TotalAuthenticatedEntities: 1 },
        { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', LastAuthenticated: new Date('2026-03-01T10:00:00Z'), TotalAuthenticatedEntities: 1 },
        { ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', TotalAuthenticatedEntities: 0 },
      ],
    });
  ct.on(DescribeTrailsCommand).resolves({
    trailList: [{ Name: 'main', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`, IsMultiRegionTrail: true, HomeRegion: 'us-east-1', S3BucketName: 'logs' }],
  });
  ct.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryTime: new Date('2026-11-28T05:00:00Z') });
  ct.on(GetEventSelectorsCommand).resolves({ TrailARN: 'x', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  aa.on(ListAnalyzersCommand).resolves({ analyzers: [{ arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a', name: 'a', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date('2024-01-01') }] });
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/auditor/me`, UserId: 'AROA:me' });
}

const ALLOWED_IAM = new Set([
  'GetAccountAuthorizationDetailsCommand',
  'GenerateCredentialReportCommand',
  'GetCredentialReportCommand',
  'GetAccountSummaryCommand',
  'GetAccountPasswordPolicyCommand',
  'ListVirtualMFADevicesCommand',
  'ListServerCertificatesCommand',
]);

/** Per-principal on purpose, for the principals in the last-accessed scope only, within the stated budget. */
const LAST_ACCESSED_IAM = new Set(['GenerateServiceLastAccessedDetailsCommand', 'GetServiceLastAccessedDetailsCommand']);

const now = () => new Date('2026-11-28T06:00:00Z');

describe('collectSnapshot', () => {
  beforeEach(happyPath);

  it('follows every GetAccountAuthorizationDetails page (Marker, MaxItems 1000) and merges them', async () => {
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    const calls = iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { MaxItems: 1000, Marker: undefined },
      { MaxItems: 1000, Marker: 'AAAAAgAAAAEAAAAA1' },
      { MaxItems: 1000, Marker: 'AAAAAgAAAAEAAAAA2' },
    ]);
    const details = raw.authorizationDetails as Record<string, unknown[]>;
    expect(details.UserDetailList).toHaveLength(2);
    expect(details.GroupDetailList).toHaveLength(1);
    expect(details.RoleDetailList).toHaveLength(1);
    expect(details.Policies).toHaveLength(2);
    const model = buildAccountModel(raw);
    expect(model.users[0].UserPolicyList[0].document.statements[0]).toMatchObject({ effect: 'Allow', action: ['*'], resource: ['*'] });
    expect(model.policies[0].defaultDocument?.statements[0].action).toEqual((s3Doc.Statement as { Action: string[] }).Action);
    expect(model.accountId).toBe(ACCOUNT);
    expect(model.takenAt).toBe('2026-11-28T06:00:00.000Z');
  });

  it('polls GenerateCredentialReport until COMPLETE and decodes the report bytes', async () => {
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(raw.credentialReport?.csv).toBe(CREDENTIAL_REPORT_CSV);
    expect(raw.meta.credentialReportGeneratedAt).toBe('2026-11-28T04:00:00.000Z');
    const model = buildAccountModel(raw);
    expect(model.credentialReport?.rows[0].user).toBe('<root_account>');
    expect(model.credentialReport?.generatedAt).toBe('2026-11-28T04:00:00.000Z');
  });

  it('generates again when the report is not ready or has expired between the calls', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'Credential report is being generated.', $metadata: meta }))
      .rejectsOnce(new CredentialReportExpiredException({ message: 'Credential report has expired.', $metadata: meta }))
      .resolves({ Content: new Uint8Array(Buffer.from(CREDENTIAL_REPORT_CSV)), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-28T04:00:00Z') });
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(3);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(raw.credentialReport?.csv).toBe(CREDENTIAL_REPORT_CSV);
  });

  it('gives up on a report that never completes and records it as not collected', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, maxReportPolls: 4, now });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(4);
    expect(raw.credentialReport).toBeUndefined();
    expect(raw.notCollected.credentialReport).toBe(
      'GenerateCredentialReport/GetCredentialReport failed (AwsResponseError: the credential report was not COMPLETE after 4 polls)',
    );
  });

  it('a report in another format is not collected, named as an unusable AWS answer with the format escaped', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new Uint8Array(Buffer.from('<html>')), ReportFormat: 'text/html\x1b[31m\nforged' as 'text/csv' });
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(raw.credentialReport).toBeUndefined();
    expect(raw.notCollected.credentialReport).toBe(
      'GenerateCredentialReport/GetCredentialReport failed (AwsResponseError: unexpected ReportFormat text/html\\x1b[31m\\nforged)',
    );
    expect(buildAccountModel(raw).users).toHaveLength(2);
  });

  it('a truncated ListVirtualMFADevices page without a Marker leaves that source not collected, the rest collected', async () => {
    iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: true });
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(raw.virtualMfaDevices).toBeUndefined();
    expect(raw.notCollected.virtualMfaDevices).toBe(
      'ListVirtualMFADevices failed (AwsResponseError: ListVirtualMFADevices returned IsTruncated without a Marker)',
    );
    expect(raw.credentialReport?.csv).toBe(CREDENTIAL_REPORT_CSV);
  });

  it('NoSuchEntity on the password policy means "no policy set" (null), not "not collected"', async () => {
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(raw.passwordPolicy).toBeNull();
    expect(raw.notCollected.passwordPolicy).toBeUndefined();
    expect(buildAccountModel(raw).passwordPolicy).toBeNull();
  });

  it('pages ListVirtualMFADevices and reads trails with their status and selectors', async () => {
    const model = buildAccountModel(await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } }));
    expect(model.virtualMfaDevices?.map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
      `arn:aws:iam::${ACCOUNT}:mfa/alice`,
    ]);
    expect(model.trails?.[0]).toMatchObject({ Name: 'main', IsMultiRegionTrail: true, status: { IsLogging: true, LatestDeliveryTime: '2026-11-28T05:00:00.000Z' } });
    expect(ct.commandCalls(GetTrailStatusCommand)[0].args[0].input).toEqual({ Name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main` });
    expect(model.analyzers?.[0]).toMatchObject({ name: 'a', status: 'ACTIVE' });
  });

  it('makes no per-user, per-role or per-policy call but the capped last-accessed ones, for the principals in scope only', async () => {
    await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    const names = iam.calls().map((c) => (c.args[0] as object).constructor.name);
    for (const n of names) expect(ALLOWED_IAM.has(n) || LAST_ACCESSED_IAM.has(n)).toBe(true);
    // alice is admin (inline "*"); bob and the partner role hold no admin, full-access or wildcard grant.
    expect(iam.commandCalls(GenerateServiceLastAccessedDetailsCommand).map((c) => c.args[0].input)).toEqual([
      { Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Granularity: 'ACTION_LEVEL' },
    ]);
    expect(iam.commandCalls(GetServiceLastAccessedDetailsCommand)).toHaveLength(2);
  });

  it('last-accessed data: snapshot → folder → sweep gives the unused-permissions finding; scope off or denied → not evaluated', async () => {
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(raw.notCollected.lastAccessed).toBeUndefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'iamg-la-'));
    expect(await writeSnapshot(dir, raw)).toContain('last-accessed.json');
    expect(JSON.parse(readFileSync(path.join(dir, 'last-accessed.json'), 'utf8')).principals[0].JobCompletionDate).toBe('2026-11-28T06:00:03.000Z');
    const ev = evaluateAccount(await loadSnapshot(dir), DEFAULT_CONFIG);
    const f = ev.findings.find((x) => x.ruleId === 'unused-permissions');
    expect(f).toMatchObject({ resource: `arn:aws:iam::${ACCOUNT}:user/alice`, severity: 'medium' });
    expect(f?.evidence).toMatchObject({ unusedServices: ['ec2', 'iam'], grantedServiceCount: 3 });
    expect(f?.fix.cli).toContain(`iam-guardian rightsize --principal arn:aws:iam::${ACCOUNT}:user/alice`);

    const off = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, config: { ...DEFAULT_CONFIG, lastAccessed: { ...DEFAULT_CONFIG.lastAccessed, scope: 'off' } } });
    expect(off.lastAccessed).toBeUndefined();
    expect(evaluateAccount(buildAccountModel(off), DEFAULT_CONFIG).notEvaluated['unused-permissions']).toMatch(/lastAccessed.scope is off/);

    iam.on(GenerateServiceLastAccessedDetailsCommand).rejects(new IAMServiceException({ name: 'AccessDenied', $fault: 'client', message: 'not authorized to perform: iam:GenerateServiceLastAccessedDetails', $metadata: meta }));
    const denied = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(denied.notCollected.lastAccessed).toMatch(/^GenerateServiceLastAccessedDetails access denied \(AccessDenied/);
    expect(evaluateAccount(buildAccountModel(denied), DEFAULT_CONFIG).notEvaluated['unused-permissions']).toMatch(/IAM last-accessed data could not be read: .*AccessDenied/);
  });

  it('an AccessDenied on ListAnalyzers (an SCP, say) is recorded and the sweep goes on; the rule is "not evaluated"', async () => {
    aa.on(ListAnalyzersCommand).rejects(
      new AccessDeniedException({ message: 'User is not authorized to perform: access-analyzer:ListAnalyzers with an explicit deny in a service control policy', $metadata: { ...meta, httpStatusCode: 403 } }),
    );
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(raw.accessAnalyzers).toBeUndefined();
    expect(raw.notCollected.accessAnalyzer).toMatch(/ListAnalyzers access denied \(AccessDeniedException/);
    const model = buildAccountModel(raw);
    expect(model.users).toHaveLength(2);
    const ev = evaluateAccount(model, DEFAULT_CONFIG);
    expect(ev.notEvaluated['access-analyzer-disabled']).toBeDefined();
    expect(ev.findings.some((f) => f.ruleId === 'access-analyzer-disabled')).toBe(false);
    expect(ev.rules['access-analyzer-disabled']?.checked ?? 0).toBe(0);
  });

  it('an AccessDenied on DescribeTrails leaves the trail check not evaluated', async () => {
    ct.on(DescribeTrailsCommand).rejects(new CtDenied({ message: 'denied', $metadata: { ...meta, httpStatusCode: 403 } }));
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(raw.cloudtrail).toBeUndefined();
    expect(raw.notCollected.cloudtrail).toContain('DescribeTrails access denied');
    expect(evaluateAccount(buildAccountModel(raw), DEFAULT_CONFIG).notEvaluated['cloudtrail-not-logging']).toBeDefined();
  });

  it('fails clearly when the authorization details cannot be read', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(
      new IAMServiceException({ name: 'AccessDenied', $fault: 'client', message: 'not authorized to perform: iam:GetAccountAuthorizationDetails', $metadata: { ...meta, httpStatusCode: 403 } }),
    );
    await expect(collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } })).rejects.toThrow(CollectError);
    await expect(collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } })).rejects.toThrow(/GetAccountAuthorizationDetails access denied \(AccessDenied/);
  });

  it('rejects a truncated page without a Marker instead of looping', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: [], IsTruncated: true });
    const err = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as Error).message).toBe('GetAccountAuthorizationDetails returned IsTruncated without a Marker');
  });

  it('takes the account id from the ARNs when STS is not available', async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error('no sts'));
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    expect(raw.meta.accountId).toBe(ACCOUNT);
  });

  it('writeSnapshot then loadSnapshot gives exactly the model of the live collection', async () => {
    aa.on(ListAnalyzersCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: meta }));
    const raw = await collectSnapshot(clients(), { credentialReportPollMs: 1, now, lastAccessed: { firstCheckMs: 1, recheckMs: 1 } });
    const dir = mkdtempSync(path.join(tmpdir(), 'iamg-roundtrip-'));
    const files = await writeSnapshot(dir, raw);
    expect(files).toEqual(expect.arrayContaining(['authorization-details.json', 'credential-report.csv', 'account-summary.json', 'meta.json', 'cloudtrail.json', 'virtual-mfa-devices.json']));
    expect(files).not.toContain('password-policy.json'); // no policy set
    expect(files).not.toContain('access-analyzers.json'); // denied: listed in meta.json instead
    const loaded = await loadSnapshot(dir);
    expect(loaded).toEqual(buildAccountModel(raw));
    expect(loaded.notCollected.accessAnalyzer).toContain('access denied');
    expect(loaded.passwordPolicy).toBeNull();
    // Documents stay URL-encoded on disk, as the API returns them.
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'authorization-details.json'), 'utf8'));
    expect(onDisk.UserDetailList[0].UserPolicyList[0].PolicyDocument).toBe(urlEncode(adminDoc));
  });
});
