/** Property-based tests: random policies never crash; a Deny never adds permissions; an Allow never removes any. */
import fc from 'fast-check';
import { allowedActions, analysePolicies, type PolicyAnalysis } from '../../lib/policy/analyse';
import { isSubset, setSize, type ActionSet } from '../../lib/policy/catalog';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { effectivePermissions } from '../../lib/policy/effective';
import { analyseTrust } from '../../lib/policy/trust';
import { runs } from '../support/property-runs';
import { testSeed } from '../support/seed';

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

/**
 * Hostile policies (issue 12): long wildcard runs, deep nesting, control characters, bidi marks and shell
 * metacharacters, as written by the people the monitor watches. Allow-only statements, so a `*`/`*` statement among
 * them must still make the policy admin-equivalent (a hostile sibling never hides a finding).
 */
const HOSTILE_PIECES = ['\u001b[2J', '\u001b]8;;http://x\u0007', '\r\n', '\u0000', '\u009b', '\u202e', '\u2066', '\u200f', '$(touch${IFS}/tmp/x)', '`id`', ';|&', "'\"", '\\'];
const hostileText = fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const wildcardRun = fc
  .tuple(fc.constantFrom('iam', 's3', 'ec2', '*', 'sts'), fc.integer({ min: 2, max: 20_000 }), fc.constantFrom('', 'x', 'Role', '?', '*a'), fc.integer({ min: 1, max: 200 }))
  .map(([svc, n, tail, reps]) => `${svc}:${reps > 100 ? 'a*'.repeat(reps) : ''}${'*'.repeat(n)}${tail}`);
