/**
 * Organizations mode, real time: the central stack (`--param orgId=o-…`) routes what the member stacks forward.
 *
 * - Every pattern key the member stack forwards (org/member/serverless.yml) has a rule on the org bus with the same
 *   pattern from lib/eventbridge/patterns.yml, targeting the change scorer with the default-bus rules' retry policy and
 *   dead-letter queue, its own invoke permission and a place in the DLQ policy; none of it exists without orgId.
 * - Routing: each sample event, as a member account's event delivered to the central bus (EventBridge envelope with the
 *   member's `account`, `detail.recipientAccountId` the member, source still aws.*), is forwarded by the member stack
 *   exactly when the central org rules deliver it to the scorer (evaluated with the EventBridge matcher and the rule
 *   State semantics), and the scorer handler scores it for that account and names it in the alert.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { Logger } from '@aws-lambda-powertools/logger';
import { compilePattern, matchCompiled, type CompiledPattern } from '../support/eventbridge-matcher';
import { createScorer, statePersistenceLayer } from '../../functions/change-scorer';
import { organizationsLookups } from '../../lib/aws/organizations-directory';
import { createAccountDirectory } from '../../lib/org/account-directory';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { packaged, resourcesOfType, ROOT, type CfnTemplate } from './packaged';
import { condition, created, resolve } from './cfn';
import { createStateTable, startDynalite, type LocalDynamo } from '../functions/dynalite-server';
import { asMember, EVENTS_DIR, sampleEvent } from '../org/member-events';

jest.setTimeout(600_000);

const ORG_ID = 'o-a1b2c3d4e5';
// Not an id the samples use for another account (they use 444455556666 and 999988887777 as outsiders).
const MEMBER = '210987654321';
const patterns = parse(readFileSync(join(ROOT, 'lib/eventbridge/patterns.yml'), 'utf8')) as Record<string, unknown>;

let central: CfnTemplate;
let single: CfnTemplate;
let member: CfnTemplate;
beforeAll(async () => {
  // One after the other: two packagings of the same folder at once share its .serverless directory.
  central = (await packaged({ args: [`--param=orgId=${ORG_ID}`] })).template;
  single = (await packaged()).template;
  member = (await packaged({ configDir: join(ROOT, 'org', 'member') })).template;
});

const keyOf = (pattern: unknown): string | undefined =>
  Object.keys(patterns).find((k) => JSON.stringify(patterns[k]) === JSON.stringify(pattern));

type Target = { Id: string; Arn: unknown; RetryPolicy?: unknown; DeadLetterConfig?: unknown };

const onOrgBus = (r: { Type: string; Properties: Record<string, unknown> }) =>
  r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.EventBusName) === JSON.stringify({ Ref: 'OrgEventBus' });
const targetIds = (r: { Properties: Record<string, unknown> }) => ((r.Properties.Targets as Target[]) ?? []).map((x) => x.Id);

/** The org-bus rules of the central template that feed the scorer: logical id → pattern key. */
function orgRules(t: CfnTemplate): Record<string, string> {
  return Object.fromEntries(
    Object.entries(t.Resources)
      .filter(([, r]) => onOrgBus(r) && targetIds(r).includes('change-scorer'))
      .filter(([, r]) => JSON.stringify(r.Properties.EventBusName) === JSON.stringify({ Ref: 'OrgEventBus' }))
      .map(([id, r]) => [id, keyOf(r.Properties.EventPattern) ?? `(not a patterns.yml pattern) ${id}`]),
  );
}

