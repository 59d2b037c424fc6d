/**
 * A fake AWS account for the sweep benchmark and the fault-injection tests: synthetic IAM state shaped exactly like
 * SDK v3 outputs (URL-encoded documents, Date objects, IsTruncated/Marker pages of at most MaxItems, base64-decoded
 * credential report bytes as Uint8Array), served with simulated latency, a token-bucket throttle and injected faults.
 *
 * Why not aws-sdk-client-mock here: it stubs `client.send`, so the SDK's middleware stack — including the retry
 * strategy we rely on for throttling — never runs (test/sweep/retry-layer.test.ts shows it). `attach(client)` instead
 * inserts the fake service into the client's middleware stack right after `retryMiddleware` (in place of signing and
 * HTTP): every request still goes through the real adaptive retry strategy, backoff and client-side rate limiter, and
 * errors thrown here (ThrottlingException, 500 InternalFailure, 503 ServiceUnavailable, AccessDenied) are classified
 * and retried by the SDK exactly as an HTTP error response would be.
 */
import { IAMServiceException } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { STSClient } from '@aws-sdk/client-sts';
import { rng } from './rng';
export { rng };


const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export interface AccountSpec {
  users: number;
  groups: number;
  roles: number;
  policies: number;
  seed?: number;
  accountId?: string;
}

type Obj = Record<string, unknown>;

export interface FakeAccountData {
  accountId: string;
  /** GAAD items in the order AWS pages them: users, groups, roles, policies. */
  users: Obj[];
  groups: Obj[];
  roles: Obj[];
  policies: Obj[];
  credentialReportCsv: string;
  generatedTime: Date;
  summaryMap: Record<string, number>;
  passwordPolicy: Obj | null;
  mfaDevices: Obj[];
  serverCertificates: Obj[];
  trails: Obj[];
  trailStatus: Obj;
  eventSelectors: Obj;
  analyzers: Obj[];
}

const NOW = Date.parse('2026-11-01T00:00:00Z');
const day = 86_400_000;

