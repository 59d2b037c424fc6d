/**
 * lib/policy/trust-admits: does a role's trust policy let this principal (or service) call sts:AssumeRole? (IAM User
 * Guide, "Policy evaluation logic" for role trust policies: an explicit Deny wins; a principal is named by its ARN,
 * by its account (the root ARN or the bare account id, which then needs an identity-policy grant), or by "*".)
 */
import { serviceBase, trustAdmitsAnyone, trustAdmitsPrincipal, trustAdmitsService, trustedServices, trustNamedArns, trustNamesAccount } from '../../lib/policy/trust-admits';
import type { StaticContext } from '../../lib/policy/conditions';
import { doc } from './helpers';

const A = '111122223333';
const B = '444455556666';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const CI = `arn:aws:iam::${A}:role/ci`;
const ctx: StaticContext = { now: new Date('2026-06-01T12:00:00Z'), orgId: 'o-abc123' };
const assume = (Principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });
const NO = { admits: false, direct: false, conditional: false, conditions: [] };
const YES_DIRECT = { admits: true, direct: true, conditional: false, conditions: [] };
const YES_ACCOUNT = { admits: true, direct: false, conditional: false, conditions: [] };

describe('trustAdmitsPrincipal', () => {
  it('no trust policy admits no one', () => {
    expect(trustAdmitsPrincipal(undefined, ALICE, A, ctx)).toEqual(NO);
  });

  it.each([
    ['its own ARN: direct', { AWS: ALICE }, YES_DIRECT],
    ['its ARN among others', { AWS: [CI, ALICE] }, YES_DIRECT],
    ['its account root: admitted, not direct', { AWS: `arn:aws:iam::${A}:root` }, YES_ACCOUNT],
    ['its bare account id', { AWS: A }, YES_ACCOUNT],
    ['its account root in another partition', { AWS: `arn:aws-cn:iam::${A}:root` }, YES_ACCOUNT],
    ['"*"', '*', YES_ACCOUNT],
    ['AWS "*"', { AWS: '*' }, YES_ACCOUNT],
    ['another user', { AWS: `arn:aws:iam::${A}:user/bob` }, NO],
    ['another account', { AWS: `arn:aws:iam::${B}:root` }, NO],
    ['another bare account id', { AWS: B }, NO],
    ['a service', { Service: 'lambda.amazonaws.com' }, NO],
  ])('%s', (_n, principal, expected) => {
    expect(trustAdmitsPrincipal(doc([assume(principal)]), ALICE, A, ctx)).toEqual(expected);
  });

  it('a session of the role itself is the role (the assumer picks the session name)', () => {
    const session = { AWS: `arn:aws:sts::${A}:assumed-role/ci/any-session` };
    expect(trustAdmitsPrincipal(doc([assume(session)]), CI, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(doc([assume(session)]), `arn:aws:iam::${A}:role/other`, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume(session)]), `arn:aws:iam::${B}:role/ci`, B, ctx)).toEqual(NO);
    // A user named like the role is not the role.
    expect(trustAdmitsPrincipal(doc([assume(session)]), `arn:aws:iam::${A}:user/ci`, A, ctx)).toEqual(NO);
  });

  it('the most specific match wins: its own ARN beats "*" whatever the order', () => {
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ['*', ALICE] })]), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ['*', A] })]), ALICE, A, ctx)).toEqual(YES_ACCOUNT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: [A, '*'] })]), ALICE, A, ctx)).toEqual(YES_ACCOUNT);
  });

  it('actions: sts:AssumeRole or a wildcard over it (any case); NotAction that spares it', () => {
    const withAction = (Action: unknown) => doc([{ Effect: 'Allow', Principal: { AWS: ALICE }, Action }]);
    expect(trustAdmitsPrincipal(withAction('sts:*'), ALICE, A, ctx).admits).toBe(true);
    expect(trustAdmitsPrincipal(withAction('STS:assumerole'), ALICE, A, ctx).admits).toBe(true);
    expect(trustAdmitsPrincipal(withAction('sts:AssumeRoleWithSAML'), ALICE, A, ctx).admits).toBe(false);
    expect(trustAdmitsPrincipal(withAction(['sts:TagSession', 'sts:AssumeRole']), ALICE, A, ctx).admits).toBe(true);
    const notAction = (NotAction: unknown) => doc([{ Effect: 'Allow', Principal: { AWS: ALICE }, NotAction }]);
    expect(trustAdmitsPrincipal(notAction('sts:TagSession'), ALICE, A, ctx).admits).toBe(true);
    expect(trustAdmitsPrincipal(notAction('sts:Assume*'), ALICE, A, ctx).admits).toBe(false);
  });

  it('NotPrincipal admits everyone but the principals it lists', () => {
    const np = (NotPrincipal: unknown) => doc([{ Effect: 'Allow', NotPrincipal, Action: 'sts:AssumeRole' }]);
    expect(trustAdmitsPrincipal(np({ AWS: `arn:aws:iam::${A}:user/bob` }), ALICE, A, ctx)).toEqual(YES_ACCOUNT);
    expect(trustAdmitsPrincipal(np({ AWS: ALICE }), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(np({ AWS: A }), ALICE, A, ctx)).toEqual(NO);
  });

  it('conditions: decided ones count, undecided ones make the admission conditional and are named', () => {
    const cond = (Condition: unknown) => doc([assume({ AWS: ALICE }, { Condition })]);
    expect(trustAdmitsPrincipal(cond({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(cond({ StringEquals: { 'aws:PrincipalOrgID': 'o-other' } }), ALICE, A, ctx)).toEqual(NO);
    // The principal's own account, ARN and type are known when judging it.
    expect(trustAdmitsPrincipal(cond({ StringEquals: { 'aws:PrincipalAccount': B } }), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(cond({ StringEquals: { 'aws:PrincipalAccount': A } }), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(cond({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } }), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(cond({ StringEquals: { 'aws:PrincipalType': 'User' } }), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: CI }, { Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } })]), CI, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: CI }, { Condition: { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } } })]), CI, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(cond({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), ALICE, A, ctx)).toEqual({
      admits: true,
      direct: true,
      conditional: true,
      conditions: ['Bool aws:MultiFactorAuthPresent true'],
    });
  });

  it('an unconditional admission is preferred to a conditional one, then a direct one', () => {
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }, mfa), assume({ AWS: A })]), ALICE, A, ctx)).toEqual(YES_ACCOUNT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: A }), assume({ AWS: ALICE }, mfa)]), ALICE, A, ctx)).toEqual(YES_ACCOUNT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: A }), assume({ AWS: ALICE })]), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), assume({ AWS: A })]), ALICE, A, ctx)).toEqual(YES_DIRECT);
    const both = trustAdmitsPrincipal(doc([assume({ AWS: A }, mfa), assume({ AWS: ALICE }, mfa)]), ALICE, A, ctx);
    expect(both).toMatchObject({ admits: true, direct: true, conditional: true });
    const first = trustAdmitsPrincipal(doc([assume({ AWS: ALICE }, mfa), assume({ AWS: A }, mfa)]), ALICE, A, ctx);
    expect(first).toMatchObject({ admits: true, direct: true, conditional: true });
  });

  it('an explicit Deny naming the principal wins when its condition surely holds; a conditional Deny does not', () => {
    const deny = (Principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Principal, Action: 'sts:AssumeRole', ...extra });
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), deny({ AWS: ALICE })]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), deny('*')]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), deny({ AWS: CI })]), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), deny({ AWS: ALICE }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })]), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), deny({ AWS: ALICE }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })]), ALICE, A, ctx)).toEqual(NO);
    // A Deny of another action, or one without a Principal, blocks nothing here.
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), { Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'sts:TagSession' }]), ALICE, A, ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: ALICE }), { Effect: 'Deny', NotPrincipal: { AWS: CI }, Action: 'sts:AssumeRole' }]), ALICE, A, ctx)).toEqual(YES_DIRECT);
  });
});

