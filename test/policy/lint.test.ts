/**
 * check-policy as a linter (issue 23 part b): the one-line verdict, AWS-invalid documents as errors with line and
 * column, service-wide wildcards with the dangerous actions they include (derived from the catalogue), trust and
 * resource policies judged by the one classifier, typos with "did you mean", --fail-on exit codes, --needs validated
 * and narrowed with --resource, --out writing the suggestion.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { CHECK_POLICY_EXIT } from '../../lib/cli/commands/check-policy';
import { checkGrammar } from '../../lib/policy/lint/grammar';
import { locateJson } from '../../lib/policy/lint/locate';
import { dangerousActions } from '../../lib/policy/lint/dangerous';
import { matchActionPattern, getCatalog } from '../../lib/policy/catalog';
import { closest } from '../../lib/text/did-you-mean';
import { POSTURE_RULES } from '../../lib/rules';

const dir = mkdtempSync(join(tmpdir(), 'lint-'));
const write = (name: string, value: unknown): string => {
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return name;
};
async function run(...args: string[]) {
  const io = memoryIo(dir);
  const code = await main(['node', 'iam-guardian', 'check-policy', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}
const S3_STAR = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

describe('the verdict comes first, one line', () => {
  it.each([
    ['admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, /^admin\.json: ADMIN-EQUIVALENT: /],
    ['escalation', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccessKey'], Resource: '*' }] }, /^escalation\.json: PRIVILEGE ESCALATION: .*CreateAccessKey/],
    ['s3star', S3_STAR, /^s3star\.json: FULL ACCESS to 1 service \(s3\): every action on every resource$/m],
    ['narrow', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }] }, /^narrow\.json: LEAST-PRIVILEGE: /],
    ['deny', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, /^deny\.json: GRANTS NOTHING: /],
    ['public-trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }, /^public-trust\.json: PUBLIC: anyone can assume this role$/m],
    ['external-trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] }, /^external-trust\.json: CROSS-ACCOUNT: lets account 999999999999 in/],
    ['public-bucket', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] }, /^public-bucket\.json: PUBLIC: anyone can use this s3 bucket/],
  ])('%s', async (name, doc, verdict) => {
    const r = await run('--account', '111122223333', write(`${name}.json`, doc));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(verdict);
    expect(r.out).not.toContain('(nothing is allowed)');
  });

  it('s3:* on * names full S3 access and its most dangerous actions, derived from the catalogue', async () => {
    const r = await run(write('s3.json', S3_STAR));
    const line = r.out.split('\n')[1];
    expect(line).toMatch(/^ {2}6:17 +medium +"s3:\*" on every resource \("\*"\) is full s3 access — all \d+ actions, of them \d+ Permissions management/);
    for (const a of ['PutBucketPolicy', 'PutBucketAcl', 'DeleteBucket']) expect(line).toContain(a);
    expect(r.out).toContain('--out least-privilege.json s3.json');
    const j = JSON.parse((await run('--json', 's3.json')).out);
    expect(j.verdict).toEqual({ kind: 'full-access', severity: 'medium', text: expect.stringMatching(/^FULL ACCESS/) });
    expect(j.problems[0]).toMatchObject({ code: 'service-wildcard', severity: 'medium', line: 6, column: 17, path: ['Statement', 0, 'Action'] });
  });

  it('the dangerous actions are ranked from access levels and the sensitive lists, for any service', () => {
    const kms = dangerousActions(matchActionPattern('kms:*').set).top;
    expect(kms).toContain('kms:PutKeyPolicy');
    const iam = dangerousActions(matchActionPattern('iam:*').set).top;
    expect(iam.length).toBeGreaterThan(0);
    // iam's first highlights are actions the escalation methods use.
    expect(['iam:PassRole', 'iam:AttachUserPolicy', 'iam:CreateAccessKey', 'iam:PutUserPolicy', 'iam:CreatePolicyVersion', 'iam:AttachRolePolicy']).toContain(iam[0]);
    const c = getCatalog();
    for (const id of dangerousActions(matchActionPattern('dynamodb:*').set).top) {
      expect(['Permissions management', 'Write']).toContain(c.actions[c.index.get(id.toLowerCase()) as number].level);
    }
    // Read-only wildcards highlight nothing.
    expect(dangerousActions(matchActionPattern('s3:Get*').set).top.every((id) => /^s3:Get/.test(id))).toBe(true);
  });
});

describe('AWS-invalid documents: errors with line and column, exit 2', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statment": [],
  "Statement": [
    {
      "Efect": "Allow",
      "Action": ["s3:GetObjekt", "s3GetObject"],
      "Resource": "*"
    },
    { "Effect": "allow", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceIp": "10.0.0.0/8"}} }
  ]
}
`;
  it('names each problem where it is, with did-you-mean', async () => {
    const r = await run(write('bad.json', text));
    expect(r.code).toBe(CHECK_POLICY_EXIT.invalid);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('bad.json: INVALID: AWS rejects this policy (6 errors); fix them first');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}3:3 +error +the policy has an unknown key "Statment" \(did you mean "Statement"\?\)/),
        expect.stringMatching(/^ {2}6:7 +error +Statement 0 has an unknown key "Efect" \(did you mean "Effect"\?\): AWS rejects the policy/),
        expect.stringMatching(/^ {2}7:34 +error +Statement 0 Action: "s3GetObject" is not an action/),
        expect.stringMatching(/^ {2}10:17 +error +Statement 1 has Effect "allow": AWS accepts only "Allow" or "Deny" \(case-sensitive\) — did you mean "Allow"\?/),
        expect.stringMatching(/^ {2}10:5 +error +Statement 1 has both Action and NotAction/),
        expect.stringMatching(/^ {2}10:97 +error +Statement 1 Condition has an unknown operator "StringEqual" \(did you mean "StringEquals"\?\)/),
        expect.stringMatching(/^ {2}7:18 +low +Statement 0 Action: "s3:GetObjekt" matches no action .* did you mean "s3:GetObject"\?/),
      ]),
    );
    // Errors before warnings; nothing claims the statement is "ignored".
    expect(r.out).not.toMatch(/ignored/);
    expect(r.err).toMatch(/bad\.json: invalid policy: AWS would reject it/);
    const j = JSON.parse((await run('--json', 'bad.json')).out);
    expect(j.valid).toBe(false);
    expect(j.verdict.kind).toBe('invalid');
    expect(j.problems.filter((p: { severity: string }) => p.severity === 'error')).toHaveLength(6);
  });

  it.each([
    ['empty Statement', { Version: '2012-10-17', Statement: [] }, /Statement is an empty list/],
    ['no Statement', { Version: '2012-10-17' }, /the policy has no Statement/],
    ['no Action', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }, /has neither Action nor NotAction/],
    ['no Effect', { Version: '2012-10-17', Statement: [{ Action: 's3:GetObject', Resource: '*' }] }, /has no Effect/],
    ['identity statement without Resource', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }, /neither Resource nor NotResource/],
    ['resource not an ARN', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'my-bucket' }] }, /neither "\*" nor an ARN/],
    ['bad Version', { Version: '2024-01-01', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, /Version "2024-01-01" is not one AWS knows/],
    ['duplicate key', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}', /1:56 +error +"Effect" appears twice/],
    ['duplicate Sid', { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'A', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }, /repeats the Sid "A"/],
    ['mixed Principal', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, /Statement 0 has a Principal but Statement 1 has none/],
    ['unknown Principal key', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Aws: '*' }, Action: 'sts:AssumeRole' }] }, /unknown key "Aws" \(did you mean "AWS"\?\)/],
  ])('%s', async (_name, doc, message) => {
    const r = await run(write('x.json', doc));
    expect(r.code).toBe(2);
    expect(r.out.split('\n')[0]).toMatch(/^x\.json: INVALID/);
    expect(r.out).toMatch(message);
  });

  it('a valid document has no grammar error; a single-object Statement is valid', () => {
    expect(checkGrammar(S3_STAR).filter((p) => p.severity === 'error')).toEqual([]);
    expect(checkGrammar({ Version: '2012-10-17', Statement: { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:iam::*:role/x', Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a', 1, true] } } } }).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('positions come from inside an aws iam get-policy-version envelope', async () => {
    const env = `{"PolicyVersion": {"VersionId": "v1", "Document": {"Version": "2012-10-17", "Statement": [{"Efect": "Allow", "Action": "s3:*", "Resource": "*"}]}}}`;
    const r = await run(write('env.json', env));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/ 1:92 +error +Statement 0 has an unknown key "Efect"/);
  });

  it('the locator is iterative: 300,000 levels deep costs nothing and points right', () => {
    const deep = `{"a": ${'['.repeat(300_000)}${']'.repeat(300_000)}, "b": {"c": 1}}`;
    const loc = locateJson(deep);
    const b = loc.get(['b', 'c']);
    expect(b && loc.lineColumn(b.value.offset)).toEqual({ line: 1, column: deep.indexOf('1}') + 1 });
  });
});

describe('--fail-on exit codes for CI', () => {
  it.each([
    ['medium', 3],
    ['low', 3],
    ['high', 0],
    ['critical', 0],
  ])('s3:* on * with --fail-on %s exits %i', async (severity, code) => {
    expect((await run('--fail-on', severity, write('s3f.json', S3_STAR))).code).toBe(code);
  });

  it('admin-equivalent fails --fail-on high; without --fail-on a valid document exits 0', async () => {
    const f = write('adm.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect((await run('--fail-on', 'high', f)).code).toBe(3);
    expect((await run(f)).code).toBe(0);
  });

  it('an unknown severity is a usage error (exit 1) naming the choices', async () => {
    const r = await run('--fail-on', 'severe', 's3f.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--fail-on "severe": use one of info, low, medium, high, critical/);
  });

  it('the severities agree with the posture rules that judge the same thing', () => {
    const sev = (id: string) => POSTURE_RULES.find((r) => r.id === id)?.severity;
    expect(sev('policy-admin-statement')).toBe('high');
    expect(sev('privilege-escalation')).toBe('high');
    expect(sev('role-trust-public')).toBe('critical');
    expect(sev('role-trust-external-no-condition')).toBe('high');
    expect(sev('role-trust-confused-deputy')).toBe('low');
  });
});

describe('--needs, --resource, --out', () => {
  it('an unknown needed action is an error with did-you-mean, never "everything is granted"', async () => {
    const r = await run('--needs', 's3:GetObjekt', write('s3n.json', S3_STAR));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--needs "s3:GetObjekt" matches no action .* did you mean "s3:GetObject"\?/);
    expect(r.out).toBe('');
  });

  it('--resource narrows the suggestion and --out writes it', async () => {
    const r = await run('--needs', 's3:GetObject,s3:PutObject', '--resource', 'arn:aws:s3:::my-bucket/*', '--out', 'least-privilege.json', 's3n.json');
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'least-privilege.json'), 'utf8'));
    expect(written).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::my-bucket/*' }] });
    expect(r.err).toMatch(/wrote the least-privilege policy to least-privilege\.json/);
    // The written policy is itself a clean, valid least-privilege policy.
    const again = await run('--fail-on', 'low', 'least-privilege.json');
    expect(again.code).toBe(0);
    expect(again.out.split('\n')[0]).toMatch(/LEAST-PRIVILEGE/);
  });

  it('a resource the policy does not cover is left out and said so; nothing granted writes nothing', async () => {
    const f = write('bucket-a.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::a/*' }] });
    const r = await run('--needs', 's3:GetObject', '--resource', 'arn:aws:s3:::b/*', '--out', 'none.json', f);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/NOT granted on the given resources \(left out\): s3:GetObject/);
    expect(r.err).toMatch(/nothing written to none\.json/);
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
  });

  it.each([
    ['aws iam get-policy-version', { PolicyVersion: { Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, VersionId: 'v3', IsDefaultVersion: true } }],
    ['aws iam get-role-policy', { RoleName: 'app', PolicyName: 'inline', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] } }],
  ])('the fixes\' chain works on %s output: --out writes a valid policy of just the needs', async (_name, saved) => {
    const r = await run('--needs', 'dynamodb:GetItem,dynamodb:PutItem', '--out', 'lp-chain.json', write('current-policy.json', saved));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'lp-chain.json'), 'utf8')).Statement).toEqual([{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: '*' }]);
    expect((await run('lp-chain.json')).code).toBe(0);
  });

  it('--out and --resource need --needs; --resource must be an ARN', async () => {
    expect((await run('--out', 'x.json', 's3n.json')).err).toMatch(/--out needs --needs/);
    expect((await run('--needs', 's3:GetObject', '--resource', 'my-bucket', 's3n.json')).err).toMatch(/--resource "my-bucket" is not an ARN/);
  });
});

describe('did you mean', () => {
  it('finds close words, ignores far ones and case-only differences count as close', () => {
    expect(closest('Efect', ['Effect', 'Action'])).toBe('Effect');
    expect(closest('aws', ['AWS', 'Service'])).toBe('AWS');
    expect(closest('Banana', ['Effect', 'Action'])).toBeUndefined();
    expect(closest('x'.repeat(500), ['x'])).toBeUndefined();
  });
});
