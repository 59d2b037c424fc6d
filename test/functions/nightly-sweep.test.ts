/** The nightly sweep handler: self-check + sweep, alerts through (mocked) SNS, state in a MemoryStore. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { createSweep, expectedStack } from '../../functions/nightly-sweep';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { MemoryStore } from '../../lib/store/memory';
import type { RawSnapshot } from '../../lib/account/raw';
import { CREDENTIAL_REPORT_COLUMNS } from '../../lib/account/credential-report';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-alerts`;
const SCORER = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-change-scorer`;
const creds = { accessKeyId: 'a', secretAccessKey: 'b' };

const sns = mockClient(SNSClient);
const eb = mockClient(EventBridgeClient);
const silent = new Logger({ logLevel: 'SILENT' });

function csvRow(values: Record<string, string>): string {
  return CREDENTIAL_REPORT_COLUMNS.map((c) => values[c] ?? 'N/A').join(',');
}

/** A small account: root without MFA and with an access key, one admin user without MFA. */
function snapshot(takenAt: string): RawSnapshot {
  const encode = (doc: object) => encodeURIComponent(JSON.stringify(doc));
  return {
    meta: { accountId: ACCOUNT, takenAt, region: 'us-east-1' },
    authorizationDetails: {
      UserDetailList: [
        {
          Path: '/',
          UserName: 'alice',
          UserId: 'AIDACKCEVSQ6C2EXAMPLE',
          Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
          CreateDate: '2025-01-10T10:00:00Z',
          UserPolicyList: [{ PolicyName: 'everything', PolicyDocument: encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }],
          GroupList: [],
          AttachedManagedPolicies: [],
          Tags: [],
        },
      ],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    },
    credentialReport: {
      csv: [
        CREDENTIAL_REPORT_COLUMNS.join(','),
        csvRow({ user: '<root_account>', arn: `arn:aws:iam::${ACCOUNT}:root`, user_creation_time: '2020-01-01T00:00:00+00:00', password_enabled: 'not_supported', password_last_used: '2026-11-01T08:00:00+00:00', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00+00:00', access_key_2_active: 'false', cert_1_active: 'false', cert_2_active: 'false' }),
        csvRow({ user: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, user_creation_time: '2025-01-10T10:00:00+00:00', password_enabled: 'true', password_last_used: '2026-11-01T08:00:00+00:00', password_last_changed: '2025-01-10T10:00:00+00:00', mfa_active: 'false', access_key_1_active: 'false', access_key_2_active: 'false', cert_1_active: 'false', cert_2_active: 'false' }),
      ].join('\n'),
      generatedAt: takenAt,
    },
    accountSummary: { SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1, Users: 1 } },
    passwordPolicy: null,
    virtualMfaDevices: { VirtualMFADevices: [] },
    notCollected: {},
  };
}

const env = {
  RULE_PREFIX: 'iam-guardian-prod',
  SCORER_ARN: SCORER,
  ALERT_TOPIC_ARN: TOPIC,
  OPS_TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT}:iam-guardian-prod-operations`,
  REPORT_ARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:iam-guardian-prod-weekly-report`,
  FORWARD_REGIONS: 'eu-west-1, ap-southeast-2',
  FORWARDER_PREFIX: 'iam-guardian-forwarder-prod',
};

