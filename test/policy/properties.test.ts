/** Property-based tests: random policies never crash; a Deny never adds permissions; an Allow never removes any. */
import fc from 'fast-check';
import { allowedActions, analysePolicies, type PolicyAnalysis } from '../../lib/policy/analyse';
import { isSubset } from '../../lib/policy/catalog';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { effectivePermissions } from '../../lib/policy/effective';
import { analyseTrust } from '../../lib/policy/trust';

const actions = fc.constantFrom(
  '*', 'iam:*', 'iam:PassRole', 'iam:AttachUserPolicy', 'iam:CreateAccessKey', 'iam:PutRolePolicy', 'iam:CreatePolicyVersion',
  'sts:AssumeRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'ec2:RunInstances',
  's3:Get*', 's3:*', 'kms:*', 'cloudtrail:StopLogging', 'iam:Get*', '*:List*', 'ec2:Describe*', 's3:GetObjct', 'nosuch:Thing',
  'IAM:passrole', 'cloudformation:CreateStack', 'ssm:SendCommand', 'glue:UpdateDevEndpoint', 'iam:Attach?olePolicy',
);
const resources = fc.constantFrom(
  '*', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::111111111111:user/alice', 'arn:aws:iam::111111111111:user/*',
  'arn:aws:iam::111111111111:role/admin', 'arn:aws:iam::*:role/*', 'arn:aws:iam::*:role/app-*', 'arn:aws:s3:::bucket/*',
  'arn:aws:iam::111111111111:policy/*', 'arn:aws:iam::111111111111:group/devs',
);
const condition = fc.option(fc.constantFrom({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }), { nil: undefined });
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 4 }));

const statement = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc.record({ effect, not: fc.boolean(), notRes: fc.boolean(), a: oneOrMany(actions), r: oneOrMany(resources), c: condition }).map(({ effect: Effect, not, notRes, a, r, c }) => ({
    Effect,
    [not ? 'NotAction' : 'Action']: a,
    [notRes ? 'NotResource' : 'Resource']: r,
    ...(c ? { Condition: c } : {}),
  }));

const policy = fc.array(statement(fc.constantFrom('Allow', 'Deny')), { maxLength: 5 });

function parse(statements: unknown[]): PolicyDocument {
  const r = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(r.error);
  return r.document;
}

const principal = fc.constantFrom(undefined, 'arn:aws:iam::111111111111:user/alice', 'arn:aws:iam::111111111111:role/app');

/** b grants at least what a grants. */
function noLess(a: PolicyAnalysis, b: PolicyAnalysis): void {
  if (a.adminEquivalent) expect(b.adminEquivalent).toBe(true);
  const bm = new Set(b.escalations.map((e) => e.method));
  for (const e of a.escalations) expect(bm.has(e.method)).toBe(true);
  const bs = new Set(b.sensitive.map((s) => s.id));
  for (const s of a.sensitive) expect(bs.has(s.id)).toBe(true);
  for (const s of a.fullAccessServices) expect(b.fullAccessServices).toContain(s);
}

describe('policy analysis properties', () => {
  it('never throws on arbitrary JSON documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parsePolicyDocument(v);
        if (r.ok) {
          analysePolicies([r.document]);
          analyseTrust(r.document, '111111111111');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random well-formed policies, with random boundaries and principals', () => {
    fc.assert(
      fc.property(policy, fc.option(policy, { nil: undefined }), principal, (p, b, arn) => {
        const a = analysePolicies([parse(p)], { boundary: b ? [parse(b)] : undefined, principalArn: arn });
        expect(typeof a.adminEquivalent).toBe('boolean');
        JSON.stringify(a);
        if (arn) effectivePermissions({ arn, identityPolicies: [{ source: 'p', document: parse(p) }], boundary: b ? parse(b) : undefined });
      }),
      { numRuns: 300 },
    );
  });

  it('adding a Deny never increases the effective permissions', () => {
    fc.assert(
      fc.property(policy, statement(fc.constant('Deny')), principal, (p, d, arn) => {
        const before = parse(p);
        const after = parse([...p, d]);
        expect(isSubset(allowedActions([after], { principalArn: arn }), allowedActions([before], { principalArn: arn }))).toBe(true);
        noLess(analysePolicies([after], { principalArn: arn }), analysePolicies([before], { principalArn: arn }));
      }),
      { numRuns: 400 },
    );
  });

  it('adding an Allow never decreases the effective permissions', () => {
    fc.assert(
      fc.property(policy, statement(fc.constant('Allow')), principal, (p, extra, arn) => {
        const before = parse(p);
        const after = parse([...p, extra]);
        expect(isSubset(allowedActions([before], { principalArn: arn }), allowedActions([after], { principalArn: arn }))).toBe(true);
        noLess(analysePolicies([before], { principalArn: arn }), analysePolicies([after], { principalArn: arn }));
      }),
      { numRuns: 400 },
    );
  });

  it('a boundary never increases the effective permissions', () => {
    fc.assert(
      fc.property(policy, policy, principal, (p, b, arn) => {
        const without = analysePolicies([parse(p)], { principalArn: arn });
        const withB = analysePolicies([parse(p)], { principalArn: arn, boundary: [parse(b)] });
        noLess(withB, without);
      }),
      { numRuns: 300 },
    );
  });
});
