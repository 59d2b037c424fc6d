/**
 * The matcher against the documented EventBridge semantics. Each case cites the user-guide behaviour it checks
 * ("Content filtering in Amazon EventBridge event patterns", "Comparison operators", "Matching null values").
 */
import fc from 'fast-check';
import { compilePattern, matchesPattern, PatternError } from '../support/eventbridge-matcher';

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
  test('prefix is anchored at the start: the same text later in the value does not match', () => {
    // "terminated" contains "min" and "ted"; the instance id contains "1234" after "i-".
    expect(m({ detail: { state: [{ prefix: 'min' }] } })).toBe(false);
    expect(m({ detail: { state: [{ prefix: 'ted' }] } })).toBe(false);
    expect(m({ detail: { 'instance-id': [{ prefix: '1234' }] } })).toBe(false);
    expect(m({ detail: { 'instance-id': [{ prefix: 'i-1234' }] } })).toBe(true);
    expect(m({ source: [{ prefix: 'ec2' }] })).toBe(false);
    expect(m({ detail: { state: [{ prefix: { 'equals-ignore-case': 'MIN' } }] } })).toBe(false);
    expect(m({ region: [{ 'anything-but': { prefix: 'west' } }] })).toBe(true);
    // A prefix longer than the value, and the value itself, are the two ends of the boundary.
    expect(m({ detail: { state: [{ prefix: 'terminated!' }] } })).toBe(false);
    expect(m({ detail: { state: [{ prefix: 'terminated' }] } })).toBe(true);
  });
  test('suffix is anchored at the end: the same text earlier in the value does not match', () => {
    expect(m({ detail: { state: [{ suffix: 'term' }] } })).toBe(false);
    expect(m({ detail: { state: [{ suffix: 'min' }] } })).toBe(false);
    expect(m({ detail: { state: [{ suffix: { 'equals-ignore-case': 'MIN' } }] } })).toBe(false);
    expect(m({ region: [{ 'anything-but': { suffix: 'us' } }] })).toBe(true);
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

describe('invalid patterns: each is rejected with a message that says what is wrong and where', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ f: [{ wildcard: 1 }] }, /^event pattern at "f": "wildcard" needs a string$/],
    [{ f: [{ wildcard: 'a**' }] }, /"wildcard" does not allow consecutive "\*" characters$/],
    [{ f: [{ wildcard: 'a\\b' }] }, /"wildcard" only allows escaping "\*" and "\\"$/],
    [{ f: [{ wildcard: 'a\\' }] }, /"wildcard" only allows escaping/],
    [{ f: [{ prefix: 1 }] }, /"prefix" needs a string or \{"equals-ignore-case": string\}$/],
    [{ f: [{ suffix: { 'equals-ignore-case': 1 } }] }, /"suffix" needs a string or/],
    [{ f: [{ prefix: { 'equals-ignore-case': 'a', x: 1 } }] }, /"prefix" needs a string or/],
    [{ f: [{ prefix: { wildcard: 'a' } }] }, /"prefix" needs a string or/],
    [{ f: [{ numeric: ['>', 1, '<'] }] }, /"numeric" needs \[op, number\] or \[op, number, op, number\]$/],
    [{ f: [{ numeric: '>' }] }, /"numeric" needs \[op, number\]/],
    [{ f: [{ numeric: ['!=', 1] }] }, /unknown numeric operator "!="$/],
    [{ f: [{ numeric: [1, 1] }] }, /unknown numeric operator 1$/],
    [{ f: [{ numeric: ['>', '1'] }] }, /"numeric" operand must be a number$/],
    [{ f: [{ numeric: ['>', Infinity] }] }, /"numeric" operand must be a number$/],
    [{ f: [{ numeric: ['=', 1, '<', 2] }] }, /"numeric" "=" cannot be combined with a second comparison$/],
    [{ f: [{ numeric: ['>', 1, '=', 2] }] }, /"numeric" "=" cannot be combined/],
    [{ f: [{ cidr: '10.0.0.0/33' }] }, /"cidr" needs an IPv4 block like "10\.0\.0\.0\/24"$/],
    [{ f: [{ cidr: '10.0.0.256/8' }] }, /"cidr" needs an IPv4 block/],
    [{ f: [{ cidr: '10.0.0/8' }] }, /"cidr" needs an IPv4 block/],
    [{ f: [{ cidr: 'x10.0.0.0/8' }] }, /"cidr" needs an IPv4 block/],
    [{ f: [{ cidr: '10.0.0.0/8x' }] }, /"cidr" needs an IPv4 block/],
    [{ f: [{ cidr: '10.0.0.0' }] }, /"cidr" needs an IPv4 block/],
    [{ f: [{ cidr: 10 }] }, /"cidr" needs an IPv4 block/],
    [{ f: [{ 'anything-but': [] }] }, /"anything-but" list must not be empty$/],
    [{ f: [{ 'anything-but': ['a', 1] }] }, /"anything-but" list must hold only strings or only numbers$/],
    [{ f: [{ 'anything-but': { prefix: [] } }] }, /"anything-but" "prefix" list must not be empty$/],
    [{ f: [{ 'anything-but': { prefix: ['a'] } }] }, /"anything-but" "prefix" needs a string$/],
    [{ f: [{ 'anything-but': { suffix: 1 } }] }, /"anything-but" "suffix" needs a string$/],
    [{ f: [{ 'anything-but': { 'equals-ignore-case': ['a', 1] } }] }, /"anything-but" "equals-ignore-case" needs strings$/],
    [{ f: [{ 'anything-but': { contains: 'x' } }] }, /unknown "anything-but" operator "contains"$/],
    [{ f: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }, /"anything-but" needs a string, a number, a list, or \{prefix\|suffix\|equals-ignore-case\|wildcard\}$/],
    [{ f: [{ 'anything-but': null }] }, /"anything-but" needs a string, a number, a list/],
    [{ f: [['a']] }, /a leaf alternative must be a value or an operator object, got \["a"\]$/],
    [{ f: [{}] }, /an operator object needs exactly one operator, got \[\]$/],
    [{ f: [{ 'equals-ignore-case': 1 }] }, /"equals-ignore-case" needs a string$/],
    [{ f: [{ exists: 'true' }] }, /"exists" needs true or false$/],
    [{ f: [{ prefx: 'a' }] }, /unknown operator "prefx"$/],
    [[], /^event pattern \(root\): must be an object$/],
    [{ a: { b: {} } }, /^event pattern at "a\.b": must not be empty$/],
    [{ $or: [{ a: ['x'] }] }, /^event pattern at "\$or": "\$or" needs an array of at least two patterns$/],
    [{ $or: { a: ['x'] } }, /"\$or" needs an array of at least two patterns$/],
    [{ $or: [{ a: ['x'] }, 'b'] }, /^event pattern at "\$or\.1": must be an object$/],
    [{ f: [] }, /^event pattern at "f": a leaf array must not be empty$/],
    [{ f: 'x' }, /^event pattern at "f": a leaf must be an array of alternatives, got "x"$/],
    ['{"f": [', /^event pattern \(root\): not valid JSON: \S/],
  ];
  test.each(cases)('%j', (pattern, message) => {
    let err: unknown;
    try {
      compilePattern(pattern);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatternError);
    expect((err as Error).name).toBe('PatternError');
    expect((err as Error).message).toMatch(message);
  });
  test('valid edge forms compile', () => {
    expect(() => compilePattern({ f: [{ wildcard: 'a\\*b\\\\c*' }] })).not.toThrow();
    expect(() => compilePattern({ f: [{ cidr: '10.0.0.0/32' }, { cidr: '255.255.255.255/0' }] })).not.toThrow();
    expect(() => compilePattern({ f: [{ numeric: ['>', 1, '<=', 2] }] })).not.toThrow();
    expect(() => compilePattern({ f: [{ 'anything-but': [1, 2] }] })).not.toThrow();
    expect(() => compilePattern({ f: [{ 'anything-but': { wildcard: ['a*', 'b*'] } }] })).not.toThrow();
  });
  test('the compiled form: fields and $or groups, each branch compiled', () => {
    const c = compilePattern({ a: ['x'], b: { c: [1] }, $or: [{ d: ['y'] }, { e: ['z'] }] });
    expect(c.fields.map((f) => f.key)).toEqual(['a', 'b']);
    expect(c.fields[0].leaf).toEqual([{ kind: 'exact', value: 'x' }]);
    expect(c.fields[1].nested).toEqual({ fields: [{ key: 'c', leaf: [{ kind: 'exact', value: 1 }] }], or: [] });
    expect(c.or).toHaveLength(1);
    expect(c.or[0].map((p) => p.fields[0].key)).toEqual(['d', 'e']);
  });
});

