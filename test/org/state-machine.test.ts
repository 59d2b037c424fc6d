/**
 * The org sweep state machine of the central stack (serverless.yml with --param orgId), packaged offline:
 * - its Amazon States Language definition is well formed (StartAt and every Next resolve, every path ends, nothing
 *   unreachable, the Map's ItemProcessor likewise) and is a Distributed Map (ItemReader from S3, ResultWriter,
 *   MaxConcurrency = orgConcurrency, ToleratedFailurePercentage 100, STANDARD child executions);
 * - the roles it and its steps use are least-privilege (exact statements; sts:AssumeRole only on the audit role name,
 *   only inside the organization);
 * - the definition drives the three handlers: a small interpreter walks it (Task = lambda:invoke with Parameters /
 *   ResultSelector / OutputPath / ResultPath, Map = items from the object step 1 wrote, each through the
 *   ItemProcessor) over AWS mocked with aws-sdk-client-mock and a local DynamoDB (dynalite). One account's child
 *   execution is made to fail outright: the run still completes and reports it.
 */
import { OrganizationsClient, ListAccountsCommand, type Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { packaged, type CfnTemplate } from '../deploy/packaged';
import { condition, resolve, roleStatements } from '../deploy/cfn';
import { startDynalite, createStateTable, type LocalDynamo } from '../functions/dynalite-server';
import { createListAccounts } from '../../functions/org-list-accounts';
import { createSweepAccount } from '../../functions/org-sweep-account';
import { createAggregate } from '../../functions/org-aggregate';
import { OrgRunStore } from '../../lib/aws/org-run-store';
import { DynamoStore } from '../../lib/aws/dynamo-store';
import { makeClients } from '../../lib/aws/clients';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { FakeAws, syntheticAccount } from '../../bench/sweep-fake-aws';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const orgVars = require('../../config/org-vars.js') as { parseConcurrency(raw: unknown): number; DEFAULT_CONCURRENCY: number };

jest.setTimeout(600_000);

const ORG = 'o-a1b2c3d4e5';
type Json = Record<string, unknown>;
type State = Json & { Type: string; Next?: string; End?: boolean };
interface Machine {
  StartAt: string;
  States: Record<string, State>;
}

let t: CfnTemplate;
let tuned: CfnTemplate;
beforeAll(async () => {
  // One after the other: two packaging runs of one checkout share its .esbuild folder.
  t = (await packaged({ args: [`--param=orgId=${ORG}`] })).template;
  tuned = (await packaged({ args: [`--param=orgId=${ORG}`, '--param=orgConcurrency=25', '--param=orgAuditRoleName=sec-audit', '--param=orgExternalId=ext-7f3a'] })).template;
});

const definition = (tt: CfnTemplate): Machine => tt.Resources.OrgSweepStateMachine.Properties.Definition as Machine;

/** Structural problems of an ASL state machine (recursing into Map ItemProcessors and Parallel branches). */
function aslProblems(m: Machine, where = 'machine'): string[] {
  const out: string[] = [];
  if (!m || typeof m.States !== 'object' || Object.keys(m.States).length === 0) return [`${where}: no States`];
  if (!(m.StartAt in m.States)) out.push(`${where}: StartAt ${m.StartAt} is not a state`);
  const TERMINAL = new Set(['Succeed', 'Fail']);
  for (const [name, s] of Object.entries(m.States)) {
    const terminal = TERMINAL.has(s.Type) || s.End === true;
    if (s.Type === 'Choice') {
      for (const c of (s.Choices as { Next: string }[]) ?? []) if (!(c.Next in m.States)) out.push(`${where}.${name}: choice Next ${c.Next} unresolved`);
    } else if (terminal && s.Next !== undefined) out.push(`${where}.${name}: both Next and End`);
    else if (!terminal && !(typeof s.Next === 'string' && s.Next in m.States)) out.push(`${where}.${name}: Next ${String(s.Next)} unresolved and not End`);
    for (const c of (s.Catch as { Next: string }[] | undefined) ?? []) if (!(c.Next in m.States)) out.push(`${where}.${name}: Catch Next ${c.Next} unresolved`);
    if (s.Type === 'Map') {
      const p = s.ItemProcessor as Machine | undefined;
      if (!p) out.push(`${where}.${name}: Map without ItemProcessor`);
      else out.push(...aslProblems(p, `${where}.${name}.ItemProcessor`));
    }
    if (!['Task', 'Map', 'Pass', 'Wait', 'Choice', 'Parallel', 'Succeed', 'Fail'].includes(s.Type)) out.push(`${where}.${name}: unknown Type ${s.Type}`);
  }
  // Every state reachable from StartAt.
  const seen = new Set<string>();
  const stack = [m.StartAt];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || !(n in m.States)) continue;
    seen.add(n);
    const s = m.States[n];
    if (s.Next) stack.push(s.Next);
    for (const c of [...((s.Choices as { Next: string }[]) ?? []), ...((s.Catch as { Next: string }[]) ?? [])]) stack.push(c.Next);
    if (typeof s.Default === 'string') stack.push(s.Default);
  }
  for (const n of Object.keys(m.States)) if (!seen.has(n)) out.push(`${where}.${n}: unreachable`);
  return out;
}

