/**
 * The Organizations member stack (org/member/serverless.yml), packaged offline: forwarding rules with exactly the
 * single-account patterns to the central bus parameter, a forwarder role limited to events:PutEvents on that bus, a
 * read-only audit role trusted only by the central sweep role with sts:ExternalId and aws:PrincipalOrgID, no IAM write
 * and no code anywhere; the central stack's org bus (--param orgId) accepting PutEvents only with aws:PrincipalOrgID;
 * cfn-lint clean (skipped, saying so, where cfn-lint is not installed).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { packaged, ROOT, type CfnTemplate } from './packaged';
import { condition, created } from './cfn';

const run = promisify(execFile);

function cfnLintVersion(): string | undefined {
  try {
    return execFileSync('cfn-lint', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}
const lint = cfnLintVersion();
if (!lint) console.warn('cfn-lint is not installed: the member template lint test is skipped (pip install cfn-lint).');
let t: CfnTemplate;
beforeAll(async () => {
  t = (await packaged({ configDir: join(ROOT, 'org', 'member') })).template;
}, 300_000);

const patterns = parse(readFileSync(join(ROOT, 'lib/eventbridge/patterns.yml'), 'utf8')) as Record<string, unknown>;
const RULE_PATTERN: Record<string, string> = {
  ForwardIamChangesRule: 'iamChanges',
  ForwardRootActivityRule: 'rootActivity',
  ForwardSignInRule: 'signIn',
  ForwardCloudTrailTamperRule: 'cloudTrailTamper',
  ForwardMonitorTamperRule: 'monitorTamper',
  ForwardResourceExposureRule: 'resourceExposure',
  ForwardDefenceEvasionRule: 'defenceEvasion',
  ForwardCredentialIssuersRule: 'credentialIssuers',
};
/** As the single-account stacks: IAM calls only from us-east-1, where iamChanges also takes the credential issuers. */
const RULE_CONDITION: Record<string, string> = { ForwardIamChangesRule: 'IsUsEast1', ForwardCredentialIssuersRule: 'IsOtherRegion' };

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };
const statements = (doc: unknown): Statement[] => (doc as { Statement: Statement[] }).Statement;
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('member stack template', () => {
  it('forwards every pattern of lib/eventbridge/patterns.yml, unchanged, to the central bus (IAM calls from us-east-1 only)', () => {
    const rules = Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');
    expect(rules.map(([id]) => id).sort()).toEqual(Object.keys(RULE_PATTERN).sort());
    expect(Object.values(RULE_PATTERN).sort()).toEqual(Object.keys(patterns).sort());
    for (const [id, r] of rules) {
      expect([id, r.Properties.EventPattern]).toEqual([id, patterns[RULE_PATTERN[id]]]);
      expect(r.Properties.Targets).toEqual([
        expect.objectContaining({ Arn: { Ref: 'CentralBusArn' }, RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwarderDlq', 'Arn'] } } }),
      ]);
      expect([id, r.Condition]).toEqual([id, RULE_CONDITION[id]]);
    }
    expect(t.Resources.ForwardRootActivityRule.Properties.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(t.Conditions?.IsUsEast1).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  });

  it('the forwarder role may only put events on the central bus', () => {
    const role = t.Resources.ForwarderRole.Properties;
    expect(statements(role.AssumeRolePolicyDocument)).toEqual([
      { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
    ]);
    const policies = role.Policies as { PolicyDocument: unknown }[];
    expect(policies).toHaveLength(1);
    expect(statements(policies[0].PolicyDocument)).toEqual([{ Sid: 'PutEventsOnCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralBusArn' } }]);
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  it('the audit role trusts only the central sweep role, with the ExternalId and the organization, and only reads', () => {
    const role = t.Resources.AuditRole;
    expect(role.Condition).toBe('IsUsEast1');
    expect(statements(role.Properties.AssumeRolePolicyDocument)).toEqual([
      {
        Sid: 'CentralSweepOnly',
        Effect: 'Allow',
        Principal: { AWS: { Ref: 'CentralSweepRoleArn' } },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' }, 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
      },
    ]);
    const docs = (role.Properties.Policies as { PolicyDocument: unknown }[]).flatMap((p) => statements(p.PolicyDocument));
    // Exactly what lib/aws/collect.ts calls (its header lists them).
    // The collector and its last-accessed calls (lib/aws/last-accessed.ts; both Read actions).
    const collectSource = ['lib/aws/collect.ts', 'lib/aws/last-accessed.ts'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const s of docs) {
      expect(s.Effect).toBe('Allow');
      for (const a of actions(s)) {
        expect(a).toMatch(/^(iam:(Get|List|GenerateCredentialReport|GenerateServiceLastAccessedDetails)|cloudtrail:(Describe|Get)|access-analyzer:List)/);
        expect(collectSource).toContain(`${a.split(':')[1]}Command`);
      }
    }
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const params = (t as unknown as { Parameters: Record<string, { NoEcho?: boolean; AllowedPattern?: string }> }).Parameters;
    expect(params.ExternalId.NoEcho).toBe(true);
    expect(new RegExp(params.OrganizationId.AllowedPattern ?? '').test('o-a1b2c3d4e5')).toBe(true);
    expect(new RegExp(params.CentralBusArn.AllowedPattern ?? '').test('arn:aws:events:us-east-1:111122223333:event-bus/iam-guardian-org-prod')).toBe(true);
  });

  it('is a plain template a StackSet can deploy: no output names a deployment bucket; only the audit role ARN is output', () => {
    expect(Object.keys(t.Outputs ?? {})).toEqual(['AuditRoleArn']);
    expect(JSON.stringify(t)).not.toMatch(/DeploymentBucket|ServerlessDeployment|iam-guardian-member-unused/);
  });

  it('the plugin removes exactly the deployment-bucket outputs osls adds (and any other), keeping the rest', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stripDeploymentBucketOutputs } = require('../../org/member/stackset-template.js') as { stripDeploymentBucketOutputs: (t: unknown) => string[] };
    const tpl = {
      Outputs: {
        ServerlessDeploymentBucketName: { Value: 'iam-guardian-member-unused', Export: { Name: 'sls-iam-guardian-member-prod-ServerlessDeploymentBucketName' } },
        ServerlessDeploymentBucketAccelerated: { Value: true },
        AuditRoleArn: { Value: { 'Fn::GetAtt': ['AuditRole', 'Arn'] } },
      },
    };
    expect(stripDeploymentBucketOutputs(tpl).sort()).toEqual(['ServerlessDeploymentBucketAccelerated', 'ServerlessDeploymentBucketName']);
    expect(Object.keys(tpl.Outputs)).toEqual(['AuditRoleArn']);
    expect(stripDeploymentBucketOutputs({})).toEqual([]);
  });

  it('the audit role name keeps the prefix the monitor-tamper rules watch', () => {
    const p = (t as unknown as { Parameters: Record<string, { AllowedPattern: string; Default: string }> }).Parameters.AuditRoleName;
    const re = new RegExp(p.AllowedPattern);
    expect(re.test(p.Default)).toBe(true);
    expect(['iam-guardian-audit', 'iam-guardian-audit-v2'].every((n) => re.test(n))).toBe(true);
    expect(['audit', 'SecurityAudit', 'x-iam-guardian', `iam-guardian${'x'.repeat(53)}`].some((n) => re.test(n))).toBe(false);
  });

  it('has no code, no bucket and no IAM write anywhere', () => {
    const types = new Set(Object.values(t.Resources).map((r) => r.Type));
    expect([...types].sort()).toEqual(['AWS::Events::Rule', 'AWS::IAM::Role', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy']);
    const all = JSON.stringify(t.Resources);
    const iamActions = [...all.matchAll(/"(iam:[A-Za-z*]+)"/g)].map((m) => m[1]);
    expect(iamActions.length).toBeGreaterThan(0);
    for (const a of iamActions) expect(a).toMatch(/^iam:(Get|List|GenerateCredentialReport|GenerateServiceLastAccessedDetails)/);
  });
});

describe('central stack, Organizations mode (--param orgId)', () => {
  let central: CfnTemplate;
  let single: CfnTemplate;
  beforeAll(async () => {
    // One after the other: two packagings of the same folder at once share its .serverless directory.
    central = (await packaged({ args: ['--param=orgId=o-a1b2c3d4e5'] })).template;
    single = (await packaged()).template;
  }, 600_000);

  it('creates the org bus whose policy accepts PutEvents only from principals of the organization', () => {
    expect(condition(central, 'IsOrgMode')).toBe(true);
    const policy = central.Resources.OrgEventBusPolicy;
    expect(policy.Condition).toBe('IsOrgMode');
    expect(policy.Properties).toEqual({
      EventBusName: { Ref: 'OrgEventBus' },
      StatementId: 'OrganizationMembersPutEvents',
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': ['OrgEventBus', 'Arn'] },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrgId' } } },
      },
    });
    expect(central.Resources.OrgEventBus).toMatchObject({ Type: 'AWS::Events::EventBus', Condition: 'IsOrgMode' });
    const params = (central as unknown as { Parameters: Record<string, { Default?: string; AllowedPattern?: string }> }).Parameters;
    expect(params.OrgId.Default).toBe('o-a1b2c3d4e5');
    expect(new RegExp(params.OrgId.AllowedPattern ?? '').test('')).toBe(true);
  });

  it('a single-account deployment (no orgId) creates neither (nor the org-bus rules, test/deploy/org-routing.test.ts)', () => {
    expect(condition(single, 'IsOrgMode')).toBe(false);
    const conditional = Object.keys(single.Resources).filter((id) => single.Resources[id].Condition === 'IsOrgMode');
    expect(conditional).toEqual(expect.arrayContaining(['OrgEventBus', 'OrgEventBusPolicy', 'OrgSweepStateMachine', 'OrgSweepScheduleRule', 'OrgSweepAccountLambdaFunction']));
    for (const id of conditional) expect([id, created(single, id)]).toEqual([id, false]);
  });

  (lint ? it : it.skip)('cfn-lint: the central template in org mode has no error and no warning', async () => {
    expect(await cfnLint(central)).toBe('');
  }, 120_000);
});


async function cfnLint(template: CfnTemplate): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'iamg-org-lint-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(template));
    try {
      await run('cfn-lint', ['--format', 'parseable', file], { maxBuffer: 16 * 1024 * 1024 });
      return '';
    } catch (e) {
      return (e as { stdout?: string }).stdout ?? String(e);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(lint ? it : it.skip)('cfn-lint: the member template has no error and no warning', async () => {
  expect(await cfnLint(t)).toBe('');
}, 120_000);
