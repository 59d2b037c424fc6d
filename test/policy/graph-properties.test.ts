/**
 * Properties of the privilege graph on random small accounts (fast-check): adding a trust edge never removes a path
 * to admin (nor makes an unconditional one conditional); removing an admin policy never adds one.
 */
import fc from 'fast-check';
import { buildPrivilegeGraph, type GraphPrincipalInput } from '../../lib/policy/graph';
import { runs } from '../support/property-runs';
import { A, NOW, doc } from './graph-builders';

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ADMIN = doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const NAMES = ['u0', 'u1', 'u2', 'r0', 'r1', 'r2', 'r3'];
const arnOf = (n: string) => `arn:aws:iam::${A}:${n.startsWith('u') ? 'user' : 'role'}/${n}`;

// Statement pool: every edge kind, on any or on one named principal, sometimes conditional.
const stmt = fc.oneof(
  fc.record({ Effect: fc.constant('Allow'), Action: fc.constantFrom('sts:AssumeRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy'), Resource: fc.constantFrom('*', ...NAMES.filter((n) => n.startsWith('r')).map(arnOf)) }),
  fc.record({ Effect: fc.constant('Allow'), Action: fc.constantFrom('iam:CreateAccessKey', 'iam:UpdateLoginProfile', 'iam:PutUserPolicy'), Resource: fc.constantFrom('*', ...NAMES.filter((n) => n.startsWith('u')).map(arnOf)) }),
  fc.record({ Effect: fc.constant('Allow'), Action: fc.constant(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']), Resource: fc.constant('*') }),
  fc.record({ Effect: fc.constant('Allow'), Action: fc.constant('lambda:UpdateFunctionCode'), Resource: fc.constant('*') }),
  fc.record({ Effect: fc.constant('Deny'), Action: fc.constantFrom('sts:AssumeRole', 'iam:PassRole'), Resource: fc.constantFrom('*', arnOf('r0')) }),
  fc.record({ Effect: fc.constant('Allow'), Action: fc.constant('sts:AssumeRole'), Resource: fc.constant('*'), Condition: fc.constant({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }),
);
const trustStmt = fc.oneof(
  fc.record({ Effect: fc.constant('Allow'), Principal: fc.record({ AWS: fc.constantFrom(`arn:aws:iam::${A}:root`, '444455556666', ...NAMES.map(arnOf)) }), Action: fc.constant('sts:AssumeRole') }),
  fc.record({ Effect: fc.constant('Allow'), Principal: fc.record({ Service: fc.constantFrom('lambda.amazonaws.com', 'ec2.amazonaws.com') }), Action: fc.constant('sts:AssumeRole') }),
);
const account = fc.record({
  policies: fc.array(fc.array(stmt, { maxLength: 3 }), { minLength: NAMES.length, maxLength: NAMES.length }),
  admin: fc.array(fc.boolean(), { minLength: NAMES.length, maxLength: NAMES.length }),
  trusts: fc.array(fc.array(trustStmt, { minLength: 1, maxLength: 2 }), { minLength: 4, maxLength: 4 }),
});
type Acc = { policies: Record<string, unknown>[][]; admin: boolean[]; trusts: Record<string, unknown>[][] };

function principals(a: Acc): GraphPrincipalInput[] {
  return NAMES.map((n, i) => ({
    arn: arnOf(n),
    kind: n.startsWith('u') ? 'user' : 'role',
    name: n,
    sources: [
      ...(a.policies[i].length ? [{ label: `inline policy p of ${n}`, document: doc({ Version: '2012-10-17', Statement: a.policies[i] }) }] : []),
      ...(a.admin[i] ? [{ label: `managed policy ${ADMIN_ARN}`, document: ADMIN, managedArn: ADMIN_ARN }] : []),
    ],
    groups: [],
    attachedPolicyArns: a.admin[i] ? [ADMIN_ARN] : [],
    trust: n.startsWith('r') ? doc({ Version: '2012-10-17', Statement: a.trusts[Number(n.slice(1))] }) : undefined,
  }));
}
function verdicts(ps: GraphPrincipalInput[]) {
  const g = buildPrivilegeGraph({ accountId: A, now: NOW, principals: ps });
  return NAMES.map((n) => g.verdict(arnOf(n)) as NonNullable<ReturnType<typeof g.verdict>>);
}

describe('privilege graph properties', () => {
  it('adding a trust statement never removes a path (nor makes one conditional)', () => {
    fc.assert(
      fc.property(account, fc.integer({ min: 0, max: 3 }), trustStmt, (a, role, extra) => {
        const before = verdicts(principals(a));
        const trusts = a.trusts.map((t, i) => (i === role ? [...t, extra] : t));
        const after = verdicts(principals({ ...a, trusts }));
        before.forEach((b, i) => {
          if (b.admin) expect(after[i].admin).toBe(true);
          if (b.admin && !b.conditional) expect(after[i].conditional).toBe(false);
        });
      }),
      runs(100),
    );
  });

  it('removing an admin policy never adds a path', () => {
    fc.assert(
      fc.property(account, fc.integer({ min: 0, max: NAMES.length - 1 }), (a, who) => {
        const before = verdicts(principals(a));
        const admin = a.admin.map((x, i) => (i === who ? false : x));
        const after = verdicts(principals({ ...a, admin }));
        after.forEach((v, i) => {
          if (v.admin) expect(before[i].admin).toBe(true);
        });
      }),
      runs(100),
    );
  });

  it('every admin verdict ends at an admin node and its path is a chain', () => {
    fc.assert(
      fc.property(account, (a) => {
        const vs = verdicts(principals(a));
        for (const v of vs) {
          if (!v.admin) continue;
          let at = v.arn;
          for (const s of v.path) {
            expect(s.from).toBe(at);
            if (s.to) at = s.to;
          }
          // A rewrite step makes its target admin; any other path ends at a principal that is admin itself.
          if (v.adminArn && v.path[v.path.length - 1]?.kind !== 'policy-rewrite') expect(vs[NAMES.map(arnOf).indexOf(v.adminArn)].admin).toBe(true);
        }
      }),
      runs(100),
    );
  });
});
