/**
 * The documented AWS constraints this stack depends on, each checked against the packaged templates (main stack and
 * forwarder) and each with the documentation page it comes from, so the next change is checked against the same list.
 * Where a constraint is about behaviour rather than template shape, the test says which other test proves it.
 */
import { join } from 'node:path';
import { compilePattern } from '../support/eventbridge-matcher';
import { cloudTrailSourceBySource } from '../../lib/eventbridge/sources';
import { MAX_MESSAGE_BYTES, toSnsSubject } from '../../lib/alerts/format';
import { deployedOfType, packaged, resourcesOfType, ROOT, type CfnTemplate } from './packaged';
import { resolve, TEST_ACCOUNT } from './cfn';

jest.setTimeout(300_000);

const DOC = {
  ruleState: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html',
  ruleApi: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html',
  operators: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html',
  inputTransformer: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html',
  inputTransformerCfn: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-events-rule-inputtransformer.html',
  retryPolicy: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html',
  ruleDlq: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html',
  snsKms: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
  kmsRoot: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
  eventsRef: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events.html',
  snsPublish: 'https://docs.aws.amazon.com/sns/latest/api/API_Publish.html',
  lambdaAsync: 'https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html',
  lambdaLimits: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  sqsAttributes: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
  putMetricAlarm: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html',
  eventBridgeMetrics: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html',
  cloudwatchPricing: 'https://aws.amazon.com/cloudwatch/pricing/',
} as const;

let main: CfnTemplate;
let fwd: CfnTemplate;
beforeAll(async () => {
  main = (await packaged()).template;
  fwd = (await packaged({ configDir: join(ROOT, 'forwarder'), args: ['--region', 'eu-west-1'] })).template;
});
const both = () => [
  ['main', main],
  ['forwarder', fwd],
] as Array<[string, CfnTemplate]>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Target {
  Id: string;
  Arn: Json;
  RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
  DeadLetterConfig?: { Arn: Json };
  InputTransformer?: { InputPathsMap: Record<string, string>; InputTemplate: string };
}
// The main stack's rules as deployed without --param orgId (the org bus rules: test/deploy/org-routing.test.ts); the
// forwarder's conditions hold in its own region, not in the us-east-1 that cfn.ts evaluates them in: all of its rules.
const rulesOf = (t: CfnTemplate) => (t === main ? deployedOfType(t, 'AWS::Events::Rule') : resourcesOfType(t, 'AWS::Events::Rule'));

describe(`EventBridge rules: states per bus (${DOC.ruleState}, ${DOC.ruleApi})`, () => {
  test('every rule is on the default bus, where ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is valid; only root activity uses it', () => {
    for (const [stack, t] of both()) {
      for (const [id, r] of rulesOf(t)) {
        expect([stack, id, r.Properties.EventBusName]).toEqual([stack, id, undefined]);
        const want = /RootActivityRule$/.test(id) ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED';
        expect([stack, id, r.Properties.State]).toEqual([stack, id, want]);
      }
    }
  });

  test('rule names: 1-64 characters of [.-_A-Za-z0-9]; event patterns at most 4096 characters', () => {
    for (const [stack, t] of both()) {
      for (const [id, r] of rulesOf(t)) {
        const name = String(resolve(t, r.Properties.Name));
        expect([stack, id, /^[.\-_A-Za-z0-9]{1,64}$/.test(name)]).toEqual([stack, id, true]);
        if (r.Properties.EventPattern !== undefined) {
          expect([stack, id, JSON.stringify(r.Properties.EventPattern).length <= 4096]).toEqual([stack, id, true]);
        }
      }
    }
  });
});

/** Operators EventBridge event buses support (the "Comparison operators" table, "Event bus support: Yes"). */
const BUS_OPERATORS = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'cidr', 'exists', 'equals-ignore-case', 'wildcard']);

function operatorsIn(v: Json, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) {
      if (x && typeof x === 'object' && !Array.isArray(x)) for (const k of Object.keys(x)) out.add(k);
      operatorsIn(x, out);
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$or' && Array.isArray(x)) {
        // `$or` holds sub-patterns (field names), not leaf alternatives.
        out.add('$or');
        for (const branch of x) operatorsIn(branch, out);
      } else operatorsIn(x, out);
    }
  }
}

