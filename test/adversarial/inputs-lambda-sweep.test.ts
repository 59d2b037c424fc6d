/**
 * The nightly-sweep Lambda under hostile account content (issue 12). IAM, CloudTrail, Access Analyzer and STS are
 * mocked with responses shaped as SDK v3 returns them (policy documents URL-encoded, the credential report as bytes),
 * holding names with control characters, bidi marks and shell metacharacters, a policy nested 5,000 levels deep, a
 * huge wildcard policy and a broken credential report CSV. Each snapshot leads to exactly one published alert (or a
 * thrown error, which Lambda retries and dead-letters), the published text carries no raw control character, and the
 * sane admin user of every snapshot is still found and stored.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { IAMClient, type GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { createSweep } from '../../functions/nightly-sweep';
import { collectSnapshot } from '../../lib/aws/collect';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { MemoryStore } from '../../lib/store/memory';
import { CREDENTIAL_REPORT_COLUMNS } from '../../lib/account/credential-report';
import { mockAccountReads } from '../support/account-mocks';

jest.setTimeout(120_000);

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-alerts`;
const creds = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };
const sns = mockClient(SNSClient);
const iam = mockClient(IAMClient);
const ct = mockClient(CloudTrailClient);
const aa = mockClient(AccessAnalyzerClient);
const sts = mockClient(STSClient);

/** Raw control characters (C0 but tab/newline, DEL, C1), bidi controls and line/paragraph separators. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

const encode = (doc: unknown) => encodeURIComponent(typeof doc === 'string' ? doc : JSON.stringify(doc));
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

type UserDetail = NonNullable<GetAccountAuthorizationDetailsCommandOutput['UserDetailList']>[number];
type RoleDetail = NonNullable<GetAccountAuthorizationDetailsCommandOutput['RoleDetailList']>[number];

function user(name: string, policy: string, path = '/'): UserDetail {
  return {
    Path: path,
    UserName: name,
    UserId: `AIDA${Buffer.from(name).toString('hex').slice(0, 16).toUpperCase().padEnd(16, 'X')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`,
    CreateDate: new Date('2025-01-10T10:00:00Z'),
    UserPolicyList: [{ PolicyName: 'p', PolicyDocument: policy }],
    GroupList: [],
    AttachedManagedPolicies: [],
    Tags: [],
  };
}

function role(name: string, trustDoc: unknown, path = '/'): RoleDetail {
  return {
    Path: path,
    RoleName: name,
    RoleId: 'AROAEXAMPLEEXAMPLE01',
    Arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
    CreateDate: new Date('2025-01-10T10:00:00Z'),
    AssumeRolePolicyDocument: encode(trustDoc),
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    Tags: [],
    RoleLastUsed: {},
  };
}

const SANE = user('sane-admin', encode(ADMIN));
const SANE_ARN = SANE.Arn!;

function deep(levels: number): string {
  // A condition value nested `levels` arrays deep, as a string (JSON.stringify itself would overflow long before).
  return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:x":${'['.repeat(levels)}"v"${']'.repeat(levels)}}}}]}`;
}

function csv(rows: string[]): string {
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows].join('\n');
}
const ROOT_VALUES: Record<string, string> = { user: '<root_account>', arn: `arn:aws:iam::${ACCOUNT}:root`, mfa_active: 'true', password_enabled: 'not_supported', access_key_1_active: 'false', access_key_2_active: 'false' };
const rootRow = CREDENTIAL_REPORT_COLUMNS.map((c) => ROOT_VALUES[c] ?? 'N/A').join(',');

interface Hostile {
  name: string;
  users?: UserDetail[];
  roles?: RoleDetail[];
  report?: string | Uint8Array;
}

const HOSTILE: Hostile[] = [
  { name: 'names with terminal escapes, CR/LF and NUL', users: [user('ops\u001b]8;;http://evil\u0007x\r\nWho: root\u0000', encode(ADMIN))] },
  { name: 'bidi marks in names and paths', users: [user('admin\u202etxt.exe\u2066', encode(ADMIN), '/\u202e/')] },
  { name: 'shell metacharacters in names and paths', users: [user('x$(touch${IFS}/tmp/pwn)`id`;|&', encode(ADMIN), '/$(reboot)/')] },
  { name: 'a role with a public trust and a hostile name', roles: [role('aws-controltower-\u001b[2Jbackdoor', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] })] },
  { name: 'a policy nested 5,000 levels deep', users: [user('deep', encodeURIComponent(deep(5000)))] },
  {
    name: 'a huge wildcard policy (long * runs, 2,000 actions)',
    users: [user('wild', encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:' + '*'.repeat(20_000) + 'x', ...Array.from({ length: 2000 }, (_, i) => `s3:${'*a'.repeat(50)}${i}`)], Resource: '*' }] }))],
  },
  { name: 'a policy document that is not URL-encoded JSON', users: [user('broken', '%E0%A4%A{"Statement":')] },
  { name: 'a credential report with broken CSV (quotes, short rows, control characters)', report: csv([rootRow, '"unterminated,quote', 'a,b', `evil\u001b[31m,arn:aws:iam::${ACCOUNT}:user/evil,,"x""y`]) },
  { name: 'a credential report that is not CSV at all', report: new Uint8Array([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a]) },
];

function mockAccount(h: Hostile): void {
  for (const m of [iam, ct, aa, sts]) m.reset();
  mockAccountReads(
    { iam, cloudtrail: ct, accessAnalyzer: aa, sts },
    {
      account: ACCOUNT,
      authorizationDetails: { UserDetailList: [SANE, ...(h.users ?? [])], RoleDetailList: h.roles ?? [], GroupDetailList: [], Policies: [] },
      credentialReport: h.report ?? csv([rootRow]),
      reportTime: '2026-11-02T02:00:00Z',
      callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/sweep/s`,
    },
  );
}

function sweep(store: MemoryStore) {
  const client = new SNSClient({ region: 'us-east-1', credentials: creds });
  const clients = {
    iam: new IAMClient({ region: 'us-east-1', credentials: creds }),
    cloudtrail: new CloudTrailClient({ region: 'us-east-1', credentials: creds }),
    accessAnalyzer: new AccessAnalyzerClient({ region: 'us-east-1', credentials: creds }),
    sts: new STSClient({ region: 'us-east-1', credentials: creds }),
  };
  return createSweep({
    collect: () => collectSnapshot(clients, { region: 'us-east-1', credentialReportPollMs: 1, now: () => new Date('2026-11-02T03:00:00Z') }),
    store,
    sns: client,
    topicArn: TOPIC,
    config: DEFAULT_CONFIG,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});
afterAll(() => {
  for (const m of [sns, iam, ct, aa, sts]) m.restore();
});

describe('nightly sweep: one alert per hostile snapshot, no finding lost', () => {
  it.each(HOSTILE.map((h) => [h.name, h] as const))('%s', async (_name, h) => {
    mockAccount(h);
    const store = new MemoryStore();
    const t = performance.now();
    let threw = false;
    try {
      const out = await sweep(store).handle();
      expect(out.alerted).toBe(true);
    } catch {
      threw = true; // Lambda retries, then the on-failure destination keeps it: not silent.
    }
    expect(performance.now() - t).toBeLessThan(60_000);
    const published = sns.commandCalls(PublishCommand);
    expect(published.length + (threw ? 1 : 0)).toBe(1);
    expect(threw).toBe(false); // none of these may cost the sane principals their findings
    const input = published[0].args[0].input;
    expect(`${input.Subject ?? ''}`).not.toMatch(RAW_CONTROL);
    expect(`${input.Subject ?? ''}`).not.toMatch(/[\r\n]/);
    expect(input.Message ?? '').not.toMatch(RAW_CONTROL);
    const stored = await store.getFindings(ACCOUNT);
    expect(stored.filter((f) => f.resource === SANE_ARN).map((f) => f.ruleId)).toContain('admin-access');
  });

  it('an unreadable credential report is "not collected" with the reason (its checks not evaluated), not a failed sweep', async () => {
    for (const h of HOSTILE.filter((x) => x.report !== undefined)) {
      mockAccount(h);
      const raw = await collectSnapshot(
        { iam: new IAMClient({ region: 'us-east-1', credentials: creds }), cloudtrail: new CloudTrailClient({ region: 'us-east-1', credentials: creds }), accessAnalyzer: new AccessAnalyzerClient({ region: 'us-east-1', credentials: creds }) },
        { region: 'us-east-1', credentialReportPollMs: 1 },
      );
      expect(raw.credentialReport).toBeUndefined();
      expect(raw.notCollected.credentialReport).toMatch(/cannot be read|GetCredentialReport/);
    }
  });

  it('the hostile principals are judged too, not skipped: the public-trust role and the escaped-name users', async () => {
    mockAccount({ name: 'all', users: HOSTILE.flatMap((h) => h.users ?? []), roles: HOSTILE.flatMap((h) => h.roles ?? []) });
    const store = new MemoryStore();
    await sweep(store).handle();
    const byResource = (frag: string) => (f: { resource: string }) => f.resource.includes(frag);
    const stored = await store.getFindings(ACCOUNT);
    expect(stored.filter(byResource('backdoor')).map((f) => f.ruleId)).toEqual(expect.arrayContaining(['role-trust-public', 'admin-access']));
    expect(stored.filter(byResource('x$(touch')).map((f) => f.ruleId)).toContain('admin-access');
    expect(stored.filter(byResource('wild')).length).toBeGreaterThan(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});