const hostileAction = fc.oneof(wildcardRun, fc.tuple(actions, hostileText).map(([a, h]) => `${a}${h}`), actions);
const hostileResource = fc.oneof(
  hostileText.map((h) => `arn:aws:iam::111111111111:user/${h}`),
  fc.integer({ min: 2, max: 10_000 }).map((n) => `arn:aws:s3:::${'*'.repeat(n)}x`),
  resources,
);
const nested = (depth: number): unknown => {
  let v: unknown = 'v';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const hostileCondition = fc.option(
  fc.oneof(
    fc.integer({ min: 1, max: 6_000 }).map((d) => ({ StringEquals: { 'aws:PrincipalTag/team': nested(d) } })),
    hostileText.map((h) => ({ StringLike: { [`aws:ResourceTag/${h}`]: `${h}*` } })),
  ),
  { nil: undefined },
);
const hostileStatement = fc
  .record({ a: oneOrMany(hostileAction), r: oneOrMany(hostileResource), c: hostileCondition, sid: fc.option(hostileText, { nil: undefined }) })
  .map(({ a, r, c, sid }) => ({ Effect: 'Allow', Action: a, Resource: r, ...(c ? { Condition: c } : {}), ...(sid !== undefined ? { Sid: sid } : {}) }));
const hostilePolicy = fc.record({
  statements: fc.array(hostileStatement, { minLength: 1, maxLength: 4 }),
  admin: fc.boolean(),
  // As it arrives: an object, a JSON string (CloudTrail requestParameters) or URL-encoded JSON (IAM API responses).
  form: fc.constantFrom('object', 'json', 'url'),
});

describe('hostile policies (seeded: FC_SEED reproduces a run)', () => {
  const seed = testSeed('hostile policy property');

  it('never throw, stay admin when they grant *:*, and mostly reach the analyser', () => {
    let generated = 0;
    let analysed = 0;
    fc.assert(
      fc.property(hostilePolicy, ({ statements, admin, form }) => {
        generated++;
        const doc = { Version: '2012-10-17', Statement: admin ? [...statements, { Effect: 'Allow', Action: '*', Resource: '*' }] : statements };
        let input: unknown = doc;
        if (form !== 'object') {
          // The deepest documents cannot even be serialised by JSON.stringify's recursion: keep them as objects.
          try {
            const json = JSON.stringify(doc);
            input = form === 'url' ? encodeURIComponent(json) : json;
          } catch {
            input = doc;
          }
        }
        const r = parsePolicyDocument(input);
        if (!r.ok) {
          expect(typeof r.error).toBe('string');
          expect(r.error.length).toBeLessThan(2_000);
          return;
        }
        analysed++;
        const a = analysePolicies([r.document]);
        if (admin) expect(a.adminEquivalent).toBe(true);
        analyseTrust(r.document, '111111111111');
      }),
      { ...runs(150), seed },
    );
    const share = analysed / generated;
    process.stdout.write(`hostile policies reaching the analyser: ${analysed}/${generated} (${(share * 100).toFixed(0)}%)\n`);
    // Most hostile documents are valid IAM JSON and must be judged, not rejected by the parser.
    expect(share).toBeGreaterThan(0.5);
  });
});

describe('policy analysis properties', () => {
  it('never throws on arbitrary JSON documents, and most of them reach the analyser', () => {
    // Policy-shaped input as it arrives (object, JSON string, URL-encoded JSON), the same with one field replaced by
    // arbitrary JSON, and arbitrary JSON: the analyser is exercised, not only the parser's rejection path.
    const doc = policy.map((statements) => ({ Version: '2012-10-17', Statement: statements }));
    const asArrives = fc.tuple(doc, fc.constantFrom('object', 'json', 'url')).map(([d, form]) =>
      form === 'object' ? d : form === 'json' ? JSON.stringify(d) : encodeURIComponent(JSON.stringify(d)),
    );
    const mutated = fc
      .tuple(doc, fc.constantFrom('Version', 'Statement', 'Id', 'Effect', 'Action', 'NotAction', 'Resource', 'Condition', 'Sid', 'Principal'), fc.jsonValue())
      .map(([d, field, value]) => {
        if (['Version', 'Statement', 'Id'].includes(field) || d.Statement.length === 0) return { ...d, [field]: value };
        return { ...d, Statement: [{ ...d.Statement[0], [field]: value }, ...d.Statement.slice(1)] };
      });
    const input = fc.oneof({ weight: 4, arbitrary: asArrives }, { weight: 3, arbitrary: mutated }, { weight: 3, arbitrary: fc.jsonValue() });
    let generated = 0;
    let analysed = 0;
    fc.assert(
      fc.property(input, (v) => {
        generated++;
        const r = parsePolicyDocument(v);
        if (r.ok) {
          analysed++;
          const a = analysePolicies([r.document]);
          expect(typeof a.adminEquivalent).toBe('boolean');
          analyseTrust(r.document, '111111111111');
        } else expect(typeof r.error).toBe('string');
      }),
      runs(1000),
    );
    const share = analysed / generated;
    process.stdout.write(`arbitrary JSON policies reaching the analyser: ${analysed}/${generated} (${(share * 100).toFixed(0)}%)\n`);
    expect(share).toBeGreaterThanOrEqual(0.5);
  });

  it('never throws on random well-formed policies, with random boundaries and principals', () => {
    fc.assert(
      fc.property(policy, fc.option(policy, { nil: undefined }), principal, (p, b, arn) => {
        const a = analysePolicies([parse(p)], { boundary: b ? [parse(b)] : undefined, principalArn: arn });
        expect(typeof a.adminEquivalent).toBe('boolean');
        JSON.stringify(a);
        if (arn) effectivePermissions({ arn, identityPolicies: [{ source: 'p', document: parse(p) }], boundary: b ? parse(b) : undefined });
      }),
      runs(300),
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
      runs(400),
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
      runs(400),
    );
  });

  /** The actions a statement's Action/NotAction names (as if it allowed them on "*"). */
  const actionsOf = (st: Record<string, unknown>) =>
    allowedActions([parse([{ Effect: 'Allow', ...('NotAction' in st ? { NotAction: st.NotAction } : { Action: st.Action }), Resource: '*' }])]);
  const minus = (a: ActionSet, b: ActionSet): number[] => Array.from(a, (w, i) => (w & ~b[i]) >>> 0);
  const denyEverywhere = statement(fc.constant('Deny')).map((d) => {
    const { NotResource: _nr, Condition: _c, ...rest } = d as Record<string, unknown>;
    return { ...rest, Resource: '*' };
  });

  it('an unconditional Deny on "*" removes exactly the actions it names (an ignored Deny fails this)', () => {
    fc.assert(
      fc.property(policy, denyEverywhere, principal, (p, d, arn) => {
        const before = allowedActions([parse(p)], { principalArn: arn });
        const after = allowedActions([parse([...p, d])], { principalArn: arn });
        expect(Array.from(after)).toEqual(minus(before, actionsOf(d)));
      }),
      runs(300),
    );
  });

  it('Deny "*" on "*" leaves nothing allowed, no admin, no escalation, whatever else the policy allows', () => {
    fc.assert(
      fc.property(policy, principal, (p, arn) => {
        const docs = [parse([...p, { Effect: 'Allow', Action: '*', Resource: '*' }]), parse([{ Effect: 'Deny', Action: '*', Resource: '*' }])];
        expect(setSize(allowedActions(docs, { principalArn: arn }))).toBe(0);
        const a = analysePolicies(docs, { principalArn: arn });
        expect(a.adminEquivalent).toBe(false);
        expect(a.escalations).toEqual([]);
      }),
      runs(100),
    );
  });

  it('a boundary allows at most what it allows: effective = identity ∩ boundary, and a Deny in the boundary removes its actions', () => {
    fc.assert(
      fc.property(policy, policy, denyEverywhere, principal, (p, b, d, arn) => {
        const identity = allowedActions([parse(p)], { principalArn: arn });
        const bounded = allowedActions([parse(p)], { principalArn: arn, boundary: [parse(b)] });
        const boundary = allowedActions([parse(b)], { principalArn: arn });
        expect(Array.from(bounded)).toEqual(Array.from(identity, (w, i) => (w & boundary[i]) >>> 0));
        const withDeny = allowedActions([parse(p)], { principalArn: arn, boundary: [parse([{ Effect: 'Allow', Action: '*', Resource: '*' }, d])] });
        expect(Array.from(withDeny)).toEqual(minus(identity, actionsOf(d)));
      }),
      runs(200),
    );
  });

  it('a boundary never increases the effective permissions', () => {
    fc.assert(
      fc.property(policy, policy, principal, (p, b, arn) => {
        const without = analysePolicies([parse(p)], { principalArn: arn });
        const withB = analysePolicies([parse(p)], { principalArn: arn, boundary: [parse(b)] });
        noLess(withB, without);
      }),
      runs(300),
    );
  });
});
