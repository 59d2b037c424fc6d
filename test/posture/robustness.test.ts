/** Odd but loadable input never makes a posture rule throw (a thrown rule would silently become "not evaluated"). */
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { accountFixture, CREDENTIAL_REPORT_COLUMNS, iamGroup, iamRole, iamUser, policy } from '../support/posture-fixtures';
import type { CredentialReportRow } from '../../lib/account/model';

const reportValue = fc.oneof(
  fc.constantFrom('true', 'false', 'N/A', 'no_information', 'not_supported', '', 'TRUE', '2026-05-01T10:00:00+00:00', '2031-01-01T00:00:00+00:00', 'garbage'),
  fc.string({ maxLength: 12 }),
);
const actionPattern = fc.constantFrom('*', 's3:*', 'iam:*', 'iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'iam:CreateAccessKey', 'ec2:RunInstances', 'sts:AssumeRole', 'unknownsvc:Do', 's3:Get*', 'iam:Put*');
const statement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.array(actionPattern, { minLength: 1, maxLength: 4 }),
    Resource: fc.constantFrom('*', 'arn:aws:iam::111122223333:user/*', 'arn:aws:iam::*:role/${aws:username}', 'arn:aws:s3:::b/*'),
    Condition: fc.constantFrom(undefined, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
  },
  { requiredKeys: ['Effect', 'Action', 'Resource'] },
);
const doc = fc.array(statement, { minLength: 1, maxLength: 3 }).map((Statement) => policy({ Version: '2012-10-17', Statement: Statement.map((s) => JSON.parse(JSON.stringify(s))) }));
const principalEntry = fc.constantFrom('*', 'arn:aws:iam::444455556666:root', '123456789012', 'AROAXXXXXXXXXXXXXXXXX', 'arn:aws:iam::111122223333:role/x', 'not an arn');
const trustDoc = fc
  .record({ aws: fc.array(principalEntry, { maxLength: 3 }), svc: fc.array(fc.constantFrom('lambda.amazonaws.com', 'config.amazonaws.com', 'weird'), { maxLength: 2 }), cond: fc.boolean() })
  .map(({ aws, svc, cond }) =>
    policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws, Service: svc }, Action: 'sts:AssumeRole', ...(cond ? { Condition: { StringEquals: { 'sts:ExternalId': 'x' } } } : {}) }] }),
  );

describe('posture rules on odd input', () => {
  it('never throw, whatever the report values, documents and trust policies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.array(reportValue, { minLength: CREDENTIAL_REPORT_COLUMNS.length, maxLength: CREDENTIAL_REPORT_COLUMNS.length })), { maxLength: 4 }),
        fc.array(doc, { maxLength: 3 }),
        fc.array(trustDoc, { maxLength: 3 }),
        fc.option(fc.dictionary(fc.constantFrom('MinimumPasswordLength', 'RequireSymbols', 'MaxPasswordAge', 'ExpirePasswords'), fc.oneof(fc.integer(), fc.boolean(), fc.string())), { nil: null }),
        (rows, docs, trusts, pw) => {
          const users = ['a', 'b', 'c'].map((n, i) => iamUser(n, { GroupList: i === 0 ? ['G', 'Missing'] : [], UserPolicyList: docs[i] ? [{ PolicyName: `p${i}`, document: docs[i] }] : [] }));
          const account = accountFixture({
            users,
            groups: [iamGroup('G', { GroupPolicyList: docs[2] ? [{ PolicyName: 'g', document: docs[2] }] : [] })],
            roles: trusts.map((t, i) => iamRole(`r${i}`, { AssumeRolePolicyDocument: t, RolePolicyList: docs[i] ? [{ PolicyName: 'r', document: docs[i] }] : [], RoleLastUsed: i === 1 ? { LastUsedDate: 'garbage' } : undefined })),
            credentialReport: {
              rows: rows.map(([user, values]): CredentialReportRow => ({ ...Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((c, i) => [c, values[i]])), user, arn: `arn:aws:iam::111122223333:user/${user}` })),
            },
            passwordPolicy: pw,
          });
          const ev = evaluateAccount(account, DEFAULT_CONFIG);
          for (const reason of Object.values(ev.notEvaluated)) expect(reason).not.toMatch(/rule failed/);
          const keys = ev.findings.map((f) => `${f.ruleId} ${f.resource}`);
          expect(new Set(keys).size).toBe(keys.length);
          expect(ev.score).toBeGreaterThanOrEqual(0);
          expect(ev.score).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 150 },
    );
  });
});