describe('trustAdmitsService', () => {
  it('matches the service in any form AWS accepts', () => {
    const trust = doc([assume({ Service: 'states.eu-west-1.amazonaws.com' })]);
    expect(trustAdmitsService(trust, 'states.amazonaws.com', ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsService(doc([assume({ Service: 'LAMBDA.amazonaws.com.cn' })]), 'lambda.amazonaws.com', ctx)).toEqual(YES_DIRECT);
    expect(trustAdmitsService(doc([assume({ Service: 'lambda.amazonaws.com' })]), 'ec2.amazonaws.com', ctx)).toEqual(NO);
    expect(trustAdmitsService(doc([assume('*')]), 'ec2.amazonaws.com', ctx)).toEqual(YES_ACCOUNT);
    expect(trustAdmitsService(doc([assume({ AWS: '*' })]), 'ec2.amazonaws.com', ctx)).toEqual(NO);
    expect(trustAdmitsService(undefined, 'ec2.amazonaws.com', ctx)).toEqual(NO);
  });

  it('a source guard is not decided statically: the admission is conditional', () => {
    const trust = doc([assume({ Service: 'lambda.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': A } } })]);
    expect(trustAdmitsService(trust, 'lambda.amazonaws.com', ctx)).toEqual({ admits: true, direct: true, conditional: true, conditions: [`StringEquals aws:SourceAccount ${A}`] });
  });
});

