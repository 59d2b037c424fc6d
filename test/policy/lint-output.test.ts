/**
 * check-policy's linter, what a user reads: problems worst first then in file order, the resource-policy messages
 * (public, cross-account with and without --account, trust guards), the text report's sections (notes on an invalid
 * document, full-access list, services admitted), the AWS CLI envelopes read (and how deep), duplicate keys only inside
 * the document, and every IAM condition operator accepted by the grammar.
 */
import { checkPolicyDocument, type CheckOptions } from '../../lib/policy/lint/check';
import { checkPolicyJson, checkPolicyText } from '../../lib/policy/lint/render';
import { getCatalog } from '../../lib/policy/catalog';
import { readPolicyText } from '../../lib/policy/lint/input';
import { checkGrammar } from '../../lib/policy/lint/grammar';

function check(value: unknown, opts: CheckOptions = {}, name = 'policy.json') {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const r = readPolicyText(text, name);
  if (!r.ok) throw new Error(r.error);
  const result = checkPolicyDocument(r.input.document, r.input.warnings, opts, r.input);
  return { result, text: checkPolicyText(name, result) };
}
const policy = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
const OTHER = '444455556666';

describe('problems: worst first, then in file order', () => {
  it('same severity is sorted by line, whatever order the checks found them in', () => {
    const { result } = check(
      policy(
        { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' },
        { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
      ),
    );
    expect(result.problems.map((p) => [p.severity, p.code, p.at?.line])).toEqual([
      ['high', 'privilege-escalation', 9],
      ['high', 'admin-equivalent', 14],
      ['high', 'privilege-escalation', 14],
      ['low', 'service-wildcard', 21],
      ['info', 'action-wildcard', 6],
    ]);
    expect(result.problems[0].message).toMatch(/^privilege escalation \(CreateAccessKey\): /);
    expect(result.problems[2].message).toMatch(/^privilege escalation \(CreateNewPolicyVersion\): /);
  });

  it('the text report lists them in that order with line:column', () => {
    const { text } = check(policy({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }));
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^ {2}9:5 {4}high {5}privilege escalation \(CreateAccessKey\)/);
    expect(lines[2]).toMatch(/^ {2}6:17 {3}info {5}"ec2:Describe\*" on every resource/);
  });
});

describe('resource and trust policies', () => {
  const bucket = policy(
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
  );

  it('public is critical and first; cross-account is medium and says how to name your own account', () => {
    const { result, text } = check(bucket);
    expect(result.problems.map((p) => [p.severity, p.code, p.at?.line])).toEqual([
      ['critical', 'public', 12],
      ['medium', 'cross-account', 4],
    ]);
    expect(result.problems[0].message).toBe('anyone can use this resource: Statement 1 allows principal "*" (anyone) without a condition narrowing it to an account, organization, source resource or network');
    expect(result.problems[1].message).toBe(
      `account ${OTHER} (arn:aws:iam::${OTHER}:root) can use this resource (pass --account with your account id, or list your own accounts in the config's trustedAccounts, so they are not counted)`,
    );
    expect(text).toContain('\n  Resource policy (s3-bucket): PUBLIC\n');
    expect(text).toContain('\n    services admitted: cloudtrail.amazonaws.com\n');
  });

  it('with --account the hint is left out', () => {
    const { result } = check(bucket, { account: '111122223333' });
    expect(result.problems[1].message).toBe(`account ${OTHER} (arn:aws:iam::${OTHER}:root) can use this resource`);
  });

  it('two services admitted are listed comma-separated', () => {
    const { text } = check(policy({ Effect: 'Allow', Principal: { Service: ['sns.amazonaws.com', 'events.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: '*' }), { account: '111122223333' });
    expect(text).toContain('\n  Resource policy (sqs-queue): private\n    services admitted: events.amazonaws.com, sns.amazonaws.com\n');
  });

  it('a role trust: an unguarded other account is high, a guarded one low, each saying why', () => {
    const trust = policy(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } } },
    );
    const { result } = check(trust, { account: '111122223333' });
    expect(result.problems.map((p) => [p.severity, p.code, p.message])).toEqual([
      ['high', 'cross-account', `account ${OTHER} (arn:aws:iam::${OTHER}:root) can assume this role with no sts:ExternalId, MFA or organization condition`],
      ['low', 'cross-account', 'account 777788889999 (arn:aws:iam::777788889999:root) can assume this role — guarded by sts:ExternalId'],
    ]);
  });
});

describe('the text report', () => {
  it('full access to several services is one comma-separated line', () => {
    expect(check(policy({ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' })).text).toContain('\n  Full access (every action on every resource): ec2, s3\n');
  });

  it('an escalation on several resources lists them quoted and comma-separated, then what it reaches', () => {
    const users = ['arn:aws:iam::111122223333:user/a', 'arn:aws:iam::111122223333:user/b'];
    expect(check(policy({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: users })).text).toContain(
      `\n  Privilege-escalation paths: 1\n    - CreateAccessKey: iam:CreateAccessKey on "${users[0]}", "${users[1]}"\n        reaches another user's permissions, through a new access key for that user; via users "${users[0]}", "${users[1]}"\n`,
    );
  });

  it('an invalid document shows the parts that were not evaluated as notes, one per line', () => {
    const long = `s3:${'A'.repeat(5000)}`;
    const text = `{"Version": "2012-10-17", "Statement": [{"Sid": "a", "Sid": "b", "Effect": "Allow", "Action": ["s3:GetObject", "${long}"], "Resource": "*"}]}`;
    const out = check(text).text;
    expect(out.split('\n')[0]).toBe('policy.json: INVALID: AWS rejects this policy (1 error); fix it first');
    expect(out).toContain('\n  Notes:\n    - not fully evaluated: Statement 0 Action has an entry of 5003 characters (limit 4096); it was not evaluated\n');
    expect(out).not.toContain('Details:');
  });
});

describe('reading AWS CLI output', () => {
  const inner = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  const wrap = (n: number): unknown => (n === 0 ? inner : { Policy: wrap(n - 1) });

  it('get-policy-version and get-role envelopes are read', () => {
    expect(check({ PolicyVersion: { Document: inner, VersionId: 'v3', IsDefaultVersion: true } }).result.verdict.kind).toBe('least-privilege');
    expect(check({ Role: { RoleName: 'r', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) } }).result.verdict.kind).toBe('public');
  });

  it('up to four envelopes deep; a fifth is not unwrapped (the document is not found)', () => {
    expect(check(wrap(4)).result).toMatchObject({ valid: true, verdict: { kind: 'least-privilege' } });
    const deep = check(wrap(5)).result;
    expect(deep.valid).toBe(false);
    expect(deep.problems.map((p) => p.code)).toContain('missing-statement');
  });

  it('a JSON string holding the URL-encoded document (as the IAM API returns it) is read', () => {
    const text = JSON.stringify(encodeURIComponent(JSON.stringify(inner)));
    const r = readPolicyText(text, 'p.json');
    expect(r.ok && r.input.document.statements.map((s) => s.action)).toEqual([['s3:GetObject']]);
    expect(readPolicyText(JSON.stringify(JSON.stringify(inner)), 'p.json').ok).toBe(true);
  });

  it.each([
    ['"hello"', 'a string'],
    ['[{"Statement": []}]', 'an array'],
    ['null', 'null'],
    ['42', 'a number'],
    ['true', 'a boolean'],
  ])('valid JSON that is not an object (%s) says what it is', (text, what) => {
    expect(readPolicyText(text, 'p.json')).toEqual({ ok: false, error: `p.json: valid JSON, but ${what}, not a policy document (a JSON object with a Statement)` });
  });

  it('a duplicate key in the envelope (outside the document) is not the policy\'s problem', () => {
    const text = '{"PolicyVersion": {"VersionId": "v1", "VersionId": "v2", "Tags": {"k": "a", "k": "b"}, "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}';
    expect(check(text).result).toMatchObject({ valid: true, problems: [] });
  });

  it('a duplicate key inside the enveloped document is', () => {
    const text = '{"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}}}';
    const r = check(text).result;
    expect(r.valid).toBe(false);
    expect(r.problems[0]).toMatchObject({ severity: 'error', code: 'duplicate-key', path: ['Statement', 0, 'Effect'] });
  });
});

describe('condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators")', () => {
  const OPERATORS = [
    'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
    'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
    'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
    'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
  ];
  const problems = (op: string) => checkGrammar(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [op]: { 'aws:SourceIp': '203.0.113.0/24' } } }));

  it.each(OPERATORS.flatMap((o) => [o, `${o}IfExists`, `ForAnyValue:${o}`, `ForAllValues:${o}IfExists`]))('%s is accepted', (op) => {
    expect(problems(op)).toEqual([]);
  });
  it('Null is accepted; NullIfExists is not', () => {
    expect(problems('Null')).toEqual([]);
    expect(problems('NullIfExists').map((p) => p.code)).toEqual(['unknown-operator']);
  });
  it.each(['StringEqual', 'NumericEqual', 'DateGreaterThanOrEquals'])('%s is rejected, with a suggestion', (op) => {
    const p = problems(op);
    expect(p.map((x) => [x.severity, x.code])).toEqual([['error', 'unknown-operator']]);
    expect(p[0].message).toMatch(/did you mean "/);
  });
});

describe('the one-line verdict, branch by branch', () => {
  const verdict = (value: unknown, opts: CheckOptions = {}) => check(value, opts).result.verdict;

  it('more than three escalation paths: the first three, then "…"', () => {
    const v = verdict(policy({ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:AddUserToGroup'], Resource: 'arn:aws:iam::111122223333:*' }));
    expect(v).toEqual({ kind: 'privilege-escalation', severity: 'high', text: 'PRIVILEGE ESCALATION: whoever holds it can raise its own permissions (4 paths: CreateAccessKey, CreateLoginProfile, UpdateLoginProfile, …)' });
  });

  it('one escalation path: singular', () => {
    expect(verdict(policy({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' })).text).toBe('PRIVILEGE ESCALATION: whoever holds it can raise its own permissions (1 path: CreateAccessKey)');
  });

  it('full access to more than five services: the first five, then "…"', () => {
    const v = verdict(policy({ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'sns:*', 'dynamodb:*', 'logs:*', 'cloudwatch:*'], Resource: '*' }));
    expect(v).toEqual({ kind: 'full-access', severity: 'medium', text: 'FULL ACCESS to 6 services (cloudwatch, dynamodb, logs, s3, sns, …): every action on every resource' });
  });

  it('several other accounts: "accounts", listed', () => {
    const v = verdict(policy({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root', '777788889999'] }, Action: 'sqs:SendMessage', Resource: '*' }), { account: '111122223333' });
    expect(v).toEqual({ kind: 'cross-account', severity: 'medium', text: 'CROSS-ACCOUNT: lets accounts 444455556666, 777788889999 in' });
  });

  it.each([
    ['lambda:InvokeFunction', 'PUBLIC: anyone can use this lambda function'],
    ['kms:Decrypt', 'PUBLIC: anyone can use this kms key'],
    ['logs:PutLogEvents', 'PUBLIC: anyone can use this resource'],
  ])('public %s: names the kind of resource', (action, text) => {
    expect(verdict(policy({ Effect: 'Allow', Principal: '*', Action: action, Resource: '*' }))).toEqual({ kind: 'public', severity: 'critical', text });
  });

  it('a resource policy letting only its own account in: private', () => {
    expect(verdict(policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sqs:SendMessage', Resource: '*' }), { account: '111122223333' })).toEqual({ kind: 'least-privilege', severity: 'none', text: 'PRIVATE: only your own account is let in' });
  });

  it('a resource policy that only denies grants nothing', () => {
    expect(verdict(policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }))).toEqual({ kind: 'grants-nothing', severity: 'none', text: 'GRANTS NOTHING: no statement allows anything' });
  });

  it('a sensitive grant alone is broad', () => {
    expect(verdict(policy({ Effect: 'Allow', Action: 'aws-marketplace:Subscribe', Resource: '*' }))).toEqual({ kind: 'broad', severity: 'high', text: 'BROAD: 1 grant wider than most tasks need (see below)' });
  });

  it('a medium wildcard is broad; a low or info one is not', () => {
    expect(verdict(policy({ Effect: 'Allow', Action: 'iam:Put*', Resource: 'arn:aws:iam::111122223333:role/app-*' })).kind).not.toBe('least-privilege');
    expect(verdict(policy({ Effect: 'Allow', Action: 's3:Put*', Resource: 'arn:aws:s3:::uploads/*' }))).toMatchObject({ kind: 'least-privilege', severity: 'low' });
    expect(verdict(policy({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }))).toEqual({ kind: 'least-privilege', severity: 'info', text: 'LEAST-PRIVILEGE: no admin, escalation, sensitive grant or broad wildcard' });
  });

  it('two errors: plural', () => {
    expect(verdict(policy({ Effect: 'Alow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject' })).text).toBe('INVALID: AWS rejects this policy (2 errors); fix them first');
  });
});

describe('trust policies: services and federation', () => {
  it('a service admitted without a source condition: low, confused deputy, at its statement', () => {
    const { result } = check(policy({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sts:AssumeRole' }), { account: '111122223333' });
    expect(result.problems).toEqual([
      { severity: 'low', code: 'confused-deputy', path: ['Statement', 0], at: { line: 4, column: 5 }, message: 'service sns.amazonaws.com is admitted without an aws:SourceAccount or aws:SourceArn condition: another account\'s use of sns.amazonaws.com could reach this role (confused deputy)' },
    ]);
  });

  it('GitHub OIDC without a sub condition: critical, public, says why', () => {
    const provider = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    const { result, text } = check(policy({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }), { account: '111122223333' });
    expect(result.verdict).toEqual({ kind: 'public', severity: 'critical', text: 'PUBLIC: anyone can assume this role' });
    expect(result.problems).toEqual([
      { severity: 'critical', code: 'federated-unguarded', path: ['Statement', 0], at: { line: 4, column: 5 }, message: `federated ${provider}: no restrictive token.actions.githubusercontent.com:sub condition: any GitHub repository (of any owner) can assume this role from its workflows` },
    ]);
    expect(text).toContain(`\n    federated ${provider}: UNGUARDED — no restrictive token.actions.githubusercontent.com:sub condition`);
  });

  it('with a repository sub condition it is guarded and no problem', () => {
    const provider = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    const { result, text } = check(policy({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' } } }), { account: '111122223333' });
    expect(result.problems).toEqual([]);
    expect(text).toContain(`\n    federated ${provider}: guarded\n`);
  });
});

describe('where a problem points', () => {
  it('a single Statement object (not a list): problems point at it and its Action', () => {
    const { result, text } = check({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'ec2:Describe*'], Resource: '*' } });
    expect(result.problems.map((p) => [p.code, p.path, p.at])).toEqual([
      ['privilege-escalation', ['Statement'], { line: 3, column: 16 }],
      ['action-wildcard', ['Statement', 'Action', 1], { line: 7, column: 7 }],
    ]);
    expect(text.split('\n')[1]).toMatch(/^ {2}3:16 {3}high {5}privilege escalation \(CreateAccessKey\)/);
  });

  it('admin-equivalence that no one statement makes points at the whole document', () => {
    // Every service as "<service>:*", split over three statements that each grant less than half the catalogue.
    const services = [...new Set(getCatalog().actions.map((a) => a.id.split(':')[0]))].sort();
    const third = Math.ceil(services.length / 3);
    const statements = [0, 1, 2].map((k) => ({ Effect: 'Allow', Action: services.slice(k * third, (k + 1) * third).map((s) => `${s}:*`), Resource: '*' }));
    const { result } = check(policy(...statements));
    const admin = result.problems.find((p) => p.code === 'admin-equivalent');
    expect(admin).toMatchObject({ path: [], at: { line: 1, column: 1 }, message: 'admin-equivalent: The statements together allow every action on every resource' });
    expect(checkPolicyJson(result).problems).toContainEqual(expect.objectContaining({ code: 'admin-equivalent', path: [], line: 1, column: 1 }));
  });
});

describe('a service wildcard with NotResource', () => {
  const bucketAdmin = (NotResource: string | string[]) => policy({ Effect: 'Allow', Action: 's3:*', NotResource });

  it('leaving out one bucket is still every resource: full s3 access, medium, and the text names what is left out', () => {
    const { result } = check(bucketAdmin('arn:aws:s3:::audit-logs/*'));
    const p = result.problems.find((x) => x.code === 'service-wildcard');
    expect(p?.severity).toBe('medium');
    expect(p?.message).toMatch(/^"s3:\*" on every resource except "arn:aws:s3:::audit-logs\/\*" is full s3 access — all \d+ actions, of them \d+ Permissions management/);
  });

  it('NotResource "*" grants nothing anywhere: not full access', () => {
    const { result } = check(bucketAdmin(['arn:aws:s3:::audit-logs/*', '*']));
    const p = result.problems.find((x) => x.code === 'service-wildcard');
    expect(p?.severity).toBe('low');
    expect(p?.message).toMatch(/^"s3:\*" on every resource except "arn:aws:s3:::audit-logs\/\*", "\*" is every s3 action there — \d+ actions/);
  });
});