describe('org bus → scorer rules', () => {
  it('every pattern key the member stack forwards has a central rule on the org bus with that exact pattern', () => {
    // Every region's instance (us-east-1 forwards iamChanges, the others credentialIssuers): all rules, any condition.
    const forwardedKeys = Object.entries(member.Resources)
      .filter(([, r]) => r.Type === 'AWS::Events::Rule')
      .map(([id, r]) => keyOf(r.Properties.EventPattern) ?? `(unknown pattern) ${id}`);
    const central_ = orgRules(central);
    expect(forwardedKeys.length).toBeGreaterThanOrEqual(8);
    expect([...new Set(Object.values(central_))].sort()).toEqual([...new Set(forwardedKeys)].sort());
    // One rule per key.
    expect(Object.values(central_).length).toBe(new Set(Object.values(central_)).size);
  });

  it('each targets the scorer with the default-bus retry policy and DLQ; root activity receives read-only calls', () => {
    const reference = (central.Resources.IamChangesRule.Properties.Targets as Target[])[0];
    for (const [id, key] of Object.entries(orgRules(central))) {
      const r = central.Resources[id];
      expect([id, r.Condition]).toEqual([id, 'IsOrgMode']);
      expect([id, r.Properties.Targets]).toEqual([id, [reference]]);
      expect([id, r.Properties.State]).toEqual([id, key === 'rootActivity' ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED']);
      expect(resolve(central, r.Properties.Name)).toMatch(/^iam-guardian-prod-org-[a-z-]+$/);
    }
    expect(reference).toEqual({
      Id: 'change-scorer',
      Arn: { 'Fn::GetAtt': ['ChangeScorerLambdaFunction', 'Arn'] },
      RetryPolicy: { MaximumRetryAttempts: 100, MaximumEventAgeInSeconds: 14400 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['EventsDlq', 'Arn'] } },
    });
  });

  it('each may invoke the scorer (its own permission) and dead-letter into the events DLQ (aws:SourceArn)', () => {
    const ids = Object.keys(orgRules(central)).sort();
    const perms = resourcesOfType(central, 'AWS::Lambda::Permission')
      .filter(([, p]) => p.Condition === 'IsOrgMode')
      .map(([, p]) => {
        expect(p.Properties.FunctionName).toEqual({ 'Fn::GetAtt': ['ChangeScorerLambdaFunction', 'Arn'] });
        expect(p.Properties.Principal).toBe('events.amazonaws.com');
        return (p.Properties.SourceArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      });
    expect(perms.sort()).toEqual(ids);
    const statements = resolve(central, (central.Resources.EventsDlqPolicy.Properties.PolicyDocument as { Statement: unknown }).Statement) as Array<{
      Sid?: string;
      Condition: { ArnEquals: { 'aws:SourceArn': string[] } };
    }>;
    const org = statements.find((s) => s.Sid === 'OrgBusRulesDeadLetter')!;
    const all = Object.entries(central.Resources).filter(([, r]) => onOrgBus(r)).map(([id]) => id);
    expect(org.Condition.ArnEquals['aws:SourceArn'].sort()).toEqual(all.map((id) => resolve(central, { 'Fn::GetAtt': [id, 'Arn'] })).sort());
  });

  it('member tamper events also reach the alerts topic directly (the path that survives a broken scorer), as on the default bus', () => {
    const direct = Object.entries(central.Resources).filter(([, r]) => onOrgBus(r) && targetIds(r).includes('tamper-direct-sns'));
    expect(direct.map(([id]) => id).sort()).toEqual(['OrgCloudTrailTamperDirectRule', 'OrgMonitorTamperDirectRule']);
    for (const [id, r] of direct) {
      const twin = central.Resources[id.replace(/^Org/, '')];
      expect([id, r.Condition, r.Properties.EventPattern, r.Properties.Targets]).toEqual([id, 'IsOrgMode', twin.Properties.EventPattern, twin.Properties.Targets]);
    }
    const topic = resolve(central, (central.Resources.AlertTopicPolicy.Properties.PolicyDocument as { Statement: unknown }).Statement) as Array<{
      Sid?: string;
      Principal: unknown;
      Condition: { ArnEquals: { 'aws:SourceArn': string[] } };
    }>;
    const org = topic.find((x) => x.Sid === 'OrgBusTamperRulesPublishDirectly')!;
    expect(org.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(org.Condition.ArnEquals['aws:SourceArn'].sort()).toEqual(direct.map(([id]) => resolve(central, { 'Fn::GetAtt': [id, 'Arn'] })).sort());
    expect(resolve(single, (single.Resources.AlertTopicPolicy.Properties.PolicyDocument as { Statement: unknown }).Statement)).toHaveLength(1);
  });

  it('a member tamper alert that EventBridge cannot publish directly is alarmed, by each org-bus rule\'s own metric', () => {
    const direct = Object.entries(central.Resources).filter(([, r]) => onOrgBus(r) && targetIds(r).includes('tamper-direct-sns'));
    const alarm = central.Resources.OrgTamperDirectFailedInvocationsAlarm;
    expect(alarm.Condition).toBe('IsOrgMode');
    const p = alarm.Properties as {
      AlarmActions: unknown;
      Metrics: { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] } } }[];
    };
    expect(p.AlarmActions).toEqual([{ Ref: 'OpsTopic' }]);
    const stats = p.Metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric);
    expect(p.Metrics.find((m) => m.Expression)?.Expression).toBe(`SUM([${p.Metrics.filter((m) => m.MetricStat).map((m) => m.Id).join(', ')}])`);
    // A custom bus's rule metrics carry EventBusName and the rule's plain name (AWS/Events documentation).
    const watched = stats.map((m) => {
      expect([m.Namespace, m.MetricName]).toEqual(['AWS/Events', 'FailedInvocations']);
      expect(m.Dimensions.map((d) => d.Name)).toEqual(['EventBusName', 'RuleName']);
      expect(m.Dimensions[0].Value).toEqual({ 'Fn::GetAtt': ['OrgEventBus', 'Name'] });
      return m.Dimensions[1].Value;
    });
    expect(watched.sort()).toEqual(direct.map(([, r]) => r.Properties.Name).sort());
    expect(single.Resources.OrgTamperDirectFailedInvocationsAlarm?.Condition).toBe('IsOrgMode');
    expect(condition(single, 'IsOrgMode')).toBe(false);
  });

  it('without orgId nothing of it is created (the DLQ policy keeps one statement)', () => {
    expect(condition(single, 'IsOrgMode')).toBe(false);
    for (const id of Object.keys(orgRules(single))) expect([id, created(single, id)]).toEqual([id, false]);
    const statements = resolve(single, (single.Resources.EventsDlqPolicy.Properties.PolicyDocument as { Statement: unknown }).Statement) as unknown[];
    expect(statements).toHaveLength(1);
  });

  it('the scorer knows its home account and the organization (alerts name member accounts only in org mode)', () => {
    const vars = (central.Resources.ChangeScorerLambdaFunction.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(vars.HOME_ACCOUNT_ID).toEqual({ Ref: 'AWS::AccountId' });
    expect(vars.ORG_ID).toEqual({ Ref: 'OrgId' });
    expect(resolve(central, vars.ORG_ID)).toBe(ORG_ID);
    expect(resolve(single, vars.ORG_ID)).toBe('');
  });
});

