/**
 * Privilege graph (lib/policy/graph.ts), the parts the edge-kind table in graph.test.ts does not reach: every
 * PassRole method and service through both the "every role" hub and the per-role check, iam:PassedToService forms,
 * conditional grants and boundaries, roles trusting Principal "*" / NotPrincipal, every existing-resource method with
 * the service whose resources run with a role, protected roles, rewrite steps (conditions, labels, the unconditional
 * one preferred), joining an admin group, and the exact path steps a user reads.
 */
import { buildPrivilegeGraph, type GraphPrincipalInput, type PathStep } from '../../lib/policy/graph';
import { A, ADMIN, NOW, adminRole, allow, graph, principal, pol, rArn, trustAws, trustSvc, uArn, type P, type Stmt } from './graph-builders';
import { ESCALATION_METHODS } from '../../lib/policy/escalation-methods';

const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
const pArn = (n: string) => `arn:aws:iam::${A}:policy/${n}`;
const dev = (...statements: Stmt[]): P => ({ name: 'dev', docs: [pol(...statements)] });

const PASS_METHODS = ESCALATION_METHODS.filter((m) => m.passRole);
const passCases = PASS_METHODS.flatMap((m) => (m.passRole ?? []).map((svc) => ({ m, svc, steps: m.steps.map((s) => s.anyOf[0]) })));

describe('PassRole + compute, every method and every service it passes to', () => {
  it.each(passCases.map((c) => [`${c.m.method} → ${c.svc}`, c] as const))('%s: PassRole on every role (shared service node)', (_n, c) => {
    const g = graph([dev(allow(['iam:PassRole', ...c.steps])), adminRole('OpsAdmin', trustSvc(c.svc)), adminRole('Other', trustSvc('apigateway.amazonaws.com'))]);
    const v = g.verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false, adminArn: rArn('OpsAdmin') });
    expect(v?.path).toHaveLength(1);
    expect(v?.path[0]).toMatchObject({ from: uArn('dev'), to: rArn('OpsAdmin'), kind: 'pass-role', conditional: false, policies: ['inline policy p0 of user dev'] });
    expect(v?.path[0].actions[0]).toBe('iam:PassRole');
  });

  it.each(passCases.map((c) => [`${c.m.method} → ${c.svc}`, c] as const))('%s: PassRole on a family of roles (per-role check)', (_n, c) => {
    const g = graph([dev(allow(c.steps), allow('iam:PassRole', rArn('Ops*'))), adminRole('OpsAdmin', trustSvc(c.svc)), adminRole('Other', trustSvc(c.svc))]);
    const v = g.verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false, adminArn: rArn('OpsAdmin') });
    expect(v?.path[0]).toMatchObject({ kind: 'pass-role', to: rArn('OpsAdmin'), conditions: [] });
  });

  it.each(PASS_METHODS.map((m) => [m.method, m] as const))('%s: a role trusting only a service no method passes to is out of reach', (_n, m) => {
    const steps = m.steps.map((s) => s.anyOf[0]);
    expect(graph([dev(allow(['iam:PassRole', ...steps])), adminRole('OpsAdmin', trustSvc('apigateway.amazonaws.com'))]).verdict(uArn('dev'))?.admin).toBe(false);
    expect(graph([dev(allow(steps), allow('iam:PassRole', rArn('Ops*'))), adminRole('OpsAdmin', trustSvc('apigateway.amazonaws.com'))]).verdict(uArn('dev'))?.admin).toBe(false);
  });
});

