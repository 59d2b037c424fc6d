/**
 * Malformed blocks and bounds, as a hostile or broken document has them: Condition operators that do not hold an
 * object, more Action/Resource entries than the document limit, a catalogue whose every entry is a real action, and
 * ARN coverage where one component repeats a wildcard pattern.
 */
import { analysePolicies } from '../../lib/policy/analyse';
import { getCatalog } from '../../lib/policy/catalog';
import { parsePolicyDocument, POLICY_LIMITS } from '../../lib/policy/document';
import { globCovers } from '../../lib/policy/glob';

const parse = (Statement: unknown) => {
  const r = parsePolicyDocument({ Version: '2012-10-17', Statement });
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('Condition blocks that are not what AWS expects', () => {
  it.each([
    ['a list', ['aws:SourceIp']],
    ['a string', 'aws:SourceIp'],
    ['null', null],
  ])('an operator holding %s is dropped with a warning (the grant is then unconditional)', (_what, block) => {
    const r = parse([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: block } }]);
    expect(r.warnings).toContain('Statement 0 Condition operator StringEquals does not hold an object');
    expect(r.document.statements[0].condition).toEqual({});
    expect(analysePolicies([r.document]).conditional).toBe(false);
  });

  it('well-formed operators beside it are kept', () => {
    const r = parse([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: ['x'], Bool: { 'aws:SecureTransport': true } } }]);
    expect(r.document.statements[0].condition).toEqual({ Bool: { 'aws:SecureTransport': ['true'] } });
  });

  it('a Condition that is a list is not an object', () => {
    const r = parse([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: [{ Bool: { 'aws:SecureTransport': 'true' } }] }]);
    expect(r.warnings).toContain('Statement 0 Condition is not an object');
  });
});

describe('the entry limit of one document', () => {
  it('entries beyond it are counted and named, the ones within it are evaluated', () => {
    const max = POLICY_LIMITS.maxEntries;
    const resources = Array.from({ length: max + 2 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`);
    const r = parse([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: resources }]);
    expect(r.document.statements[0].resource).toEqual(resources.slice(0, max - 1));
    expect(r.limits).toEqual([`Statement 0 Resource: 3 entries beyond the document's limit of ${max} were not evaluated`]);
  });
});

describe('the action catalogue', () => {
  it('every entry is a real action of its service, and the service ranges tile the list', () => {
    const c = getCatalog();
    let next = 0;
    for (const s of c.services) {
      const r = c.serviceRanges.get(s);
      expect(r?.start).toBe(next);
      next = r?.end ?? -1;
    }
    expect(next).toBe(c.actions.length);
    for (const a of c.actions) expect(a.id).toBe(`${a.service}:${a.name}`);
  });
});

describe('globCovers, component by component', () => {
  it.each([
    ['arn:aws:iam::*:role/a?c', 'arn:aws:iam::111122223333:role/a?c', true],
    ['arn:aws:s3:::b?cket/*', 'arn:aws:s3:::b?cket/*', true],
    ['arn:aws:iam::*:role/a*c', 'arn:aws:iam::111122223333:role/a*c', true],
    ['arn:aws:iam::111122223333:role/a?c', 'arn:aws:iam::*:role/a?c', false],
  ])('%s covers %s: %s', (outer, inner, expected) => expect(globCovers(outer, inner)).toBe(expected));
});
