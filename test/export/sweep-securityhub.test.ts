/** The nightly sweep's optional Security Hub step (config securityHub.enabled), with the SDK mocked. */
import { mockClient } from 'aws-sdk-client-mock';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { SecurityHubClient, BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { Logger } from '@aws-lambda-powertools/logger';
import { createSweep } from '../../functions/nightly-sweep';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { MemoryStore } from '../../lib/store/memory';
import type { RawSnapshot } from '../../lib/account/raw';
import { CREDENTIAL_REPORT_COLUMNS } from '../../lib/account/credential-report';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-alerts`;
const creds = { accessKeyId: 'a', secretAccessKey: 'b' };
const sns = mockClient(SNSClient);
const sh = mockClient(SecurityHubClient);

function row(v: Record<string, string>): string {
  return CREDENTIAL_REPORT_COLUMNS.map((c) => v[c] ?? 'N/A').join(',');
}

/** Root with an access key and no MFA: a few posture findings. */
function snapshot(takenAt: string): RawSnapshot {
  return {
    meta: { accountId: ACCOUNT, takenAt, region: 'us-east-1' },
    authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
    credentialReport: {
      csv: [
        CREDENTIAL_REPORT_COLUMNS.join(','),
        row({ user: '<root_account>', arn: `arn:aws:iam::${ACCOUNT}:root`, user_creation_time: '2020-01-01T00:00:00+00:00', password_enabled: 'not_supported', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00+00:00', access_key_2_active: 'false', cert_1_active: 'false', cert_2_active: 'false' }),
      ].join('\n'),
      generatedAt: takenAt,
    },
    accountSummary: { SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1, Users: 0 } },
    passwordPolicy: null,
    virtualMfaDevices: { VirtualMFADevices: [] },
    notCollected: {},
  };
}

function sweep(config: Config) {
  return createSweep({
    collect: async () => snapshot('2026-11-29T03:00:00.000Z'),
    store: new MemoryStore(),
    sns: new SNSClient({ region: 'us-east-1', credentials: creds }),
    topicArn: TOPIC,
    config,
    securityHub: { client: new SecurityHubClient({ region: 'us-east-1', credentials: creds }), region: 'us-east-1' },
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}

beforeEach(() => {
  sns.reset();
  sh.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});
afterAll(() => {
  sns.restore();
  sh.restore();
});

test('disabled (default): nothing is sent to Security Hub', async () => {
  const out = await sweep(DEFAULT_CONFIG).handle();
  expect(out.findings).toBeGreaterThan(0);
  expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  expect(out.securityHub).toBeUndefined();
});

test("enabled: every finding goes to the account's default product as ASFF; refusals are counted, the sweep still succeeds", async () => {
  sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: { Id: string }[] }) => ({
    FailedCount: 1,
    SuccessCount: input.Findings.length - 1,
    FailedFindings: [{ Id: input.Findings[0].Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
  }));
  const out = await sweep({ ...DEFAULT_CONFIG, securityHub: { enabled: true } }).handle();
  const sent = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
  expect(sent).toHaveLength(out.findings ?? -1);
  expect(new Set(sent.map((f) => f.ProductArn))).toEqual(new Set([`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`]));
  expect(sent.map((f) => f.GeneratorId)).toContain('iam-guardian/root-access-key-present');
  expect(out.securityHub).toEqual({ imported: sent.length - 1, failed: 1 });
});