describe(`EventBridge pattern operators (${DOC.operators})`, () => {
  test('every operator used is one event buses support; `exists` takes a boolean; every pattern compiles', () => {
    for (const [stack, t] of both()) {
      for (const [id, r] of rulesOf(t)) {
        if (r.Properties.EventPattern === undefined) continue;
        const used = new Set<string>();
        operatorsIn(r.Properties.EventPattern as Json, used);
        const unknown = [...used].filter((op) => op !== '$or' && !BUS_OPERATORS.has(op));
        expect([stack, id, unknown]).toEqual([stack, id, []]);
        expect(() => compilePattern(r.Properties.EventPattern)).not.toThrow();
      }
    }
  });

  test('`anything-but` never matches a missing field: the CloudFormation exclusion pairs it with `exists: false`', () => {
    // Proved on real-shaped records by test/deploy/routing.test.ts (a deploy by CloudFormation vs by a user).
    for (const id of ['CloudTrailTamperDirectRule', 'MonitorTamperDirectRule']) {
      const ui = (main.Resources[id].Properties.EventPattern as { detail: { userIdentity: Json } }).detail.userIdentity;
      expect(ui).toEqual({ invokedBy: [{ 'anything-but': 'cloudformation.amazonaws.com' }, { exists: false }] });
    }
  });
});

describe(`CloudTrail event sources (${DOC.eventsRef})`, () => {
  test('every source a pattern lists is the documented source of a CloudTrail eventSource (aws.monitoring, not aws.cloudwatch)', () => {
    // The full source ↔ eventSource agreement per pattern is test/deploy/sources.test.ts.
    for (const [stack, t] of both()) {
      for (const [id, r] of rulesOf(t)) {
        const sources = ((r.Properties.EventPattern as { source?: unknown[] } | undefined)?.source ?? []) as unknown[];
        for (const s of sources) {
          // The root-activity pattern takes any AWS source: `{prefix: "aws."}` (custom events cannot use that prefix).
          if (typeof s !== 'string') expect([stack, id, s]).toEqual([stack, id, { prefix: 'aws.' }]);
          else expect([stack, id, s, cloudTrailSourceBySource(s)?.source]).toEqual([stack, id, s, s]);
        }
      }
    }
  });
});

describe(`input transformer limits (${DOC.inputTransformer}, ${DOC.inputTransformerCfn})`, () => {
  test('at most 100 paths, keys of [a-zA-Z0-9] not starting with "AWS", template 1-8192 characters using only mapped keys', () => {
    const transformers = rulesOf(main).flatMap(([id, r]) => (r.Properties.Targets as Target[]).filter((x) => x.InputTransformer).map((x) => [id, x.InputTransformer!] as const));
    expect(transformers.length).toBeGreaterThan(0);
    for (const [id, it] of transformers) {
      const keys = Object.keys(it.InputPathsMap);
      expect([id, keys.length <= 100]).toEqual([id, true]);
      for (const k of keys) expect([id, k, /^[a-zA-Z0-9]+$/.test(k) && !/^AWS/i.test(k)]).toEqual([id, k, true]);
      for (const p of Object.values(it.InputPathsMap)) expect([id, p, /^\$(\.[A-Za-z0-9_-]+)+$/.test(p)]).toEqual([id, p, true]);
      expect([id, it.InputTemplate.length >= 1 && it.InputTemplate.length <= 8192]).toEqual([id, true]);
      for (const m of it.InputTemplate.matchAll(/<([^>]+)>/g)) expect([id, keys.includes(m[1])]).toEqual([id, true]);
    }
  });
});

