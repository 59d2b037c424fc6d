/** lib/policy/resource-access: who a resource policy lets in (public / other accounts / this account). */
import fc from 'fast-check';
import { parsePolicyDocument, type PolicyDocument } from '../../lib/policy/document';
import { classifyResourcePolicy, principalAccount } from '../../lib/policy/resource-access';
import { analyseTrust } from '../../lib/policy/trust';
import { runs } from '../support/property-runs';

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
    runs(300),
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

describe('what narrows "*": networks, ARNs, the evidence kept', () => {
  const narrowsBy = (cond: Record<string, unknown>) => classifyResourcePolicy(doc([allow('*', cond)]), OWN);

  test.each([
    ['10.0.0.0/8', 'private'],
    ['10.0.0.0/7', 'public'],
    ['0.0.0.0/0', 'public'],
    ['203.0.113.7', 'private'],
    ['203.0.113.7/32', 'private'],
    [' 198.51.100.0/24 ', 'private'],
    ['2001:db8::/32', 'private'],
    ['2001:db8::/31', 'public'],
    ['::/0', 'public'],
    ['2001:db8::1', 'private'],
    ['10.*', 'public'],
    ['', 'public'],
  ])('aws:SourceIp %j: %s', (cidr, expected) => {
    expect(narrowsBy({ IpAddress: { 'aws:SourceIp': cidr } }).level).toBe(expected);
  });

  test('every listed network must be narrow', () => {
    expect(narrowsBy({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/16', '0.0.0.0/0'] } }).level).toBe('public');
    expect(narrowsBy({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/16', '192.168.1.0/24'] } }).level).toBe('private');
  });

  test.each([
    ['a named resource', 'arn:aws:sns:eu-west-1:111122223333:alerts', 'private'],
    ['any account', 'arn:aws:sns:eu-west-1:*:alerts', 'public'],
    ['any resource of the account', 'arn:aws:sns:eu-west-1:111122223333:*', 'public'],
    ['any resource, by "?"', 'arn:aws:sns:eu-west-1:111122223333:??', 'public'],
    ['no resource', 'arn:aws:sns:eu-west-1:111122223333:', 'public'],
    ['a resource with colons', 'arn:aws:logs:eu-west-1:111122223333:log-group:app:*', 'private'],
    ['a short ARN with a wildcard', 'arn:aws:*', 'public'],
    ['a short value without one', 'uploads', 'private'],
  ])('aws:SourceArn of %s: %s', (_n, arn, expected) => {
    expect(narrowsBy({ ArnLike: { 'aws:SourceArn': arn } }).level).toBe(expected);
    // Any key ending in "arn" is judged the same way.
    expect(narrowsBy({ ArnLike: { 's3:DataAccessPointArn': arn } }).level).toBe(expected);
  });

  test('one open value among fixed ones opens it; wildcard-only values narrow nothing', () => {
    expect(narrowsBy({ StringEquals: { 'aws:SourceAccount': [OWN, '*'] } }).level).toBe('public');
    expect(narrowsBy({ StringEquals: { 'aws:SourceAccount': '??' } }).level).toBe('public');
    expect(narrowsBy({ StringEquals: { 'aws:SourceAccount': [] } }).level).toBe('public');
    expect(narrowsBy({ StringLike: { 'aws:SourceAccount': '1111*' } }).level).toBe('private');
    expect(narrowsBy({ Null: { 'aws:SourceAccount': 'false' } }).level).toBe('public');
    expect(narrowsBy({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::evil' } }).level).toBe('public');
  });

  test('the narrowed statements are kept as evidence, with the keys as written', () => {
    const r = classifyResourcePolicy(
      doc([
        { Sid: 'Cdn', ...allow('*', { StringEquals: { 'AWS:SourceAccount': OWN, 'aws:RequestedRegion': 'eu-west-1' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/E1' } }) },
        { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
        allow({ Service: 'logs.amazonaws.com' }),
      ]),
      OWN,
    );
    expect(r).toEqual({
      level: 'private',
      publicReasons: [],
      accounts: [],
      narrowed: [
        { statement: 'Statement "Cdn"', keys: ['AWS:SourceAccount', 'aws:SourceArn'] },
        { statement: 'Statement 1', keys: ['aws:PrincipalOrgID'] },
      ],
    });
  });

  test('the public reasons say which statement and principal, bounded in length', () => {
    const r = classifyResourcePolicy(
      doc([
        { Sid: 'S'.repeat(150), ...allow({ AWS: 'arn:aws:iam::*:root' }) },
        { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: '*' },
      ]),
      OWN,
    );
    expect(r.publicReasons).toEqual([
      `Statement "${'S'.repeat(100)}" allows principal "arn:aws:iam::*:root" (anyone) without a condition narrowing it to an account, organization, source resource or network`,
      'Statement 1 allows everyone except its NotPrincipal list, without a narrowing condition',
    ]);
    const long = classifyResourcePolicy(doc([allow({ AWS: `arn:aws:iam::*:role/${'r'.repeat(300)}` })]), OWN).publicReasons[0];
    expect(long).toContain(`"arn:aws:iam::*:role/${'r'.repeat(200 - 'arn:aws:iam::*:role/'.length)}" (anyone)`);
  });

  test('each other account once, each principal once, at most 20 principals per account', () => {
    const many = Array.from({ length: 25 }, (_, i) => `arn:aws:iam::444455556666:role/r${i}`);
    const r = classifyResourcePolicy(
      doc([allow({ AWS: ['444455556666', '444455556666', ...many] }), allow({ AWS: ['arn:aws:sts::999988887777:assumed-role/x/s', 'AIDAEXAMPLE'] })]),
      OWN,
    );
    expect(r.accounts.map((a) => a.account)).toEqual(['444455556666', '999988887777']);
    expect(r.accounts[0].principals).toHaveLength(20);
    expect(r.accounts[0].principals.slice(0, 2)).toEqual(['444455556666', 'arn:aws:iam::444455556666:role/r0']);
    expect(r.accounts[1].principals).toEqual(['arn:aws:sts::999988887777:assumed-role/x/s']);
  });

  test('reads at most 2,000 statements (documents merged from several policies can exceed the parser\'s 1,000)', () => {
    const own = doc([allow({ AWS: `arn:aws:iam::${OWN}:root` })]).statements[0];
    const open = doc([allow('*')]).statements[0];
    const filler = Array.from({ length: 2_000 }, () => own);
    expect(classifyResourcePolicy({ statements: [...filler.slice(1), open] }, OWN).level).toBe('public');
    expect(classifyResourcePolicy({ statements: [...filler, open] }, OWN).level).toBe('private');
  });
});

describe('principalAccount', () => {
  test.each([
    ['*', '*'],
    [' * ', '*'],
    ['444455556666', '444455556666'],
    [' 444455556666 ', '444455556666'],
    ['arn:aws:iam::444455556666:root', '444455556666'],
    ['arn:aws-us-gov:iam::444455556666:user/a', '444455556666'],
    ['arn:aws:sts::444455556666:assumed-role/r/s', '444455556666'],
    ['arn:aws:iam::*:root', '*'],
    ['4444555566667', undefined],
    ['arn:aws:s3:::444455556666', undefined],
    ['lambda.amazonaws.com', undefined],
  ])('%j → %j', (p, account) => expect(principalAccount(p)).toBe(account));
});

describe('narrowing keys, one by one, and values that only look narrow', () => {
  const narrowsBy = (cond: Record<string, unknown>) => classifyResourcePolicy(doc([allow('*', cond)]), OWN).level;

  test.each([
    ['aws:SourceOwner', OWN],
    ['aws:SourceOrgID', 'o-a1b2c3d4e5'],
    ['aws:SourceOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
    ['aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
    ['aws:PrincipalAccount', OWN],
    ['aws:userid', 'AROAEXAMPLEID:session'],
    ['aws:SourceVpc', 'vpc-1a2b3c4d'],
    ['s3:DataAccessPointAccount', OWN],
    ['lambda:FunctionArn', `arn:aws:lambda:eu-west-1:${OWN}:function:api`],
  ])('%s narrows "*"', (key, value) => {
    expect(narrowsBy({ StringEquals: { [key]: value } })).toBe('private');
  });

  test.each([
    ['a blank network', { IpAddress: { 'aws:SourceIp': '   ' } }],
    ['an open network with a trailing space', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0 ' } }],
    ['"?" wildcards only', { StringEquals: { 'aws:SourceAccount': '?*?' } }],
    ['an empty value among fixed ones', { StringEquals: { 'aws:SourceAccount': [OWN, ''] } }],
    ['a wildcard-only value among fixed ones', { StringLike: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5', '??'] } }],
    ['one open ARN among named ones', { ArnLike: { 'aws:SourceArn': ['arn:aws:sns:eu-west-1:111122223333:alerts', 'arn:aws:sns:eu-west-1:*:alerts'] } }],
    ['a resource of "*?"', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:*?' } }],
  ])('%s does not narrow', (_n, cond) => {
    expect(narrowsBy(cond)).toBe('public');
  });

  test('a resource that only starts with a wildcard still names something', () => {
    expect(narrowsBy({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:*-alerts' } })).toBe('private');
    expect(narrowsBy({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::uploads/*' } })).toBe('private');
  });

  test('principal ARNs are read only when they are ARNs from the start', () => {
    expect(principalAccount('xarn:aws:iam::444455556666:root')).toBeUndefined();
    expect(classifyResourcePolicy(doc([allow({ AWS: 'xarn:aws:iam::444455556666:root' })]), OWN).level).toBe('private');
  });
});
