/**
 * lib/policy/glob: IAM wildcard matching (`*` any run, `?` one character; actions case-insensitively, ARNs
 * case-sensitively), policy variables, and the two questions the analyser asks of resource patterns: do two patterns
 * share a resource (intersect), does one include every resource of the other (covers). Small patterns are checked
 * against an oracle that enumerates every string over the patterns' alphabet.
 */
import fc from 'fast-check';
import {
  collapseStars,
  globCovers,
  globMatcher,
  globMatches,
  globsIntersect,
  hasWildcard,
  MAX_PATTERN_CHARS,
  substituteVariables,
} from '../../lib/policy/glob';
import { BudgetExceededError, withBudget } from '../../lib/policy/budget';
import { runs } from '../support/property-runs';

/** The oracle: a pattern as an anchored RegExp (test only; the library never builds one from input). */
function reference(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

/** Every string over `alphabet` up to `max` characters. */
function strings(alphabet: string, max: number): string[] {
  const out = [''];
  let level = [''];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((s) => [...alphabet].map((c) => s + c));
    out.push(...level);
  }
  return out;
}

const small = fc.array(fc.constantFrom('a', 'b', 'A', '*', '?'), { maxLength: 5 }).map((cs) => cs.join(''));
const lower = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 4 }).map((cs) => cs.join(''));
const WORDS = strings('aAb', 5);
const AB = strings('ab', 8);

describe('globMatches / globMatcher', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything at all', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:Get*', 's3:Get', true],
    ['iam:*Policy', 'iam:PutUserPolicy', true],
    ['iam:*Policy', 'iam:PutUserPolicyX', false],
    ['iam:Attach?olePolicy', 'iam:AttachRolePolicy', true],
    ['iam:Attach?olePolicy', 'iam:AttacholePolicy', false],
    ['a?c', 'abc', true],
    ['a?c', 'abbc', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXcYYb', false],
    ['a***b', 'ab', true],
    ['a**', 'a', true],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['abc', 'ab', false],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    // Control characters are characters like any other.
    ['\u0001*', '\u0001x', true],
    ['?\u0001', 'x\u0001', true],
    ['*\u0001', 'x', false],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
    expect(globMatcher(pattern, false)(value)).toBe(expected);
  });

  it('resources match case-sensitively, actions case-insensitively', () => {
    expect(globMatches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x')).toBe(false);
    expect(globMatches('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket')).toBe(false);
    expect(globMatches('IAM:passrole', 'iam:PassRole', true)).toBe(true);
    expect(globMatches('IAM:pass*', 'iam:PassRole', true)).toBe(true);
    expect(globMatches('IAM:pass?ole', 'iam:PassRole', true)).toBe(true);
    expect(globMatcher('IAM:passrole', true)('iam:PassRole')).toBe(true);
    expect(globMatcher('IAM:passrole', true)('iam:PassRoles')).toBe(false);
    expect(globMatcher('IAM:passrole', false)('iam:PassRole')).toBe(false);
    expect(globMatcher('IAM:pass*', true)('iam:PassRole')).toBe(true);
    expect(globMatcher('IAM:pass*', false)('iam:PassRole')).toBe(false);
    // Lower-casing can change a string's length (U+0130 becomes two code units): equal lengths are still required.
    expect(globMatches('\u0130', 'i\u0307', true)).toBe(false);
    expect(globMatcher('\u0130', true)('i\u0307')).toBe(false);
  });

  it('a value shorter than the pattern\'s literal characters never matches, even when the star could be empty', () => {
    expect(globMatches('ab*cd', 'abcd')).toBe(true);
    expect(globMatches('ab*cd', 'abd')).toBe(false);
    expect(globMatcher('ab*cd', false)('abcd')).toBe(true);
    expect(globMatcher('ab*cd', false)('abc')).toBe(false);
    expect(globMatcher('*', false)('')).toBe(true);
    expect(globMatcher('**', false)('x')).toBe(true);
  });

  it('agree with the RegExp oracle on every short string (both matchers, both cases)', () => {
    fc.assert(
      fc.property(small, fc.boolean(), (pattern, ci) => {
        const m = globMatcher(pattern, ci);
        for (const w of WORDS) {
          const want = reference(pattern, w, ci);
          if (globMatches(pattern, w, ci) !== want || m(w) !== want) throw new Error(`${JSON.stringify(pattern)} on ${JSON.stringify(w)} (ci ${ci}): expected ${want}`);
        }
      }),
      runs(300),
    );
  });

  it('a pattern of thousands of stars answers at once (no exponential backtracking)', () => {
    const p = `${'a*'.repeat(2000)}b`;
    expect(globMatches(p, 'a'.repeat(3000))).toBe(false);
    expect(globMatches(p, `${'a'.repeat(3000)}b`)).toBe(true);
  });
});

