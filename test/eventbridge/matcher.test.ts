/**
 * The matcher against the documented EventBridge semantics. Each case cites the user-guide behaviour it checks
 * ("Content filtering in Amazon EventBridge event patterns", "Comparison operators", "Matching null values").
 */
import fc from 'fast-check';
import { compilePattern, matchesPattern, PatternError } from '../../lib/eventbridge/matcher';

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.123',
    location: null,
    eventVersion: '',
    tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'data' }],
    flags: [],
    nested: { a: 1 },
  },
};

const m = (pattern: unknown, event: unknown = ec2Event) => matchesPattern(pattern, event);

describe('exact values, OR within a leaf, AND across keys', () => {
  test('string equality', () => {
    expect(m({ source: ['aws.ec2'] })).toBe(true);
    expect(m({ source: ['aws.ec'] })).toBe(false);
  });
  test('a leaf array is OR', () => {
    expect(m({ detail: { state: ['running', 'terminated'] } })).toBe(true);
    expect(m({ detail: { state: ['running', 'pending'] } })).toBe(false);
  });
  test('sibling keys are AND', () => {
    expect(m({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] })).toBe(true);
    expect(m({ source: ['aws.ec2'], 'detail-type': ['Other'] })).toBe(false);
  });
  test('matching is case-sensitive', () => {
    expect(m({ source: ['AWS.EC2'] })).toBe(false);
  });
  test('numbers compare as numbers, not as strings', () => {
    expect(m({ detail: { 'c-count': [5] } })).toBe(true);
    expect(m({ detail: { 'c-count': ['5'] } })).toBe(false);
    expect(m({ detail: { 'x-limit': [301.8] } })).toBe(true);
  });
  test('a missing field never matches an exact value', () => {
    expect(m({ detail: { nope: ['x'] } })).toBe(false);
    expect(m({ nothere: { state: ['terminated'] } })).toBe(false);
  });
  test('a leaf pattern does not match an object value', () => {
    expect(m({ detail: { nested: ['a'] } })).toBe(false);
  });
  test('a nested pattern does not match a primitive value', () => {
    expect(m({ detail: { state: { x: ['terminated'] } } })).toBe(false);
  });
});

describe('null and empty string', () => {
  test('[null] matches a null value; "" and null are not interchangeable', () => {
    expect(m({ detail: { location: [null] } })).toBe(true);
    expect(m({ detail: { location: [''] } })).toBe(false);
    expect(m({ detail: { eventVersion: [''] } })).toBe(true);
    expect(m({ detail: { eventVersion: [null] } })).toBe(false);
  });
  test('[null] does not match a missing field', () => {
    expect(m({ detail: { missing: [null] } })).toBe(false);
  });
});

describe('arrays in the event', () => {
  test('a leaf matches when any element matches', () => {
    expect(m({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] })).toBe(true);
    expect(m({ resources: [{ prefix: 'arn:aws:ec2:' }] })).toBe(true);
    expect(m({ resources: ['arn:aws:s3:::b'] })).toBe(false);
  });
  test('nested pattern over an array of objects: any element', () => {
    expect(m({ detail: { tags: { Key: ['team'] } } })).toBe(true);
    expect(m({ detail: { tags: { Key: ['owner'] } } })).toBe(false);
  });
  test('an empty array has no values', () => {
    expect(m({ detail: { flags: [{ exists: true }] } })).toBe(false);
    expect(m({ detail: { flags: [{ exists: false }] } })).toBe(true);
  });
});

