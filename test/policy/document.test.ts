/**
 * parsePolicyDocument / decodePolicyText (lib/policy/document.ts): the forms AWS returns (JSON, the URL-encoded
 * document of GetPolicyVersion / GetRolePolicy / GetRole, a single Statement object, string or list values), every
 * way a document is unreadable (with the message a user reads), and the warnings for parts that are skipped.
 */
import { decodePolicyText, describeJsonValue, parsePolicyDocument, POLICY_LIMITS } from '../../lib/policy/document';

const DOC = { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/*'] }] };
const ok = (input: unknown) => {
  const r = parsePolicyDocument(input);
  if (!r.ok) throw new Error(r.error);
  return r;
};
const err = (input: unknown) => {
  const r = parsePolicyDocument(input);
  return r.ok ? 'parsed' : r.error;
};

describe('the forms AWS returns', () => {
  const expected = { version: '2012-10-17', statements: [{ index: 0, sid: 'Read', effect: 'Allow', action: ['s3:GetObject'], resource: ['arn:aws:s3:::b/*'] }] };
  it('an object, JSON text, and the URL-encoded text of the IAM API are the same document', () => {
    const json = JSON.stringify(DOC);
    expect(ok(DOC).document).toEqual(expected);
    expect(ok(`  ${json}\n`).document).toEqual(expected);
    expect(ok(encodeURIComponent(json)).document).toEqual(expected);
    expect(ok(encodeURIComponent(json).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())).document).toEqual(expected);
  });

  it('URL-encoded with "+" for spaces (form encoding)', () => {
    const text = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my bucket/*' }] })).replace(/%20/g, '+');
    expect(ok(text).document.statements[0].resource).toEqual(['arn:aws:s3:::my bucket/*']);
  });

  it('a single Statement object, and Version only when it is a string', () => {
    const r = ok({ Version: 20121017, Statement: { Effect: 'Deny', NotAction: 'iam:*', NotResource: '*' } });
    expect(r.document).toEqual({ statements: [{ index: 0, effect: 'Deny', notAction: ['iam:*'], notResource: ['*'] }] });
  });

  it('Principal forms: "*", a map of strings or lists', () => {
    const r = ok({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }, { Effect: 'Allow', Principal: { AWS: '111122223333', Service: ['a.amazonaws.com'], Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc' }, NotPrincipal: '*', Action: 's3:GetObject' }] });
    expect(r.document.statements.map((s) => [s.principal, s.notPrincipal])).toEqual([
      ['*', undefined],
      [{ AWS: ['111122223333'], Service: ['a.amazonaws.com'], Federated: ['cognito-identity.amazonaws.com'], CanonicalUser: ['abc'] }, '*'],
    ]);
  });

  it('Condition values: lists kept, scalars made lists, non-strings described', () => {
    const r = ok({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': 10 }, StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } } }] });
    expect(r.document.statements[0].condition).toEqual({ NumericLessThan: { 's3:max-keys': ['10'] }, StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } });
  });
});

describe('unreadable documents say why', () => {
  it.each([
    [null, 'policy document is missing'],
    [undefined, 'policy document is missing'],
    [[DOC], 'policy document is not a JSON object'],
    [42, 'policy document is not a JSON object'],
    ['', 'policy document is empty'],
    ['   ', 'policy document is empty'],
    ['Version: 2012-10-17', 'policy document is neither JSON nor URL-encoded JSON'],
    ['%7B%22Version%22%3A%E0%A4%A', 'policy document has invalid URL-encoding'],
    [{ Version: '2012-10-17' }, 'policy document has no Statement'],
    ['%7b%7d', 'policy document has no Statement'],
    ['%7B%7D', 'policy document has no Statement'],
  ])('%j: %s', (input, message) => expect(err(input)).toBe(message));

  it('broken JSON and broken URL-decoded JSON name the parser error', () => {
    expect(err('{"Statement": [')).toMatch(/^policy document is not valid JSON: /);
    expect(err('%7B%22Statement%22%3A%5B')).toMatch(/^URL-decoded policy document is not valid JSON: /);
  });

  it('a document larger than a million characters is refused before parsing', () => {
    const big = `{"Statement": [], "Pad": "${'x'.repeat(1_000_001)}"}`;
    expect(decodePolicyText(big)).toEqual({ ok: false, error: `policy document is too large (${big.length} characters)` });
  });

  it('a throwing getter becomes an error, not a crash', () => {
    const hostile = Object.defineProperty({}, 'Statement', { get() { throw new TypeError('boom'); }, enumerable: true });
    expect(err(hostile)).toBe('policy document could not be read (TypeError: boom)');
  });
});

describe('skipped parts are named', () => {
  it('statements that are not objects or have no valid Effect', () => {
    const r = ok({ Statement: ['Allow', { Effect: 'allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Resource: '*' }] });
    expect(r.warnings).toEqual(['Statement 0 is not an object', 'Statement 1 has Effect "allow"; it is ignored', 'Statement 2 has neither Action nor NotAction']);
    expect(r.document.statements.map((s) => s.index)).toEqual([2]);
  });

  it('non-string entries, values that are neither string nor list, unknown Principal keys', () => {
    const r = ok({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 7, null], Resource: { arn: 'x' }, Principal: { IAM: 'x' } }, { Effect: 'Deny', Action: '*', Resource: '*', NotPrincipal: 12 }] });
    expect(r.warnings).toEqual([
      'Statement 0 Action has a non-string entry (7) that was ignored',
      'Statement 0 Action has a non-string entry (null) that was ignored',
      'Statement 0 Resource is neither a string nor a list',
      'Statement 0 Principal has an unknown key IAM',
      'Statement 1 NotPrincipal is not "*" or an object',
    ]);
    expect(r.document.statements[0].action).toEqual(['s3:GetObject']);
  });

  it('more statements than the limit: the first ones are evaluated, the limit is named', () => {
    const n = POLICY_LIMITS.maxStatements + 5;
    const r = ok({ Statement: Array.from({ length: n }, () => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })) });
    expect(r.document.statements).toHaveLength(POLICY_LIMITS.maxStatements);
    expect(r.limits).toEqual([`policy document has ${n} statements (limit ${POLICY_LIMITS.maxStatements}); the rest were not evaluated`]);
  });

  it('nesting deeper than the limit is named', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < POLICY_LIMITS.maxDepth + 2; i++) deep = { k: deep };
    const r = ok({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:x': deep } } }] });
    expect(r.limits).toEqual([`policy document is nested more than ${POLICY_LIMITS.maxDepth} levels deep; the deeper parts were not evaluated`]);
  });

  it('a document within every limit has no limits field', () => {
    expect(ok(DOC)).not.toHaveProperty('limits');
  });
});

describe('describeJsonValue', () => {
  it.each([
    ['abc', '"abc"'],
    ['x'.repeat(45), `"${'x'.repeat(40)}…"`],
    ['y'.repeat(40), `"${'y'.repeat(40)}"`],
    [null, 'null'],
    [3, '3'],
    [false, 'false'],
    [[1, 2], 'a list of 2'],
    [{ a: 1 }, 'an object'],
    [undefined, 'undefined'],
  ])('%j → %s', (v, s) => expect(describeJsonValue(v)).toBe(s));
});
