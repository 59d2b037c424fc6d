import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';

const dir = mkdtempSync(join(tmpdir(), 'check-policy-'));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'iam:CreateAccessKey', 's3:GetObjct'], Resource: '*' }] };

async function run(...args: string[]) {
  const io = memoryIo(dir);
  const code = await main(['node', 'iam-guardian', 'check-policy', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('check-policy', () => {
  it('--json prints the contract keys first', async () => {
    const r = await run('--json', write('p.json', JSON.stringify(policy)));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).slice(0, 5)).toEqual(['adminEquivalent', 'escalations', 'sensitive', 'unknownActions', 'services']);
    expect(j.adminEquivalent).toBe(false);
    expect(j.escalations).toEqual([expect.objectContaining({ method: 'CreateAccessKey', actions: ['iam:CreateAccessKey'], resources: ['*'] })]);
    expect(j.unknownActions).toEqual(['s3:GetObjct']);
    expect(j.services.iam).toEqual({ Write: ['iam:CreateAccessKey'] }); // AWS files CreateAccessKey under Write
    expect(j.services.s3.Read).toContain('s3:GetObject');
    expect(r.out.trim().split('\n')).toHaveLength(1);
  });

  it('accepts URL-encoded documents and get-policy-version output (Document decoded or URL-encoded)', async () => {
    const enc = encodeURIComponent(JSON.stringify(policy));
    for (const text of [enc, JSON.stringify({ PolicyVersion: { Document: policy, VersionId: 'v2', IsDefaultVersion: true } }), JSON.stringify({ PolicyVersion: { Document: enc, VersionId: 'v1' } })]) {
      const r = await run('--json', write('x.json', text));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).escalations[0].method).toBe('CreateAccessKey');
    }
  });

  it('text output names the admin reason, escalations, sensitive grants and typos', async () => {
    const r = await run(write('admin.json', JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })));
    expect(r.code).toBe(0);
    expect(r.out).toContain('ADMIN-EQUIVALENT');
    expect(r.out).toContain('Statement 0 allows "*" on "*"');
    expect(r.out).toContain('kms-full');
  });

  it('--needs suggests a least-privilege policy and names what is missing', async () => {
    const r = await run('--json', '--needs', 's3:GetObject,s3:PutObject,dynamodb:GetItem', 'p.json');
    const lp = JSON.parse(r.out).leastPrivilege;
    expect(lp.missing).toEqual(['dynamodb:GetItem']);
    expect(lp.suggestedPolicy.Statement).toEqual([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }]);
    expect(lp.statements[0].needed).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('a trust policy gets the trust analysis', async () => {
    const trust = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] };
    const r = await run('--json', '--account', '111111111111', write('trust.json', JSON.stringify(trust)));
    expect(JSON.parse(r.out).trust.externalAccounts).toEqual([{ account: '999999999999', principal: 'arn:aws:iam::999999999999:root', guarded: false, guards: [] }]);
  });

  it.each([
    ['missing.json', /missing\.json: cannot read: file not found/],
    [write('bad.json', '{"Statement": [}'), /bad\.json: policy document is not valid JSON/],
    [write('text.txt', 'hello'), /text\.txt: policy document is neither JSON nor URL-encoded JSON/],
  ])('unreadable %s: clear message, exit 1', async (file, msg) => {
    const r = await run(file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg);
    expect(r.out).toBe('');
  });

  it('a directory or a broken --config is a clear error', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    expect((await run('sub')).err).toMatch(/sub: cannot read: is a directory/);
    const r = await run('--config', 'nope.yaml', 'p.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.yaml/);
  });
});

describe('check-policy: resource-based policies', () => {
  const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  const cases: [string, string, string, string, string[]][] = [
    ['world-readable S3 bucket policy', doc({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }), 's3-bucket', 'public', []],
    ['S3 bucket limited to the organization', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }), 's3-bucket', 'private', []],
    ['KMS key shared with another account', doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/reader' }, Action: ['kms:Decrypt'], Resource: '*' }), 'kms-key', 'cross-account', ['444455556666']],
    ['SQS queue for an SNS topic of the account', doc({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t' } } }), 'sqs-queue', 'private', []],
    ['Lambda permission for any account', doc({ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f' }), 'lambda-function', 'public', []],
    ['Secrets Manager secret with NotPrincipal', doc({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }), 'secretsmanager-secret', 'public', []],
    ['ECR repository pulled by two accounts', doc({ Effect: 'Allow', Principal: { AWS: ['222233334444', 'arn:aws:iam::555566667777:root'] }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }), 'ecr-repository', 'cross-account', ['222233334444', '555566667777']],
    ['role trust "*" narrowed only by sts:ExternalId', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }), 'role-trust', 'public', []],
    ['SNS topic for the own account', doc({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sns:Publish', Resource: '*' }), 'sns-topic', 'private', []],
  ];
  it.each(cases)('%s', async (_name, text, kind, access, accounts) => {
    const f = write('rp.json', text);
    const j = JSON.parse((await run('--json', '--account', '111122223333', f)).out);
    expect(j.resourcePolicy).toMatchObject({ kind, access, accounts });
    expect(Object.keys(j).slice(0, 5)).toEqual(['adminEquivalent', 'escalations', 'sensitive', 'unknownActions', 'services']);
    const t = (await run('--account', '111122223333', f)).out;
    expect(t).not.toContain('(nothing is allowed)');
    expect(t).toContain(`Resource policy (${kind}): ${access === 'public' ? 'PUBLIC' : access === 'private' ? 'private' : `CROSS-ACCOUNT (${accounts.join(', ')})`}`);
  });

  it('a statement with both Action and NotAction is invalid (exit 2), with its line and column', async () => {
    const r = await run(write('both.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'X', Effect: 'Allow', Action: 's3:*', NotAction: 'iam:*', Resource: '*' }] })));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^both\.json: INVALID: AWS rejects this policy \(1 error\)/);
    expect(r.out).toMatch(/\n {2}1:38 +error +Statement 0 has both Action and NotAction: AWS rejects the policy/);
  });

  it.each([
    ['[1, 2]', 'an array'],
    ['42', 'a number'],
    ['"hello"', 'a string'],
    ['null', 'null'],
  ])('valid JSON that is not an object (%s) gets its own message', async (text, what) => {
    const r = await run(write('nonobj.json', text));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`valid JSON, but ${what}, not a policy document`);
  });
});
