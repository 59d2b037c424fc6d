/**
 * `npx serverless package` (offline, no credentials) and assertions on the generated CloudFormation: patterns, runtime,
 * each role's exact permissions, DLQ + retry on every target, alarms, encryption, the tamper path, rule states, and
 * the forwarder stack. Bundle sizes are printed (and bounded).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { deployedOfType, packaged, resourcesOfType, ROOT, type CfnTemplate, type Packaged } from './packaged';
import { created, permissionMap, resolve, TEST_ACCOUNT } from './cfn';
import { expectedStack } from '../../functions/nightly-sweep';
import { readZip } from './zip';

jest.setTimeout(300_000);

const P = 'iam-guardian-prod';
const A = `us-east-1:${TEST_ACCOUNT}`;
const TOPIC = `arn:aws:sns:${A}:${P}-alerts`;
const KEY = `arn:aws:kms:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
// No fixed TableName: CloudFormation names the table (cfn.ts stands in a generated name).
const TABLE = `arn:aws:dynamodb:${A}:table/statetable-generated`;
const FAILURES = `arn:aws:sqs:${A}:${P}-function-failures`;
// Alerts in chat: the chat topic and the webhook URLs' SSM parameters (README "Alerts in chat").
const CHAT_TOPIC = `arn:aws:sns:${A}:${P}-chat`;
const WEBHOOK_PARAMETERS = [`arn:aws:ssm:${A}:parameter/iam-guardian/*`];
const logs = (fn: string) => [`arn:aws:logs:${A}:log-group:/aws/lambda/${P}-${fn}:*`];

/** The least-privilege specification: role → action → resources. Reviewed by hand; the test keeps it exact. */
const EXPECTED_PERMISSIONS: Record<string, Record<string, string[]>> = {
  ChangeScorerRole: {
    'dynamodb:DeleteItem': [TABLE],
    'dynamodb:GetItem': [TABLE],
    'dynamodb:PutItem': [TABLE],
    'dynamodb:Query': [TABLE],
    'dynamodb:UpdateItem': [TABLE],
    'iam:GetGroupPolicy': [`arn:aws:iam::${TEST_ACCOUNT}:group/*`],
    'iam:GetPolicy': [`arn:aws:iam::${TEST_ACCOUNT}:policy/*`, 'arn:aws:iam::aws:policy/*'],
    'iam:GetPolicyVersion': [`arn:aws:iam::${TEST_ACCOUNT}:policy/*`, 'arn:aws:iam::aws:policy/*'],
    'iam:ListAccessKeys': [`arn:aws:iam::${TEST_ACCOUNT}:user/*`],
    'iam:ListAttachedGroupPolicies': [`arn:aws:iam::${TEST_ACCOUNT}:group/*`],
    'iam:ListGroupPolicies': [`arn:aws:iam::${TEST_ACCOUNT}:group/*`],
    'iam:ListAttachedRolePolicies': [`arn:aws:iam::${TEST_ACCOUNT}:role/*`],
    'iam:ListRolePolicies': [`arn:aws:iam::${TEST_ACCOUNT}:role/*`],
    'iam:ListRoles': ['*'],
    'kms:Decrypt': [KEY],
    'kms:GenerateDataKey': [KEY],
    'logs:CreateLogStream': logs('change-scorer'),
    'logs:PutLogEvents': logs('change-scorer'),
    'sns:Publish': [TOPIC, CHAT_TOPIC],
    'sqs:SendMessage': [FAILURES],
    'ssm:GetParameter': WEBHOOK_PARAMETERS,
  },
  NightlySweepRole: {
    'access-analyzer:ListAnalyzers': ['*'],
    'cloudtrail:DescribeTrails': ['*'],
    'cloudtrail:GetEventSelectors': ['arn:aws:cloudtrail:*:*:trail/*'],
    'cloudtrail:GetTrailStatus': ['arn:aws:cloudtrail:*:*:trail/*'],
    'dynamodb:BatchWriteItem': [TABLE],
    'dynamodb:PutItem': [TABLE],
    'dynamodb:Query': [TABLE],
    'events:DescribeRule': [`arn:aws:events:*:${TEST_ACCOUNT}:rule/iam-guardian-forwarder-prod-*`, `arn:aws:events:${A}:rule/${P}-*`],
    'events:ListTargetsByRule': [`arn:aws:events:*:${TEST_ACCOUNT}:rule/iam-guardian-forwarder-prod-*`, `arn:aws:events:${A}:rule/${P}-*`],
    'iam:GenerateCredentialReport': ['*'],
    'iam:GetAccountAuthorizationDetails': ['*'],
    'iam:GetAccountPasswordPolicy': ['*'],
    'iam:GetAccountSummary': ['*'],
    'iam:GetCredentialReport': ['*'],
    'iam:GenerateServiceLastAccessedDetails': [`arn:aws:iam::${TEST_ACCOUNT}:role/*`, `arn:aws:iam::${TEST_ACCOUNT}:user/*`],
    'iam:GetServiceLastAccessedDetails': ['*'],
    'iam:ListServerCertificates': ['*'],
    'iam:ListVirtualMFADevices': ['*'],
    'kms:Decrypt': [KEY],
    'kms:GenerateDataKey': [KEY],
    'logs:CreateLogStream': logs('nightly-sweep'),
    'logs:PutLogEvents': logs('nightly-sweep'),
    'securityhub:BatchImportFindings': [`arn:aws:securityhub:${A}:product/${TEST_ACCOUNT}/default`],
    'sns:GetTopicAttributes': [TOPIC, `arn:aws:sns:${A}:${P}-operations`],
    'sns:ListSubscriptionsByTopic': [TOPIC, `arn:aws:sns:${A}:${P}-operations`],
    'sns:Publish': [TOPIC],
    'sqs:SendMessage': [FAILURES],
  },
  WeeklyReportRole: {
    'dynamodb:Query': [TABLE],
    'kms:Decrypt': [KEY],
    'kms:GenerateDataKey': [KEY],
    'logs:CreateLogStream': logs('weekly-report'),
    'logs:PutLogEvents': logs('weekly-report'),
    's3:GetObject': ['arn:aws:s3:::iam-guardian-report-bucket/reports/*'],
    's3:PutObject': ['arn:aws:s3:::iam-guardian-report-bucket/reports/*'],
    'sns:Publish': [TOPIC, CHAT_TOPIC],
    'sqs:SendMessage': [FAILURES],
    'ssm:GetParameter': WEBHOOK_PARAMETERS,
  },
};

