/**
 * Privilege graph (lib/policy/graph.ts): one table row per edge kind, positive and negative, plus chains, rewrites,
 * static conditions and the least fixpoint.
 */
import { buildPrivilegeGraph } from '../../lib/policy/graph';
import { A, ADMIN, NOW, adminRole, allow, graph, pol, principal, rArn, trustAws, trustSvc, uArn, type P, type Stmt } from './graph-builders';
import { serviceBase, trustAdmitsService } from '../../lib/policy/trust-admits';

const deny = (Action: string | string[], Resource: string | string[] = '*'): Stmt => ({ Effect: 'Deny', Action, Resource });

interface Row {
  name: string;
  principals: P[];
  who: string;
  admin: boolean;
  conditional?: boolean;
  /** Substring of the path text. */
  path?: string;
}

const ROWS: Row[] = [
  // --- assume-role
  { name: 'AssumeRole on * + admin role trusting the account root', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))], who: uArn('alice'), admin: true, path: 'user/alice → sts:AssumeRole → role/Ops (AdministratorAccess)' },
  { name: 'bare account id in the trust works like root', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole', rArn('Ops')))] }, adminRole('Ops', trustAws(A))], who: uArn('alice'), admin: true },
  { name: 'trust naming the user directly needs no identity grant', principals: [{ name: 'alice' }, adminRole('Ops', trustAws(uArn('alice')))], who: uArn('alice'), admin: true, path: 'user/alice → sts:AssumeRole → role/Ops' },
  { name: 'root trust without an identity grant is no path', principals: [{ name: 'alice', docs: [pol(allow('s3:GetObject'))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))], who: uArn('alice'), admin: false },
  { name: 'trust names another account only', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))] }, adminRole('Ops', trustAws('arn:aws:iam::444455556666:root'))], who: uArn('alice'), admin: false },
  { name: 'AssumeRole denied by an explicit Deny', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'), deny('sts:AssumeRole', rArn('Ops')))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))], who: uArn('alice'), admin: false },
  { name: 'direct trust still stopped by a Deny', principals: [{ name: 'alice', docs: [pol(deny('sts:AssumeRole'))] }, adminRole('Ops', trustAws(uArn('alice')))], who: uArn('alice'), admin: false },
  { name: 'AssumeRole outside the permissions boundary', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))], boundary: pol(allow('s3:*')) }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))], who: uArn('alice'), admin: false },
  { name: 'AssumeRole limited to another role', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole', rArn('ReadOnly')))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))], who: uArn('alice'), admin: false },
  { name: 'trust under an MFA condition: conditional', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))], who: uArn('alice'), admin: true, conditional: true },
  { name: 'trust condition on aws:PrincipalArn naming someone else: never holds', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`, { ArnEquals: { 'aws:PrincipalArn': uArn('bob') } }))], who: uArn('alice'), admin: false },
  { name: 'trust condition on aws:PrincipalArn naming the principal: unconditional', principals: [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`, { ArnLike: { 'aws:PrincipalArn': uArn('ali*') } }))], who: uArn('alice'), admin: true, conditional: false },
  {
    name: 'chain user → role A → role B → admin role',
    principals: [{ name: 'alice' }, { name: 'A', trust: trustAws(uArn('alice')) }, { name: 'B', trust: trustAws(rArn('A')) }, adminRole('C', trustAws(rArn('B')))],
    who: uArn('alice'),
    admin: true,
    path: 'user/alice → sts:AssumeRole → role/A → sts:AssumeRole → role/B → sts:AssumeRole → role/C (AdministratorAccess)',
  },
  { name: 'chain broken in the middle', principals: [{ name: 'alice' }, { name: 'A', trust: trustAws(uArn('alice')) }, { name: 'B', trust: trustAws(uArn('someone')) }, adminRole('C', trustAws(rArn('B')))], who: uArn('alice'), admin: false },
  // --- pass-role
  { name: 'PassRole + lambda to a role trusting lambda', principals: [{ name: 'dev', docs: [pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('dev'), admin: true, path: 'user/dev → iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction → role/OpsAdmin (AdministratorAccess)' },
  { name: 'region-specific service principal in a list', principals: [{ name: 'dev', docs: [pol(allow(['iam:PassRole', 'states:CreateStateMachine', 'states:StartExecution']))] }, adminRole('Flow', trustSvc('events.amazonaws.com', 'states.eu-west-1.amazonaws.com'))], who: uArn('dev'), admin: true },
  { name: 'trust does not admit the service (lambda role, SageMaker pass)', principals: [{ name: 'ds', docs: [pol(allow(['sagemaker:*']), allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('ds'), admin: false },
  { name: 'PassRole + RunInstances, admin role trusts only a user', principals: [{ name: 'dev', docs: [pol(allow(['iam:PassRole', 'ec2:RunInstances']))] }, adminRole('Ops', trustAws(uArn('bob')))], who: uArn('dev'), admin: false },
  { name: 'PassedToService for another service', principals: [{ name: 'dev', docs: [pol(allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('dev'), admin: false },
  { name: 'PassRole on another account\'s roles only', principals: [{ name: 'dev', docs: [pol(allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', 'arn:aws:iam::444455556666:role/*'))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('dev'), admin: false },
  { name: 'PassRole on every role of this account', principals: [{ name: 'dev', docs: [pol(allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', `arn:aws:iam::${A}:role/*`))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('dev'), admin: true },
  { name: 'PassRole limited to a harmless role', principals: [{ name: 'dev', docs: [pol(allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', rArn('app-*')))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('dev'), admin: false },
  { name: 'circular PassRole without an admin base', principals: [{ name: 'r1', trust: trustSvc('lambda.amazonaws.com'), docs: [pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] }, { name: 'r2', trust: trustSvc('lambda.amazonaws.com'), docs: [pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] }], who: rArn('r1'), admin: false },
  // --- existing-resource
  { name: 'UpdateFunctionCode with an admin lambda role: conditional', principals: [{ name: 'dev', docs: [pol(allow('lambda:UpdateFunctionCode'))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('dev'), admin: true, conditional: true },
  { name: 'UpdateFunctionCode, admin role trusts ec2 only', principals: [{ name: 'dev', docs: [pol(allow('lambda:UpdateFunctionCode'))] }, adminRole('OpsAdmin', trustSvc('ec2.amazonaws.com'))], who: uArn('dev'), admin: false },
  // --- update-trust
  { name: 'UpdateAssumeRolePolicy on an admin role', principals: [{ name: 'dev', docs: [pol(allow('iam:UpdateAssumeRolePolicy', rArn('Ops')))] }, adminRole('Ops', trustSvc('ec2.amazonaws.com'))], who: uArn('dev'), admin: true, path: 'user/dev → iam:UpdateAssumeRolePolicy → role/Ops' },
  { name: 'UpdateAssumeRolePolicy on another role only', principals: [{ name: 'dev', docs: [pol(allow('iam:UpdateAssumeRolePolicy', rArn('App')))] }, adminRole('Ops', trustSvc('ec2.amazonaws.com'))], who: uArn('dev'), admin: false },
  // --- credentials
  { name: 'CreateAccessKey for an admin user', principals: [{ name: 'helpdesk', docs: [pol(allow('iam:CreateAccessKey', uArn('*')))] }, { name: 'boss', docs: [ADMIN] }], who: uArn('helpdesk'), admin: true, path: 'user/helpdesk → iam:CreateAccessKey → user/boss' },
  { name: 'CreateAccessKey only for itself (${aws:username})', principals: [{ name: 'helpdesk', docs: [pol(allow('iam:CreateAccessKey', `arn:aws:iam::${A}:user/\${aws:username}`))] }, { name: 'boss', docs: [ADMIN] }], who: uArn('helpdesk'), admin: false },
  { name: 'UpdateLoginProfile for users under /support/ only', principals: [{ name: 'helpdesk', docs: [pol(allow('iam:UpdateLoginProfile', `arn:aws:iam::${A}:user/support/*`))] }, { name: 'boss', docs: [ADMIN] }], who: uArn('helpdesk'), admin: false },
  // --- policy rewriting
  { name: 'CreatePolicyVersion on a customer policy attached to an assumable role', principals: [{ name: 'dev', docs: [pol(allow('iam:CreatePolicyVersion', `arn:aws:iam::${A}:policy/app`), allow('sts:AssumeRole', rArn('App')))] }, { name: 'App', trust: trustAws(`arn:aws:iam::${A}:root`), managed: [{ arn: `arn:aws:iam::${A}:policy/app`, doc: pol(allow('s3:GetObject')) }] }], who: uArn('dev'), admin: true, path: 'iam:CreatePolicyVersion' },
  { name: 'CreatePolicyVersion on AWS managed policies only', principals: [{ name: 'dev', docs: [pol(allow('iam:CreatePolicyVersion', 'arn:aws:iam::aws:policy/*'), allow('sts:AssumeRole', rArn('App')))] }, { name: 'App', trust: trustAws(`arn:aws:iam::${A}:root`), managed: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', doc: pol(allow('s3:GetObject')) }] }], who: uArn('dev'), admin: false },
  { name: 'CreatePolicyVersion on another account\'s policies', principals: [{ name: 'dev', docs: [pol(allow('iam:CreatePolicyVersion', 'arn:aws:iam::444455556666:policy/*'), allow('sts:AssumeRole', rArn('App')))] }, { name: 'App', trust: trustAws(`arn:aws:iam::${A}:root`), managed: [{ arn: `arn:aws:iam::${A}:policy/app`, doc: pol(allow('s3:GetObject')) }] }], who: uArn('dev'), admin: false },
  { name: 'PutRolePolicy on a role it cannot reach', principals: [{ name: 'dev', docs: [pol(allow('iam:PutRolePolicy'))] }, { name: 'App', trust: trustSvc('ec2.amazonaws.com') }], who: uArn('dev'), admin: false },
  { name: 'AttachRolePolicy + AssumeRole on that role', principals: [{ name: 'dev', docs: [pol(allow(['iam:AttachRolePolicy', 'sts:AssumeRole'], rArn('App')))] }, { name: 'App', trust: trustAws(`arn:aws:iam::${A}:root`) }], who: uArn('dev'), admin: true, path: 'user/dev → sts:AssumeRole → role/App → iam:AttachRolePolicy → role/App' },
  // --- static conditions
  { name: 'grant under DateLessThan aws:TokenIssueTime 2020: never holds', principals: [{ name: 'dev', docs: [pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], '*', { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } }))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))], who: uArn('dev'), admin: false },
  { name: 'aws:CurrentTime window already past: never holds', principals: [{ name: 'dev', docs: [pol(allow('sts:AssumeRole', '*', { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2024-02-01T00:00:00Z' } }))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))], who: uArn('dev'), admin: false },
  { name: 'aws:CurrentTime window open now: unconditional', principals: [{ name: 'dev', docs: [pol(allow('sts:AssumeRole', '*', { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))], who: uArn('dev'), admin: true, conditional: false },
];

describe('privilege graph: edge kinds, positive and negative', () => {
  it.each(ROWS)('$name', (row) => {
    const g = graph(row.principals);
    const v = g.verdict(row.who);
    expect(v?.admin).toBe(row.admin);
    if (row.conditional !== undefined) expect(v?.conditional).toBe(row.conditional);
    if (row.path) expect(v?.pathText).toContain(row.path);
    if (v?.admin && !v.base) {
      expect(v.path.length).toBeGreaterThan(0);
      expect(v.path[0].from).toBe(row.who);
    }
  });
});

describe('privilege graph: organization and evidence', () => {
  const orgTrust = (org: string) => trustAws('*', { StringEquals: { 'aws:PrincipalOrgID': org } });
  it('aws:PrincipalOrgID is decided when the organization is known', () => {
    const ps: P[] = [{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))] }, adminRole('Ops', orgTrust('o-abc123'))];
    expect(graph(ps, { orgId: 'o-abc123' }).verdict(uArn('alice'))).toMatchObject({ admin: true, conditional: false });
    expect(graph(ps, { orgId: 'o-other' }).verdict(uArn('alice'))?.admin).toBe(false);
    expect(graph(ps).verdict(uArn('alice'))).toMatchObject({ admin: true, conditional: true });
  });

  it('each path step names the policies granting it', () => {
    const g = graph([{ name: 'dev', docs: [pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] }, adminRole('OpsAdmin', trustSvc('lambda.amazonaws.com'))]);
    const v = g.verdict(uArn('dev'));
    expect(v?.path).toEqual([
      expect.objectContaining({ from: uArn('dev'), to: rArn('OpsAdmin'), kind: 'pass-role', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], policies: ['inline policy p0 of user dev'] }),
    ]);
    expect(v?.adminVia).toBe('AdministratorAccess');
  });

  it('counts nodes and edges by kind', () => {
    const g = graph([
      { name: 'alice', docs: [pol(allow(['sts:AssumeRole', 'iam:CreateAccessKey', 'iam:UpdateAssumeRolePolicy', 'iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode']))] },
      { name: 'bob' },
      { name: 'fn', trust: trustSvc('lambda.amazonaws.com') },
      { name: 'ops', trust: trustAws(`arn:aws:iam::${A}:root`) },
    ]);
    const s = g.stats();
    expect(s.nodes).toBe(4);
    // PassRole on every role and code changes to any function go through one shared service node each (principal → hub → role).
    expect(s.serviceHubs).toBe(2);
    expect(s.byKind).toEqual({ 'assume-role': 1, 'pass-role': 2, 'existing-resource': 2, 'update-trust': 2, credentials: 1 });
    expect(s.edges).toBe(8);
    expect(s.principalPairs).toBe(6);
    expect(g.neighbours(uArn('alice')).sort((a, b) => (a.kind + a.to).localeCompare(b.kind + b.to))).toEqual([
      { to: rArn('ops'), kind: 'assume-role' },
      { to: uArn('bob'), kind: 'credentials' },
      { to: rArn('fn'), kind: 'existing-resource' },
      { to: rArn('fn'), kind: 'pass-role' },
      { to: rArn('fn'), kind: 'update-trust' },
      { to: rArn('ops'), kind: 'update-trust' },
    ]);
  });

  it('a self-grant through an admin group it can join', () => {
    const g = buildPrivilegeGraph({
      accountId: A,
      now: NOW,
      principals: [principal({ name: 'dev', docs: [pol(allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/Admins`))] })],
      groups: [{ arn: `arn:aws:iam::${A}:group/Admins`, name: 'Admins', members: [], sources: [{ label: 'managed policy AdministratorAccess', document: ADMIN, managedArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
    });
    expect(g.verdict(uArn('dev'))).toMatchObject({ admin: true, adminVia: 'group Admins' });
  });

  it('non-admin escalation names the principal gained', () => {
    const g = graph([{ name: 'dev', docs: [pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] }, { name: 'data', trust: trustSvc('lambda.amazonaws.com'), docs: [pol(allow('s3:*'))] }]);
    expect(g.verdict(uArn('dev'))?.admin).toBe(false);
    expect(g.escalation(uArn('dev'))).toMatchObject({ to: rArn('data'), pathText: 'user/dev → iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction → role/data' });
  });
});

describe('service principal forms', () => {
  it.each([
    ['lambda.amazonaws.com', 'lambda'],
    ['states.eu-west-1.amazonaws.com', 'states'],
    ['ecs-tasks.amazonaws.com', 'ecs-tasks'],
    ['tasks.apprunner.amazonaws.com', 'tasks.apprunner'],
    ['LAMBDA.amazonaws.com.cn', 'lambda'],
  ])('%s → %s', (p, base) => expect(serviceBase(p)).toBe(base));

  it('string, list and Principal "*" forms admit; a user-only trust does not', () => {
    const ctx = { now: NOW };
    expect(trustAdmitsService(trustSvc('sagemaker.amazonaws.com'), 'sagemaker.amazonaws.com', ctx).admits).toBe(true);
    expect(trustAdmitsService(trustSvc('glue.amazonaws.com', 'sagemaker.amazonaws.com'), 'sagemaker.amazonaws.com', ctx).admits).toBe(true);
    expect(trustAdmitsService(pol({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), 'sagemaker.amazonaws.com', ctx).admits).toBe(true);
    expect(trustAdmitsService(trustAws(uArn('bob')), 'ec2.amazonaws.com', ctx).admits).toBe(false);
    expect(trustAdmitsService(trustSvc('lambda.amazonaws.com'), 'sagemaker.amazonaws.com', ctx).admits).toBe(false);
  });
});

describe('a conditional grant on every role does not hide an unconditional grant on one role', () => {
  const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  it('sts:AssumeRole on "*" under MFA plus sts:AssumeRole on the admin role: an unconditional path', () => {
    const g = graph([{ name: 'alice', docs: [pol(allow('sts:AssumeRole', '*', MFA)), pol(allow('sts:AssumeRole', rArn('Ops')))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))]);
    const v = g.verdict(uArn('alice'));
    expect(v).toMatchObject({ admin: true, conditional: false });
    expect(v?.path[0]).toMatchObject({ kind: 'assume-role', conditional: false, policies: expect.arrayContaining(['inline policy p1 of user alice']) });
  });

  it('with only the conditional grant the path stays conditional', () => {
    const g = graph([{ name: 'alice', docs: [pol(allow('sts:AssumeRole', '*', MFA))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))]);
    expect(g.verdict(uArn('alice'))).toMatchObject({ admin: true, conditional: true });
  });

  const LAMBDA = ['lambda:CreateFunction', 'lambda:InvokeFunction'];
  it('iam:PassRole on "*" for EC2 only (iam:PassedToService) plus iam:PassRole on a Lambda admin role: a path through Lambda', () => {
    const toEc2 = allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
    const g = graph([{ name: 'dev', docs: [pol(allow(LAMBDA), toEc2, allow('iam:PassRole', rArn('LambdaAdmin')))] }, adminRole('LambdaAdmin', trustSvc('lambda.amazonaws.com'))]);
    expect(g.verdict(uArn('dev'))).toMatchObject({ admin: true, conditional: false, adminArn: rArn('LambdaAdmin') });
    // Without the grant naming the role, EC2 only: no path to a Lambda role.
    expect(graph([{ name: 'dev', docs: [pol(allow(LAMBDA), toEc2)] }, adminRole('LambdaAdmin', trustSvc('lambda.amazonaws.com'))]).verdict(uArn('dev'))?.admin).toBe(false);
  });

  it('iam:PassRole on "*" under MFA plus iam:PassRole on the Lambda admin role: an unconditional path', () => {
    const g = graph([{ name: 'dev', docs: [pol(allow(LAMBDA), allow('iam:PassRole', '*', MFA), allow('iam:PassRole', rArn('LambdaAdmin')))] }, adminRole('LambdaAdmin', trustSvc('lambda.amazonaws.com'))]);
    expect(g.verdict(uArn('dev'))).toMatchObject({ admin: true, conditional: false });
    expect(graph([{ name: 'dev', docs: [pol(allow(LAMBDA), allow('iam:PassRole', '*', MFA))] }, adminRole('LambdaAdmin', trustSvc('lambda.amazonaws.com'))]).verdict(uArn('dev'))).toMatchObject({ admin: true, conditional: true });
  });

  it('iam:CreateAccessKey on every user under MFA plus on the admin user: an unconditional path', () => {
    const g = graph([{ name: 'helpdesk', docs: [pol(allow('iam:CreateAccessKey', uArn('*'), MFA), allow('iam:CreateAccessKey', uArn('boss')))] }, { name: 'boss', docs: [ADMIN] }]);
    expect(g.verdict(uArn('helpdesk'))).toMatchObject({ admin: true, conditional: false });
  });
});

describe('service admission through a Principal "*" trust statement', () => {
  const dev: P = { name: 'dev', docs: [pol(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] };
  // A role whose trust admits EC2 by name and, in a second statement, anyone (Principal "*"): Lambda may assume it too.
  const openTrust = pol({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' });

  it('a "*" statement beside a named service still admits every service', () => {
    const g = graph([dev, adminRole('Open', openTrust)]);
    expect(g.verdict(uArn('dev'))).toMatchObject({ admin: true, adminArn: rArn('Open') });
    expect(g.verdict(uArn('dev'))?.pathText).toContain('iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction → role/Open');
  });

  it('another role trusting the same service by name does not hide it', () => {
    const g = graph([dev, { name: 'Worker', trust: trustSvc('lambda.amazonaws.com'), docs: [pol(allow('s3:GetObject'))] }, adminRole('Open', openTrust)]);
    expect(g.verdict(uArn('dev'))).toMatchObject({ admin: true, adminArn: rArn('Open') });
  });
});

describe('rewriting another user\'s policies', () => {
  it('a user who can take over bob (CreateAccessKey) and attach any policy to bob is admin', () => {
    const g = graph([{ name: 'helpdesk', docs: [pol(allow(['iam:CreateAccessKey', 'iam:AttachUserPolicy'], uArn('bob')))] }, { name: 'bob', docs: [pol(allow('s3:GetObject'))] }]);
    const v = g.verdict(uArn('helpdesk'));
    expect(v).toMatchObject({ admin: true, base: false });
    expect(v?.pathText).toBe('user/helpdesk → iam:CreateAccessKey → user/bob → iam:AttachUserPolicy → user/bob (grants user/bob any permission)');
  });

  it('with iam:PutUserPolicy instead', () => {
    const g = graph([{ name: 'helpdesk', docs: [pol(allow(['iam:CreateLoginProfile', 'iam:PutUserPolicy'], uArn('bob')))] }, { name: 'bob' }]);
    expect(g.verdict(uArn('helpdesk'))).toMatchObject({ admin: true, base: false });
  });

  it('without a way to act as bob it is not', () => {
    const g = graph([{ name: 'helpdesk', docs: [pol(allow('iam:AttachUserPolicy', uArn('bob')))] }, { name: 'bob' }]);
    expect(g.verdict(uArn('helpdesk'))?.admin).toBe(false);
  });
});

describe('verdict.base: admin on its own policies, or through a path', () => {
  it('an AdministratorAccess role is base, with no path', () => {
    const g = graph([adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))]);
    expect(g.verdict(rArn('Ops'))).toMatchObject({ admin: true, base: true, path: [] });
  });

  it('a user reaching it through sts:AssumeRole is not base', () => {
    const g = graph([{ name: 'alice', docs: [pol(allow('sts:AssumeRole'))] }, adminRole('Ops', trustAws(`arn:aws:iam::${A}:root`))]);
    expect(g.verdict(uArn('alice'))).toMatchObject({ admin: true, base: false, adminArn: rArn('Ops') });
  });
});