describe('ASL definition', () => {
  it('is well formed: StartAt and Next links resolve, every path ends, nothing unreachable, the Map has an ItemProcessor', () => {
    expect(aslProblems(definition(t))).toEqual([]);
    expect(Object.keys(definition(t).States)).toEqual(['ListAccounts', 'SweepAccounts', 'Aggregate']);
  });

  it('the checker sees broken definitions (negative controls)', () => {
    const d = structuredClone(definition(t));
    d.States.ListAccounts.Next = 'Nowhere';
    expect(aslProblems(d)).toContain('machine.ListAccounts: Next Nowhere unresolved and not End');
    const e = structuredClone(definition(t));
    delete (e.States.SweepAccounts as Json).ItemProcessor;
    expect(aslProblems(e)).toContain('machine.SweepAccounts: Map without ItemProcessor');
    const f = structuredClone(definition(t));
    f.States.Orphan = { Type: 'Succeed' };
    expect(aslProblems(f)).toContain('machine.Orphan: unreachable');
    const g = structuredClone(definition(t));
    (g.States.SweepAccounts.ItemProcessor as Machine).States.SweepAccount.End = false;
    expect(aslProblems(g)).toContain('machine.SweepAccounts.ItemProcessor.SweepAccount: Next undefined unresolved and not End');
  });

  it('is a Distributed Map: S3 ItemReader, ResultWriter, MaxConcurrency = orgConcurrency (default 10), failures tolerated', () => {
    const map = definition(t).States.SweepAccounts;
    expect(map).toMatchObject({
      Type: 'Map',
      MaxConcurrency: 10,
      ToleratedFailurePercentage: 100,
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: { Ref: 'ReportBucket' }, Prefix: 'org-sweep/results' } },
    });
    expect(orgVars.DEFAULT_CONCURRENCY).toBe(10);
    expect(definition(tuned).States.SweepAccounts.MaxConcurrency).toBe(25);
    expect(typeof definition(tuned).States.SweepAccounts.MaxConcurrency).toBe('number');
    for (const bad of ['0', '101', '2.5', 'ten', '-1']) expect(() => orgVars.parseConcurrency(bad)).toThrow(/orgConcurrency must be an integer from 1 to 100/);
    expect([orgVars.parseConcurrency(''), orgVars.parseConcurrency('1'), orgVars.parseConcurrency(100)]).toEqual([10, 1, 100]);
  });

  it('runs nightly on the sweep schedule, in Organizations mode only', () => {
    expect(condition(t, 'IsOrgMode')).toBe(true);
    const rule = t.Resources.OrgSweepScheduleRule;
    expect(rule.Properties.ScheduleExpression).toBe(t.Resources.SweepScheduleRule.Properties.ScheduleExpression);
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: 'OrgSweepStateMachine' }, RoleArn: { 'Fn::GetAtt': ['OrgSweepScheduleRole', 'Arn'] } })]);
    // Its schedule's failed deliveries land in the stack's dead-letter queue like every other rule's.
    const dlq = resolve(t, t.Resources.EventsDlqPolicy.Properties.PolicyDocument) as { Statement: Array<{ Sid?: string; Condition: { ArnEquals: { 'aws:SourceArn': string | string[] } } }> };
    expect(dlq.Statement.find((st) => st.Sid === 'OrgSweepScheduleDeadLetter')?.Condition.ArnEquals['aws:SourceArn']).toBe('arn:aws:events:us-east-1:111122223333:rule/iam-guardian-prod-org-sweep');
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['EventsDlq', 'Arn'] } } })]);
    for (const id of ['OrgSweepStateMachine', 'OrgSweepStateMachineRole', 'OrgSweepScheduleRule', 'OrgSweepScheduleRole', 'OrgSweepAccountRole', 'OrgListAccountsRole', 'OrgAggregateRole', 'OrgSweepAccountLambdaFunction', 'OrgListAccountsLambdaFunction', 'OrgAggregateLambdaFunction', 'OrgSweepFailedAlarm']) {
      expect([id, t.Resources[id]?.Condition]).toEqual([id, 'IsOrgMode']);
    }
  });
});