describe('prefix / suffix / equals-ignore-case / wildcard (strings only)', () => {
  test('prefix', () => {
    expect(m({ time: [{ prefix: '2017-12-22' }] })).toBe(true);
    expect(m({ time: [{ prefix: '2018' }] })).toBe(false);
    expect(m({ detail: { 'c-count': [{ prefix: '5' }] } })).toBe(false);
  });
  test('prefix with equals-ignore-case', () => {
    expect(m({ detail: { state: [{ prefix: { 'equals-ignore-case': 'TERM' } }] } })).toBe(true);
    expect(m({ detail: { state: [{ prefix: 'TERM' }] } })).toBe(false);
  });
  test('suffix (and with equals-ignore-case)', () => {
    expect(m({ detail: { 'instance-id': [{ suffix: 'def0' }] } })).toBe(true);
    expect(m({ detail: { 'instance-id': [{ suffix: 'DEF0' }] } })).toBe(false);
    expect(m({ detail: { 'instance-id': [{ suffix: { 'equals-ignore-case': 'DEF0' } }] } })).toBe(true);
  });
  test('equals-ignore-case', () => {
    expect(m({ detail: { state: [{ 'equals-ignore-case': 'TERMINATED' }] } })).toBe(true);
    expect(m({ detail: { state: [{ 'equals-ignore-case': 'TERMINATE' }] } })).toBe(false);
  });
  test('wildcard: * spans any characters, \\* is a literal star', () => {
    expect(m({ detail: { 'instance-id': [{ wildcard: 'i-*0' }] } })).toBe(true);
    expect(m({ detail: { 'instance-id': [{ wildcard: 'i-*9' }] } })).toBe(false);
    expect(m({ detail: { 'instance-id': [{ wildcard: '*' }] } })).toBe(true);
    expect(matchesPattern({ f: [{ wildcard: 'a\\*b' }] }, { f: 'a*b' })).toBe(true);
    expect(matchesPattern({ f: [{ wildcard: 'a\\*b' }] }, { f: 'axb' })).toBe(false);
    expect(matchesPattern({ f: [{ wildcard: 'a.c' }] }, { f: 'abc' })).toBe(false);
  });
});