describe('iam:PassedToService and other conditions on iam:PassRole', () => {
  const LAMBDA = ['lambda:CreateFunction', 'lambda:InvokeFunction'];
  const cases: { name: string; resource: string }[] = [
    { name: 'every role', resource: '*' },
    { name: 'a family of roles', resource: rArn('Ops*') },
  ];
  describe.each(cases)('PassRole on $name', ({ resource }) => {
    const verdict = (condition: unknown, extra: Partial<P> = {}) =>
      graph([{ ...dev(allow(LAMBDA), allow('iam:PassRole', resource, condition)), ...extra }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))]).verdict(uArn('dev'));

    it('a Condition holding only iam:PassedToService for the service is decided: unconditional', () => {
      expect(verdict({ StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } })).toMatchObject({ admin: true, conditional: false });
    });
    it('one of several iam:PassedToService values is enough', () => {
      expect(verdict({ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'lambda.amazonaws.com'] } })).toMatchObject({ admin: true, conditional: false });
    });
    it('a StringLike pattern only the full service principal matches', () => {
      expect(verdict({ StringLike: { 'iam:PassedToService': 'lambda.*' } })).toMatchObject({ admin: true, conditional: false });
    });
    it('iam:PassedToService naming other services only: no path', () => {
      expect(verdict({ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'glue.amazonaws.com'] } })?.admin).toBe(false);
    });
    it('an MFA condition stays undecided: conditional', () => {
      expect(verdict(MFA)).toMatchObject({ admin: true, conditional: true });
    });
    it('iam:PassedToService beside another key: conditional', () => {
      expect(verdict({ StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' }, ...MFA })).toMatchObject({ admin: true, conditional: true });
    });
  });

  it('a permissions boundary letting PassRole through only under a Condition makes the step conditional', () => {
    const boundary = pol(allow(['lambda:*']), allow('iam:PassRole', '*', MFA));
    const v = graph([{ ...dev(allow(LAMBDA), allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } })), boundary }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: true });
  });

  it('an unconditional boundary leaves the decided iam:PassedToService grant unconditional', () => {
    const boundary = pol(allow(['lambda:*', 'iam:PassRole']));
    const v = graph([{ ...dev(allow(LAMBDA), allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } })), boundary }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false });
  });
});

describe('roles trusting Principal "*" or NotPrincipal', () => {
  const passer = dev(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']));
  it('Principal "*" admits the service a role is passed to', () => {
    const v = graph([passer, adminRole('Open', pol({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }))]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, adminArn: rArn('Open') });
    expect(v?.path[0].kind).toBe('pass-role');
  });
  it('Principal {"AWS": "*"} admits the service too', () => {
    const v = graph([passer, adminRole('Open', pol({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: MFA }))]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false });
  });
  it('NotPrincipal naming the service admits everyone but that service', () => {
    const trust = pol({ Effect: 'Allow', NotPrincipal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(graph([passer, adminRole('Open', trust)]).verdict(uArn('dev'))?.admin).toBe(false);
    const ec2 = dev(allow(['iam:PassRole', 'ec2:RunInstances']));
    expect(graph([ec2, adminRole('Open', trust)]).verdict(uArn('dev'))).toMatchObject({ admin: true, path: [expect.objectContaining({ kind: 'pass-role', method: 'CreateEC2WithExistingInstanceProfile' })] });
  });
});

/** The service whose existing resources run code with a role, per method (Lambda functions, EC2 instances, stacks, …). */
const EXISTING: Record<string, string> = {
  EditExistingLambdaFunctionWithRole: 'lambda.amazonaws.com',
  UpdateExistingLambdaConfiguration: 'lambda.amazonaws.com',
  UpdateExistingGlueDevEndpoint: 'glue.amazonaws.com',
  ModifyInstanceUserData: 'ec2.amazonaws.com',
  NewLaunchTemplateVersion: 'ec2.amazonaws.com',
  SendSSHPublicKey: 'ec2.amazonaws.com',
  SsmStartSession: 'ec2.amazonaws.com',
  SsmSendCommand: 'ec2.amazonaws.com',
  UpdateExistingCloudFormationStack: 'cloudformation.amazonaws.com',
  ExecuteCloudFormationChangeSet: 'cloudformation.amazonaws.com',
  StartExistingCodeBuildProject: 'codebuild.amazonaws.com',
  EcsExecuteCommand: 'ecs-tasks.amazonaws.com',
  SageMakerPresignedNotebookUrl: 'sagemaker.amazonaws.com',
  UpdateExistingAppRunnerService: 'tasks.apprunner.amazonaws.com',
  UpdateExistingStateMachine: 'states.amazonaws.com',
};

describe('code changes to an existing resource that runs with a role', () => {
  it.each(Object.entries(EXISTING))('%s reaches a role trusting %s, only conditionally', (method, svc) => {
    const m = ESCALATION_METHODS.find((x) => x.method === method);
    expect(m).toBeDefined();
    const actions = (m?.steps ?? []).map((s) => s.anyOf[0]);
    const v = graph([dev(allow(actions)), adminRole('Runner', trustSvc(svc))]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: true, adminArn: rArn('Runner') });
    const base = svc.replace(/\.amazonaws\.com$/, '');
    expect(v?.path).toEqual([
      { from: uArn('dev'), to: rArn('Runner'), kind: 'existing-resource', actions, method, conditional: true, conditions: [`only if an existing ${base} resource runs with this role`], policies: ['inline policy p0 of user dev'], grants: [{ inline: { holder: uArn('dev'), name: 'p0' } }] },
    ]);
  });

  it.each(Object.keys(EXISTING))('%s does not reach a role trusting another service', (method) => {
    const m = ESCALATION_METHODS.find((x) => x.method === method);
    const actions = (m?.steps ?? []).map((s) => s.anyOf[0]);
    expect(graph([dev(allow(actions)), adminRole('Runner', trustSvc('apigateway.amazonaws.com'))]).verdict(uArn('dev'))?.admin).toBe(false);
  });
});