/** Builds a synthetic account with a realistic mix of clean and problematic entities (deterministic for a seed). */
export function syntheticAccount(spec: AccountSpec): FakeAccountData {
  const r = rng(spec.seed ?? 42);
  const acct = spec.accountId ?? '111122223333';
  const arn = (kind: string, name: string, p = '/') => `arn:aws:iam::${acct}:${kind}${p}${name}`;
  const pick = <T>(l: T[]) => l[Math.floor(r() * l.length)];
  const services = ['s3', 'ec2', 'dynamodb', 'lambda', 'sqs', 'sns', 'logs', 'cloudwatch', 'kms', 'glue', 'athena', 'sagemaker'];
  const stmt = (i: number) => {
    const svc = pick(services);
    if (i % 97 === 0) return { Effect: 'Allow', Action: '*', Resource: '*' };
    if (i % 41 === 0) return { Effect: 'Allow', Action: `${svc}:*`, Resource: '*' };
    if (i % 53 === 0) return { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' };
    return {
      Effect: 'Allow',
      Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`, `${svc}:Put${pick(['Object', 'Item', 'Record'])}`],
      Resource: [`arn:aws:${svc}:us-east-1:${acct}:${svc}-resource-${i}/*`, `arn:aws:${svc}:us-east-1:${acct}:${svc}-resource-${i}`],
      Condition: i % 3 === 0 ? { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } : undefined,
    };
  };
  const doc = (i: number, n = 3) => ({ Version: '2012-10-17', Statement: Array.from({ length: n }, (_, k) => stmt(i * 7 + k)) });
  const date = (daysAgo: number) => new Date(NOW - daysAgo * day);

  const policies: Obj[] = [];
  const managed = ['AdministratorAccess', 'ReadOnlyAccess', 'AmazonS3FullAccess', 'PowerUserAccess', 'AWSCloudShellFullAccess'];
  for (let i = 0; i < spec.policies; i++) {
    const nv = 1 + (i % 3);
    const versions = Array.from({ length: nv }, (_, v) => ({
      Document: enc(doc(i + v * 1000, 2 + (i % 4))),
      VersionId: `v${v + 1}`,
      IsDefaultVersion: v === nv - 1,
      CreateDate: date(400 - v),
    }));
    policies.push({
      PolicyName: `team-policy-${i}`,
      PolicyId: `ANPA${String(i).padStart(16, '0')}`,
      Arn: arn('policy', `team-policy-${i}`),
      Path: '/',
      DefaultVersionId: `v${nv}`,
      AttachmentCount: i % 5 === 0 ? 0 : 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: date(400),
      UpdateDate: date(100),
      PolicyVersionList: versions,
    });
  }
  for (const name of managed) {
    policies.push({
      PolicyName: name,
      PolicyId: `ANPAAWS${name.length}`,
      Arn: `arn:aws:iam::aws:policy/${name}`,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      IsAttachable: true,
      CreateDate: date(3000),
      UpdateDate: date(300),
      PolicyVersionList: [
        {
          Document: enc(name === 'AdministratorAccess' ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } : doc(7)),
          VersionId: 'v1',
          IsDefaultVersion: true,
          CreateDate: date(3000),
        },
      ],
    });
  }
  const policyArn = (i: number) => (spec.policies > 0 ? arn('policy', `team-policy-${i % spec.policies}`) : 'arn:aws:iam::aws:policy/ReadOnlyAccess');

  const groups: Obj[] = [];
  for (let i = 0; i < spec.groups; i++) {
    groups.push({
      Path: '/',
      GroupName: `group-${i}`,
      GroupId: `AGPA${String(i).padStart(16, '0')}`,
      Arn: arn('group', `group-${i}`),
      CreateDate: date(500),
      GroupPolicyList: i % 4 === 0 ? [{ PolicyName: `g-inline-${i}`, PolicyDocument: enc(doc(i + 5000, 2)) }] : [],
      AttachedManagedPolicies: [
        i === 0
          ? { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }
          : { PolicyName: `team-policy-${i}`, PolicyArn: policyArn(i) },
      ],
    });
  }

  const users: Obj[] = [];
  const csv: string[] = [
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    `<root_account>,arn:aws:iam::${acct}:root,2019-01-01T00:00:00+00:00,not_supported,2026-10-30T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  const mfaDevices: Obj[] = [
    { SerialNumber: `arn:aws:iam::${acct}:mfa/root-account-mfa-device`, User: { UserId: acct, Arn: `arn:aws:iam::${acct}:root`, CreateDate: date(2000) }, EnableDate: date(2000) },
  ];
  const iso = (d: Date) => d.toISOString().replace('.000Z', '+00:00');
  for (let i = 0; i < spec.users; i++) {
    const name = `user-${i}`;
    const uArn = arn('user', name);
    const inGroup = spec.groups > 0 && i % 10 !== 0;
    users.push({
      Path: '/',
      UserName: name,
      UserId: `AIDA${String(i).padStart(16, '0')}`,
      Arn: uArn,
      CreateDate: date(300 + (i % 200)),
      UserPolicyList: i % 13 === 0 ? [{ PolicyName: `u-inline-${i}`, PolicyDocument: enc(doc(i + 9000, 1)) }] : [],
      GroupList: inGroup ? [`group-${i % spec.groups}`] : [],
      AttachedManagedPolicies: i % 17 === 0 ? [{ PolicyName: `team-policy-${i}`, PolicyArn: policyArn(i) }] : [],
      Tags: i % 5 === 0 ? [{ Key: 'team', Value: 'data' }] : [],
    });
    const console = i % 2 === 0;
    const mfa = console && i % 6 !== 0;
    if (mfa) mfaDevices.push({ SerialNumber: `arn:aws:iam::${acct}:mfa/${name}`, User: { UserName: name, Arn: uArn }, EnableDate: date(100) });
    const keyAge = (i * 37) % 400;
    const key1 = i % 3 !== 0;
    csv.push(
      [
        name, uArn, iso(date(300 + (i % 200))),
        console ? 'true' : 'false', console ? iso(date(i % 90)) : 'N/A', console ? iso(date(200)) : 'N/A', 'N/A',
        mfa ? 'true' : 'false',
        key1 ? 'true' : 'false', key1 ? iso(date(keyAge)) : 'N/A', key1 ? (i % 7 === 0 ? 'N/A' : iso(date(i % 60))) : 'N/A',
        key1 ? (i % 7 === 0 ? 'N/A' : 'us-east-1') : 'N/A', key1 ? (i % 7 === 0 ? 'N/A' : 's3') : 'N/A',
        i % 50 === 0 ? 'true' : 'false', i % 50 === 0 ? iso(date(20)) : 'N/A', 'N/A', 'N/A', 'N/A',
        'false', 'N/A', 'false', 'N/A',
      ].join(','),
    );
  }

  const roles: Obj[] = [];
  for (let i = 0; i < spec.roles; i++) {
    let trust: unknown;
    let path = '/';
    if (i % 20 === 0) {
      path = '/aws-service-role/ecs.amazonaws.com/';
      trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    } else if (i % 11 === 0) {
      trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }] };
    } else if (i % 29 === 0) {
      trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };
    } else {
      trust = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': acct } } }],
      };
    }
    const name = i === 0 ? 'AWSSupportAccess-role' : `role-${i}`;
    roles.push({
      Path: path,
      RoleName: name,
      RoleId: `AROA${String(i).padStart(16, '0')}`,
      Arn: arn('role', name, path),
      CreateDate: date(400),
      AssumeRolePolicyDocument: enc(trust),
      InstanceProfileList: [],
      RolePolicyList: i % 7 === 0 ? [{ PolicyName: `r-inline-${i}`, PolicyDocument: enc(doc(i + 20000, 2)) }] : [],
      AttachedManagedPolicies:
        i === 0
          ? [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }]
          : [{ PolicyName: `team-policy-${i}`, PolicyArn: policyArn(i) }],
      Tags: [],
      RoleLastUsed: i % 4 === 0 ? {} : { LastUsedDate: date(i % 150), Region: 'us-east-1' },
    });
  }

  return {
    accountId: acct,
    users,
    groups,
    roles,
    policies,
    credentialReportCsv: `${csv.join('\n')}\n`,
    generatedTime: new Date(NOW - 3 * 3_600_000),
    summaryMap: { Users: spec.users, Groups: spec.groups, Roles: spec.roles, Policies: spec.policies, AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevices: mfaDevices.length, MFADevicesInUse: mfaDevices.length },
    passwordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: false },
    mfaDevices,
    serverCertificates: [
      { Path: '/', ServerCertificateName: 'old-cert', ServerCertificateId: 'ASCA1', Arn: `arn:aws:iam::${acct}:server-certificate/old-cert`, UploadDate: date(900), Expiration: date(30) },
    ],
    trails: [
      {
        Name: 'org-trail', S3BucketName: 'trail-bucket', IncludeGlobalServiceEvents: true, IsMultiRegionTrail: true, HomeRegion: 'us-east-1',
        TrailARN: `arn:aws:cloudtrail:us-east-1:${acct}:trail/org-trail`, LogFileValidationEnabled: true, HasCustomEventSelectors: false,
        HasInsightSelectors: false, IsOrganizationTrail: false,
      },
    ],
    trailStatus: { IsLogging: true, LatestDeliveryTime: date(0), StartLoggingTime: date(500) },
    eventSelectors: { TrailARN: `arn:aws:cloudtrail:us-east-1:${acct}:trail/org-trail`, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] },
    analyzers: [{ arn: `arn:aws:access-analyzer:us-east-1:${acct}:analyzer/default`, name: 'default', type: 'ACCOUNT', createdAt: date(100), status: 'ACTIVE' }],
  };
}

export interface FakeOptions {
  /** Simulated round trip [min, max] ms. Default [30, 80]. */
  latencyMs?: [number, number];
  /** Token bucket on IAM: requests per second (and burst size); past it, ThrottlingException. Default: no limit. */
  iamTps?: number;
  /** Requests per second other callers in the account take from the same IAM bucket (shared limit). Default 0. */
  competingTps?: number;
  /** Random faults on IAM calls (after the throttle): share throttled, share 500/503. */
  faults?: { throttleRate?: number; serverErrorRate?: number };
  seed?: number;
  /** Commands (e.g. 'ListAnalyzersCommand') answered with AccessDenied. */
  denied?: string[];
  /** GenerateCredentialReport answers STARTED, then INPROGRESS this many times, then COMPLETE. Default 1. */
  reportPollsBeforeComplete?: number;
  /**
   * How long a last-accessed job runs, [min, max] ms (seeded uniform jitter): GetServiceLastAccessedDetails answers
   * IN_PROGRESS (no JobCompletionDate) until that long after the GenerateServiceLastAccessedDetails call, then
   * COMPLETED with JobCompletionDate = creation + that time, as AWS does (its documented example ran 3.8 s).
   * Default [3000, 5000].
   */
  lastAccessedJobMs?: [number, number];
  /** GetAccountAuthorizationDetails page size cap (AWS may return fewer than MaxItems). */
  gaadPageCap?: number;
}

export interface FakeCounters {
  /** Requests that reached the fake, per command (throttled and failed attempts included). */
  requests: Record<string, number>;
  /** IAM requests answered successfully. */
  iamCalls: number;
  /** IAM requests that reached the fake (every attempt). */
  iamAttempts: number;
  throttled: number;
  serverErrors: number;
  denied: number;
  /** GenerateServiceLastAccessedDetails / GetServiceLastAccessedDetails requests answered (part of iamCalls). */
  lastAccessedCalls: number;
  /** GetServiceLastAccessedDetails answered IN_PROGRESS: status checks made too early (part of lastAccessedCalls). */
  lastAccessedInProgress: number;
}

function awsError(name: string, status: number, message: string, fault: 'client' | 'server'): Error {
  return new IAMServiceException({ name, $fault: fault, message, $metadata: { httpStatusCode: status, requestId: 'fake-request' } });
}

export class FakeAws {
  readonly counters: FakeCounters = { requests: {}, iamCalls: 0, iamAttempts: 0, throttled: 0, serverErrors: 0, denied: 0, lastAccessedCalls: 0, lastAccessedInProgress: 0 };
  private readonly r: () => number;
  private readonly gaadItems: { list: string; item: Obj }[];
  private tokens: number;
  private last = Date.now();
  private reportPolls = 0;
  /** Last-accessed jobs: JobId → principal ARN, when it was created and when it completes (ms since the epoch). */
  private readonly jobs = new Map<string, { arn: string; createdAt: number; completesAt: number }>();

  constructor(readonly data: FakeAccountData, readonly opts: FakeOptions = {}) {
    this.r = rng(opts.seed ?? 7);
    this.tokens = opts.iamTps ? Math.max(1, opts.iamTps - (opts.competingTps ?? 0)) : Infinity;
    this.gaadItems = [
      ...data.users.map((item) => ({ list: 'UserDetailList', item })),
      ...data.groups.map((item) => ({ list: 'GroupDetailList', item })),
      ...data.roles.map((item) => ({ list: 'RoleDetailList', item })),
      ...data.policies.map((item) => ({ list: 'Policies', item })),
    ];
  }

  private takeToken(): boolean {
    if (!this.opts.iamTps) return true;
    const tps = Math.max(0.5, this.opts.iamTps - (this.opts.competingTps ?? 0));
    const now = Date.now();
    this.tokens = Math.min(Math.max(1, tps), this.tokens + ((now - this.last) / 1000) * tps);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  private async latency(): Promise<void> {
    const [lo, hi] = this.opts.latencyMs ?? [30, 80];
    if (hi <= 0) return;
    await new Promise((res) => setTimeout(res, lo + this.r() * (hi - lo)));
  }

  /** Serves one command; throws AWS-shaped errors. */
  async handle(service: 'iam' | 'cloudtrail' | 'accessanalyzer' | 'sts', command: string, input: Obj): Promise<Obj> {
    this.counters.requests[command] = (this.counters.requests[command] ?? 0) + 1;
    await this.latency();
    if (this.opts.denied?.includes(command)) {
      this.counters.denied++;
      const name = service === 'iam' ? 'AccessDenied' : 'AccessDeniedException';
      throw awsError(name, 403, `User: arn:aws:sts::${this.data.accountId}:assumed-role/auditor/x is not authorized to perform: ${command.replace(/Command$/, '')} with an explicit deny in a service control policy`, 'client');
    }
    if (service === 'iam') {
      this.counters.iamAttempts++;
      if (!this.takeToken()) {
        this.counters.throttled++;
        throw awsError('ThrottlingException', 400, 'Rate exceeded', 'client');
      }
      const f = this.opts.faults;
      const x = this.r();
      if (f?.throttleRate && x < f.throttleRate) {
        this.counters.throttled++;
        throw awsError('ThrottlingException', 400, 'Rate exceeded', 'client');
      }
      if (f?.serverErrorRate && x >= 1 - f.serverErrorRate) {
        this.counters.serverErrors++;
        throw this.r() < 0.5
          ? awsError('InternalFailure', 500, 'We encountered an internal error. Please try again.', 'server')
          : awsError('ServiceUnavailable', 503, 'Service is unavailable. Please try again.', 'server');
      }
      const out = this.iam(command, input);
      this.counters.iamCalls++;
      return out;
    }
    return this.other(command, input);
  }

  private iam(command: string, input: Obj): Obj {
    const d = this.data;
    switch (command) {
      case 'GetAccountAuthorizationDetailsCommand': {
        const start = typeof input.Marker === 'string' ? Number(Buffer.from(input.Marker, 'base64').toString('utf8').split(':')[1]) : 0;
        const max = Math.min(typeof input.MaxItems === 'number' ? input.MaxItems : 100, this.opts.gaadPageCap ?? Infinity);
        const slice = this.gaadItems.slice(start, start + max);
        const out: Obj = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
        for (const { list, item } of slice) (out[list] as Obj[]).push(item);
        const end = start + slice.length;
        if (end < this.gaadItems.length) {
          out.IsTruncated = true;
          out.Marker = Buffer.from(`gaad:${end}`).toString('base64');
        } else out.IsTruncated = false;
        return out;
      }
      case 'GenerateCredentialReportCommand': {
        this.reportPolls++;
        const before = this.opts.reportPollsBeforeComplete ?? 1;
        if (this.reportPolls === 1 && before > 0) return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
        if (this.reportPolls <= before) return { State: 'INPROGRESS' };
        return { State: 'COMPLETE' };
      }
      case 'GetCredentialReportCommand':
        if (this.reportPolls <= (this.opts.reportPollsBeforeComplete ?? 1)) {
          throw awsError('CredentialReportNotReadyException', 404, 'Credential report is being generated.', 'client');
        }
        return { Content: new Uint8Array(Buffer.from(d.credentialReportCsv, 'utf8')), ReportFormat: 'text/csv', GeneratedTime: d.generatedTime };
      case 'GetAccountSummaryCommand':
        return { SummaryMap: d.summaryMap };
      case 'GetAccountPasswordPolicyCommand':
        if (!d.passwordPolicy) throw awsError('NoSuchEntityException', 404, `The Password Policy with domain name ${d.accountId} cannot be found.`, 'client');
        return { PasswordPolicy: d.passwordPolicy };
      case 'ListVirtualMFADevicesCommand':
        return this.page(d.mfaDevices, input, 'VirtualMFADevices');
      case 'ListServerCertificatesCommand':
        return this.page(d.serverCertificates, input, 'ServerCertificateMetadataList');
      case 'GenerateServiceLastAccessedDetailsCommand': {
        this.counters.lastAccessedCalls++;
        const arn = String(input.Arn ?? '');
        const known = [...d.users, ...d.roles].some((e) => e.Arn === arn);
        if (!known) throw awsError('NoSuchEntityException', 404, `The entity ${arn} cannot be found.`, 'client');
        const JobId = `job-${this.jobs.size + 1}`;
        const [lo, hi] = this.opts.lastAccessedJobMs ?? [3000, 5000];
        const createdAt = Date.now();
        this.jobs.set(JobId, { arn, createdAt, completesAt: createdAt + lo + this.r() * Math.max(0, hi - lo) });
        return { JobId };
      }
      case 'GetServiceLastAccessedDetailsCommand': {
        this.counters.lastAccessedCalls++;
        const job = this.jobs.get(String(input.JobId ?? ''));
        if (!job) throw awsError('NoSuchEntityException', 404, `The job ${String(input.JobId)} cannot be found.`, 'client');
        // Dates in the synthetic account's time (deterministic findings); the job's run time is real.
        const created = new Date(d.generatedTime.getTime() + 3 * 3_600_000);
        if (Date.now() < job.completesAt) {
          this.counters.lastAccessedInProgress++;
          return { JobStatus: 'IN_PROGRESS', JobType: 'ACTION_LEVEL', JobCreationDate: created, ServicesLastAccessed: [] };
        }
        // Every principal used S3 two days ago (GetObject tracked) and never EC2; IAM within the limit.
        const day = 86_400_000;
        return {
          JobStatus: 'COMPLETED',
          JobType: 'ACTION_LEVEL',
          JobCreationDate: created,
          JobCompletionDate: new Date(created.getTime() + Math.round(job.completesAt - job.createdAt)),
          IsTruncated: false,
          ServicesLastAccessed: [
            {
              ServiceName: 'Amazon S3',
              ServiceNamespace: 's3',
              LastAuthenticated: new Date(created.getTime() - 2 * day),
              LastAuthenticatedRegion: 'us-east-1',
              LastAuthenticatedEntity: job.arn,
              TotalAuthenticatedEntities: 1,
              TrackedActionsLastAccessed: [{ ActionName: 'GetObject', LastAccessedTime: new Date(created.getTime() - 2 * day), LastAccessedRegion: 'us-east-1', LastAccessedEntity: job.arn }],
            },
            { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', LastAuthenticated: new Date(created.getTime() - 10 * day), TotalAuthenticatedEntities: 1 },
            { ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', TotalAuthenticatedEntities: 0 },
          ],
        };
      }
      default:
        throw awsError('InvalidAction', 400, `fake IAM does not serve ${command}`, 'client');
    }
  }

  private page(all: Obj[], input: Obj, key: string): Obj {
    const start = typeof input.Marker === 'string' ? Number(input.Marker) : 0;
    const max = typeof input.MaxItems === 'number' ? input.MaxItems : 100;
    const end = Math.min(all.length, start + max);
    return end < all.length ? { [key]: all.slice(start, end), IsTruncated: true, Marker: String(end) } : { [key]: all.slice(start, end), IsTruncated: false };
  }

  private other(command: string, _input: Obj): Obj {
    const d = this.data;
    switch (command) {
      case 'DescribeTrailsCommand':
        return { trailList: d.trails };
      case 'GetTrailStatusCommand':
        return d.trailStatus;
      case 'GetEventSelectorsCommand':
        return d.eventSelectors;
      case 'ListAnalyzersCommand':
        return { analyzers: d.analyzers };
      case 'GetCallerIdentityCommand':
        return { UserId: 'AROAEXAMPLE:auditor', Account: d.accountId, Arn: `arn:aws:sts::${d.accountId}:assumed-role/auditor/x` };
      default:
        throw awsError('UnknownOperationException', 400, `fake does not serve ${command}`, 'client');
    }
  }

  /**
   * Serves a real SDK client: the fake replaces signing + HTTP + deserialisation, just inside the SDK's retry
   * middleware, so the SDK's retry strategy handles every error thrown here.
   */
  /** Answers every call of a sweep's clients (IAM, CloudTrail, Access Analyzer, and STS when there is one); returns them. */
  attachAll<C extends { iam: IAMClient; cloudtrail: CloudTrailClient; accessAnalyzer: AccessAnalyzerClient; sts?: STSClient }>(c: C): C {
    this.attach(c.iam, 'iam');
    this.attach(c.cloudtrail, 'cloudtrail');
    this.attach(c.accessAnalyzer, 'accessanalyzer');
    if (c.sts) this.attach(c.sts, 'sts');
    return c;
  }

  attach(client: IAMClient | CloudTrailClient | AccessAnalyzerClient | STSClient, service: 'iam' | 'cloudtrail' | 'accessanalyzer' | 'sts'): void {
    const stack = client.middlewareStack as unknown as {
      addRelativeTo(
        mw: (next: unknown, context: { commandName?: string }) => (args: { input: Obj }) => Promise<{ output: Obj; response: unknown }>,
        options: { relation: 'after'; toMiddleware: string; name: string; override?: boolean },
      ): void;
    };
    stack.addRelativeTo(
      (_next, context) => async (args) => {
        const out = await this.handle(service, context.commandName ?? '', args.input);
        return { output: { ...out, $metadata: { httpStatusCode: 200, requestId: 'fake-request' } }, response: { statusCode: 200, headers: {} } };
      },
      { relation: 'after', toMiddleware: 'retryMiddleware', name: 'fakeAwsService', override: true },
    );
  }
}