describe('collapseStars, hasWildcard, substituteVariables', () => {
  it('collapses runs of stars only', () => {
    expect(collapseStars('a***b**c*d')).toBe('a*b*c*d');
    expect(collapseStars('a*b')).toBe('a*b');
    expect(collapseStars('**')).toBe('*');
    expect(collapseStars('')).toBe('');
  });

  it('knows the wildcard characters and policy variables', () => {
    expect(hasWildcard('arn:aws:s3:::b/*')).toBe(true);
    expect(hasWildcard('arn:aws:s3:::b/?')).toBe(true);
    expect(hasWildcard('arn:aws:iam::1:user/${aws:username}')).toBe(true);
    expect(hasWildcard('arn:aws:s3:::b/$x{')).toBe(false);
    expect(hasWildcard('arn:aws:s3:::b/key')).toBe(false);
  });

  it('substitutes known variables (case-insensitive names), unknown ones become "*", and the escapes ${*} ${?} ${$}', () => {
    const vars = { 'aws:username': 'alice' };
    expect(substituteVariables('arn:aws:iam::1:user/${aws:username}', vars)).toBe('arn:aws:iam::1:user/alice');
    expect(substituteVariables('arn:aws:iam::1:user/${AWS:UserName}', vars)).toBe('arn:aws:iam::1:user/alice');
    expect(substituteVariables('arn:aws:s3:::b/${aws:userid}/x', vars)).toBe('arn:aws:s3:::b/*/x');
    expect(substituteVariables('arn:aws:s3:::b/${aws:username}')).toBe('arn:aws:s3:::b/*');
    expect(substituteVariables('a${*}b${?}c${$}d', vars)).toBe('a*b?c$d');
    expect(substituteVariables('${}', vars)).toBe('*');
    expect(substituteVariables('no variables $ here', vars)).toBe('no variables $ here');
    // A value is inserted as is: a user name holding "*" is still what the variable stands for.
    expect(substituteVariables('u/${aws:username}', { 'aws:username': '' })).toBe('u/');
  });
});