describe('serviceBase', () => {
  it.each([
    ['lambda.amazonaws.com', 'lambda'],
    ['  Lambda.AmazonAWS.com ', 'lambda'],
    ['states.eu-west-1.amazonaws.com', 'states'],
    ['states.us-gov-west-1.amazonaws.com', 'states'],
    ['ec2.amazonaws.com.cn', 'ec2'],
    ['logs.ap-southeast-2.amazonaws.com', 'logs'],
    ['elasticmapreduce.amazonaws.com', 'elasticmapreduce'],
    ['not-a-service', 'not-a-service'],
    ['lambda.example.com', 'lambda.example.com'],
  ])('%j → %j', (p, base) => expect(serviceBase(p)).toBe(base));
});

describe('trustedServices, trustAdmitsAnyone, trustNamesAccount, trustNamedArns', () => {
  it('lists the services of Allow statements for sts:AssumeRole, one entry per base name', () => {
    const trust = doc([
      assume({ Service: ['lambda.amazonaws.com', 'states.eu-west-1.amazonaws.com', 'states.amazonaws.com'] }),
      assume({ Service: 'ec2.amazonaws.com' }, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      { Effect: 'Deny', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sts:TagSession' },
      assume('*'),
    ]);
    const s = trustedServices(trust, ctx);
    expect([...s.keys()]).toEqual(['lambda', 'states', 'ec2']);
    expect(s.get('lambda')).toEqual(YES_DIRECT);
    // Principal "*" admits ec2 too, unconditionally: that admission is the one reported.
    expect(s.get('ec2')).toEqual(YES_ACCOUNT);
    expect(trustedServices(doc([assume({ Service: 'ec2.amazonaws.com' }, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })]), ctx).get('ec2')).toMatchObject({ admits: true, direct: true, conditional: true });
    expect(trustedServices(undefined, ctx).size).toBe(0);
  });

  it('anyone: Principal "*", AWS "*" or NotPrincipal on an Allow for sts:AssumeRole', () => {
    expect(trustAdmitsAnyone(doc([assume('*')]))).toBe(true);
    expect(trustAdmitsAnyone(doc([assume({ AWS: [A, '*'] })]))).toBe(true);
    expect(trustAdmitsAnyone(doc([{ Effect: 'Allow', NotPrincipal: { AWS: ALICE }, Action: 'sts:AssumeRole' }]))).toBe(true);
    expect(trustAdmitsAnyone(doc([assume({ AWS: A })]))).toBe(false);
    expect(trustAdmitsAnyone(doc([{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }]))).toBe(false);
    expect(trustAdmitsAnyone(doc([{ Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' }]))).toBe(false);
    expect(trustAdmitsAnyone(doc([assume({ Service: 'lambda.amazonaws.com' })]))).toBe(false);
    expect(trustAdmitsAnyone(undefined)).toBe(false);
  });

  it('names an account: its root ARN (any partition) or bare id, not a principal in it', () => {
    expect(trustNamesAccount(doc([assume({ AWS: A })]), A)).toBe(true);
    expect(trustNamesAccount(doc([assume({ AWS: `arn:aws:iam::${A}:root` })]), A)).toBe(true);
    expect(trustNamesAccount(doc([assume({ AWS: `arn:aws-us-gov:iam::${A}:root` })]), A)).toBe(true);
    expect(trustNamesAccount(doc([assume({ AWS: `arn:aws:iam::${B}:root` })]), A)).toBe(false);
    expect(trustNamesAccount(doc([assume({ AWS: ALICE })]), A)).toBe(false);
    expect(trustNamesAccount(doc([assume('*')]), A)).toBe(false);
    expect(trustNamesAccount(doc([{ Effect: 'Deny', Principal: { AWS: A }, Action: 'sts:AssumeRole' }]), A)).toBe(false);
    expect(trustNamesAccount(doc([{ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:GetObject' }]), A)).toBe(false);
    expect(trustNamesAccount(undefined, A)).toBe(false);
  });

  it('named ARNs: users, roles and role sessions of Allow statements', () => {
    const session = `arn:aws:sts::${A}:assumed-role/ci/s1`;
    const trust = doc([
      assume({ AWS: [ALICE, CI, session, A, `arn:aws:iam::${B}:root`, '*'] }),
      assume({ Service: 'lambda.amazonaws.com' }),
      { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:user/mallory` }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/carol` }, Action: 's3:GetObject' },
      assume('*'),
    ]);
    expect(trustNamedArns(trust)).toEqual([ALICE, CI, session]);
    expect(trustNamedArns(undefined)).toEqual([]);
  });
});

describe('trust-admits: more cases', () => {
  it('statements without a Principal, without an action, or Deny-only admit no one', () => {
    expect(trustAdmitsPrincipal(doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([{ Effect: 'Allow', Principal: { AWS: ALICE } }]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([{ Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsAnyone(doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]))).toBe(false);
    expect(trustedServices(doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }, assume({ AWS: ALICE })]), ctx).size).toBe(0);
    expect(trustNamesAccount(doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]), A)).toBe(false);
    expect(trustNamedArns(doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]))).toEqual([]);
  });

  it('NotAction admits only when none of its entries covers sts:AssumeRole', () => {
    const notAction = (NotAction: unknown) => doc([{ Effect: 'Allow', Principal: { AWS: ALICE }, NotAction }]);
    expect(trustAdmitsPrincipal(notAction(['sts:TagSession', 'sts:AssumeRole']), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(notAction(['sts:AssumeRole', 'sts:TagSession']), ALICE, A, ctx)).toEqual(NO);
  });

  it('NotAction entries match sts:AssumeRole in any case (IAM action names are case-insensitive)', () => {
    const notAction = (NotAction: unknown) => doc([{ Effect: 'Allow', Principal: { AWS: ALICE }, NotAction }]);
    expect(trustAdmitsPrincipal(notAction('sts:assumerole'), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(notAction(['sts:TagSession', 'STS:AssumeRole']), ALICE, A, ctx)).toEqual(NO);
    // A Deny of everything except STS:ASSUMEROLE does not take sts:AssumeRole away.
    const withDeny = doc([assume({ AWS: ALICE }), { Effect: 'Deny', Principal: { AWS: ALICE }, NotAction: 'STS:ASSUMEROLE' }]);
    expect(trustAdmitsPrincipal(withDeny, ALICE, A, ctx)).toEqual(YES_DIRECT);
  });

  it('only whole ARNs and service names count', () => {
    expect(trustAdmitsPrincipal(doc([assume({ AWS: `xarn:aws:iam::${A}:root` })]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: `arn:aws:iam::${A}:root/x` })]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: `arn:aws-cn:iam::${A}:rootx` })]), ALICE, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: `xarn:aws:sts::${A}:assumed-role/ci/s` })]), CI, A, ctx)).toEqual(NO);
    expect(trustAdmitsPrincipal(doc([assume({ AWS: `arn:aws-cn:sts::${A}:assumed-role/ci/s` })]), CI, A, ctx)).toEqual(YES_DIRECT);
    expect(serviceBase('lambda.amazonaws.com.evil.example')).toBe('lambda.amazonaws.com.evil.example');
    expect(serviceBase('states.ap-southeast-10.amazonaws.com')).toBe('states');
    expect(trustNamesAccount(doc([assume({ AWS: [B, A] })]), A)).toBe(true);
    expect(trustNamesAccount(doc([assume({ AWS: `xarn:aws:iam::${A}:root` })]), A)).toBe(false);
    expect(trustNamesAccount(doc([assume({ AWS: `arn:aws:iam::${A}:root2` })]), A)).toBe(false);
    expect(trustNamedArns(doc([assume({ AWS: [`xarn:aws:iam::${A}:user/x`, `arn:aws-cn:iam::${A}:user/cn`] })]))).toEqual([`arn:aws-cn:iam::${A}:user/cn`]);
  });

  it('a service is judged as a service: no principal ARN, account or type is assumed for it', () => {
    const trust = doc([assume({ Service: 'lambda.amazonaws.com' }, { Condition: { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } } })]);
    expect(trustAdmitsService(trust, 'lambda.amazonaws.com', ctx)).toMatchObject({ admits: true, conditional: true });
    const account = doc([assume({ Service: 'lambda.amazonaws.com' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': A } } })]);
    expect(trustAdmitsService(account, 'lambda.amazonaws.com', ctx)).toMatchObject({ admits: true, conditional: true });
  });
});