describe('a role principal with a permissions boundary, named directly in a trust', () => {
  const target = adminRole('Ops', trustAws(rArn('ci')));
  it('the boundary must let sts:AssumeRole through', () => {
    const ci: P = { name: 'ci', kind: 'role', trust: trustSvc('codebuild.amazonaws.com'), boundary: pol(allow('s3:*')) };
    expect(graph([ci, target]).verdict(rArn('ci'))?.admin).toBe(false);
  });
  it('a boundary allowing it only under a Condition makes the path conditional', () => {
    const ci: P = { name: 'ci', kind: 'role', trust: trustSvc('codebuild.amazonaws.com'), boundary: pol(allow('sts:AssumeRole', '*', MFA)) };
    expect(graph([ci, target]).verdict(rArn('ci'))).toMatchObject({ admin: true, conditional: true });
  });
  it('without a boundary the trust alone is enough, and the step says so', () => {
    const ci: P = { name: 'ci', kind: 'role', trust: trustSvc('codebuild.amazonaws.com') };
    const v = graph([ci, target]).verdict(rArn('ci'));
    expect(v).toMatchObject({ admin: true, conditional: false, pathText: 'role/ci → sts:AssumeRole → role/Ops (AdministratorAccess)' });
    expect(v?.path[0]).toMatchObject({ kind: 'assume-role', conditions: ['trust names it directly'], policies: [] });
  });
});

describe('protected roles (service-linked, Identity Center): their trust and policies cannot be changed', () => {
  it('UpdateAssumeRolePolicy on every role does not reach a protected admin role', () => {
    const ps = [dev(allow('iam:UpdateAssumeRolePolicy')), adminRole('AWSServiceRoleForX', trustSvc('x.amazonaws.com'), { protected: true })];
    expect(graph(ps).verdict(uArn('dev'))?.admin).toBe(false);
    const open = [dev(allow('iam:UpdateAssumeRolePolicy')), adminRole('Ops', trustSvc('x.amazonaws.com'))];
    expect(graph(open).verdict(uArn('dev'))?.path[0]).toMatchObject({ kind: 'update-trust', to: rArn('Ops'), actions: ['iam:UpdateAssumeRolePolicy'], conditions: [] });
  });
  it('PutRolePolicy on a protected role it can assume is no rewrite', () => {
    const role: P = { name: 'AWSReservedSSO_x', kind: 'role', trust: trustAws(uArn('dev')), protected: true };
    expect(graph([dev(allow('iam:PutRolePolicy')), role]).verdict(uArn('dev'))?.admin).toBe(false);
    expect(graph([dev(allow('iam:PutRolePolicy')), { ...role, protected: false }]).verdict(uArn('dev'))?.admin).toBe(true);
  });
});

