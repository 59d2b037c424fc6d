import { analysePolicies } from '../../lib/policy/analyse';
import { getCatalog } from '../../lib/policy/catalog';
import { allow, deny, doc } from './helpers';

const USER = 'arn:aws:iam::111111111111:user/alice';

describe('admin-equivalence: everything on everything', () => {
  it.each([
    ['Action "*"', [allow('*')]],
    ['Action "*:*"', [allow('*:*')]],
    ['NotAction of one harmless action', [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: '*' }]],
    ['NotResource trick', [{ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::nothing' }]],
    ['two statements that together cover everything', [allow(['iam:*', 'sts:*']), { Effect: 'Allow', NotAction: ['iam:*', 'sts:*'], Resource: '*' }]],
  ])('%s is admin-equivalent', (_n, statements) => {
    const a = analysePolicies([doc(statements)]);
    expect(a.adminEquivalent).toBe(true);
    expect(a.conditional).toBe(false);
    expect(a.adminReasons.length).toBeGreaterThan(0);
  });

  it('names the statement in its reason', () => {
    expect(analysePolicies([doc([allow('s3:GetObject'), allow('*')])]).adminReasons[0]).toBe('Statement 1 allows "*" on "*"');
  });

  it.each([
    ['NotAction of iam/organizations/account (PowerUser-like)', [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }]],
    ['"*" on one bucket only', [allow('*', 'arn:aws:s3:::b/*')]],
    ['"*" with a Deny of iam:*', [allow('*'), deny('iam:*')]],
    ['service wildcards', [allow(['s3:*', 'ec2:*', 'dynamodb:*'])]],
  ])('%s is not admin-equivalent', (_n, statements) => {
    expect(analysePolicies([doc(statements)]).adminEquivalent).toBe(false);
  });

  it('is conditional when it needs a Condition (MFA), and recorded as such', () => {
    const a = analysePolicies([doc([allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })])]);
    expect(a.adminEquivalent).toBe(true);
    expect(a.conditional).toBe(true);
    expect(a.adminReasons[0]).toContain('under a Condition');
  });

  it('a permissions boundary without IAM removes it', () => {
    const boundary = doc([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
    expect(analysePolicies([doc([allow('*')])], { boundary: [boundary] }).adminEquivalent).toBe(false);
  });

  it('an explicit Deny in the boundary subtracts too', () => {
    const boundary = doc([allow('*'), deny('iam:*')]);
    expect(analysePolicies([doc([allow('*')])], { boundary: [boundary] }).adminEquivalent).toBe(false);
  });
});

describe('admin-equivalence: the power to grant oneself anything', () => {
  it.each([
    ['PutUserPolicy on itself (ARN known)', [allow('iam:PutUserPolicy', USER)], { principalArn: USER }],
    ['AttachUserPolicy on ${aws:username}', [allow('iam:AttachUserPolicy', 'arn:aws:iam::*:user/${aws:username}')], {}],
    ['AttachGroupPolicy on its own group', [allow('iam:AttachGroupPolicy', 'arn:aws:iam::111111111111:group/devs')], { principalArn: USER, groups: ['arn:aws:iam::111111111111:group/devs'] }],
    ['PutRolePolicy on its own role', [allow('iam:PutRolePolicy', 'arn:aws:iam::111111111111:role/app')], { principalArn: 'arn:aws:iam::111111111111:role/app' }],
    ['CreatePolicyVersion on an attached policy', [allow('iam:CreatePolicyVersion', 'arn:aws:iam::111111111111:policy/mine')], { principalArn: USER, attachedPolicyArns: ['arn:aws:iam::111111111111:policy/mine'] }],
    ['PassRole to a privileged role + Lambda', [allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', 'arn:aws:iam::111111111111:role/admin')], { privilegedRoles: ['arn:aws:iam::111111111111:role/admin'] }],
    ['iam:* (IAMFullAccess)', [allow('iam:*')], {}],
  ])('%s', (_n, statements, opts) => {
    const a = analysePolicies([doc(statements)], opts);
    expect(a.adminEquivalent).toBe(true);
    expect(a.adminReasons.join(' ')).toMatch(/itself|own|privileged/);
  });

  it.each([
    ['PutUserPolicy on another user', [allow('iam:PutUserPolicy', 'arn:aws:iam::111111111111:user/bob')], { principalArn: USER }],
    ['AttachGroupPolicy on a group it is not in', [allow('iam:AttachGroupPolicy', 'arn:aws:iam::111111111111:group/admins')], { principalArn: USER, groups: ['arn:aws:iam::111111111111:group/devs'] }],
    ['CreatePolicyVersion on a policy not attached to it', [allow('iam:CreatePolicyVersion', 'arn:aws:iam::111111111111:policy/other')], { principalArn: USER, attachedPolicyArns: ['arn:aws:iam::111111111111:policy/mine'] }],
    ['PassRole to a named, unprivileged role + Lambda', [allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', 'arn:aws:iam::111111111111:role/basic')], {}],
    ['ChangePassword on itself (IAMUserChangePassword)', [allow('iam:ChangePassword', 'arn:aws:iam::*:user/${aws:username}'), allow('iam:GetAccountPasswordPolicy')], {}],
  ])('not: %s', (_n, statements, opts) => {
    expect(analysePolicies([doc(statements)], opts).adminEquivalent).toBe(false);
  });
});

describe('sensitive grants', () => {
  it.each([
    ['cloudtrail-tamper', [allow('cloudtrail:StopLogging')]],
    ['cloudtrail-tamper', [allow('cloudtrail:*', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/main')]],
    ['kms-full', [allow('kms:*')]],
    ['sts-assume-any-role', [allow('sts:AssumeRole')]],
    ['marketplace-subscribe', [allow('aws-marketplace:Subscribe')]],
    ['iam-full', [allow('iam:*')]],
  ])('%s', (id, statements) => {
    const a = analysePolicies([doc(statements)]);
    expect(a.sensitive.map((s) => s.id)).toContain(id);
  });

  it.each([
    ['kms:* on one key', [allow('kms:*', 'arn:aws:kms:us-east-1:111111111111:key/abc')], 'kms-full'],
    ['sts:AssumeRole on one role', [allow('sts:AssumeRole', 'arn:aws:iam::111111111111:role/ci')], 'sts-assume-any-role'],
    ['cloudtrail reads', [allow(['cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:LookupEvents'])], 'cloudtrail-tamper'],
    ['StopLogging denied', [allow('cloudtrail:*'), deny(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'])], 'cloudtrail-tamper'],
  ])('not for %s', (_n, statements, id) => {
    expect(analysePolicies([doc(statements)]).sensitive.map((s) => s.id)).not.toContain(id);
  });
});

describe('access levels, full access, unknown actions, warnings', () => {
  it('summarises allowed actions per service and access level', () => {
    const a = analysePolicies([doc([allow(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 'iam:AttachRolePolicy', 'iam:TagRole'])])]);
    expect(a.services).toEqual({
      iam: { 'Permissions management': ['iam:AttachRolePolicy'], Tagging: ['iam:TagRole'] },
      s3: { List: ['s3:ListBucket'], Read: ['s3:GetObject'], Write: ['s3:PutObject'] },
    });
  });

  it('lists every action of a service wildcard and calls it full access only on every resource', () => {
    const total = getCatalog().actions.filter((x) => x.service === 'sqs').length;
    const a = analysePolicies([doc([allow('sqs:*')])]);
    expect(Object.values(a.services.sqs ?? {}).flat().length).toBe(total);
    expect(a.fullAccessServices).toEqual(['sqs']);
    expect(analysePolicies([doc([allow('sqs:*', 'arn:aws:sqs:*:*:queue-a')])]).fullAccessServices).toEqual([]);
  });

  it('reports typos and unknown services, keeps going', () => {
    const a = analysePolicies([doc([allow(['s3:GetObjct', 'ec3:RunInstances', 's3:GetObject'])])]);
    expect(a.unknownActions).toEqual(['s3:GetObjct', 'ec3:RunInstances']);
    expect(a.services.s3?.Read).toEqual(['s3:GetObject']);
  });

  it('warns about NotAction with Allow, a Principal in an identity policy, a conditional Deny, a missing Resource', () => {
    const a = analysePolicies([
      doc([
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        { Effect: 'Allow', Action: 'sqs:SendMessage' },
      ]),
    ]);
    expect(a.warnings).toEqual([
      expect.stringContaining('Statement 0 allows every action except "iam:*"'),
      expect.stringContaining('Statement 1 has a Principal'),
      expect.stringContaining('Statement 3 has neither Resource nor NotResource'),
      expect.stringContaining('denies only under a Condition'),
    ]);
    expect(analysePolicies([doc([{ Effect: 'Allow', Action: 'sqs:SendMessage' }])]).services).toEqual({});
  });

  it('an empty document grants nothing', () => {
    const a = analysePolicies([doc([])]);
    expect(a).toEqual({ adminEquivalent: false, adminReasons: [], fullAccessServices: [], escalations: [], sensitive: [], unknownActions: [], conditional: false, services: {}, warnings: [] });
  });

  it('services serialise as a plain property (JSON, spread)', () => {
    const a = analysePolicies([doc([allow('sns:Publish')])]);
    expect(JSON.parse(JSON.stringify(a)).services).toEqual({ sns: { Write: ['sns:Publish'] } });
    expect({ ...a }.services).toEqual({ sns: { Write: ['sns:Publish'] } });
  });
});
