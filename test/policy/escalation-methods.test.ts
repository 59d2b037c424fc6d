/**
 * The escalation-method table read row by row through the analyser: every alternative action of every step finds its
 * method, the method minus any one step is not found, the explanation a user reads starts with what the method reaches
 * and names the services a role is passed to, and the names match the published catalogues (Rhino Security Labs'
 * aws_escalate.py for the 21 + EditExistingLambdaFunctionWithRole).
 */
import { analysePolicies } from '../../lib/policy/analyse';
import { ESCALATION_METHODS, type EscalationMethod } from '../../lib/policy/escalation-methods';
import { checkPolicyDocument } from '../../lib/policy/lint/check';
import { allow, doc } from './helpers';

const USER = 'arn:aws:iam::111111111111:user/alice';

/** Rhino Security Labs' method names (aws_escalate.py and its blog post), as this product reports them. */
const RHINO = [
  'CreateNewPolicyVersion', 'SetExistingDefaultPolicyVersion', 'CreateEC2WithExistingInstanceProfile', 'CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile',
  'AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy', 'PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'AddUserToGroup', 'UpdateRolePolicyToAssumeIt',
  'PassExistingRoleToNewLambdaThenInvoke', 'PassExistingRoleToNewLambdaThenTriggerWithNewDynamo', 'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
  'PassExistingRoleToNewGlueDevEndpoint', 'UpdateExistingGlueDevEndpoint', 'PassExistingRoleToCloudFormation', 'PassExistingRoleToNewDataPipeline', 'EditExistingLambdaFunctionWithRole',
];

/** One action per step (alternative `pick[k]` for step k; the first otherwise), iam:PassRole first when the method passes a role. */
function grant(m: EscalationMethod, pick: Record<number, number> = {}, without?: number): string[] {
  const out: string[] = [];
  if (m.passRole && without !== -1) out.push('iam:PassRole');
  m.steps.forEach((s, k) => {
    if (k !== without) out.push(s.anyOf[pick[k] ?? 0]);
  });
  return out;
}

function find(m: EscalationMethod, actions: string[], extra: Record<string, unknown>[] = []) {
  return analysePolicies([doc([allow(actions), ...extra])], { principalArn: USER }).escalations.find((e) => e.method === m.method);
}

describe('method names', () => {
  it('the Rhino Security Labs methods are exactly the published 21 + EditExistingLambdaFunctionWithRole, in their order', () => {
    expect(ESCALATION_METHODS.filter((m) => m.origin === 'rhino').map((m) => m.method)).toEqual(RHINO);
  });

  it('every other method comes from Prowler or PMapper and has a CamelCase name a user can search for', () => {
    for (const m of ESCALATION_METHODS) {
      expect(m.method).toMatch(/^[A-Z][A-Za-z0-9]{5,}$/);
      expect(['rhino', 'prowler', 'pmapper']).toContain(m.origin);
    }
    expect(ESCALATION_METHODS.filter((m) => m.origin === 'pmapper').map((m) => m.method)).toEqual(['CreateRoleWithPolicy', 'PassRoleToExistingInstance']);
  });

  it('every service a role is passed to is a service principal (name.amazonaws.com)', () => {
    for (const m of ESCALATION_METHODS) for (const s of m.passRole ?? []) expect(s).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/);
  });

  it('every step has at least one action, each naming its service', () => {
    for (const m of ESCALATION_METHODS) {
      expect(m.steps.length).toBeGreaterThan(0);
      for (const s of m.steps) {
        expect(s.anyOf.length).toBeGreaterThan(0);
        for (const a of s.anyOf) expect(a).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      }
    }
  });
});