describe('credentials of another user', () => {
  it('the step names the actions, the policy, and no condition', () => {
    const v = graph([dev(allow(['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], uArn('*'))), { name: 'boss', docs: [ADMIN] }]).verdict(uArn('dev'));
    expect(v?.path).toEqual([{ from: uArn('dev'), to: uArn('boss'), kind: 'credentials', actions: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], conditional: false, conditions: [], policies: ['inline policy p0 of user dev'], grants: [{ inline: { holder: uArn('dev'), name: 'p0' } }] }]);
    expect(v?.pathText).toBe('user/dev → iam:CreateAccessKey + iam:UpdateLoginProfile → user/boss (inline p0)');
  });
  it('under an MFA condition the step is conditional', () => {
    expect(graph([dev(allow('iam:CreateLoginProfile', uArn('*'), MFA)), { name: 'boss', docs: [ADMIN] }]).verdict(uArn('dev'))).toMatchObject({ admin: true, conditional: true });
  });
});

describe('rewriting the policies of a principal it can reach', () => {
  const app = (managed: string[]): P => ({ name: 'App', trust: trustAws(`arn:aws:iam::${A}:root`), managed: managed.map((n) => ({ arn: pArn(n), doc: pol(allow('s3:GetObject')) })) });
  const tail = (path: PathStep[] | undefined) => path?.[path.length - 1];

  it('CreatePolicyVersion: unconditional, the last step rewrites the policy', () => {
    const v = graph([dev(allow('iam:CreatePolicyVersion', pArn('app')), allow('sts:AssumeRole', rArn('App'))), app(['app'])]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false, adminArn: rArn('App'), adminVia: 'iam:CreatePolicyVersion on policy/app' });
    expect(tail(v?.path)).toEqual({ from: rArn('App'), kind: 'policy-rewrite', actions: ['iam:CreatePolicyVersion'], resource: pArn('app'), conditional: false, conditions: [], policies: ['inline policy p0 of user dev'] });
    expect(v?.pathText).toBe('user/dev → sts:AssumeRole → role/App → iam:CreatePolicyVersion → policy/app (grants role/App any permission)');
  });

  it('SetDefaultPolicyVersion: only if an older version is broader', () => {
    const v = graph([dev(allow('iam:SetDefaultPolicyVersion', pArn('app')), allow('sts:AssumeRole', rArn('App'))), app(['app'])]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: true });
    expect(tail(v?.path)).toMatchObject({ kind: 'policy-rewrite', actions: ['iam:SetDefaultPolicyVersion'], conditional: true, conditions: ['only if an older version of the policy is broader'] });
  });

  it('of two rewrites, the unconditional one is shown', () => {
    const v = graph([dev(allow('iam:SetDefaultPolicyVersion', pArn('a')), allow('iam:CreatePolicyVersion', pArn('b')), allow('sts:AssumeRole', rArn('App'))), app(['a', 'b'])]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false, adminVia: 'iam:CreatePolicyVersion on policy/b' });
  });

  it('PutUserPolicy on another user it cannot become is no path; on every user (itself included) it is admin on its own', () => {
    expect(graph([dev(allow('iam:PutUserPolicy', uArn('bob'))), { name: 'bob' }]).verdict(uArn('dev'))?.admin).toBe(false);
    expect(graph([dev(allow('iam:PutUserPolicy', uArn('*'))), { name: 'bob' }]).verdict(uArn('dev'))).toMatchObject({ admin: true, base: true, path: [], adminVia: 'inline p0' });
  });
});

describe('joining an admin group', () => {
  const groups = [{ arn: `arn:aws:iam::${A}:group/Admins`, name: 'Admins', members: [], sources: [{ label: 'managed policy AdministratorAccess', document: ADMIN, managedArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }];
  it('an unconditional grant makes an unconditional admin, with the step', () => {
    const v = graph([dev(allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/Admins`))], { groups }).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false, adminVia: 'group Admins', pathText: 'user/dev → iam:AddUserToGroup → group/Admins (group Admins)' });
    expect(v?.path).toEqual([{ from: uArn('dev'), kind: 'add-to-group', actions: ['iam:AddUserToGroup'], resource: `arn:aws:iam::${A}:group/Admins`, conditional: false, conditions: [], policies: ['inline policy p0 of user dev'] }]);
  });
  it('a grant under a Condition makes it conditional', () => {
    expect(graph([dev(allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/Admins`, MFA))], { groups }).verdict(uArn('dev'))).toMatchObject({ admin: true, conditional: true });
  });
  it('a group it already belongs to is not a path', () => {
    expect(graph([{ ...dev(allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/Admins`)), groups: [`arn:aws:iam::${A}:group/Admins`] }], { groups }).verdict(uArn('dev'))?.admin).toBe(false);
  });
});

describe('verdicts and escalations a report reads', () => {
  it('an unknown principal has no verdict; a non-admin one an empty path', () => {
    const g = graph([dev(allow('s3:GetObject'))]);
    expect(g.verdict(uArn('nobody'))).toBeUndefined();
    expect(g.verdict(uArn('dev'))).toEqual({ arn: uArn('dev'), admin: false, conditional: false, base: false, path: [], pathText: '' });
    expect(g.escalation(uArn('nobody'))).toBeUndefined();
  });

  it('a known base verdict names its managed policy, inline policy, or the self-grant', () => {
    const base = (sources: number[]): GraphPrincipalInput => ({
      ...principal({ name: 'ops', docs: [pol(allow('s3:GetObject'))], managed: [{ arn: 'arn:aws:iam::aws:policy/job-function/SystemAdministrator', doc: ADMIN }] }),
      base: { admin: true, conditional: false, reasons: ['given'], sources },
    });
    const via = (sources: number[]) => buildPrivilegeGraph({ accountId: A, now: NOW, principals: [base(sources)] }).verdict(uArn('ops'));
    expect(via([1])).toMatchObject({ admin: true, base: true, adminVia: 'SystemAdministrator', pathText: 'user/ops (SystemAdministrator)' });
    expect(via([0, 1])?.adminVia).toBe('inline p0, SystemAdministrator');
    expect(via([])?.adminVia).toBe('grants itself any permission');
    expect(via([7])?.adminVia).toBe('grants itself any permission');
  });

  it('assuming a role one is trusted with is delegation, not escalation; passing a role is', () => {
    const data = { name: 'data', trust: trustAws(`arn:aws:iam::${A}:root`), docs: [pol(allow('s3:*'))] };
    expect(graph([dev(allow('sts:AssumeRole')), data]).escalation(uArn('dev'))).toBeUndefined();
    const g = graph([dev(allow('sts:AssumeRole')), data, { name: 'etl', trust: trustAws(rArn('data')), docs: [pol(allow(['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun']))] }, { name: 'gluejob', trust: trustSvc('glue.amazonaws.com'), docs: [pol(allow('dynamodb:*'))] }]);
    expect(g.escalation(rArn('etl'))).toEqual({ to: rArn('gluejob'), path: [expect.objectContaining({ kind: 'pass-role', method: 'PassRoleToNewGlueJob' })], pathText: 'role/etl → iam:PassRole + glue:CreateJob + glue:StartJobRun → role/gluejob', conditional: false });
  });

  it('an escalation through code changes of an existing resource is conditional', () => {
    const g = graph([dev(allow('lambda:UpdateFunctionCode')), { name: 'fn', trust: trustSvc('lambda.amazonaws.com'), docs: [pol(allow('dynamodb:*'))] }]);
    expect(g.escalation(uArn('dev'))).toMatchObject({ to: rArn('fn'), conditional: true, pathText: 'user/dev → lambda:UpdateFunctionCode → role/fn' });
  });

  it('an admin, even a conditional one, has no "escalation" (its verdict says it all)', () => {
    expect(graph([dev(allow('*'))]).escalation(uArn('dev'))).toBeUndefined();
    const ps = [dev(allow(['sts:AssumeRole', 'iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])), adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`, MFA)), { name: 'fn', trust: trustSvc('lambda.amazonaws.com'), docs: [pol(allow('dynamodb:*'))] }];
    expect(graph(ps).verdict(uArn('dev'))).toMatchObject({ admin: true, conditional: true });
    expect(graph(ps).escalation(uArn('dev'))).toBeUndefined();
    expect(graph(ps.slice(0, 1).concat(ps.slice(2))).escalation(uArn('dev'))).toMatchObject({ to: rArn('fn') });
  });
});

describe('more ways to reach', () => {
  it('a trust naming a session of role X (assumed-role ARN) admits role X', () => {
    const v = graph([{ name: 'ci', kind: 'role', trust: trustSvc('codebuild.amazonaws.com') }, adminRole('Ops', trustAws(`arn:aws:sts::${A}:assumed-role/ci/build-42`))]).verdict(rArn('ci'));
    expect(v).toMatchObject({ admin: true, pathText: 'role/ci → sts:AssumeRole → role/Ops (AdministratorAccess)' });
  });

  it('an explicit Deny on one role leaves the others reachable', () => {
    const g = graph([dev(allow('sts:AssumeRole'), { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: rArn('Ops') }), adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`)), adminRole('Ops2', trustAws(`arn:aws:iam::${A}:root`))]);
    expect(g.neighbours(uArn('dev'))).toEqual([{ to: rArn('Ops2'), kind: 'assume-role' }]);
    expect(g.verdict(uArn('dev'))?.adminArn).toBe(rArn('Ops2'));
  });

  it('PutGroupPolicy on the group of a user whose keys it can create: a rewrite at the end of a path', () => {
    const groups = [{ arn: `arn:aws:iam::${A}:group/Dev`, name: 'Dev', members: [uArn('bob')], sources: [] }];
    const v = graph([dev(allow('iam:CreateAccessKey', uArn('bob')), allow('iam:PutGroupPolicy', `arn:aws:iam::${A}:group/Dev`)), { name: 'bob', groups: [`arn:aws:iam::${A}:group/Dev`] }], { groups }).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false, adminArn: uArn('bob'), pathText: 'user/dev → iam:CreateAccessKey → user/bob → iam:PutGroupPolicy → group/Dev (grants user/bob any permission)' });
  });

  it('joining an admin group does not help when its permissions boundary keeps the admin grant out', () => {
    const groups = [{ arn: `arn:aws:iam::${A}:group/Admins`, name: 'Admins', members: [], sources: [{ label: 'managed policy AdministratorAccess', document: ADMIN }] }];
    const v = graph([{ ...dev(allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/Admins`)), boundary: pol(allow(['iam:AddUserToGroup', 's3:*'])) }], { groups }).verdict(uArn('dev'));
    expect(v?.admin).toBe(false);
  });
});

describe('shared service nodes and service principal forms', () => {
  it('two principals passing roles to the same service share one service node', () => {
    const pass = pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']));
    const g = graph([{ name: 'a', docs: [pass] }, { name: 'b', docs: [pass] }, { name: 'fn', trust: trustSvc('lambda.amazonaws.com') }]);
    expect(g.stats()).toMatchObject({ nodes: 3, serviceHubs: 1, edges: 3, byKind: { 'pass-role': 3 }, principalPairs: 2 });
  });

  it.each([
    ['every role', '*'],
    ['a family of roles', rArn('Flow*')],
  ])('iam:PassedToService in its region-specific form is the same service (PassRole on %s)', (_n, resource) => {
    const v = graph([dev(allow(['states:CreateStateMachine', 'states:StartExecution']), allow('iam:PassRole', resource, { StringEquals: { 'iam:PassedToService': 'states.eu-west-1.amazonaws.com' } })), adminRole('FlowAdmin', trustSvc('states.amazonaws.com'))]).verdict(uArn('dev'));
    expect(v).toMatchObject({ admin: true, conditional: false, path: [expect.objectContaining({ method: 'PassRoleToStepFunctions' })] });
  });
});