describe('operators at their boundaries', () => {
  const n = (pattern: unknown, v: unknown) => matchesPattern({ f: [pattern] }, { f: v });
  test('numeric comparisons at the compared value', () => {
    expect(n({ numeric: ['>', 5] }, 5)).toBe(false);
    expect(n({ numeric: ['>', 5] }, 5.5)).toBe(true);
    expect(n({ numeric: ['>=', 5] }, 5)).toBe(true);
    expect(n({ numeric: ['>=', 5] }, 4.9)).toBe(false);
    expect(n({ numeric: ['<', 5] }, 5)).toBe(false);
    expect(n({ numeric: ['<', 5] }, 4.9)).toBe(true);
    expect(n({ numeric: ['<=', 5] }, 5)).toBe(true);
    expect(n({ numeric: ['<=', 5] }, 5.1)).toBe(false);
    expect(n({ numeric: ['=', 5] }, 5)).toBe(true);
    expect(n({ numeric: ['=', 5] }, 6)).toBe(false);
    expect(n({ numeric: ['=', 5] }, 4)).toBe(false);
    expect(n({ numeric: ['>=', 1, '<', 2] }, 2)).toBe(false);
    expect(n({ numeric: ['>=', 1, '<', 2] }, 1)).toBe(true);
  });
  test('IPv4 parsing: every octet at most 255, exactly four, the whole value', () => {
    expect(n({ cidr: '0.0.0.0/0' }, '255.255.255.255')).toBe(true);
    expect(n({ cidr: '0.0.0.0/0' }, '256.1.1.1')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, '1.256.1.1')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, '1.1.1.256')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, '1.1.1.1.1')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, 'x1.1.1.1')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, '1.1.1.1x')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, '1.1111.1.1')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, '1.1.1111.1')).toBe(false);
    expect(n({ cidr: '0.0.0.0/0' }, 167772161)).toBe(false);
    expect(n({ cidr: '10.0.0.1/32' }, '10.0.0.1')).toBe(true);
    expect(n({ cidr: '10.0.0.1/32' }, '10.0.0.2')).toBe(false);
    expect(n({ cidr: '10.0.0.0/31' }, '10.0.0.1')).toBe(true);
    expect(n({ cidr: '10.0.0.0/31' }, '10.0.0.2')).toBe(false);
    expect(n({ cidr: '10.0.0.77/24' }, '10.0.0.200')).toBe(true);
  });
  test('string operators never match numbers, booleans or null', () => {
    for (const v of [5, true, null]) {
      expect(n({ suffix: '5' }, v)).toBe(false);
      expect(n({ suffix: { 'equals-ignore-case': '5' } }, v)).toBe(false);
      expect(n({ prefix: { 'equals-ignore-case': '5' } }, v)).toBe(false);
      expect(n({ 'equals-ignore-case': '5' }, v)).toBe(false);
      expect(n({ 'equals-ignore-case': 'true' }, v)).toBe(false);
      expect(n({ wildcard: '*' }, v)).toBe(false);
    }
    expect(n({ 'equals-ignore-case': 'AbC' }, 'aBc')).toBe(true);
    expect(n({ 'equals-ignore-case': 'AbC' }, 'aBcd')).toBe(false);
    expect(n({ wildcard: '*' }, '')).toBe(true);
  });
  test('wildcard: * spans any run, escapes are literal, the match is anchored', () => {
    expect(n({ wildcard: 'a*c' }, 'a/b:c')).toBe(true);
    expect(n({ wildcard: 'a*c' }, 'xa/b:c')).toBe(false);
    expect(n({ wildcard: 'a*c' }, 'abcd')).toBe(false);
    expect(n({ wildcard: 'a\\*c' }, 'a*c')).toBe(true);
    expect(n({ wildcard: 'a\\*c' }, 'abc')).toBe(false);
    expect(n({ wildcard: 'a\\\\c' }, 'a\\c')).toBe(true);
    expect(n({ wildcard: 'a.c' }, 'abc')).toBe(false);
  });
  test('anything-but: numbers, case-insensitive lists, wildcard lists, prefix/suffix are case-sensitive', () => {
    expect(n({ 'anything-but': [1, 2] }, 3)).toBe(true);
    expect(n({ 'anything-but': [1, 2] }, 2)).toBe(false);
    expect(n({ 'anything-but': 5 }, 5)).toBe(false);
    expect(n({ 'anything-but': 5 }, '5')).toBe(true);
    expect(n({ 'anything-but': { 'equals-ignore-case': ['A', 'B'] } }, 'b')).toBe(false);
    expect(n({ 'anything-but': { 'equals-ignore-case': ['A', 'B'] } }, 'c')).toBe(true);
    expect(n({ 'anything-but': { wildcard: ['a*', 'b*'] } }, 'bz')).toBe(false);
    expect(n({ 'anything-but': { wildcard: ['a*', 'b*'] } }, 'cz')).toBe(true);
    expect(n({ 'anything-but': { prefix: 'A' } }, 'abc')).toBe(true);
    expect(n({ 'anything-but': { suffix: 'C' } }, 'abc')).toBe(true);
    expect(n({ 'anything-but': { suffix: 'c' } }, 'abc')).toBe(false);
  });
  test('a nested pattern reads only objects: leaves beside them in an array are skipped', () => {
    expect(matchesPattern({ f: { g: ['x'] } }, { f: ['x', { g: 'x' }] })).toBe(true);
    expect(matchesPattern({ f: { g: ['x'] } }, { f: ['x', { g: 'y' }] })).toBe(false);
    expect(matchesPattern({ f: { g: [{ exists: false }] } }, { f: ['x'] })).toBe(true);
  });
  test('ignore-case affixes lower-case the value; plain ones (also under anything-but) do not', () => {
    expect(n({ prefix: { 'equals-ignore-case': 'term' } }, 'TERMINATED')).toBe(true);
    expect(n({ suffix: { 'equals-ignore-case': 'ted' } }, 'TERMINATED')).toBe(true);
    expect(n({ prefix: 'term' }, 'TERMINATED')).toBe(false);
    expect(n({ 'anything-but': { prefix: 'a' } }, 'ABC')).toBe(true);
    expect(n({ 'anything-but': { suffix: 'c' } }, 'ABC')).toBe(true);
  });
  test('cidr blocks are the whole operand', () => {
    expect(() => compilePattern({ f: [{ cidr: 'a/10.0.0.0/8' }] })).toThrow(/"cidr" needs an IPv4 block/);
    expect(() => compilePattern({ f: [{ cidr: ['10.0.0.0/8'] }] })).toThrow(/"cidr" needs an IPv4 block/);
    expect(() => compilePattern({ f: [{ 'anything-but': {} }] })).toThrow(PatternError);
    expect(() => compilePattern({ f: [{ 'anything-but': { prefix: 'a', x: 1 } }] })).toThrow(PatternError);
  });
  test('a non-object event never matches', () => {
    expect(matchesPattern({ f: [{ exists: false }] }, null)).toBe(false);
    expect(matchesPattern({ f: [{ exists: false }] }, ['x'])).toBe(false);
    expect(matchesPattern({ f: [{ exists: false }] }, {})).toBe(true);
  });
});
