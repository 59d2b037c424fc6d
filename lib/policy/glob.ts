/**
 * IAM wildcard patterns (`*` any run of characters, `?` one character) for actions and resources.
 * Actions match case-insensitively; resource ARNs case-sensitively. Policy variables (`${aws:username}`)
 * are treated as `*` unless substituted first (`substituteVariables`).
 */
import { checkBudget } from './budget';

/**
 * Longest wildcard pattern (characters) the matchers accept. IAM's own policy size limits keep real Action and
 * Resource entries far below it (an inline user policy is at most 2,048 characters in all); a longer pattern is
 * a crafted input, reported by the policy parser as a limit (POLICY_LIMITS in ./document), which the rules turn
 * into a specific finding.
 */
export const MAX_PATTERN_CHARS = 4096;

/** Collapses runs of `*` (`a***b` → `a*b`): they match the same strings, and the matcher's cost grows with stars. */
export function collapseStars(pattern: string): string {
  // Stryker disable next-line StringLiteral: includes('') is always true, and the replace then finds no run to collapse
  return pattern.includes('**') ? pattern.replace(/\*{2,}/g, '*') : pattern;
}

/**
 * Iterative two-pointer glob match without backtracking blow-up: on a mismatch it resumes only after the most
 * recent `*` (earlier stars never need revisiting, because a later star can absorb whatever an earlier one would
 * have), so the work is at most O(|pattern| · |value|) whatever the pattern; no RegExp is ever built from input.
 */
function twoPointerMatch(p: string, v: string, caseInsensitive: boolean): boolean {
  if (caseInsensitive) {
    p = p.toLowerCase();
    v = v.toLowerCase();
  }
  const n = p.length;
  const m = v.length;
  let i = 0; // position in p
  let j = 0; // position in v
  let star = -1; // index in p of the last '*' seen
  let mark = 0; // position in v where that star's match currently ends
  while (j < m) {
    const c = p.charCodeAt(i); // NaN past the end of the pattern: equal to no character
    if (c === 42 /* * */) {
      star = i++;
      mark = j;
    } else if (c === 63 /* ? */ || c === v.charCodeAt(j)) {
      i++;
      j++;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (p.charCodeAt(i) === 42) i++;
  return i === n;
}

/**
 * Number of characters a pattern needs at least (its non-`*` characters): a cheap early reject. Only a shortcut (the
 * match itself rejects such values too), so no test can tell a wrong count from the right one.
 */
// Stryker disable all: performance only (see above)
function minLength(p: string): number {
  let k = 0;
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) !== 42) k++;
  return k;
}
// Stryker restore all

/**
 * A reusable matcher for one glob (collapsed once). Linear-time in practice, O(|p|·|v|) at worst; never
 * backtracks exponentially (see twoPointerMatch).
 */
export function globMatcher(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  const p = collapseStars(pattern);
  // Stryker disable next-line ConditionalExpression: shortcut; twoPointerMatch('*', v) is true for every v
  if (p === '*') return () => true;
  const need = minLength(p);
  if (!p.includes('*') && !p.includes('?')) {
    if (caseInsensitive) {
      const lower = p.toLowerCase();
      return (v) => v.length === p.length && v.toLowerCase() === lower;
    }
    return (v) => v === p;
  }
  // Stryker disable next-line ConditionalExpression: the length check is the minLength shortcut
  return (v) => v.length >= need && twoPointerMatch(p, v, caseInsensitive);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?') || pattern.includes('${');
}

/** Replaces policy variables: known ones by value, unknown ones by `*` (they could be anything). */
export function substituteVariables(pattern: string, vars: Record<string, string> = {}): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: shortcut; without "${" the replace below finds nothing
  if (!pattern.includes('${')) return pattern;
  return pattern.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    // Stryker disable next-line ConditionalExpression,StringLiteral: ${*} is IAM's escape for "*"; an unknown name also gives "*"
    if (name === '*') return '*';
    if (name === '?') return '?';
    if (name === '$') return '$';
    const v = vars[name.toLowerCase()];
    return v !== undefined ? v : '*';
  });
}

/** True when the glob `pattern` matches the literal `value`. */
export function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  // Stryker disable next-line ConditionalExpression: shortcut; twoPointerMatch('*', v) is true for every v
  if (pattern === '*') return true;
  const p = collapseStars(pattern);
  if (!p.includes('*') && !p.includes('?')) return caseInsensitive ? p.length === value.length && p.toLowerCase() === value.toLowerCase() : p === value;
  // Stryker disable next-line ConditionalExpression: the length check is the minLength shortcut
  return value.length >= minLength(p) && twoPointerMatch(p, value, caseInsensitive);
}

