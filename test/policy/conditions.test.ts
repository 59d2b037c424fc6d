/**
 * lib/policy/conditions: the Condition entries that can be decided without a request (IAM User Guide, "Date condition
 * operators", "String condition operators", "...IfExists", global keys aws:CurrentTime, aws:EpochTime,
 * aws:TokenIssueTime, aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalType), and what a
 * policy document becomes once they are decided.
 */
import { describeCondition, describeEntry, evaluateCondition, evaluateEntry, pruneDocument, type StaticContext } from '../../lib/policy/conditions';
import { doc } from './helpers';

const NOW = new Date('2026-06-01T12:00:00Z');
const ctx: StaticContext = { now: NOW };
const H = 3600 * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();
const at = (deltaMs: number): string => iso(NOW.getTime() + deltaMs);
const epoch = (deltaMs: number): string => String(Math.floor((NOW.getTime() + deltaMs) / 1000));

describe('dates against the evaluation time (aws:CurrentTime, aws:EpochTime)', () => {
  it.each([
    // [operator, value, truth]
    ['DateLessThan', at(-H), 'never'],
    ['DateLessThan', at(H), 'always'],
    ['DateLessThan', at(0), 'never'],
    ['DateLessThanEquals', at(0), 'always'],
    ['DateLessThanEquals', at(-1000), 'never'],
    ['DateEquals', at(0), 'always'],
    ['DateEquals', at(1000), 'never'],
    ['DateGreaterThan', at(-H), 'always'],
    ['DateGreaterThanEquals', at(0), 'always'],
    // A window that opens later is not dismissed: it will grant then.
    ['DateGreaterThan', at(0), 'unknown'],
    ['DateGreaterThan', at(H), 'unknown'],
    ['DateGreaterThanEquals', at(1000), 'unknown'],
    // Negated date operators are left to AWS.
    ['DateNotEquals', at(0), 'unknown'],
    ['DateNotEquals', at(H), 'unknown'],
  ])('%s aws:CurrentTime %s: %s', (op, value, truth) => {
    expect(evaluateEntry(op, 'aws:CurrentTime', [value], ctx)).toBe(truth);
  });

  it('reads epoch seconds as well as ISO dates, and any of several values may match', () => {
    expect(evaluateEntry('DateLessThan', 'aws:EpochTime', [epoch(-H)], ctx)).toBe('never');
    expect(evaluateEntry('DateLessThan', 'aws:EpochTime', [epoch(H)], ctx)).toBe('always');
    expect(evaluateEntry('DateLessThan', 'aws:CurrentTime', [at(-2 * H), at(H)], ctx)).toBe('always');
    expect(evaluateEntry('DateLessThan', 'aws:CurrentTime', [at(-2 * H), at(-H)], ctx)).toBe('never');
  });

  it('operators and keys are case-insensitive; IfExists on a key that is always present changes nothing', () => {
    expect(evaluateEntry('datelessthan', 'AWS:CURRENTTIME', [at(-H)], ctx)).toBe('never');
    expect(evaluateEntry('DateLessThanIfExists', 'aws:CurrentTime', [at(-H)], ctx)).toBe('never');
    expect(evaluateEntry('DateLessThanIfExists', 'aws:CurrentTime', [at(H)], ctx)).toBe('always');
  });

  it('an unreadable date is not decided, unless another value already decides', () => {
    expect(evaluateEntry('DateLessThan', 'aws:CurrentTime', ['next tuesday'], ctx)).toBe('unknown');
    expect(evaluateEntry('DateLessThan', 'aws:CurrentTime', ['next tuesday', at(-H)], ctx)).toBe('unknown');
    expect(evaluateEntry('DateLessThan', 'aws:CurrentTime', ['next tuesday', at(H)], ctx)).toBe('always');
  });

  it('a date operator on another key, or a set operator, is not decided', () => {
    expect(evaluateEntry('DateLessThan', 'aws:MultiFactorAuthAge', [at(-H)], ctx)).toBe('unknown');
    expect(evaluateEntry('ForAnyValue:DateLessThan', 'aws:CurrentTime', [at(-H)], ctx)).toBe('unknown');
    expect(evaluateEntry('ForAllValues:StringEquals', 'aws:PrincipalOrgID', ['o-a'], { ...ctx, orgId: 'o-a' })).toBe('unknown');
  });
});

