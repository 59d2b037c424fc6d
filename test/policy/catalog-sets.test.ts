/**
 * The catalogue's action sets (bit sets over the action list) against a plain Set oracle, and action patterns as they
 * appear in policies (any case, spaces around, service wildcards, repeated stars, malformed entries).
 */
import fc from 'fast-check';
import {
  actionIndex,
  complement,
  emptySet,
  forEachMember,
  fullSet,
  getCatalog,
  hasWholeService,
  intersectInto,
  isSubset,
  matchActionPattern,
  setAdd,
  setAddRange,
  setHas,
  setSize,
  subtractInto,
  unionInto,
  type ActionSet,
} from '../../lib/policy/catalog';
import { MAX_PATTERN_CHARS } from '../../lib/policy/glob';
import { testSeed } from '../support/seed';

const N = getCatalog().actions.length;
const toSet = (xs: number[]): ActionSet => {
  const s = emptySet();
  for (const x of xs) setAdd(s, x);
  return s;
};
const members = (s: ActionSet): number[] => {
  const out: number[] = [];
  forEachMember(s, (i) => out.push(i));
  return out;
};
const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

describe('action sets', () => {
  const seed = testSeed('catalog set algebra');
  // Indices near word boundaries and the ends of the catalogue, where bit arithmetic goes wrong.
  const index = fc.oneof(fc.integer({ min: 0, max: N - 1 }), fc.constantFrom(0, 31, 32, 33, 63, 64, N - 33, N - 32, N - 31, N - 2, N - 1));
  const list = fc.array(index, { maxLength: 80 });

  it('size, members, union, intersection, difference, complement and subset agree with a Set', () => {
    fc.assert(
      fc.property(list, list, (xs, ys) => {
        const a = toSet(xs);
        const b = toSet(ys);
        const A = new Set(xs);
        const B = new Set(ys);
        expect(setSize(a)).toBe(A.size);
        expect(members(a)).toEqual(sorted(A));
        for (const x of [0, N - 1, ...xs.slice(0, 5)]) expect(setHas(a, x)).toBe(A.has(x));
        const u = toSet(xs);
        unionInto(u, b);
        expect(members(u)).toEqual(sorted([...A, ...B]));
        const i = toSet(xs);
        intersectInto(i, b);
        expect(members(i)).toEqual(sorted([...A].filter((x) => B.has(x))));
        const d = toSet(xs);
        subtractInto(d, b);
        expect(members(d)).toEqual(sorted([...A].filter((x) => !B.has(x))));
        expect(setSize(complement(a))).toBe(N - A.size);
        expect(isSubset(a, u)).toBe(true);
        expect(isSubset(u, a)).toBe([...B].every((x) => A.has(x)));
      }),
      { seed, numRuns: 200 },
    );
  });

  it('the full set holds every action and nothing past the end', () => {
    const f = fullSet();
    expect(setSize(f)).toBe(N);
    expect(members(f).at(-1)).toBe(N - 1);
    expect(setSize(complement(f))).toBe(0);
  });

  it('setAddRange adds exactly [start, end)', () => {
    const s = emptySet();
    setAddRange(s, 30, 70);
    expect(members(s)).toEqual(Array.from({ length: 40 }, (_, k) => 30 + k));
  });

  it('hasWholeService: every action of the service, whatever its alignment; one missing is not whole', () => {
    const c = getCatalog();
    for (const svc of ['s3', 'iam', 'sqs', 'kms', c.services[0], c.services[c.services.length - 1]]) {
      const r = c.serviceRanges.get(svc) as { start: number; end: number };
      const s = emptySet();
      setAddRange(s, r.start, r.end);
      expect(hasWholeService(s, svc)).toBe(true);
      for (const hole of [r.start, r.end - 1, Math.floor((r.start + r.end) / 2)]) {
        const t = emptySet();
        setAddRange(t, r.start, r.end);
        t[hole >>> 5] &= ~(1 << (hole & 31));
        expect(hasWholeService(t, svc)).toBe(false);
      }
    }
    expect(hasWholeService(fullSet(), 'no-such-service')).toBe(false);
  });
});

describe('action patterns as written in policies', () => {
  const ids = (p: string) => members(matchActionPattern(p).set).map((i) => getCatalog().actions[i].id);

  it('any case and surrounding spaces name the same action', () => {
    expect(ids('S3:getobject')).toEqual(['s3:GetObject']);
    expect(ids('  s3:GetObject ')).toEqual(['s3:GetObject']);
    expect(actionIndex('S3:GETOBJECT')).toBe(actionIndex('s3:GetObject'));
    expect(actionIndex('s3:NoSuchAction')).toBe(-1);
  });

  it('service wildcards, repeated stars and "?"', () => {
    expect(ids('s?s:SendMessage')).toEqual(['sms:SendMessage', 'sqs:SendMessage']);
    expect(ids('s3:Get**ObjectTorrent')).toEqual(['s3:GetObjectTorrent']);
    expect(ids('s3:GetObjec?')).toEqual(['s3:GetObject']);
    expect(setSize(matchActionPattern('*').set)).toBe(N);
    expect(setSize(matchActionPattern('**').set)).toBe(N);
  });

  it.each([
    ['s3:', { unknown: true, unknownService: false }],
    [':GetObject', { unknown: true, unknownService: true }],
    ['GetObject', { unknown: true, unknownService: true }],
    ['nosuch:*', { unknown: true, unknownService: true }],
    ['s3:NoSuchAction', { unknown: true, unknownService: false }],
    ['s3:Get*', { unknown: false, unknownService: false }],
    [`s3:${'G'.repeat(MAX_PATTERN_CHARS)}*`, { unknown: true, unknownService: false }],
  ])('%s → %j', (p, expected) => expect(matchActionPattern(p)).toMatchObject(expected));
});