describe('least privilege of the org sweep roles', () => {
  const SM = 'arn:aws:states:us-east-1:111122223333';
  it('the state machine may invoke its three steps, start its own child executions and use org-sweep/ in the report bucket, nothing else', () => {
    expect(roleStatements(t, 'OrgSweepStateMachineRole')).toEqual([
      {
        Sid: 'InvokeTheThreeSteps',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [
          'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-org-list-accounts',
          'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-org-sweep-account',
          'arn:aws:lambda:us-east-1:111122223333:function:iam-guardian-prod-org-aggregate',
        ],
      },
      { Sid: 'DistributedMapChildExecutions', Effect: 'Allow', Action: 'states:StartExecution', Resource: `${SM}:stateMachine:iam-guardian-prod-org-sweep` },
      { Sid: 'DistributedMapChildExecutionControl', Effect: 'Allow', Action: ['states:DescribeExecution', 'states:StopExecution'], Resource: `${SM}:execution:iam-guardian-prod-org-sweep/*` },
      {
        Sid: 'ItemReaderAndResultWriter',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        Resource: 'arn:aws:s3:::iam-guardian-report-bucket/org-sweep/*',
      },
    ]);
    expect(t.Resources.OrgSweepStateMachine.Properties.StateMachineName).toBe('iam-guardian-prod-org-sweep');
    expect(resolve(t, t.Resources.OrgSweepStateMachineRole.Properties.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [{ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }],
    });
  });

  it('the per-account worker assumes only the audit role, only in accounts of the organization', () => {
    const assume = roleStatements(t, 'OrgSweepAccountRole').filter((s) => JSON.stringify(s.Action).includes('sts:'));
    expect(assume).toEqual([
      {
        Sid: 'AssumeAuditRoleInOrganization',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::*:role/iam-guardian-audit',
        Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } },
      },
    ]);
    const tunedAssume = roleStatements(tuned, 'OrgSweepAccountRole').find((s) => s.Sid === 'AssumeAuditRoleInOrganization');
    expect(tunedAssume?.Resource).toBe('arn:aws:iam::*:role/sec-audit');
    expect(resolve(tuned, tuned.Resources.OrgSweepAccountLambdaFunction.Properties.Environment)).toEqual({
      Variables: expect.objectContaining({ ORG_AUDIT_ROLE_NAME: 'sec-audit', ORG_EXTERNAL_ID: 'ext-7f3a' }),
    });
    // The member StackSet's CentralSweepRoleArn.
    expect(resolve(t, (t.Outputs?.OrgSweepRoleArn as Json).Value)).toBe('arn:aws:iam::111122223333:role/iam-guardian-prod-org-sweep-account');
  });

  it('no org role holds an IAM action or a wildcard action', () => {
    for (const id of ['OrgSweepStateMachineRole', 'OrgListAccountsRole', 'OrgSweepAccountRole', 'OrgAggregateRole', 'OrgSweepScheduleRole']) {
      for (const s of roleStatements(t, id)) {
        const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
        for (const a of actions) {
          expect([id, a]).toEqual([id, expect.not.stringMatching(/^iam:|\*/)]);
        }
      }
    }
  });
});