describe('globsIntersect', () => {
  it.each([
    ['*', 'arn:aws:s3:::x', true],
    ['arn:aws:s3:::x', '*', true],
    ['a', 'a', true],
    ['a', 'b', false],
    ['a*', '*b', true],
    ['a?c', 'abd', false],
    ['a?c', '*c', true],
    ['ab*', 'ac*', false],
    ['*ab', '*b', true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:role/admin', true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:user/alice', false],
    // Component by component: a star in the account never spans into the resource.
    ['arn:aws:iam::*:user/*', 'arn:aws:iam::1:role/x:user/y', false],
    ['arn:aws:iam::1*', 'arn:aws:iam::1:role/x', true],
    ['arn:aws:iam::111122223333:role/app-*', 'arn:aws:iam::111122223333:role/*-prod', true],
    ['arn:aws:iam::111122223333:role/app-*', 'arn:aws:iam::444455556666:role/app-x', false],
    ['arn:aws:s3:::a', 'arn:aws:s3:::b', false],
    ['arn:x', 'arn:*', true],
    ['arn:x', 'arn:y', false],
    ['a', 'a*', true],
    ['a', 'a**b', false],
    ['ab', '?', false],
    // Only ARNs are compared component by component: elsewhere a star spans ":" like any character.
    ['q:*:q:q:q:q', 'q:w:w:q:q:q:q', true],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(globsIntersect(a, b)).toBe(expected);
    expect(globsIntersect(b, a)).toBe(expected);
  });

  it('agrees with a search for a common string (a shortest witness is never longer than both patterns together)', () => {
    fc.assert(
      fc.property(lower, lower, (a, b) => {
        const want = AB.some((w) => reference(a, w) && reference(b, w));
        if (globsIntersect(a, b) !== want) throw new Error(`${JSON.stringify(a)} ∩ ${JSON.stringify(b)}: expected ${want}`);
      }),
      runs(300),
    );
  });

  it('answers "may intersect" beyond the pattern length cap, and decides up to it', () => {
    const at = 'x'.repeat(MAX_PATTERN_CHARS);
    const over = 'x'.repeat(MAX_PATTERN_CHARS + 1);
    expect(globsIntersect(at, 'y')).toBe(false);
    expect(globsIntersect(over, 'y')).toBe(true);
    expect(globsIntersect('y', over)).toBe(true);
    expect(globsIntersect('y', at)).toBe(false);
    // Collapsed first: a long run of stars is one star.
    expect(globsIntersect(`a${'*'.repeat(MAX_PATTERN_CHARS + 10)}`, 'b')).toBe(false);
  });
});

describe('the time budget', () => {
  it('a long intersection walk stops when the caller\'s budget is spent', () => {
    // Two 4,000-character patterns that never meet (they must end in "c" and in "d"): millions of states to visit.
    const a = `${'*a'.repeat(1999)}c`;
    const b = `${'*b'.repeat(1999)}d`;
    expect(() => withBudget(1, () => globsIntersect(a, b))).toThrow(BudgetExceededError);
  });
});

describe('globCovers', () => {
  it.each([
    ['*', 'arn:aws:s3:::anything/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/key', true],
    ['arn:aws:s3:::b/logs/*', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b?/*', false],
    ['arn:aws:s3:::b/k', 'arn:aws:s3:::b/*', false],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:role/app-*', true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:user/*', false],
    ['arn:aws:iam::111122223333:role/*', 'arn:aws:iam::*:role/x', false],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:role/x', true],
    ['arn:aws:s3:::?/*', 'arn:aws:s3:::?/x*', true],
    ['arn:aws:s3:::?/*', 'arn:aws:s3:::*/x', false],
    ['a*b', 'aXb*', false],
    ['ab*', 'ab*', true],
    ['ab*', 'abc*', true],
    ['ab*', 'a*', false],
    ['ab*', 'a?c', false],
    ['ab**', 'abc', true],
    ['a', 'a', true],
    ['a', 'b', false],
    ['a*b', 'a*b', true],
    ['a?b', 'a?b', true],
    ['a?c', 'abc', true],
    ['*b', 'ab', true],
    ['*b', 'ba', false],
    ['arn:aws:s3:::b/*', 'arn*', false],
    ['arn:aws:s3:::b/*', '*', false],
    // An empty pattern matches only the empty string (it once "covered" everything: a Deny on "" hid grants).
    ['', '*', false],
    ['', 'a*', false],
    ['', '', true],
  ])('%j covers %j: %s', (outer, inner, expected) => {
    expect(globCovers(outer, inner)).toBe(expected);
  });

  it('is sound: whatever it says is covered is covered, on every short string', () => {
    fc.assert(
      fc.property(lower, lower, (outer, inner) => {
        if (!globCovers(outer, inner)) return;
        for (const w of AB.filter((s) => s.length <= 6)) if (reference(inner, w) && !reference(outer, w)) throw new Error(`${outer} does not cover ${inner}: ${w}`);
      }),
      runs(300),
    );
  });
});