describe('anything-but', () => {
  test('single value and list', () => {
    expect(m({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true);
    expect(m({ detail: { state: [{ 'anything-but': 'terminated' }] } })).toBe(false);
    expect(m({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } })).toBe(false);
    expect(m({ detail: { 'x-limit': [{ 'anything-but': 123 }] } })).toBe(true);
    expect(m({ detail: { 'c-count': [{ 'anything-but': [5, 6] }] } })).toBe(false);
  });
  test('never matches a missing field, but matches null', () => {
    expect(m({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
    expect(m({ detail: { location: [{ 'anything-but': 'x' }] } })).toBe(true);
    expect(m({ detail: { location: [{ 'anything-but': { prefix: 'x' } }] } })).toBe(true);
  });
  test('prefix / suffix / equals-ignore-case / wildcard forms', () => {
    expect(m({ region: [{ 'anything-but': { prefix: 'us-' } }] })).toBe(false);
    expect(m({ region: [{ 'anything-but': { prefix: 'eu-' } }] })).toBe(true);
    expect(m({ detail: { 'instance-id': [{ 'anything-but': { suffix: 'def0' } }] } })).toBe(false);
    expect(m({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED'] } }] } })).toBe(false);
    expect(m({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'RUNNING' } }] } })).toBe(true);
    expect(m({ detail: { state: [{ 'anything-but': { wildcard: 'term*' } }] } })).toBe(false);
  });
  test('over an array: matches when any element is not excluded', () => {
    const ev = { f: ['a', 'b'] };
    expect(matchesPattern({ f: [{ 'anything-but': 'a' }] }, ev)).toBe(true);
    expect(matchesPattern({ f: [{ 'anything-but': ['a', 'b'] }] }, ev)).toBe(false);
  });
});

describe('exists (leaves only)', () => {
  test('true matches a present leaf, including null and ""', () => {
    expect(m({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(m({ detail: { location: [{ exists: true }] } })).toBe(true);
    expect(m({ detail: { eventVersion: [{ exists: true }] } })).toBe(true);
    expect(m({ detail: { missing: [{ exists: true }] } })).toBe(false);
  });
  test('false matches a missing field only', () => {
    expect(m({ detail: { missing: [{ exists: false }] } })).toBe(true);
    expect(m({ detail: { state: [{ exists: false }] } })).toBe(false);
    expect(m({ detail: { location: [{ exists: false }] } })).toBe(false);
  });
  test('does not work on intermediate nodes: an object is not a leaf', () => {
    expect(m({ detail: { nested: [{ exists: true }] } })).toBe(false);
    expect(m({ detail: { nested: [{ exists: false }] } })).toBe(true);
  });
  test('exists:false under a missing parent matches', () => {
    expect(m({ detail: { absent: { child: [{ exists: false }] } } })).toBe(true);
    expect(m({ detail: { absent: { child: [{ exists: true }] } } })).toBe(false);
  });
  test('OR with other alternatives', () => {
    expect(m({ detail: { missing: ['x', { exists: false }] } })).toBe(true);
  });
});

describe('numeric', () => {
  test('ranges', () => {
    expect(m({ detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(true);
    expect(m({ detail: { 'c-count': [{ numeric: ['>', 0, '<', 5] }] } })).toBe(false);
    expect(m({ detail: { 'd-count': [{ numeric: ['<', 10] }] } })).toBe(true);
    expect(m({ detail: { 'x-limit': [{ numeric: ['=', 301.8] }] } })).toBe(true);
    expect(m({ detail: { 'x-limit': [{ numeric: ['>=', 302] }] } })).toBe(false);
  });
  test('strings never match numeric', () => {
    expect(matchesPattern({ f: [{ numeric: ['>', 0] }] }, { f: '5' })).toBe(false);
  });
});

describe('cidr', () => {
  test('IPv4 blocks', () => {
    expect(m({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } })).toBe(true);
    expect(m({ detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } })).toBe(false);
    expect(m({ detail: { 'source-ip': [{ cidr: '0.0.0.0/0' }] } })).toBe(true);
  });
});

describe('$or', () => {
  test('matches when any alternative matches, ANDed with siblings', () => {
    const p = { source: ['aws.ec2'], detail: { $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [3] }] } };
    expect(m(p)).toBe(true);
    expect(m({ ...p, source: ['aws.s3'] })).toBe(false);
    expect(m({ detail: { $or: [{ 'c-count': [1] }, { 'd-count': [1] }] } })).toBe(false);
  });
  test('at top level over different subtrees', () => {
    expect(m({ $or: [{ source: ['aws.s3'] }, { detail: { state: ['terminated'] } }] })).toBe(true);
  });
});

describe('invalid patterns throw at compile time', () => {
  const bad: Array<[string, unknown]> = [
    ['unknown operator (typo)', { source: [{ prefx: 'aws.' }] }],
    ['scalar leaf', { source: 'aws.iam' }],
    ['empty leaf', { source: [] }],
    ['empty pattern', {}],
    ['not an object', ['aws.iam']],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['exists with a string', { f: [{ exists: 'true' }] }],
    ['$or with one branch', { $or: [{ a: ['x'] }] }],
    ['numeric with a bad operator', { f: [{ numeric: ['!=', 1] }] }],
    ['wildcard with **', { f: [{ wildcard: 'a**' }] }],
    ['anything-but mixed list', { f: [{ 'anything-but': ['a', 1] }] }],
    ['anything-but unknown operator', { f: [{ 'anything-but': { contains: 'x' } }] }],
    ['bad cidr', { f: [{ cidr: '10.0.0.0/33' }] }],
    ['invalid JSON string', '{"source": ['],
  ];
  test.each(bad)('%s', (_name, pattern) => {
    expect(() => compilePattern(pattern)).toThrow(PatternError);
  });
  test('the error names the path', () => {
    expect(() => compilePattern({ detail: { eventName: [{ prefx: 'x' }] } })).toThrow(/detail\.eventName/);
  });
  test('a JSON string pattern is accepted', () => {
    expect(matchesPattern('{"source":["aws.ec2"]}', ec2Event)).toBe(true);
  });
});

describe('properties', () => {
  const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  test('an exact pattern built from a field value always matches; anything-but of it never does', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((k) => k !== '$or'), leaf, (key, value) => {
        const ev = { detail: { [key]: value } };
        expect(matchesPattern({ detail: { [key]: [value] } }, ev)).toBe(true);
        expect(matchesPattern({ detail: { [key]: [{ exists: true }] } }, ev)).toBe(true);
        if (value !== null) expect(matchesPattern({ detail: { [key]: [{ 'anything-but': value }] } }, ev)).toBe(false);
      }),
    );
  });
  test('prefix of a string always matches it; matching never throws on arbitrary JSON events', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.jsonValue(), (s, cut, junk) => {
        const p = s.slice(0, cut % (s.length + 1));
        expect(matchesPattern({ f: [{ prefix: p }] }, { f: s })).toBe(true);
        expect(typeof matchesPattern({ f: [{ prefix: p }], g: { h: [{ exists: false }] } }, junk)).toBe('boolean');
      }),
    );
  });
});