// ---------------------------------------------------------------- the definition driving the handlers

/** Reads a JSONPath of the forms the definition uses: `$`, `$.a.b`, `$$.Execution.StartTime`. */
function readPath(path: string, input: unknown, ctx: Json): unknown {
  if (path === '$') return input;
  const [root, rest] = path.startsWith('$$.') ? [ctx as unknown, path.slice(3)] : path.startsWith('$.') ? [input, path.slice(2)] : [undefined, ''];
  if (root === undefined) throw new Error(`unsupported path ${path}`);
  return rest.split('.').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], root);
}

/** Parameters / ResultSelector: keys ending in `.$` are paths, the rest literal (recursively). */
function template(v: unknown, input: unknown, ctx: Json): unknown {
  if (Array.isArray(v)) return v.map((x) => template(x, input, ctx));
  if (v === null || typeof v !== 'object') return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v as Json)) {
    if (k.endsWith('.$')) out[k.slice(0, -2)] = readPath(x as string, input, ctx);
    else out[k] = template(x, input, ctx);
  }
  return out;
}

function setPath(input: unknown, path: string | null | undefined, result: unknown): unknown {
  if (path === undefined || path === '$') return result;
  if (path === null) return input;
  const keys = path.replace(/^\$\./, '').split('.');
  const copy = structuredClone(input) as Json;
  let o = copy;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Json;
  o[keys[keys.length - 1]] = result;
  return copy;
}

type Invoke = (functionLogicalId: string, payload: unknown) => Promise<unknown>;

/** Runs a machine: Task = arn:aws:states:::lambda:invoke; Map = items from `readItems`, each through the ItemProcessor. */
async function runMachine(
  m: Machine,
  input: unknown,
  ctx: Json,
  invoke: Invoke,
  readItems: (bucket: string, key: string) => unknown[],
  trace: string[],
): Promise<unknown> {
  let name: string | undefined = m.StartAt;
  let data = input;
  while (name) {
    const s: State = m.States[name];
    trace.push(name);
    if (s.Type === 'Task') {
      expect(s.Resource).toBe('arn:aws:states:::lambda:invoke');
      const params = template(s.Parameters, data, ctx) as { FunctionName: { 'Fn::GetAtt': [string, string] }; Payload: unknown };
      const payload = await invoke(params.FunctionName['Fn::GetAtt'][0], params.Payload);
      let result: unknown = { Payload: payload, StatusCode: 200 };
      if (s.ResultSelector) result = template(s.ResultSelector, result, ctx);
      data = setPath(data, s.ResultPath as string | null | undefined, result);
      if (typeof s.OutputPath === 'string') data = readPath(s.OutputPath, data, ctx);
    } else if (s.Type === 'Map') {
      const reader = template((s.ItemReader as Json).Parameters, data, ctx) as { Bucket: string; Key: string };
      const items = readItems(reader.Bucket, reader.Key);
      let failed = 0;
      for (const item of items) {
        try {
          await runMachine(s.ItemProcessor as Machine, item, ctx, invoke, readItems, trace);
        } catch {
          failed++;
        }
      }
      if (items.length > 0 && (failed / items.length) * 100 > (s.ToleratedFailurePercentage as number)) throw new Error('States.ExceedToleratedFailureThreshold');
      data = setPath(data, s.ResultPath as string | null | undefined, { ResultWriterDetails: { Bucket: 'results', Key: 'manifest.json' } });
    } else throw new Error(`state type ${s.Type} not interpreted`);
    name = s.End ? undefined : s.Next;
  }
  return data;
}