/** Rules that feed the change scorer, and their patterns. */
const SCORER_RULES = {
  IamChangesRule: 'iamChanges',
  SignInRule: 'signIn',
  RootActivityRule: 'rootActivity',
  CloudTrailTamperRule: 'cloudTrailTamper',
  MonitorTamperRule: 'monitorTamper',
  ResourceExposureRule: 'resourceExposure',
  DefenceEvasionRule: 'defenceEvasion',
} as const;
/** Rules that publish straight to the alerts topic (CloudFormation's own calls excluded). */
const DIRECT_RULES = {
  CloudTrailTamperDirectRule: 'cloudTrailTamperDirect',
  MonitorTamperDirectRule: 'monitorTamperDirect',
} as const;
const RULES = { ...SCORER_RULES, ...DIRECT_RULES };

let pkg: Packaged;
let t: CfnTemplate;
let fwd: CfnTemplate;
const yamlPatterns = parse(readFileSync(join(ROOT, 'lib/eventbridge/patterns.yml'), 'utf8')) as Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const derived = require('../../config/eventbridge-patterns.js') as { patterns(): Record<string, unknown> };
/** patterns.yml plus the derived `<name>Direct` patterns (config/eventbridge-patterns.js). */
const patterns = derived.patterns();

beforeAll(async () => {
  pkg = await packaged();
  t = pkg.template;
  fwd = (await packaged({ configDir: join(ROOT, 'forwarder'), args: ['--region', 'eu-west-1'] })).template;
});

const props = (id: string) => t.Resources[id].Properties;
type Target = { Id: string; Arn: unknown; RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number }; DeadLetterConfig?: { Arn: unknown }; InputTransformer?: { InputPathsMap: Record<string, string>; InputTemplate: string }; RoleArn?: unknown };