describe('aws:TokenIssueTime: present only for temporary credentials, issued at most 36 hours ago', () => {
  it.each([
    ['DateLessThan', at(-40 * H), 'never'],
    ['DateLessThan', at(-36 * H), 'never'],
    ['DateLessThanEquals', at(-36 * H), 'unknown'],
    ['DateLessThan', at(-30 * H), 'unknown'],
    ['DateEquals', at(-40 * H), 'never'],
    ['DateEquals', at(-30 * H), 'unknown'],
    ['DateEquals', at(-36 * H), 'unknown'],
    ['DateEquals', at(0), 'unknown'],
    ['DateEquals', at(H), 'never'],
    ['DateEquals', 'soon', 'unknown'],
    // "Issued after" anything is possible for credentials issued from now on.
    ['DateGreaterThan', at(-40 * H), 'unknown'],
    ['DateGreaterThan', at(H), 'unknown'],
    // With IfExists the entry also holds for long-term keys (no TokenIssueTime): never dismissed.
    ['DateLessThanIfExists', at(-40 * H), 'unknown'],
  ])('%s %s: %s', (op, value, truth) => {
    expect(evaluateEntry(op, 'aws:TokenIssueTime', [value], ctx)).toBe(truth);
  });
});

describe('who the principal is: organization, account, ARN, type', () => {
  const full: StaticContext = { now: NOW, orgId: 'o-abc123', accountId: '111122223333', principalArn: 'arn:aws:iam::111122223333:user/alice', principalType: 'User' };

  it.each([
    ['StringEquals', 'aws:PrincipalOrgID', ['o-abc123'], 'always'],
    ['StringEquals', 'aws:PrincipalOrgID', ['o-other'], 'never'],
    ['StringEquals', 'aws:PrincipalOrgID', ['o-other', 'o-abc123'], 'always'],
    ['StringEquals', 'aws:PrincipalOrgID', ['O-ABC123'], 'never'],
    ['StringEqualsIgnoreCase', 'aws:PrincipalOrgID', ['O-ABC123'], 'always'],
    ['StringEqualsIgnoreCase', 'aws:PrincipalOrgID', ['o-abc'], 'never'],
    ['StringNotEquals', 'aws:PrincipalOrgID', ['o-abc123'], 'never'],
    ['StringNotEquals', 'aws:PrincipalOrgID', ['o-other'], 'always'],
    ['StringNotEqualsIgnoreCase', 'aws:PrincipalOrgID', ['O-ABC123'], 'never'],
    ['StringLike', 'aws:PrincipalOrgID', ['o-abc*'], 'always'],
    ['StringLike', 'aws:PrincipalOrgID', ['o-x*'], 'never'],
    ['StringNotLike', 'aws:PrincipalOrgID', ['o-abc*'], 'never'],
    ['StringEqualsIfExists', 'aws:PrincipalOrgID', ['o-other'], 'never'],
    ['StringEquals', 'aws:PrincipalAccount', ['111122223333'], 'always'],
    ['StringEquals', 'aws:PrincipalAccount', ['444455556666'], 'never'],
    ['ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:user/alice'], 'always'],
    ['ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:user/*'], 'never'],
    ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:user/*'], 'always'],
    ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:role/*'], 'never'],
    ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:role/*'], 'always'],
    ['ArnNotEquals', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:user/alice'], 'never'],
    // StringLike is case-sensitive.
    ['StringLike', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:user/ALICE'], 'never'],
    ['StringEquals', 'aws:PrincipalType', ['User'], 'always'],
    ['StringEquals', 'aws:PrincipalType', ['AssumedRole'], 'never'],
    ['stringequals', 'AWS:PrincipalOrgId', ['o-abc123'], 'always'],
    // Operators that do not compare strings are not decided.
    ['NumericEquals', 'aws:PrincipalAccount', ['111122223333'], 'unknown'],
    ['Bool', 'aws:PrincipalOrgID', ['true'], 'unknown'],
    ['Null', 'aws:PrincipalOrgID', ['false'], 'unknown'],
    // Keys the snapshot does not know.
    ['StringEquals', 'aws:SourceIp', ['10.0.0.1'], 'unknown'],
    ['StringEquals', 'aws:PrincipalTag/team', ['x'], 'unknown'],
  ])('%s %s %j: %s', (op, key, values, truth) => {
    expect(evaluateEntry(op, key, values, full)).toBe(truth);
  });

  it('a key whose value the context does not hold is not decided', () => {
    expect(evaluateEntry('StringEquals', 'aws:PrincipalOrgID', ['o-abc123'], ctx)).toBe('unknown');
    expect(evaluateEntry('StringNotEquals', 'aws:PrincipalOrgID', ['o-abc123'], ctx)).toBe('unknown');
    expect(evaluateEntry('StringEquals', 'aws:PrincipalAccount', ['111122223333'], { now: NOW, orgId: 'o-abc123' })).toBe('unknown');
    expect(evaluateEntry('StringEquals', 'aws:PrincipalArn', ['x'], { now: NOW, accountId: '111122223333' })).toBe('unknown');
    expect(evaluateEntry('StringEquals', 'aws:PrincipalType', ['User'], { now: NOW, principalArn: 'arn:aws:iam::1:user/a' })).toBe('unknown');
  });

  it('a key named like an Object.prototype member is not a known key (it once made the statement "never" hold)', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(evaluateEntry('StringEquals', key, ['x'], full)).toBe('unknown');
    const hostile = doc([{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { toString: 'x' } } }]);
    expect(pruneDocument(hostile, full).statements).toHaveLength(1);
  });
});

describe('evaluateCondition: entries are ANDed', () => {
  const full: StaticContext = { now: NOW, orgId: 'o-abc123' };

  it('no Condition, or an empty one, always holds', () => {
    expect(evaluateCondition(undefined, full)).toEqual({ truth: 'always', never: [] });
    expect(evaluateCondition({}, full)).toEqual({ truth: 'always', never: [] });
  });

  it('every entry decided true: always, with nothing remaining', () => {
    expect(evaluateCondition({ StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'] }, DateLessThan: { 'aws:CurrentTime': [at(H)] } }, full)).toEqual({ truth: 'always', never: [] });
  });

  it('one entry that can never hold makes the whole block never hold, and is named', () => {
    const r = evaluateCondition({ Bool: { 'aws:MultiFactorAuthPresent': ['true'] }, StringEquals: { 'aws:PrincipalOrgID': ['o-other'] } }, full);
    expect(r.truth).toBe('never');
    expect(r.never).toEqual(['StringEquals aws:PrincipalOrgID o-other']);
  });

  it('undecided entries remain (only they), the decided-true ones are dropped', () => {
    const r = evaluateCondition(
      { Bool: { 'aws:MultiFactorAuthPresent': ['true'] }, StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'], 's3:prefix': ['home/'] } },
      full,
    );
    expect(r).toEqual({ truth: 'unknown', never: [], remaining: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] }, StringEquals: { 's3:prefix': ['home/'] } } });
  });

  it('describes entries as "operator key value" (a list in brackets)', () => {
    expect(describeEntry('StringEquals', 'aws:SourceVpc', ['vpc-1'])).toBe('StringEquals aws:SourceVpc vpc-1');
    expect(describeEntry('StringEquals', 'aws:SourceVpc', ['vpc-1', 'vpc-2'])).toBe('StringEquals aws:SourceVpc [vpc-1, vpc-2]');
    expect(describeEntry('StringEquals', 'aws:SourceVpc', [])).toBe('StringEquals aws:SourceVpc []');
    expect(describeCondition({ Bool: { 'aws:SecureTransport': ['true'] }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } })).toEqual([
      'Bool aws:SecureTransport true',
      'IpAddress aws:SourceIp [10.0.0.0/8, 192.168.0.0/16]',
    ]);
    expect(describeCondition(undefined)).toEqual([]);
  });
});

describe('pruneDocument: the document as it stands at the evaluation time', () => {
  const expired = { DateLessThan: { 'aws:CurrentTime': at(-H) } };
  const current = { DateLessThan: { 'aws:CurrentTime': at(H) } };
  const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

  it('a document without conditions is returned as is', () => {
    const d = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    expect(pruneDocument(d, ctx)).toBe(d);
  });

  it('drops statements that can never hold, unconditions those that always hold, keeps the rest', () => {
    const d = doc([
      { Sid: 'Expired', Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: expired },
      { Sid: 'Current', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: current },
      { Sid: 'Mfa', Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: mfa },
      { Sid: 'Plain', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
    ]);
    const p = pruneDocument(d, ctx);
    expect(p).not.toBe(d);
    expect(p.statements.map((s) => s.sid)).toEqual(['Current', 'Mfa', 'Plain']);
    expect(p.statements[0].condition).toBeUndefined();
    expect('condition' in p.statements[0]).toBe(false);
    expect(p.statements[1]).toBe(d.statements[2]);
    expect(p.statements[2]).toBe(d.statements[3]);
    // The original is untouched.
    expect(d.statements).toHaveLength(4);
    expect(d.statements[1].condition).toBeDefined();
  });

  it('a statement whose condition is partly decided keeps only the undecided entries', () => {
    const d = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ...current, ...mfa } }]);
    const p = pruneDocument(d, ctx);
    expect(p.statements[0].condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': ['true'] } });
    expect(d.statements[0].condition).toEqual({ DateLessThan: { 'aws:CurrentTime': [at(H)] }, Bool: { 'aws:MultiFactorAuthPresent': ['true'] } });
  });

  it('nothing decided: the same document object (per-document caches keep working)', () => {
    const d = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: mfa }]);
    expect(pruneDocument(d, ctx)).toBe(d);
  });

  it('one result per document and context: the same object again, a new one for another time', () => {
    const d = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: expired }]);
    const first = pruneDocument(d, ctx);
    expect(first.statements).toEqual([]);
    expect(pruneDocument(d, { now: new Date(NOW.getTime()) })).toBe(first);
    const earlier = pruneDocument(d, { now: new Date(NOW.getTime() - 2 * H) });
    expect(earlier).not.toBe(first);
    expect(earlier.statements).toHaveLength(1);
    expect(earlier.statements[0].condition).toBeUndefined();
    // Another organization is another context.
    const org = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a' } } }]);
    expect(pruneDocument(org, { now: NOW, orgId: 'o-a' }).statements[0].condition).toBeUndefined();
    expect(pruneDocument(org, { now: NOW, orgId: 'o-b' }).statements).toEqual([]);
    expect(pruneDocument(org, { now: NOW, orgId: 'o-a' }).statements).toHaveLength(1);
    for (const [k, v] of [['accountId', '111122223333'], ['principalArn', 'arn:aws:iam::111122223333:user/a'], ['principalType', 'User']] as const) {
      const keyed = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { [`aws:${k === 'accountId' ? 'PrincipalAccount' : k === 'principalArn' ? 'PrincipalArn' : 'PrincipalType'}`]: v } } }]);
      expect(pruneDocument(keyed, { now: NOW, [k]: v }).statements[0].condition).toBeUndefined();
      expect(pruneDocument(keyed, { now: NOW, [k]: `${v}x` }).statements).toEqual([]);
    }
  });
});

describe('conditions: more cases', () => {
  it('epoch seconds have at most 12 digits; longer numbers are read as dates or not at all', () => {
    expect(evaluateEntry('DateLessThan', 'aws:EpochTime', ['x1700000000'], ctx)).toBe('unknown');
    expect(evaluateEntry('DateLessThan', 'aws:EpochTime', ['1700000000x'], ctx)).toBe('unknown');
  });

  it('the set operators are recognised only as a prefix, in any case', () => {
    expect(evaluateEntry('forallvalues:DateLessThan', 'aws:CurrentTime', [at(-H)], ctx)).toBe('unknown');
    expect(evaluateEntry('xForAnyValue:DateLessThan', 'aws:CurrentTime', [at(-H)], ctx)).toBe('unknown');
    expect(evaluateEntry('DateLessThanIfExistsX', 'aws:CurrentTime', [at(-H)], ctx)).toBe('unknown');
    expect(evaluateEntry('StringNotEqualsX', 'aws:PrincipalOrgID', ['o-a'], { now: NOW, orgId: 'o-a' })).toBe('unknown');
    expect(evaluateEntry('XStringEquals', 'aws:PrincipalOrgID', ['o-a'], { now: NOW, orgId: 'o-a' })).toBe('unknown');
  });

  it('a negated operator whose base is not decided stays undecided', () => {
    expect(evaluateEntry('NumericNotEquals', 'aws:PrincipalAccount', ['1'], { now: NOW, accountId: '1' })).toBe('unknown');
    expect(evaluateEntry('DateFoo', 'aws:CurrentTime', [at(-H)], ctx)).toBe('unknown');
  });

  it('DateEquals aws:TokenIssueTime: never only when every value lies outside the last 36 hours', () => {
    expect(evaluateEntry('DateEquals', 'aws:TokenIssueTime', [at(-40 * H), at(-H)], ctx)).toBe('unknown');
    expect(evaluateEntry('DateEquals', 'aws:TokenIssueTime', [at(-40 * H), at(H)], ctx)).toBe('never');
    expect(evaluateEntry('DateLessThanEquals', 'aws:TokenIssueTime', [at(-37 * H)], ctx)).toBe('never');
  });

  it('pruning: an empty Condition block is no condition', () => {
    const d = { statements: [{ index: 0, effect: 'Allow' as const, action: ['s3:GetObject'], resource: ['*'], condition: {} }] };
    expect(pruneDocument(d, ctx)).toBe(d);
    const mixed = { statements: [...d.statements, { index: 1, effect: 'Allow' as const, action: ['s3:PutObject'], resource: ['*'], condition: { DateLessThan: { 'aws:CurrentTime': [at(-H)] } } }] };
    const p = pruneDocument(mixed, ctx);
    expect(p.statements).toHaveLength(1);
    expect(p.statements[0]).toBe(d.statements[0]);
    expect(evaluateCondition({}, ctx).truth).toBe('always');
  });
});