function healthyStack() {
  eb.reset();
  const exp = expectedStack(env);
  eb.on(DescribeRuleCommand).callsFake((input: { Name: string }) => ({
    State: input.Name.endsWith('-root-activity') ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED',
  }));
  for (const r of exp.rules) eb.on(ListTargetsByRuleCommand, { Rule: r.name }).resolves({ Targets: r.targetArns.map((Arn, i) => ({ Id: `t${i}`, Arn })) });
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: TOPIC, KmsMasterKeyId: 'alias/x' } });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:1f2e`, Protocol: 'email', Endpoint: 'me@example.com', TopicArn: TOPIC }] });
}

function makeSweep(store: MemoryStore, takenAt: string, collectFails = false) {
  const client = new SNSClient({ region: 'us-east-1', credentials: creds });
  const events = new EventBridgeClient({ region: 'us-east-1', credentials: creds });
  return createSweep({
    collect: async () => {
      if (collectFails) throw Object.assign(new Error('not authorized to perform iam:GetAccountAuthorizationDetails'), { name: 'AccessDenied' });
      return snapshot(takenAt);
    },
    store,
    sns: client,
    topicArn: TOPIC,
    config: DEFAULT_CONFIG,
    stackCheck: { clients: { events: () => events, sns: client }, expectation: expectedStack(env), account: ACCOUNT },
    logger: silent,
  });
}

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  healthyStack();
});
afterAll(() => {
  sns.restore();
  eb.restore();
});

test('expectedStack: main rules with their targets, report schedule, seven forwarder rules per region', () => {
  const e = expectedStack(env);
  expect(e.rules.filter((r) => !r.region).map((r) => r.name)).toEqual([
    'iam-guardian-prod-iam-changes',
    'iam-guardian-prod-sign-in',
    'iam-guardian-prod-root-activity',
    'iam-guardian-prod-resource-exposure',
    'iam-guardian-prod-defence-evasion',
    'iam-guardian-prod-cloudtrail-tamper',
    'iam-guardian-prod-monitor-tamper',
    'iam-guardian-prod-cloudtrail-tamper-direct',
    'iam-guardian-prod-monitor-tamper-direct',
    'iam-guardian-prod-weekly-report',
  ]);
  // The tamper rule feeds the scorer; its -direct twin (CloudFormation's own calls excluded) publishes to the topic.
  expect(e.rules.find((r) => r.name.endsWith('monitor-tamper') && !r.region)?.targetArns).toEqual([SCORER]);
  expect(e.rules.find((r) => r.name.endsWith('monitor-tamper-direct') && !r.region)?.targetArns).toEqual([TOPIC]);
  const fwd = e.rules.filter((r) => r.region);
  expect(fwd).toHaveLength(14);
  expect(new Set(fwd.map((r) => r.region))).toEqual(new Set(['eu-west-1', 'ap-southeast-2']));
  expect(fwd.every((r) => r.targetArns[0] === `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`)).toBe(true);
  expect(e.otherTopicArns).toEqual([env.OPS_TOPIC_ARN]);
});

test('first sweep of a risky account: one e-mail with the new serious findings, history stored', async () => {
  const store = new MemoryStore();
  const out = await makeSweep(store, '2026-11-02T03:00:00Z').handle();
  expect(out).toMatchObject({ account: ACCOUNT, alerted: true, stackProblems: [] });
  expect(out.newFindings).toBeGreaterThan(0);
  const pubs = sns.commandCalls(PublishCommand);
  expect(pubs).toHaveLength(1);
  expect(pubs[0].args[0].input.Subject).toMatch(new RegExp(`^\\[?(CRITICAL|HIGH)\\]? ${ACCOUNT}`));
  expect(await store.listSweeps(ACCOUNT, '2026-01-01T00:00:00Z')).toHaveLength(1);
  expect((await store.getFindings(ACCOUNT)).length).toBe(out.findings);
});

test('the next night with nothing new sends no e-mail', async () => {
  const store = new MemoryStore();
  await makeSweep(store, '2026-11-02T03:00:00Z').handle();
  sns.resetHistory();
  const out = await makeSweep(store, '2026-11-03T03:00:00Z').handle();
  expect(out.alerted).toBe(false);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
});

test('a disabled forwarder rule triggers the self-check alert, and the sweep still runs', async () => {
  eb.on(DescribeRuleCommand, { Name: 'iam-guardian-forwarder-prod-root-activity' }).resolves({ State: 'DISABLED' });
  const store = new MemoryStore();
  const out = await makeSweep(store, '2026-11-02T03:00:00Z').handle();
  expect(out.stackProblems).toHaveLength(2); // the rule in each forwarder region
  const subjects = sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
  expect(subjects).toEqual([expect.stringMatching(/self-check: 2 problem/), expect.stringMatching(new RegExp(`^\\[?(CRITICAL|HIGH)\\]? ${ACCOUNT}`))]);
});

test('a failed publish fails the invocation before anything is stored, so the retry alerts again', async () => {
  sns.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
  const store = new MemoryStore();
  await expect(makeSweep(store, '2026-11-02T03:00:00Z').handle()).rejects.toThrow(/Rate exceeded/);
  expect(await store.getFindings(ACCOUNT)).toEqual([]);
  sns.on(PublishCommand).resolves({ MessageId: 'm2' });
  const out = await makeSweep(store, '2026-11-02T03:00:00Z').handle();
  expect(out.alerted).toBe(true);
});

test('collection failure still runs the self-check and fails the invocation (alarm, retry)', async () => {
  eb.on(DescribeRuleCommand, { Name: 'iam-guardian-prod-iam-changes' }).resolves({ State: 'DISABLED' });
  const store = new MemoryStore();
  await expect(makeSweep(store, '2026-11-02T03:00:00Z', true).handle()).rejects.toThrow(/GetAccountAuthorizationDetails/);
  expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject)).toEqual([expect.stringMatching(/self-check: 1 problem/)]);
});