describe('functions', () => {
  test.each(['ChangeScorer', 'NightlySweep', 'WeeklyReport'])('%s: nodejs22.x on arm64, source maps, Powertools, own role', (fn) => {
    const p = props(`${fn}LambdaFunction`);
    expect(p.Runtime).toBe('nodejs22.x');
    expect(p.Architectures).toEqual(['arm64']);
    const env = (p.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
    expect(env.POWERTOOLS_SERVICE_NAME).toBe('iam-guardian');
    expect(env.POWERTOOLS_LOG_LEVEL).toBeDefined();
    expect(env.IAM_GUARDIAN_CONFIG).toBeDefined();
    expect(p.Role).toEqual({ 'Fn::GetAtt': [`${fn}Role`, 'Arn'] });
  });

  test.each(['ChangeScorer', 'NightlySweep', 'WeeklyReport'])('%s: async retries and an SQS on-failure destination', (fn) => {
    const c = props(`${fn}LambdaEvConf`);
    expect(c.MaximumRetryAttempts).toBe(2);
    expect(c.MaximumEventAgeInSeconds).toBe(21600);
    expect(c.DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': ['FunctionFailureQueue', 'Arn'] } } });
  });

  test('no shared default role is generated', () => {
    expect(t.Resources.IamRoleLambdaExecution).toBeUndefined();
    // The org sweep's roles exist only in Organizations mode (condition IsOrgMode; test/org/state-machine.test.ts).
    // The AWS Chatbot channel role exists only with a chat channel (condition HasChatChannel; test/deploy/chat.test.ts).
    expect(resourcesOfType(t, 'AWS::IAM::Role').filter(([, r]) => r.Condition !== 'IsOrgMode' && r.Condition !== 'HasChatChannel').map(([id]) => id).sort()).toEqual(['ChangeScorerRole', 'NightlySweepRole', 'WeeklyReportRole']);
  });

  test('bundles: each function zipped separately, SDK bundled, under 3 MB; the scorer bundle loads', () => {
    // The org sweep's three steps are packaged too (deployed only with --param orgId).
    expect(Object.keys(pkg.zips).sort()).toEqual(['changeScorer', 'nightlySweep', 'orgAggregate', 'orgListAccounts', 'orgSweepAccount', 'weeklyReport']);
    console.log(`bundle sizes (zip bytes): ${JSON.stringify(pkg.zips)}`);
    for (const size of Object.values(pkg.zips)) expect(size).toBeLessThan(3 * 1024 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'scorer-bundle-'));
    try {
      const files = readZip(join(pkg.dir, 'changeScorer.zip'));
      expect([...files.keys()].sort()).toEqual(['functions/change-scorer.js', 'functions/change-scorer.js.map']);
      mkdirSync(join(dir, 'functions'));
      for (const [name, data] of files) writeFileSync(join(dir, name), data);
      // The map has mappings but no embedded sources (sourcesContent: false).
      expect(JSON.parse(files.get('functions/change-scorer.js.map')!.toString('utf8')).sourcesContent).toBeUndefined();
      // Loads with no node_modules around it (the SDK is inside) and exports the handler.
      const out = execFileSync(process.execPath, ['-e', `process.stdout.write(typeof require(${JSON.stringify(join(dir, 'functions/change-scorer.js'))}).handler)`], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', NODE_PATH: '' },
      }).toString();
      expect(out).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EventBridge rules', () => {
  test.each(Object.entries(RULES))('%s carries the %s pattern of lib/eventbridge/patterns.yml', (id, key) => {
    expect(props(id).EventPattern).toEqual(patterns[key]);
  });

  test('each direct pattern is its tamper pattern with CloudFormation\'s own calls excluded (and nothing else changed)', () => {
    for (const [id, key] of Object.entries(DIRECT_RULES)) {
      const base = yamlPatterns[key.replace(/Direct$/, '')] as { detail: Record<string, unknown> };
      const direct = props(id).EventPattern as { detail: { userIdentity: Record<string, unknown> } };
      const { userIdentity, ...rest } = direct.detail;
      expect([id, { ...direct, detail: rest }]).toEqual([id, base]);
      expect(userIdentity).toEqual({ invokedBy: [{ 'anything-but': 'cloudformation.amazonaws.com' }, { exists: false }] });
    }
  });

  test('root activity alone receives read-only events; the others are ENABLED', () => {
    for (const id of Object.keys(RULES)) {
      expect(props(id).State).toBe(id === 'RootActivityRule' ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED');
    }
  });

  test('no pattern filters on errorCode (denied attempts must arrive)', () => {
    expect(JSON.stringify(patterns)).not.toMatch(/errorCode/);
    expect(JSON.stringify(yamlPatterns)).not.toMatch(/errorCode/);
  });

  test('every target of every rule has a dead-letter queue and an explicit retry policy', () => {
    const rules = deployedOfType(t, 'AWS::Events::Rule');
    expect(rules.length).toBe(11); // 7 scorer rules + 2 direct-to-SNS tamper rules + 2 schedules
    for (const [id, r] of rules) {
      const targets = r.Properties.Targets as Target[];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect([id, target.DeadLetterConfig]).toEqual([id, { Arn: { 'Fn::GetAtt': ['EventsDlq', 'Arn'] } }]);
        expect([id, target.RetryPolicy]).toEqual([id, { MaximumRetryAttempts: 100, MaximumEventAgeInSeconds: 14400 }]);
      }
    }
  });

  test('the DLQ is encrypted and its policy lets exactly these rules send (aws:SourceArn)', () => {
    expect(props('EventsDlq').SqsManagedSseEnabled).toBe(true);
    expect(props('FunctionFailureQueue').SqsManagedSseEnabled).toBe(true);
    const stmt = (props('EventsDlqPolicy').PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement[0];
    expect(stmt).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' });
    const arns = (stmt.Condition as { ArnEquals: { 'aws:SourceArn': unknown[] } }).ArnEquals['aws:SourceArn'];
    expect(arns.map((a) => (a as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]).sort()).toEqual(deployedOfType(t, 'AWS::Events::Rule').map(([id]) => id).sort());
  });

  test('tamper rules feed the scorer; their direct twins publish straight to the alerts topic through a readable input transformer', () => {
    for (const id of ['CloudTrailTamperRule', 'MonitorTamperRule']) {
      expect((props(id).Targets as Target[]).map((x) => x.Id)).toEqual(['change-scorer']);
    }
    for (const id of Object.keys(DIRECT_RULES)) {
      const targets = props(id).Targets as Target[];
      expect(targets.map((x) => x.Id)).toEqual(['tamper-direct-sns']);
      const sns = targets.find((x) => x.Id === 'tamper-direct-sns')!;
      expect(sns.Arn).toEqual({ Ref: 'AlertTopic' });
      const it = sns.InputTransformer!;
      expect(it.InputPathsMap).toMatchObject({ who: '$.detail.userIdentity.arn', what: '$.detail.eventName', when: '$.detail.eventTime', region: '$.detail.awsRegion' });
      for (const v of ['who', 'what', 'when', 'region', 'account', 'eventid']) expect(it.InputTemplate).toContain(`<${v}>`);
      // Each line is a quoted JSON string; placeholders only from the map.
      for (const line of it.InputTemplate.split('\n')) expect(line).toMatch(/^".*"$/);
      for (const m of it.InputTemplate.matchAll(/<([a-z]+)>/g)) expect(Object.keys(it.InputPathsMap)).toContain(m[1]);
    }
    const policy = (props('AlertTopicPolicy').PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement[0];
    expect(policy).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' });
    expect(policy.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': Object.keys(DIRECT_RULES).map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) } });
  });

  test('EventBridge may invoke each function only from its own rules', () => {
    const perms = deployedOfType(t, 'AWS::Lambda::Permission').map(([, r]) => [
      (r.Properties.FunctionName as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
      (r.Properties.SourceArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
      r.Properties.Principal,
    ]);
    expect(perms.sort()).toEqual(
      [
        ...Object.keys(SCORER_RULES).map((rule) => ['ChangeScorerLambdaFunction', rule, 'events.amazonaws.com']),
        ['NightlySweepLambdaFunction', 'SweepScheduleRule', 'events.amazonaws.com'],
        ['WeeklyReportLambdaFunction', 'ReportScheduleRule', 'events.amazonaws.com'],
      ].sort(),
    );
  });

  test('the self-check expects exactly the deployed rule names and targets', () => {
    const vars = (resolve(t, props('NightlySweepLambdaFunction').Environment) as { Variables: Record<string, string> }).Variables;
    const exp = expectedStack({ ...vars, FORWARD_REGIONS: '' });
    const deployed = deployedOfType(t, 'AWS::Events::Rule').map(([, r]) => {
      const res = resolve(t, r.Properties) as { Name: string; Targets: Array<{ Arn: string }> };
      return { name: res.Name, targetArns: res.Targets.map((x) => x.Arn).sort() };
    });
    for (const rule of exp.rules) expect(deployed).toContainEqual({ name: rule.name, targetArns: [...rule.targetArns].sort() });
  });
});

describe('least-privilege roles (exact)', () => {
  test.each(Object.keys(EXPECTED_PERMISSIONS))('%s has exactly the specified actions on the specified resources', (role) => {
    expect(permissionMap(t, role)).toEqual(EXPECTED_PERMISSIONS[role]);
  });

  test('no role holds an IAM write action, a wildcard action, or a Deny-less NotAction', () => {
    for (const role of Object.keys(EXPECTED_PERMISSIONS)) {
      for (const action of Object.keys(permissionMap(t, role))) {
        expect(action).not.toMatch(/\*/);
        if (action.startsWith('iam:')) expect(action).toMatch(/^iam:(Get|List|GenerateCredentialReport|GenerateServiceLastAccessedDetails)/);
      }
      expect(JSON.stringify(t.Resources[role].Properties)).not.toMatch(/NotAction|NotResource/);
    }
  });

  test('roles can be assumed only by Lambda', () => {
    for (const role of Object.keys(EXPECTED_PERMISSIONS)) {
      expect(props(role).AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
    }
  });
});

describe('least-privilege roles (exact), Organizations mode (--param orgId)', () => {
  let org: CfnTemplate;
  beforeAll(async () => {
    org = (await packaged({ args: ['--param=orgId=o-a1b2c3d4e5'] })).template;
  });

  test('the scorer also reads member account names and OUs (organizations:DescribeAccount / ListParents, this organization only)', () => {
    expect(permissionMap(org, 'ChangeScorerRole')).toEqual(
      Object.fromEntries(
        Object.entries({
          ...EXPECTED_PERMISSIONS.ChangeScorerRole,
          'organizations:DescribeAccount': ['arn:aws:organizations::*:account/o-a1b2c3d4e5/*'],
          'organizations:ListParents': ['arn:aws:organizations::*:account/o-a1b2c3d4e5/*', 'arn:aws:organizations::*:ou/o-a1b2c3d4e5/*'],
        }).sort(([a], [b]) => a.localeCompare(b)),
      ),
    );
  });
});

describe('alarms → operations topic', () => {
  interface Query {
    Id: string;
    ReturnData?: boolean;
    Expression?: string;
    MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: Array<{ Value: unknown }> }; Stat: string };
  }
  interface AlarmProps {
    Namespace?: string;
    MetricName?: string;
    Dimensions?: Array<{ Value: unknown }>;
    Metrics?: Query[];
    AlarmActions: unknown[];
    Threshold: number;
    TreatMissingData: string;
  }
  const on = (v: unknown) => {
    const o = v as { Ref?: string; 'Fn::GetAtt'?: string[] };
    return o.Ref ?? o['Fn::GetAtt']?.[0];
  };
  /** `namespace/metric logicalId` of every metric each alarm reads (a metric-math alarm reads several). */
  const alarmMetrics = () =>
    resourcesOfType(t, 'AWS::CloudWatch::Alarm').filter(([id]) => created(t, id)).map(([id, r]) => {
      const p = r.Properties as unknown as AlarmProps;
      if (!p.Metrics) return { id, p, metrics: [`${p.Namespace}/${p.MetricName} ${on(p.Dimensions![0].Value)}`] };
      const stats = p.Metrics.filter((q) => q.MetricStat);
      return { id, p, metrics: stats.map((q) => `${q.MetricStat!.Metric.Namespace}/${q.MetricStat!.Metric.MetricName} ${on(q.MetricStat!.Metric.Dimensions[0].Value)}`) };
    });

  test('function errors, queue depth and failed invocations are alarmed at the first occurrence, in five alarm metrics', () => {
    expect(alarmMetrics().flatMap((a) => a.metrics).sort()).toEqual(
      [
        'AWS/Lambda/Errors ChangeScorerLambdaFunction',
        'AWS/SQS/ApproximateNumberOfMessagesVisible EventsDlq',
        'AWS/SQS/ApproximateNumberOfMessagesVisible FunctionFailureQueue',
        'AWS/Events/FailedInvocations CloudTrailTamperDirectRule',
        'AWS/Events/FailedInvocations MonitorTamperDirectRule',
      ].sort(),
    );
    for (const { id, p } of alarmMetrics()) {
      expect([id, p.AlarmActions, p.Threshold, p.TreatMissingData]).toEqual([id, [{ Ref: 'OpsTopic' }], 1, 'notBreaching']);
      if (!p.Metrics) continue;
      // A metric-math alarm returns exactly one series: the SUM of all the metrics it reads.
      const returned = p.Metrics.filter((q) => q.ReturnData !== false);
      expect(returned).toHaveLength(1);
      const ids = p.Metrics.filter((q) => q.MetricStat).map((q) => q.Id);
      expect([id, returned[0].Expression]).toEqual([id, `SUM([${ids.join(', ')}])`]);
    }
  });

  test("the depth alarm covers every place a failure can land: each target's DLQ and each function's on-failure queue", () => {
    const alarmedQueues = new Set(alarmMetrics().flatMap((a) => a.metrics).filter((m) => m.startsWith('AWS/SQS/')).map((m) => m.split(' ')[1]));
    const landing = new Set<string>();
    for (const [, r] of deployedOfType(t, 'AWS::Events::Rule')) {
      for (const target of r.Properties.Targets as Target[]) landing.add(on(target.DeadLetterConfig!.Arn)!);
    }
    for (const [, r] of resourcesOfType(t, 'AWS::Lambda::EventInvokeConfig')) {
      landing.add(on((r.Properties.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination)!);
    }
    expect([...landing].sort()).toEqual([...alarmedQueues].sort());
  });
});

describe('encryption and transport', () => {
  test('both topics use the one customer key (or the key given by ARN), with rotation', () => {
    for (const topic of ['AlertTopic', 'OpsTopic']) {
      expect(props(topic).KmsMasterKeyId).toEqual({ 'Fn::If': ['CreateSnsKey', { Ref: 'AlertsKey' }, { Ref: 'SnsKmsKeyArn' }] });
    }
    expect(resourcesOfType(t, 'AWS::KMS::Key').map(([id]) => id)).toEqual(['AlertsKey']);
    expect(['AlertsKey', 'AlertsKeyAlias'].map((id) => created(t, id))).toEqual([true, true]);
    expect(props('AlertsKey').EnableKeyRotation).toBe(true);
  });

  test('DynamoDB: on-demand, encrypted, pk/sk, TTL on ttl, point-in-time recovery', () => {
    const p = props('StateTable');
    expect(p).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    });
  });

  test('the Serverless deployment bucket blocks public access too, in both stacks (provider.deploymentBucket.blockPublicAccess)', () => {
    for (const tt of [t, fwd]) {
      expect(tt.Resources.ServerlessDeploymentBucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  test('S3: encrypted, public access blocked, TLS-only, reports expire', () => {
    const p = props('ReportBucket');
    expect(p.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] });
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect((p.LifecycleConfiguration as { Rules: Array<{ ExpirationInDays: number; Status: string }> }).Rules[0]).toMatchObject({ Status: 'Enabled', ExpirationInDays: 365 });
    const stmt = (props('ReportBucketPolicy').PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement[0];
    expect(stmt).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(resolve(t, stmt.Resource)).toEqual(['arn:aws:s3:::iam-guardian-report-bucket', 'arn:aws:s3:::iam-guardian-report-bucket/*']);
  });

  test('e-mail subscriptions exist only when an address is given', () => {
    expect(t.Resources.AlertEmailSubscription).toMatchObject({ Condition: 'HasAlertEmail', Properties: { Protocol: 'email' } });
    expect(t.Resources.OpsEmailSubscription).toMatchObject({ Condition: 'HasAlertEmail', Properties: { Protocol: 'email' } });
  });
});

describe('bring your own key (--param snsKmsKeyArn)', () => {
  const OWN = `arn:aws:kms:${A}:key/0f0e0d0c-0b0a-0908-0706-050403020100`;
  test('the stack creates no key; both topics and every publisher role use the given key', async () => {
    const own = (await packaged({ args: [`--param=snsKmsKeyArn=${OWN}`] })).template;
    const keys = resourcesOfType(own, 'AWS::KMS::Key').filter(([id]) => created(own, id));
    expect(keys).toEqual([]);
    expect(resourcesOfType(own, 'AWS::KMS::Alias').filter(([id]) => created(own, id))).toEqual([]);
    expect(resolve(own, own.Resources.AlertTopic.Properties.KmsMasterKeyId)).toBe(OWN);
    expect(resolve(own, own.Resources.OpsTopic.Properties.KmsMasterKeyId)).toBe(OWN);
    for (const role of ['ChangeScorerRole', 'NightlySweepRole', 'WeeklyReportRole']) {
      const perms = permissionMap(own, role);
      expect([role, perms['kms:GenerateDataKey'], perms['kms:Decrypt']]).toEqual([role, [OWN], [OWN]]);
    }
    // Nothing else changes: same resources apart from the keys and aliases.
    const ids = (tt: CfnTemplate) => Object.keys(tt.Resources).filter((id) => created(tt, id)).sort();
    expect(ids(own)).toEqual(ids(t).filter((id) => !/^AlertsKey(Alias)?$/.test(id)));
  });
});

describe('forwarder stack (eu-west-1)', () => {
  const fwdRules = () => Object.entries(fwd.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');

  test('forwards root activity, sign-in and tamper events with the shared patterns', () => {
    const byId = Object.fromEntries(fwdRules().map(([id, r]) => [id, r.Properties]));
    expect(byId.ForwardRootActivityRule.EventPattern).toEqual(patterns.rootActivity);
    expect(byId.ForwardRootActivityRule.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(byId.ForwardSignInRule.EventPattern).toEqual(patterns.signIn);
    expect(byId.ForwardCloudTrailTamperRule.EventPattern).toEqual(patterns.cloudTrailTamper);
    expect(byId.ForwardMonitorTamperRule.EventPattern).toEqual(patterns.monitorTamper);
    expect(byId.ForwardResourceExposureRule.EventPattern).toEqual(patterns.resourceExposure);
    expect(byId.ForwardDefenceEvasionRule.EventPattern).toEqual(patterns.defenceEvasion);
    expect(byId.ForwardCredentialIssuersRule.EventPattern).toEqual(patterns.credentialIssuers);
  });

  test('every rule targets the us-east-1 default bus with its role, a DLQ and a retry policy; none in us-east-1', () => {
    for (const [, r] of fwdRules()) {
      expect(r.Condition).toBe('IsOtherRegion');
      for (const target of r.Properties.Targets as Target[]) {
        expect(target.Arn).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:events:us-east-1:${AWS::AccountId}:event-bus/default' });
        expect(target.RoleArn).toEqual({ 'Fn::GetAtt': ['ForwarderRole', 'Arn'] });
        expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ForwarderDlq', 'Arn'] } });
        expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 100, MaximumEventAgeInSeconds: 14400 });
      }
    }
    expect(fwd.Conditions?.IsOtherRegion).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] });
  });

  test('the forwarder role can only put events on the home bus, and only EventBridge can assume it', () => {
    const role = fwd.Resources.ForwarderRole.Properties as { Policies: Array<{ PolicyDocument: { Statement: unknown[] } }>; AssumeRolePolicyDocument: { Statement: Array<{ Principal: unknown }> } };
    expect(role.Policies.flatMap((p) => p.PolicyDocument.Statement)).toEqual([
      { Sid: 'PutEventsOnHomeBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:us-east-1:${AWS::AccountId}:event-bus/default' } },
    ]);
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'events.amazonaws.com' });
  });

  test('its DLQ is encrypted and alarmed, and forwarding failures are alarmed', () => {
    expect(fwd.Resources.ForwarderDlq.Properties.SqsManagedSseEnabled).toBe(true);
    const alarms = Object.entries(fwd.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm').map(([id]) => id).sort();
    expect(alarms).toEqual(['ForwarderDlqDepthAlarm', 'ForwarderFailedInvocationsAlarm']);
    expect(fwd.Resources.ForwarderOpsTopic.Properties.KmsMasterKeyId).toEqual({ Ref: 'ForwarderKey' });
  });
});
