/**
 * "Did you mean …?": the closest candidate to a mistyped word (Levenshtein distance from fastest-levenshtein, ignoring
 * case), when it
 * is close enough to be a typo: at most 2 edits, or a quarter of the word's length for long words.
 */
import { distance } from 'fastest-levenshtein';

/** Longest word compared (a hostile 200 KB value must not cost seconds). */
const MAX_COMPARED = 2_048;

export function closest(word: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  candidates = [...candidates];
  if (word.length > MAX_COMPARED) return undefined;
  const limit = maxDistance ?? Math.max(2, Math.floor(word.length / 4));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word || c.length > MAX_COMPARED || Math.abs(c.length - word.length) > limit) continue;
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  if (bestD <= limit) return best;
  // A word cut short ("accessKeyMaxAge" for "accessKeyMaxAgeDays"): the one candidate it begins.
  if (word.length >= 5) {
    const starts = [...candidates].filter((c) => c !== word && c.startsWith(word));
    if (starts.length === 1) return starts[0];
  }
  return undefined;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, maxDistance?: number): string {
  const c = closest(word, candidates, maxDistance);
  return c === undefined ? '' : ` (did you mean "${c}"?)`;
}