describe.each(ESCALATION_METHODS.map((m) => [m.method, m] as const))('%s, row by row', (_name, m) => {
  const alternatives = m.steps.flatMap((s, k) => s.anyOf.map((a, j) => ({ k, j, a })));

  it.each(alternatives.map((x) => [x.a, x] as const))('is found through %s, naming it among its actions', (_a, x) => {
    const e = find(m, grant(m, { [x.k]: x.j }));
    expect(e).toBeDefined();
    expect(e?.actions).toContain(x.a);
    expect(e?.conditional).toBe(false);
  });

  it.each(m.steps.map((s, k) => [s.anyOf.join(' | '), k] as const))('is not found without the step %s', (_s, k) => {
    expect(find(m, grant(m, {}, k))).toBeUndefined();
  });

  const iamSteps = m.steps.map((s, k) => ({ s, k })).filter(({ s }) => s.anyOf.every((a) => /^(iam|sts):/.test(a)));
  if (iamSteps.length) it.each(iamSteps.map(({ s, k }) => [s.anyOf[0], k] as const))('is not found when %s is allowed only on an S3 object (IAM and STS act on IAM resources)', (a, k) => {
    const actions = grant(m, {}, k);
    expect(find(m, actions, [allow(a, 'arn:aws:s3:::bucket/*')])).toBeUndefined();
  });

  if (m.passRole) {
    it('is not found without iam:PassRole', () => {
      expect(find(m, grant(m, {}, -1))).toBeUndefined();
    });

    it.each((m.passRole ?? []).map((s) => [s] as const))('is found when iam:PassedToService is %s only, unconditionally', (svc) => {
      const pass = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': svc } } });
      const e = find(m, grant(m, {}, -1), [pass]);
      expect(e).toMatchObject({ conditional: false, passRole: { services: m.passRole, roles: ['arn:aws:iam::*:role/*'] } });
    });

    // Opt-in regions name services by a region-specific principal (states.af-south-1.amazonaws.com): the same service,
    // so the grant still lets the role be passed to it (the privilege graph reads it the same way: serviceBase).
    it.each((m.passRole ?? []).map((s) => [s.replace(/\.amazonaws\.com$/, '.af-south-1.amazonaws.com')] as const))('is found when iam:PassedToService is the region-specific %s', (svc) => {
      const pass = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': svc } } });
      expect(find(m, grant(m, {}, -1), [pass])).toMatchObject({ conditional: false });
    });
  }

  it('the explanation says what it reaches, then how', () => {
    const e = find(m, grant(m));
    expect(m.reaches.length).toBeGreaterThan(20);
    expect(m.reaches).toMatch(/^[a-z]/);
    expect(e?.target?.startsWith(m.reaches)).toBe(true);
    if (m.passRole) expect(e?.target).toContain(`; via any role "*" passed to ${m.passRole.join(' / ')} (admin-equivalent if such a role trusting the service is privileged)`);
  });
});

describe('what check-policy says about a method', () => {
  it('names the method, the actions and the target in one line', () => {
    const r = checkPolicyDocument(doc([allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:AddPermission'])]), [], {});
    const p = r.problems.find((x) => x.message.includes('(PassRoleToNewLambdaThenAddPermission)'));
    expect(p?.message).toBe(
      'privilege escalation (PassRoleToNewLambdaThenAddPermission): iam:PassRole + lambda:CreateFunction + lambda:AddPermission on "*" reaches the permissions of a role passed to a new Lambda function invoked through a resource policy; via any role "*" passed to lambda.amazonaws.com (admin-equivalent if such a role trusting the service is privileged)',
    );
  });

  it('an existing-resource method has no "via" part: it needs no role of its own', () => {
    const e = find(ESCALATION_METHODS.find((m) => m.method === 'SsmStartSession') as EscalationMethod, ['ssm:StartSession']);
    expect(e?.target).toBe('the instance profile of a managed EC2 instance (shell on it)');
  });

  it('a role step names the role patterns', () => {
    const m = ESCALATION_METHODS.find((x) => x.method === 'DeleteRolePermissionsBoundary') as EscalationMethod;
    const a = analysePolicies([doc([allow(['iam:PutRolePermissionsBoundary', 'sts:AssumeRole'], 'arn:aws:iam::111111111111:role/ops-*')])], { principalArn: USER });
    const e = a.escalations.find((x) => x.method === m.method);
    expect(e?.actions).toEqual(['iam:PutRolePermissionsBoundary', 'sts:AssumeRole']);
    expect(e?.target).toBe(`${m.reaches}; via roles "arn:aws:iam::111111111111:role/ops-*"; roles "arn:aws:iam::111111111111:role/ops-*"`);
  });
});
