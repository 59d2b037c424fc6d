/**
 * Full-size fuzzing (issue 6): 100,000 generated and mutated events through the scorer (test/fuzz/fuzz-events.ts, the
 * same generator `npm test` runs at 5,000), and 10,000 generated policy documents — structured policies, random JSON
 * and broken encodings — through the parser, the analyser and the trust analyser. `escaped` counts, input by input, the exceptions that
 * escaped (and broken result invariants); it must be 0.
 */
import fc from 'fast-check';
import { fuzzEvents } from '../test/fuzz/fuzz-events';
import { parsePolicyDocument } from '../lib/policy/document';
import { analysePolicies } from '../lib/policy/analyse';
import { analyseTrust } from '../lib/policy/trust';

const action = fc.oneof(
  fc.constantFrom('*', 'iam:*', 'iam:PassRole', 's3:Get*', 'ec2:RunInstances', 'lambda:CreateFunction', 'sts:AssumeRole', 'kms:*', '*:*', 'IAM:passrole', 'x:y'),
  fc.string({ maxLength: 40 }),
);
const resource = fc.oneof(fc.constantFrom('*', 'arn:aws:iam::*:role/*', 'arn:aws:s3:::b/*', 'arn:aws:iam::111122223333:user/${aws:username}'), fc.string({ maxLength: 60 }));
const many = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { maxLength: 6 }));
const principal = fc.oneof(
  fc.constant('*'),
  fc.record({ AWS: many(fc.oneof(fc.constant('*'), fc.constant('arn:aws:iam::999988887777:root'), fc.string({ maxLength: 30 }))) }),
  fc.record({ Service: many(fc.constantFrom('lambda.amazonaws.com', 'ec2.amazonaws.com', '')) }),
  fc.record({ Federated: fc.constantFrom('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'cognito-identity.amazonaws.com') }),
);
const statement = fc.record(
  {
    Sid: fc.string({ maxLength: 10 }),
    Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), fc.anything()),
    Action: many(action),
    NotAction: many(action),
    Resource: many(resource),
    NotResource: many(resource),
    Principal: principal,
    Condition: fc.oneof(fc.constant({ StringEquals: { 'sts:ExternalId': 'x' } }), fc.dictionary(fc.string(), fc.anything())),
  },
  { requiredKeys: ['Effect'] },
);
const structured = fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 6 })) });
const policyInput = fc.oneof(
  structured,
  structured.map((d) => JSON.stringify(d)),
  structured.map((d) => encodeURIComponent(JSON.stringify(d))),
  structured.map((d) => encodeURIComponent(JSON.stringify(d)).slice(0, -3) + '%E0%A4%A'),
  fc.anything(),
  fc.string(),
);

/** Policy documents through parser, analyser and trust analyser; an exception or a rejection without a reason is an escape. */
export function fuzzPolicies(n: number, seed: number): { runs: number; parsed: number; rejected: number; admin: number; escaped: number; escapes: string[]; seed: number } {
  const stats = { runs: 0, parsed: 0, rejected: 0, admin: 0, escaped: 0, escapes: [] as string[], seed };
  const escape = (message: string) => {
    stats.escaped++;
    if (stats.escapes.length < 5) stats.escapes.push(message.slice(0, 300));
  };
  fc.assert(
    fc.property(policyInput, (input) => {
      stats.runs++;
      try {
        const r = parsePolicyDocument(input);
        if (!r.ok) {
          if (typeof r.error !== 'string' || r.error === '') escape('a rejected document did not say why');
          else stats.rejected++;
          return;
        }
        stats.parsed++;
        const a = analysePolicies([r.document]);
        if (a.adminEquivalent) stats.admin++;
        analyseTrust(r.document, '111122223333', { trustedAccounts: [] });
      } catch (e) {
        escape(e instanceof Error ? e.message : String(e));
      }
    }),
    { numRuns: n, seed, endOnFailure: true },
  );
  return stats;
}

export async function runFuzzBench(opts: { quick: boolean }): Promise<Record<string, unknown>> {
  const seed = 20261129;
  const t0 = Date.now();
  const events = fuzzEvents(opts.quick ? 10_000 : 100_000, seed, { countEscapes: true });
  const t1 = Date.now();
  const policies = fuzzPolicies(opts.quick ? 2_000 : 10_000, seed);
  const t2 = Date.now();
  // Counted input by input above (an exception out of the scorer, parser or analysers, or a broken result invariant).
  const escaped = events.escaped + policies.escaped;
  return { events, eventSeconds: (t1 - t0) / 1000, policies, policySeconds: (t2 - t1) / 1000, escaped };
}