describe(`retry limits (${DOC.retryPolicy}, ${DOC.lambdaAsync})`, () => {
  test('EventBridge targets: 0-185 retries within 60-86400 s, and a dead-letter queue', () => {
    for (const [stack, t] of both()) {
      for (const [id, r] of rulesOf(t)) {
        for (const target of r.Properties.Targets as Target[]) {
          const p = target.RetryPolicy!;
          expect([stack, id, p.MaximumRetryAttempts >= 0 && p.MaximumRetryAttempts <= 185]).toEqual([stack, id, true]);
          expect([stack, id, p.MaximumEventAgeInSeconds >= 60 && p.MaximumEventAgeInSeconds <= 86400]).toEqual([stack, id, true]);
          expect([stack, id, target.DeadLetterConfig !== undefined]).toEqual([stack, id, true]);
        }
      }
    }
  });

  test('Lambda asynchronous invocation: 0-2 retries within 60-21600 s', () => {
    for (const [id, r] of resourcesOfType(main, 'AWS::Lambda::EventInvokeConfig')) {
      const p = r.Properties as { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
      expect([id, p.MaximumRetryAttempts >= 0 && p.MaximumRetryAttempts <= 2]).toEqual([id, true]);
      expect([id, p.MaximumEventAgeInSeconds >= 60 && p.MaximumEventAgeInSeconds <= 21600]).toEqual([id, true]);
    }
  });
});

describe(`dead-letter queues (${DOC.ruleDlq}, ${DOC.sqsAttributes})`, () => {
  test('each DLQ policy lets events.amazonaws.com send only for this stack\'s rules (aws:SourceArn); retention ≤ 14 days', () => {
    for (const [stack, t] of both()) {
      for (const [id, r] of resourcesOfType(t, 'AWS::SQS::QueuePolicy')) {
        const stmt = (r.Properties.PolicyDocument as { Statement: Array<{ Principal: unknown; Action: unknown; Condition: { ArnEquals: { 'aws:SourceArn': Json[] } } }> }).Statement[0];
        expect([stack, id, stmt.Principal, stmt.Action]).toEqual([stack, id, { Service: 'events.amazonaws.com' }, 'sqs:SendMessage']);
        const arns = stmt.Condition.ArnEquals['aws:SourceArn'].map((a) => (a as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]).sort();
        expect([stack, id, arns]).toEqual([stack, id, rulesOf(t).map(([rid]) => rid).sort()]);
      }
      for (const [id, r] of resourcesOfType(t, 'AWS::SQS::Queue')) {
        const days = Number(r.Properties.MessageRetentionPeriod);
        expect([stack, id, days >= 60 && days <= 1209600]).toEqual([stack, id, true]);
      }
    }
  });
});

interface KeyStatement {
  Sid: string;
  Principal: { AWS?: Json; Service?: string | string[] };
  Action: string | string[];
  Condition?: Json;
}
const statements = (t: CfnTemplate, keyId: string) => (t.Resources[keyId].Properties.KeyPolicy as { Statement: KeyStatement[] }).Statement;
const byService = (stmts: KeyStatement[], service: string) => stmts.filter((s) => ([] as string[]).concat(s.Principal.Service ?? []).includes(service));

describe(`KMS key policy, per service principal (${DOC.snsKms}, ${DOC.kmsRoot})`, () => {
  test('EventBridge has its own statement with no aws:SourceAccount / aws:SourceArn condition (not supported for EventBridge → encrypted SNS)', () => {
    const stmts = byService(statements(main, 'AlertsKey'), 'events.amazonaws.com');
    expect(stmts).toHaveLength(1);
    expect(stmts[0].Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(stmts[0].Condition).toBeUndefined();
    expect([...([] as string[]).concat(stmts[0].Action)].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });

  test('CloudWatch (alarms → encrypted SNS) keeps aws:SourceAccount, in both stacks', () => {
    for (const [stack, t, key] of [['main', main, 'AlertsKey'], ['forwarder', fwd, 'ForwarderKey']] as const) {
      const stmts = byService(statements(t, key), 'cloudwatch.amazonaws.com');
      expect([stack, stmts.length]).toEqual([stack, 1]);
      expect([stack, stmts[0].Principal]).toEqual([stack, { Service: 'cloudwatch.amazonaws.com' }]);
      expect([stack, resolve(t, stmts[0].Condition)]).toEqual([stack, { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } }]);
      expect([stack, [...([] as string[]).concat(stmts[0].Action)].sort()]).toEqual([stack, ['kms:Decrypt', 'kms:GenerateDataKey*']]);
    }
  });

  test('the account-root statement is there: the functions\' roles get kms:GenerateDataKey / kms:Decrypt through IAM only', () => {
    for (const [stack, t, key] of [['main', main, 'AlertsKey'], ['forwarder', fwd, 'ForwarderKey']] as const) {
      const root = statements(t, key).filter((s) => s.Principal.AWS !== undefined);
      expect([stack, root.map((s) => [resolve(t, s.Principal.AWS), s.Action])]).toEqual([stack, [[`arn:aws:iam::${TEST_ACCOUNT}:root`, 'kms:*']]]);
    }
  });
});

describe(`SNS message limits (${DOC.snsPublish})`, () => {
  test('subjects are ASCII, without line breaks, at most 100 characters, whatever the event said; messages ≤ 256 KB', () => {
    const hostile = ['Änderung\r\nBcc: x@example.com', 'x'.repeat(500), '\u202egnp.exe', 'root ✓ \u0000 \t tab', ''];
    for (const s of hostile) {
      const out = toSnsSubject(s);
      expect([s, out.length >= 1 && out.length <= 100]).toEqual([s, true]);
      expect([s, /^[\x20-\x7e]+$/.test(out)]).toEqual([s, true]);
    }
    expect(MAX_MESSAGE_BYTES).toBeLessThanOrEqual(262144);
  });
});

describe(`Lambda limits (${DOC.lambdaLimits})`, () => {
  test('each function\'s environment variables total at most 4 KB', () => {
    for (const [id, r] of resourcesOfType(main, 'AWS::Lambda::Function')) {
      const vars = (resolve(main, r.Properties.Environment) as { Variables: Record<string, string> }).Variables;
      const bytes = Object.entries(vars).reduce((a, [k, v]) => a + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
      expect([id, bytes <= 4096]).toEqual([id, true]);
    }
  });
});

describe(`alarms (${DOC.putMetricAlarm}, ${DOC.eventBridgeMetrics}, ${DOC.cloudwatchPricing})`, () => {
  // "Metrics that specify only the RuleName dimension refer to the default event bus. Metrics that specify both the
  // EventBusName and RuleName dimensions refer to a custom event bus." (the dimension table lists RuleName only; the
  // EventBusName dimension of custom-bus rules was added to the text after awsdocs/amazon-eventbridge-user-guide#11, #17)
  test('a metric-math alarm reads at most 10 metrics; FailedInvocations is alarmed per RuleName, plus EventBusName for a custom bus', () => {
    for (const [stack, t] of both()) {
      const ruleNames = new Map(
        resourcesOfType(t, 'AWS::Events::Rule').map(([, r]) => [String(r.Properties.Name), r.Properties.EventBusName === undefined ? undefined : JSON.stringify(r.Properties.EventBusName)]),
      );
      for (const [id, r] of resourcesOfType(t, 'AWS::CloudWatch::Alarm')) {
        const metrics = (r.Properties.Metrics as Array<{ MetricStat?: { Metric: { MetricName: string; Dimensions: Array<{ Name: string; Value: unknown }> } } }> | undefined) ?? [];
        expect([stack, id, metrics.filter((m) => m.MetricStat).length <= 10]).toEqual([stack, id, true]);
        for (const m of metrics) {
          if (m.MetricStat?.Metric.MetricName !== 'FailedInvocations') continue;
          const dims = m.MetricStat.Metric.Dimensions;
          if (dims.length === 1) {
            expect([stack, id, dims[0].Name]).toEqual([stack, id, 'RuleName']);
            continue;
          }
          expect([stack, id, dims.map((d) => d.Name)]).toEqual([stack, id, ['EventBusName', 'RuleName']]);
          // The plain name of a rule that is on a custom bus, and that bus's name.
          const bus = ruleNames.get(String(dims[1].Value));
          expect([stack, id, bus]).toEqual([stack, id, expect.any(String)]);
          expect([stack, id, dims[0].Value]).toEqual([stack, id, { 'Fn::GetAtt': [JSON.parse(bus!).Ref, 'Name'] }]);
        }
      }
    }
  });
});
