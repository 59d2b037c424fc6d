/**
 * "Did you mean …?" for a mistyped word: the closest candidate by edit distance (fastest-levenshtein), accepted only
 * when it is close enough to be a typo (at most a quarter of the word's length, at least 2 edits allowed). A case-only
 * difference always matches. Bounded: words longer than 200 characters get no suggestion.
 */
import { distance } from 'fastest-levenshtein';

const MAX_WORD = 200;

export function closest(word: string, candidates: Iterable<string>, opts: { maxDistance?: number } = {}): string | undefined {
  if (word.length === 0 || word.length > MAX_WORD) return undefined;
  const lower = word.toLowerCase();
  const limit = opts.maxDistance ?? Math.max(2, Math.floor(word.length / 4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === word) return undefined;
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = c.toLowerCase() === lower ? 0 : distance(lower, c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, opts: { maxDistance?: number } = {}): string {
  const c = closest(word, candidates, opts);
  return c === undefined ? '' : ` (did you mean ${JSON.stringify(c)}?)`;
}
