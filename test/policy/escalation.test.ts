/**
 * Every escalation method: a positive case (its actions on every resource), and negatives — resource-restricted
 * (where the method's meaning allows a harmless restriction), explicitly denied, and limited by a permissions boundary.
 */
import { analysePolicies } from '../../lib/policy/analyse';
import { actionIndex } from '../../lib/policy/catalog';
import { ESCALATION_METHODS, type EscalationMethod, type TargetKind } from '../../lib/policy/escalation-methods';
import { allow, deny, doc } from './helpers';

const USER = 'arn:aws:iam::111111111111:user/alice';
const ROLE = 'arn:aws:iam::111111111111:role/app';

function methodActions(m: EscalationMethod): string[] {
  return [...(m.passRole ? ['iam:PassRole'] : []), ...m.steps.map((s) => s.anyOf[0])];
}

function found(m: EscalationMethod, statements: Record<string, unknown>[], opts: Parameters<typeof analysePolicies>[1] = {}): boolean {
  return analysePolicies([doc(statements)], opts).escalations.some((e) => e.method === m.method);
}

/** A resource for a step that makes the method impossible, when one exists for that kind of target. */
function harmlessResource(kind: TargetKind): string | undefined {
  switch (kind) {
    case 'other-user':
      return 'arn:aws:iam::*:user/${aws:username}'; // only ever the caller itself
    case 'self-user':
      return 'arn:aws:iam::111111111111:user/bob'; // principal is alice
    case 'role':
      return 'arn:aws:iam::111111111111:user/*'; // not a role
    case 'group':
    case 'own-group':
      return 'arn:aws:iam::111111111111:role/*'; // not a group
    case 'policy':
      return 'arn:aws:iam::111111111111:role/*'; // not a policy
    default:
      return undefined; // existing-resource methods: any function/instance/stack may run with a role
  }
}

describe('escalation method table', () => {
  it('names only actions that exist in the catalogue', () => {
    const unknown = ESCALATION_METHODS.flatMap((m) => m.steps.flatMap((s) => s.anyOf)).filter((a) => actionIndex(a) < 0);
    expect(unknown).toEqual([]);
  });

  it('covers the 21 Rhino Security Labs methods', () => {
    expect(ESCALATION_METHODS.filter((m) => m.origin === 'rhino').length).toBeGreaterThanOrEqual(21);
    expect(new Set(ESCALATION_METHODS.map((m) => m.method)).size).toBe(ESCALATION_METHODS.length);
  });
});

describe.each(ESCALATION_METHODS.map((m) => [m.method, m] as const))('%s', (_name, m) => {
  const actions = methodActions(m);
  const opts = { principalArn: USER };

  it('is found when its actions are allowed on every resource', () => {
    const a = analysePolicies([doc([allow(actions)])], opts);
    const e = a.escalations.find((x) => x.method === m.method);
    expect(e).toBeDefined();
    expect(e?.conditional).toBe(false);
    for (const act of actions) expect(e?.actions).toContain(act);
    expect(e?.resources).toContain('*');
    expect(e?.target).toBeTruthy();
  });

  it('is conditional when the grant needs a Condition', () => {
    const a = analysePolicies([doc([allow(actions, '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })])], opts);
    expect(a.escalations.find((x) => x.method === m.method)?.conditional).toBe(true);
  });

  it('is not found when one of its actions is explicitly denied', () => {
    const last = actions[actions.length - 1];
    expect(found(m, [allow(actions), deny(last)], opts)).toBe(false);
  });

  it('is found again when that Deny is only conditional (not assumed to apply)', () => {
    const last = actions[actions.length - 1];
    expect(found(m, [allow(actions), deny(last, '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })], opts)).toBe(true);
  });

  it('is not found when the permissions boundary leaves one of its actions out', () => {
    const boundary = doc([{ Effect: 'Allow', NotAction: actions[actions.length - 1], Resource: '*' }]);
    expect(found(m, [allow(actions)], { ...opts, boundary: [boundary] })).toBe(false);
    expect(found(m, [allow(actions)], { ...opts, boundary: [doc([allow('*')])] })).toBe(true);
  });

  const restrictable = m.steps.filter((s) => harmlessResource(s.target) !== undefined);
  if (m.passRole) {
    it('is not found when iam:PassRole is limited to a named role (not known to be privileged)', () => {
      expect(found(m, [allow(actions.filter((a) => a !== 'iam:PassRole')), allow('iam:PassRole', ROLE)], opts)).toBe(false);
    });
    it('is found when that named role is known to be privileged', () => {
      expect(found(m, [allow(actions.filter((a) => a !== 'iam:PassRole')), allow('iam:PassRole', ROLE)], { ...opts, privilegedRoles: [ROLE] })).toBe(true);
    });
    it('is not found when iam:PassedToService names another service', () => {
      const pass = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'not-a-compute-service.example.com' } } });
      expect(found(m, [allow(actions.filter((a) => a !== 'iam:PassRole')), pass], opts)).toBe(false);
    });
  }
  if (restrictable.length > 0) {
    it('is not found when its IAM actions are limited to resources it cannot use', () => {
      const statements = m.steps.map((s) => allow(s.anyOf[0], harmlessResource(s.target) ?? '*'));
      if (m.passRole) statements.push(allow('iam:PassRole'));
      expect(found(m, statements, opts)).toBe(false);
    });
  }
});

describe('resource-aware judgement beyond the table', () => {
  it('CreateAccessKey on oneself only is not an escalation; on another user it is, naming the target', () => {
    expect(analysePolicies([doc([allow('iam:CreateAccessKey', 'arn:aws:iam::*:user/${aws:username}')])]).escalations).toEqual([]);
    const a = analysePolicies([doc([allow('iam:CreateAccessKey', 'arn:aws:iam::111111111111:user/admin')])], { principalArn: USER });
    expect(a.escalations.map((e) => e.method)).toEqual(['CreateAccessKey']);
    expect(a.escalations[0].resources).toEqual(['arn:aws:iam::111111111111:user/admin']);
    expect(a.escalations[0].target).toContain('user/admin');
  });

  it('a Deny on the admin user only leaves CreateAccessKey on the others', () => {
    const a = analysePolicies([doc([allow('iam:CreateAccessKey', 'arn:aws:iam::111111111111:user/*'), deny('iam:CreateAccessKey', 'arn:aws:iam::111111111111:user/*')])], { principalArn: USER });
    expect(a.escalations).toEqual([]);
  });

  it('a role principal cannot attach a policy to "itself" as a user', () => {
    const a = analysePolicies([doc([allow('iam:AttachUserPolicy')])], { principalArn: ROLE });
    expect(a.escalations.map((e) => e.method)).not.toContain('AttachUserPolicy');
  });

  it('prowler#3807: cloudformation:CreateStack + DescribeStacks without PassRole is not an escalation', () => {
    const a = analysePolicies([doc([allow(['cloudformation:CreateStack', 'cloudformation:DescribeStacks'])])]);
    expect(a.escalations.map((e) => e.method)).not.toContain('PassExistingRoleToCloudFormation');
  });

  it('prowler#2770: es:* grants no IAM escalation', () => {
    expect(analysePolicies([doc([allow('es:*')])]).escalations).toEqual([]);
  });

  it('PassRole restricted to a naming family is an escalation but not admin-equivalent', () => {
    const a = analysePolicies([doc([allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', 'arn:aws:iam::*:role/lambda-app-*')])]);
    expect(a.escalations.map((e) => e.method)).toContain('PassExistingRoleToNewLambdaThenInvoke');
    expect(a.adminEquivalent).toBe(false);
  });
});