describe('routing: member events on the central bus reach the scorer, scored for that account and named', () => {
  const sns = mockClient(SNSClient);
  const orgApi = mockClient(OrganizationsClient);
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
    await createStateTable(dynamo.client, 'iam-guardian-org-routing');
  });
  afterAll(async () => {
    await dynamo.stop();
    sns.restore();
    orgApi.restore();
  });

  interface Rule {
    id: string;
    state: string;
    pattern: CompiledPattern;
  }
  const rulesOf = (t: CfnTemplate, keep: (id: string) => boolean): Rule[] =>
    resourcesOfType(t, 'AWS::Events::Rule')
      .filter(([id, r]) => r.Properties.EventPattern !== undefined && created(t, id) && keep(id))
      .map(([id, r]) => ({ id, state: String(r.Properties.State), pattern: compilePattern(r.Properties.EventPattern) }));
  /** EventBridge: read-only management events reach only rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. */
  const delivers = (rule: Rule, event: { detail: Record<string, unknown> }) =>
    !(event.detail.readOnly === true && rule.state !== 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') && matchCompiled(rule.pattern, event);

  it('forwarded by the member stack ⇔ delivered by the org-bus rules to the scorer ⇔ delivered in a single account; then scored and named', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    orgApi.on(DescribeAccountCommand, { AccountId: MEMBER }).resolves({
      Account: { Id: MEMBER, Arn: `arn:aws:organizations::111122223333:account/${ORG_ID}/${MEMBER}`, Name: 'data-science', Email: 'ds@example.com', State: 'ACTIVE', Status: 'ACTIVE' },
    });
    const org = Object.keys(orgRules(central));
    const central_ = rulesOf(central, (id) => org.includes(id));
    expect(central_).toHaveLength(8);
    const defaultBus = rulesOf(single, (id) => !/Direct|Schedule/.test(id));
    // The member stack instance in us-east-1 (its IAM rule; the other regions forward the regional patterns).
    const forwarders = rulesOf(member, () => true);
    const scorer = createScorer({
      sns: new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } }),
      topicArn: 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts',
      persistenceStore: statePersistenceLayer('iam-guardian-org-routing', dynamo.client),
      config: DEFAULT_CONFIG,
      logger: new Logger({ logLevel: 'SILENT' }),
      now: () => '2026-11-02T10:00:00.000Z',
      homeAccount: '111122223333',
      accounts: createAccountDirectory(organizationsLookups(new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } }))),
    });

    const direct = rulesOf(central, (id) => /^Org.*DirectRule$/.test(id));
    expect(direct).toHaveLength(2);
    const files = readdirSync(EVENTS_DIR).filter((f) => f.endsWith('.json')).sort();
    let routed = 0;
    let directly = 0;
    let alerted = 0;
    for (const f of files) {
      const home = sampleEvent(f);
      if (!home.detail || typeof home.detail !== 'object' || typeof home.source !== 'string') continue;
      const ev = asMember(home, MEMBER);
      expect([f, ev.account, ev.detail.recipientAccountId ?? MEMBER, String(ev.source).startsWith('aws.')]).toEqual([f, MEMBER, MEMBER, true]);
      const forwarded = forwarders.some((r) => delivers(r, ev));
      const toScorer = central_.filter((r) => delivers(r, ev)).map((r) => r.id);
      const inSingleAccount = defaultBus.some((r) => delivers(r, home));
      expect([f, forwarded, toScorer.length > 0]).toEqual([f, inSingleAccount, inSingleAccount]);
      if (toScorer.length === 0) continue;
      routed++;
      sns.resetHistory();
      const result = await scorer.handle(ev);
      const expected = scoreEventOffline(home, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00.000Z' });
      expect([f, result.account, result.eventId]).toEqual([f, MEMBER, expected.eventId]);
      // The same judgement as in the member's own single-account deployment (enrichment aside: offline both ways).
      expect([f, result.severity]).toEqual([f, expected.severity]);
      const mails = sns.commandCalls(PublishCommand);
      expect([f, mails.length]).toEqual([f, result.alert ? 1 : 0]);
      const tamper = expected.findings.some((x) => x.ruleId === 'cloudtrail-tampered' || x.ruleId === 'monitor-tampered');
      const byCfn = (ev.detail.userIdentity as { invokedBy?: unknown } | undefined)?.invokedBy === 'cloudformation.amazonaws.com';
      if (tamper && !byCfn) {
        expect([f, direct.some((r) => delivers(r, ev))]).toEqual([f, true]);
        directly++;
      }
      if (result.alert) {
        alerted++;
        const { Subject, Message } = mails[0].args[0].input;
        expect([f, Subject?.includes(`${MEMBER} (data-science)`)]).toEqual([f, true]);
        expect([f, Message?.includes(`  Account:    ${MEMBER} (data-science)`)]).toEqual([f, true]);
        expect([f, result.accountName]).toEqual([f, 'data-science']);
      }
    }
    // A principal of any member account may PutEvents on the org bus, but not with an aws.* source (reserved): the same
    // records as custom events claiming another account reach no rule.
    for (const f of files) {
      const forged = { ...asMember(sampleEvent(f), MEMBER), source: 'com.example.forged' };
      expect([f, central_.concat(direct).filter((r) => delivers(r, forged)).map((r) => r.id)]).toEqual([f, []]);
    }
    expect(routed).toBeGreaterThanOrEqual(40);
    expect(alerted).toBeGreaterThanOrEqual(25);
    expect(directly).toBeGreaterThanOrEqual(5);
  });
});
