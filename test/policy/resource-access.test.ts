/** lib/policy/resource-access: who a resource policy lets in (public / other accounts / this account). */
import fc from 'fast-check';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { classifyResourcePolicy } from '../../lib/policy/resource-access';
import { analyseTrust } from '../../lib/policy/trust';

const OWN = '111122223333';
function doc(statements: Record<string, unknown>[]): PolicyDocument {
  const r = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(r.error);
  return r.document;
}
const allow = (principal: unknown, condition?: Record<string, unknown>) => ({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: '*', ...(condition ? { Condition: condition } : {}) });
const level = (st: Record<string, unknown>, trusted: string[] = []) => classifyResourcePolicy(doc([st]), OWN, { trustedAccounts: trusted }).level;

describe('public', () => {
  test.each([
    ['Principal "*"', allow('*')],
    ['{"AWS": "*"}', allow({ AWS: '*' })],
    ['an ARN with account "*"', allow({ AWS: 'arn:aws:iam::*:root' })],
    ['"*" narrowed only by sts:ExternalId (not a secret)', allow('*', { StringEquals: { 'sts:ExternalId': 'abc' } })],
    ['"*" with a negated organization condition', allow('*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })],
    ['"*" with an IfExists condition (true when the key is absent)', allow('*', { StringEqualsIfExists: { 'aws:SourceAccount': OWN } })],
    ['"*" with aws:SourceIp 0.0.0.0/0', allow('*', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })],
    ['"*" with a wildcard aws:SourceArn', allow('*', { ArnLike: { 'aws:SourceArn': '*' } })],
    ['"*" with aws:PrincipalArn of any account', allow('*', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy' } })],
    ['"*" with an aws:SourceArn naming no resource', allow('*', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:*' } })],
    ['Allow with NotPrincipal', { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 's3:GetObject', Resource: '*' }],
  ])('%s', (_name, st) => {
    expect(level(st)).toBe('public');
  });

  test('the reason names the statement', () => {
    const r = classifyResourcePolicy(doc([{ Sid: 'Open', ...allow('*') }]), OWN);
    expect(r.publicReasons[0]).toMatch(/Statement "Open"/);
  });
});

describe('narrowed or private', () => {
  test.each([
    ['"*" with aws:SourceArn', allow('*', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::uploads' } })],
    ['"*" with aws:PrincipalArn of an own role', allow('*', { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${OWN}:role/deploy` } })],
    ['"*" with aws:SourceAccount', allow('*', { StringEquals: { 'aws:SourceAccount': OWN } })],
    ['"*" with aws:PrincipalOrgID', allow('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })],
    ['"*" with a VPC endpoint', allow('*', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })],
    ['"*" with a /16 source network', allow('*', { IpAddress: { 'aws:SourceIp': '10.20.0.0/16' } })],
    ['"*" with kms:CallerAccount', allow('*', { StringEquals: { 'kms:CallerAccount': OWN } })],
    ['own account root', allow({ AWS: `arn:aws:iam::${OWN}:root` })],
    ['own role', allow({ AWS: `arn:aws:iam::${OWN}:role/Admin` })],
    ['a service principal', allow({ Service: 'cloudtrail.amazonaws.com' })],
    ['a Deny for "*"', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
  ])('%s', (_name, st) => {
    expect(level(st)).toBe('private');
  });
});

describe('other accounts', () => {
  test('an account not trusted is cross-account, listed with its principals', () => {
    const r = classifyResourcePolicy(doc([allow({ AWS: ['arn:aws:iam::444455556666:root', '999988887777'] })]), OWN);
    expect(r.level).toBe('cross-account');
    expect(r.accounts).toEqual([
      { account: '444455556666', principals: ['arn:aws:iam::444455556666:root'] },
      { account: '999988887777', principals: ['999988887777'] },
    ]);
  });
  test('config trustedAccounts are not "another account"', () => {
    expect(level(allow({ AWS: 'arn:aws:iam::444455556666:role/ci' }), ['444455556666'])).toBe('private');
  });
  test('public wins over cross-account', () => {
    expect(classifyResourcePolicy(doc([allow({ AWS: '444455556666' }), allow('*')]), OWN).level).toBe('public');
  });
});

test('never throws and always answers one of the three levels on any parsed document', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
      const parsed = parsePolicyDocument({ Statement: v });
      if (!parsed.ok) return;
      expect(['public', 'cross-account', 'private']).toContain(classifyResourcePolicy(parsed.document, OWN).level);
    }),
    { numRuns: 300 },
  );
});

describe('role trust: "*" narrowed only by sts:ExternalId is public', () => {
  const trustDoc = (condition: Record<string, unknown>) => doc([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: condition }]);
  test('ExternalId alone: public, and the reason says why', () => {
    const t = analyseTrust(trustDoc({ StringEquals: { 'sts:ExternalId': 'vendor-123' } }), OWN);
    expect(t.public).toBe(true);
    expect(t.publicReason).toMatch(/external id is not a secret/);
  });
  test('ExternalId with an organization condition: not public', () => {
    expect(analyseTrust(trustDoc({ StringEquals: { 'sts:ExternalId': 'vendor-123', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), OWN).public).toBe(false);
  });
  test('a named vendor account with ExternalId stays a guarded external account', () => {
    const t = analyseTrust(doc([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'vendor-123' } } }]), OWN);
    expect(t.public).toBe(false);
    expect(t.externalAccounts).toEqual([{ account: '444455556666', principal: 'arn:aws:iam::444455556666:root', guarded: true, guards: ['sts:ExternalId'] }]);
  });
});
