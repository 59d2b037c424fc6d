/**
 * Untrusted text (user and role names, policy names, user agents, error messages: anything read from a CloudTrail
 * record or an account) made inert for the chat clients AWS Chatbot renders custom notifications in
 * (`textType: client-markdown`: Slack mrkdwn, Microsoft Teams markdown).
 *
 * What a value could otherwise do in a channel, and what is done about it:
 * - mention people: `<!here>`, `<!channel>`, `<!everyone>`, `<@U123>`, `<#C123>`, `<!subteam^…>` (Slack's control
 *   sequences) — `&`, `<` and `>` are written as `&amp;`, `&lt;`, `&gt;`, the three characters Slack requires escaped
 *   in message text, so no control sequence can be formed; `@channel`, `@here`, `@everyone`, `@someone` typed as text
 *   (Slack and Teams may resolve them) — every `@` becomes the full-width `＠` (U+FF20), which no client resolves;
 * - disguise a link: Slack `<https://evil|Click here>` (its `<` is escaped, see above), markdown `[Open the
 *   console](https://evil)` (Teams) — the `](` pair is broken (`] (`), so the text and the URL both stay visible;
 * - change formatting or break out of a code span: `*bold*`, `_italic_`, `~strike~`, ``` ``` fences, `> quote` —
 *   every backtick becomes `ˋ` (U+02CB) and the value is shown inside one inline code span, where neither client
 *   applies emphasis, quotes or links;
 * - forge lines or reorder text: newlines, controls, bidi and invisible characters are made visible (`\n`, `\u202e`)
 *   by lib/text/escape.ts, so a value is always exactly one line.
 * Lengths are counted after the escaping (what the client receives) and a cut never splits an entity.
 */
import { oneLine } from '../text/escape';

/** The marker a cut value or field ends with (ASCII: shown the same by every client). */
export const CUT_MARKER = '… [cut]';

/** Cuts `s` to at most `max` code points, ending with CUT_MARKER when it was longer (never splits a surrogate pair). */
export function cutText(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  const room = Math.max(0, max - [...CUT_MARKER].length);
  return `${chars.slice(0, room).join('')}${CUT_MARKER}`;
}

/** Slack's three reserved characters, escaped (Teams shows the entities as the characters too). */
function escapeReserved(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Plain-text neutralisation of one untrusted value (no code span): one line, no mention, link, control sequence or
 * code fence can survive; at most `max` characters after escaping (cut with CUT_MARKER, never inside an entity such as
 * `&amp;`). For places where a code span does not fit (the title).
 */
export function inertText(value: unknown, max = 300): string {
  const line = oneLine(typeof value === 'string' ? value.trim() : value);
  const t = escapeReserved(line).replace(/@/g, '＠').replace(/`/g, 'ˋ').replace(/\]\(/g, '] (');
  const chars = [...t];
  if (chars.length <= max) return t;
  const room = Math.max(0, max - [...CUT_MARKER].length);
  return `${chars.slice(0, room).join('').replace(/&[a-z]{0,3}$/, '')}${CUT_MARKER}`;
}

/**
 * One untrusted value shown as an inline code span (`` `value` ``), at most `max` characters with the backticks:
 * inertText, with the markdown emphasis and quote characters left as typed (inside a code span neither client formats
 * them). The span is always closed (a cut happens inside it). An empty value reads `(empty)`.
 */
export function inertCode(value: unknown, max = 300): string {
  const t = inertText(value, Math.max(1, max - 2));
  return t === '' ? '(empty)' : `\`${t}\``;
}