/**
 * Splits an ARN pattern into its six components (arn, partition, service, region, account, resource); undefined
 * when it is not a full ARN pattern. Real ARNs have no ':' in their first five components, so a wildcard in, say,
 * the account never spans into the resource: comparing component by component keeps `role/*` and `user/*` apart.
 */
const arnPartsCache = new Map<string, string[] | undefined>();

function arnParts(p: string): string[] | undefined {
  if (!p.startsWith('arn:')) return undefined;
  // Stryker disable next-line ConditionalExpression: a cache; recomputing gives the same parts
  if (arnPartsCache.has(p)) return arnPartsCache.get(p);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only caps the cache's memory
  if (arnPartsCache.size > 50_000) arnPartsCache.clear();
  const parts = splitArn(p);
  arnPartsCache.set(p, parts);
  return parts;
}

function splitArn(p: string): string[] | undefined {
  const parts: string[] = [];
  let rest = p;
  for (let k = 0; k < 5; k++) {
    const i = rest.indexOf(':');
    if (i < 0) return undefined;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * True when some resource matches both globs (their languages intersect). Full ARN patterns are compared
 * component by component; each comparison is a breadth-first walk over the product of the two pattern
 * automata: O(|a|·|b|).
 */
export function globsIntersect(a: string, b: string): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: shortcut; the walk (or the cap) answers the same
  if (a === '*' || b === '*' || a === b) return true;
  a = collapseStars(a);
  b = collapseStars(b);
  // Beyond the cap the product automaton would be too large: answer "they may intersect" (the cautious answer).
  if (a.length > MAX_PATTERN_CHARS || b.length > MAX_PATTERN_CHARS) return true;
  const pa = arnParts(a);
  const pb = pa && arnParts(b);
  if (pa && pb) {
    // Stryker disable next-line EqualityOperator: a seventh round compares undefined with undefined, which "intersect"
    for (let k = 0; k < 6; k++) if (!rawIntersect(pa[k], pb[k])) return false;
    return true;
  }
  return rawIntersect(a, b);
}

function rawIntersect(a: string, b: string): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: shortcut; the walk answers the same
  if (a === '*' || b === '*' || a === b) return true;
  const n = a.length;
  const m = b.length;
  const seen = new Uint8Array((n + 1) * (m + 1));
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const k = i * (m + 1) + j;
    if (!seen[k]) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  let steps = 0;
  while (stack.length) {
    if ((++steps & 0xffff) === 0) checkBudget();
    const k = stack.pop() as number;
    const i = Math.floor(k / (m + 1));
    const j = k % (m + 1);
    if (i === n && j === m) return true;
    const ca = a[i]; // undefined past the end
    const cb = b[j];
    // epsilon moves: a star may match the empty string
    if (ca === '*') push(i + 1, j);
    if (cb === '*') push(i, j + 1);
    if (ca === undefined || cb === undefined) continue;
    // consume one common character
    const aAny = ca === '*' || ca === '?';
    const bAny = cb === '*' || cb === '?';
    if (aAny || bAny || ca === cb) push(ca === '*' ? i : i + 1, cb === '*' ? j : j + 1);
  }
  return false;
}

/**
 * True when every string matched by `inner` is matched by `outer` (a sound but incomplete test: it answers
 * false when unsure, which callers treat as "not fully covered").
 */
export function globCovers(outer: string, inner: string): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: shortcut; rawCovers (per component) answers the same
  if (outer === '*' || outer === inner) return true;
  outer = collapseStars(outer);
  inner = collapseStars(inner);
  const po = arnParts(outer);
  const pi = po && arnParts(inner);
  if (po && pi) {
    // Stryker disable next-line EqualityOperator: a seventh round compares undefined with undefined, which "cover"
    for (let k = 0; k < 6; k++) if (!rawCovers(po[k], pi[k])) return false;
    return true;
  }
  return rawCovers(outer, inner);
}

function rawCovers(outer: string, inner: string): boolean {
  if (outer === '*' || outer === inner) return true;
  if (!hasWildcard(inner)) return globMatches(outer, inner);
  // outer = prefix + '*' (no other star) covers any inner that starts with that prefix character for character: the
  // prefix has no '*', so neither has inner's start; a '?' there stands for one character in both.
  // (An empty outer has no star: indexOf's -1 must not pass for "the last character".)
  const star = outer.indexOf('*');
  // Stryker disable next-line EqualityOperator: star 0 at the last position is the pattern "*", answered above
  if (star >= 0 && star === outer.length - 1) return inner.startsWith(outer.slice(0, star));
  return false;
}