describe('the definition drives the three steps (mocked AWS, local DynamoDB)', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
    await createStateTable(dynamo.client, 'state');
  });
  afterAll(async () => dynamo.stop());

  const ids = ['210000000001', '210000000002', '210000000003', '210000000004', '210000000005'];
  const SUSPENDED = ids[1];
  const NO_ROLE = ids[2];
  const CRASHES = ids[4];

  it('lists, sweeps each ACTIVE account, aggregates: ranking, org score, not-evaluated reasons, digest e-mailed', async () => {
    const creds = { accessKeyId: 'AKIDCENTRAL', secretAccessKey: 'c' };
    const org = new OrganizationsClient({ region: 'us-east-1', credentials: creds });
    const sts = new STSClient({ region: 'us-east-1', credentials: creds });
    const s3 = new S3Client({ region: 'us-east-1', credentials: creds });
    const sns = new SNSClient({ region: 'us-east-1', credentials: creds });
    const accounts: Account[] = ids.map((id, i): Account => ({ Id: id, Name: i === 0 ? '<script>alert(1)</script>\u202e' : `team-${i}`, State: id === SUSPENDED ? 'SUSPENDED' : 'ACTIVE', Status: id === SUSPENDED ? 'SUSPENDED' : 'ACTIVE' }));
    mockClient(org)
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: accounts.slice(0, 3), NextToken: 'page2' })
      .on(ListAccountsCommand, { NextToken: 'page2' })
      .resolves({ Accounts: accounts.slice(3) });
    mockClient(sts)
      .on(AssumeRoleCommand)
      .callsFake((input: { RoleArn: string; ExternalId?: string; RoleSessionName: string }) => {
        const id = input.RoleArn.split(':')[4];
        expect(input.RoleArn).toBe(`arn:aws:iam::${id}:role/iam-guardian-audit`);
        expect(input.ExternalId).toBe('ext-7f3a');
        if (id === NO_ROLE) throw new STSServiceException({ name: 'AccessDenied', $fault: 'client', message: `not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, $metadata: { httpStatusCode: 403 } });
        return { Credentials: { AccessKeyId: `ASIA${id}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
      });
    const objects = new Map<string, string>();
    mockClient(s3)
      .on(PutObjectCommand)
      .callsFake((input: { Bucket: string; Key: string; Body: string }) => {
        objects.set(`${input.Bucket}/${input.Key}`, input.Body);
        return {};
      });
    const published: { Subject?: string; Message?: string }[] = [];
    mockClient(sns)
      .on(PublishCommand)
      .callsFake((input: { Subject?: string; Message?: string }) => {
        published.push(input);
        return { MessageId: 'm-1' };
      });

    const doc = DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
    const runs = () => new OrgRunStore(doc, 'state');
    const store = new DynamoStore(doc, 'state');
    const steps: Record<string, (event: unknown) => Promise<unknown>> = {
      OrgListAccountsLambdaFunction: createListAccounts({ org, s3, store: runs(), bucket: 'report-bucket' }),
      OrgSweepAccountLambdaFunction: createSweepAccount({
        collect: {
          sts,
          roleName: 'iam-guardian-audit',
          externalId: 'ext-7f3a',
          region: 'us-east-1',
          accountClients: (id, credentials) => {
            const fake = new FakeAws(syntheticAccount({ users: 3, groups: 1, roles: 4, policies: 2, seed: Number(id.slice(-1)), accountId: id }), { latencyMs: [0, 1] });
            return fake.attachAll(makeClients({ region: 'us-east-1', credentials }));
          },
        },
        store,
        runs: runs(),
        config: DEFAULT_CONFIG,
      }),
      OrgAggregateLambdaFunction: createAggregate({ runs: runs(), store, sns, topicArn: 'arn:aws:sns:us-east-1:111122223333:alerts', orgId: ORG }),
    };
    const invoked: string[] = [];
    const invoke: Invoke = async (fn, payload) => {
      invoked.push(fn);
      // The child execution of CRASHES fails outright (a Lambda that times out on every retry).
      if (fn === 'OrgSweepAccountLambdaFunction' && (payload as { account?: string }).account === CRASHES) throw new Error('Lambda.Unknown: Task timed out after 900.00 seconds');
      // Step Functions serialises the payload: the handlers get JSON, never our objects.
      return JSON.parse(JSON.stringify(await steps[fn](JSON.parse(JSON.stringify(payload)))));
    };
    const trace: string[] = [];
    const start = '2026-11-02T03:00:00.123Z';
    const out = (await runMachine(definition(t), {}, { Execution: { StartTime: start } }, invoke, (bucket, key) => {
      const body = objects.get(`${bucket}/${key}`);
      if (body === undefined) throw new Error(`ItemReader: no object ${bucket}/${key}`);
      return JSON.parse(body) as unknown[];
    }, trace)) as Json;

    // Order: list, one child per ACTIVE account (4), aggregate.
    expect(trace).toEqual(['ListAccounts', 'SweepAccounts', 'SweepAccount', 'SweepAccount', 'SweepAccount', 'SweepAccount', 'Aggregate']);
    expect(invoked.filter((f) => f === 'OrgSweepAccountLambdaFunction')).toHaveLength(4);
    expect([...objects.keys()]).toEqual([`report-bucket/org-sweep/${start}/accounts.json`]);
    expect(out).toMatchObject({ runId: start, total: 5, evaluated: 2, notEvaluated: 3, messageId: 'm-1' });

    // The digest: one e-mail naming the org score, the ranking and each account not evaluated with its reason.
    expect(published).toHaveLength(1);
    const { Subject, Message } = published[0];
    expect(Subject).toMatch(/^\[(CRITICAL|HIGH|MEDIUM|LOW|INFO|OK)\] [\d.]+\/100 organization IAM nightly sweep: 2\/5 accounts, 3 not evaluated, \d+ new serious$/);
    // Each evaluated account's new serious findings tonight (a first sweep: every serious finding is new).
    expect(Message).toMatch(/^NEW SERIOUS TONIGHT {2}\d+ in 2 account\(s\)$/m);
    expect(Message).toContain(`${SUSPENDED} team-1: account suspended (skipped)`);
    expect(Message).toMatch(new RegExp(`${NO_ROLE} team-2: audit role not assumable: arn:aws:iam::${NO_ROLE}:role/iam-guardian-audit \\(AccessDenied`));
    expect(Message).toContain(`${CRASHES} team-4: the per-account step did not finish`);
    // The hostile account name is shown as visible text, never as a control character.
    expect(Message).not.toContain('\u202e');
    const ranking = Message!.split('\n').filter((l) => /^\s+\d+\. /.test(l));
    expect(ranking).toHaveLength(2);
    const scores = ranking.map((l) => Number(/(\d+(?:\.\d+)?)\/100/.exec(l)![1]));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));

    // Each swept account's history is where the single-account sweep keeps it; the run is indexed for the weekly report.
    for (const id of [ids[0], ids[3]]) expect((await store.listSweeps(id, '2026-01-01T00:00:00.000Z')).map((s) => s.time)).toEqual([start]);
    expect(await runs().latestRun('2026-11-01T00:00:00.000Z')).toMatchObject({ runId: start, total: 5, evaluated: 2, notEvaluated: 3 });
  });

  it('one account failing beyond the tolerance would fail the run: the tolerance is what keeps it going (negative control)', async () => {
    const d = structuredClone(definition(t));
    d.States.SweepAccounts.ToleratedFailurePercentage = 0;
    const failing: Invoke = async (fn) => {
      if (fn === 'OrgListAccountsLambdaFunction') return { runId: 'r', bucket: 'b', key: 'k', total: 1, active: 1 };
      throw new Error('boom');
    };
    await expect(runMachine(d, {}, { Execution: { StartTime: 'x' } }, failing, () => [{ account: '1' }], [])).rejects.toThrow('States.ExceedToleratedFailureThreshold');
  });
});
