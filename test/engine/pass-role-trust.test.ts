/**
 * Real-time PassRole judgement: a grant of iam:PassRole + a compute method names the roles whose trust admits the
 * service (ListRoles, trust documents URL-encoded as SDK v3 returns them, Marker / IsTruncated paging, bounded and
 * cached), and whether one is administrator when its attached policies say so. Missing data (offline, AccessDenied,
 * throttled, the page bound) is said in the finding and never lowers the severity.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { IAMClient, IAMServiceException, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEvent, scoreEventOffline } from '../../lib/engine/score-event';
import { iamEnrichmentSource, MAX_ROLE_PAGES } from '../../lib/aws/iam-enricher';
import { enrich, MAX_ROLE_POLICY_LOOKUPS } from '../../lib/cloudtrail/enrich';
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import type { PassRoleJudgement } from '../../lib/rules/event/_grants';

const ACCT = '111122223333';
const NOW = '2026-11-02T10:00:00Z';
const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));
const trusting = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const role = (name: string, trust: unknown): Role => ({
  RoleName: name,
  Arn: `arn:aws:iam::${ACCT}:role/${name}`,
  Path: '/',
  RoleId: `AROA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
  CreateDate: new Date('2025-01-01T00:00:00Z'),
  AssumeRolePolicyDocument: typeof trust === 'string' ? trust : enc(trust),
});

function grantEvent(resource: string): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventID: 'f1d5b2c0-0000-4000-8000-000000000001',
    eventTime: NOW,
    eventName: 'PutUserPolicy',
    eventSource: 'iam.amazonaws.com',
    awsRegion: 'us-east-1',
    recipientAccountId: ACCT,
    userIdentity: { type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, principalId: 'AIDAEXAMPLEALICE0001' },
    requestParameters: {
      userName: 'bob',
      policyName: 'lambda-deployer',
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: resource },
          { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
        ],
      }),
    },
    responseElements: null,
  };
}

const iam = mockClient(IAMClient);
const client = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } });
beforeEach(() => iam.reset());

function awsError(name: string): IAMServiceException {
  return new IAMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: name === 'Throttling' ? 400 : 403 }, message: `${name} for ListRoles` });
}

function escalation(s: Awaited<ReturnType<typeof scoreEvent>>) {
  const f = s.findings.find((x) => x.ruleId === 'privilege-escalation-granted');
  if (!f) throw new Error(`no privilege-escalation-granted finding: ${s.findings.map((x) => x.ruleId).join(', ')}`);
  return { finding: f, pr: f.evidence.passRole as PassRoleJudgement | undefined };
}

function accountRoles(): void {
  // Two pages, as IAM pages them: IsTruncated + Marker.
  iam.on(ListRolesCommand, { MaxItems: 1000, Marker: undefined }).resolves({
    Roles: [role('OpsAdmin', trusting('lambda.amazonaws.com')), role('SageMakerExec', trusting('sagemaker.amazonaws.com'))],
    IsTruncated: true,
    Marker: 'page-2',
  });
  iam.on(ListRolesCommand, { MaxItems: 1000, Marker: 'page-2' }).resolves({
    // Region-specific service principal form, and a role trusting only a user.
    Roles: [role('app-worker', trusting('lambda.eu-west-1.amazonaws.com')), role('HumanAdmin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/carol` }, Action: 'sts:AssumeRole' }] })],
    IsTruncated: false,
  });
  iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'OpsAdmin' }).resolves({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], IsTruncated: false });
  iam.on(ListRolePoliciesCommand, { RoleName: 'OpsAdmin' }).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'app-worker' }).resolves({
    AttachedPolicies: [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }],
    IsTruncated: false,
  });
  iam.on(ListRolePoliciesCommand, { RoleName: 'app-worker' }).resolves({ PolicyNames: ['queue-access'], IsTruncated: false });
}

describe('PassRole + lambda:CreateFunction granted, role trusts read from IAM', () => {
  it('names the roles Lambda can assume (admin first), not the SageMaker or user-trusted roles', async () => {
    accountRoles();
    const s = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    const { finding, pr } = escalation(s);
    expect(pr?.roles.map((r) => [r.name, r.admin])).toEqual([
      ['OpsAdmin', 'yes'],
      ['app-worker', 'unknown'],
    ]);
    expect(pr?.unchecked).toBeUndefined();
    expect(finding.message).toMatch(/Roles it can pass that .*lambda\.amazonaws\.com.* can assume: OpsAdmin \(administrator: AWS managed policy AdministratorAccess\), app-worker \(permissions not checked\)\./);
    expect(finding.message).not.toMatch(/SageMakerExec|HumanAdmin/);
    expect(finding.severity).toBe('high');
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(2);
    // Only roles admitting a compute service get their policies listed.
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand).map((c) => c.args[0].input.RoleName).sort()).toEqual(['OpsAdmin', 'SageMakerExec', 'app-worker']);
  });

  it('a PassRole limited to roles named app-* reaches only app-worker', async () => {
    accountRoles();
    const s = await scoreEvent(grantEvent(`arn:aws:iam::${ACCT}:role/app-*`), { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(escalation(s).pr?.roles.map((r) => r.name)).toEqual(['app-worker']);
  });

  it('no role trusts the service: says so, severity unchanged', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('SageMakerExec', trusting('sagemaker.amazonaws.com'))], IsTruncated: false });
    const s = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    const { finding, pr } = escalation(s);
    expect(pr?.roles).toEqual([]);
    expect(finding.message).toMatch(/No role it can pass is trusted by .*lambda\.amazonaws\.com/);
    expect(finding.severity).toBe('high');
  });

  it('an unreadable trust document is named as not checked', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('Broken', '%7Bnot-json')], IsTruncated: false });
    const s = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(escalation(s).finding.message).toMatch(/Not checked: the trust policies of Broken could not be read/);
  });
});

describe('role trusts unavailable: the finding says so and stays as severe as without the lookup', () => {
  const baseline = () => scoreEventOffline(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW });

  it.each(['AccessDenied', 'Throttling'])('%s from ListRoles', async (name) => {
    iam.on(ListRolesCommand).rejects(awsError(name));
    const s = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    const { finding, pr } = escalation(s);
    expect(pr?.unchecked).toBe(`the roles these services can assume could not be checked (${name})`);
    expect(finding.message).toContain(`Not checked: the roles these services can assume could not be checked (${name}).`);
    expect(finding.severity).toBe(escalation(baseline()).finding.severity);
    expect(s.alert).toBe(true);
  });

  it('offline CLI: not checked (offline), severity high', () => {
    const { finding } = escalation(baseline());
    expect(finding.message).toMatch(/Not checked: .*offline/);
    expect(finding.severity).toBe('high');
  });

  it('a failed ListRoles is not cached: the next event retries', async () => {
    iam.on(ListRolesCommand).rejectsOnce(awsError('Throttling')).resolves({ Roles: [role('OpsAdmin', trusting('lambda.amazonaws.com'))], IsTruncated: false });
    const source = iamEnrichmentSource(client);
    const first = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source });
    expect(escalation(first).pr?.unchecked).toMatch(/Throttling/);
    const second = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source });
    expect(escalation(second).pr?.roles.map((r) => r.name)).toEqual(['OpsAdmin']);
  });
});

describe('bounds and cache of the role lookup', () => {
  it(`reads at most ${MAX_ROLE_PAGES} ListRoles pages and says the rest was not read`, async () => {
    let n = 0;
    iam.on(ListRolesCommand).callsFake(() => {
      n++;
      return { Roles: [role(`r${n}`, trusting('ec2.amazonaws.com'))], IsTruncated: true, Marker: `m${n}` };
    });
    const ev = normalizeEvent(grantEvent('*'));
    const e = await enrich(ev, iamEnrichmentSource(client));
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(MAX_ROLE_PAGES);
    expect(iam.commandCalls(ListRolesCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm1', 'm2'].slice(0, MAX_ROLE_PAGES));
    expect(e.roles?.status === 'ok' && e.roles.value.complete).toBe(false);
    const s = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(escalation(s).finding.message).toMatch(/only the first 3 roles of the account were read/);
  });

  it(`lists the policies of at most ${MAX_ROLE_POLICY_LOOKUPS} roles`, async () => {
    iam.on(ListRolesCommand).resolves({ Roles: Array.from({ length: 25 }, (_, i) => role(`fn-${i}`, trusting('lambda.amazonaws.com'))), IsTruncated: false });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    const s = await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand)).toHaveLength(MAX_ROLE_POLICY_LOOKUPS);
    const pr = escalation(s).pr;
    expect(pr?.roles).toHaveLength(25);
    expect(pr?.roles.filter((r) => r.admin === 'no')).toHaveLength(MAX_ROLE_POLICY_LOOKUPS);
  });

  it('one source reads the roles once for many events (cold-start cache), again after the cache expires', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('OpsAdmin', trusting('lambda.amazonaws.com'))], IsTruncated: false });
    let t = 0;
    const source = iamEnrichmentSource(client, { now: () => t });
    for (let i = 0; i < 3; i++) await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source });
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(1);
    t = 10 * 60 * 1000;
    await scoreEvent(grantEvent('*'), { config: DEFAULT_CONFIG, now: NOW, source });
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(2);
  });

  it('an event that cannot pass roles does not read them', async () => {
    const ev = grantEvent('*');
    (ev.requestParameters as Record<string, unknown>).policyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    await scoreEvent(ev, { config: DEFAULT_CONFIG, now: NOW, source: iamEnrichmentSource(client) });
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(0);
  });
});
