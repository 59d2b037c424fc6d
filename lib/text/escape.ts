/**
 * Untrusted text on its way out: names, ARNs, paths, user agents, error messages and file names chosen by the people
 * the monitor watches. One module so every writer (terminal, e-mail, SNS subject, HTML report, printed shell
 * commands) neutralises the same characters the same way.
 *
 * - `escapeControls`: C0/C1 controls, DEL, bidi and invisible format characters, line/paragraph separators and lone
 *   surrogates become visible escapes (`\x1b`, `\r`, `\u009b`, `\u202e`), so nothing can move the cursor, rewrite a
 *   terminal title, reorder a line or forge a new one.
 * - `shellQuote`: a value placed in a printed shell command, POSIX single-quoted (`'…'\''…'`; `$'…'` when it holds a
 *   control character); safe tokens stay bare.
 * Pure: no I/O.
 */

/**
 * Every character that is escaped: C0 (tab and newline only when the caller keeps them), DEL, C1, Arabic letter mark,
 * zero-width and directional marks (U+200B–U+200F), line/paragraph separators and bidi embeddings/overrides
 * (U+2028–U+202E), word joiner and invisible operators (U+2060–U+2064), bidi isolates (U+2066–U+2069), BOM, interlinear
 * annotation marks, and lone surrogates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  // C0 as \xHH (the familiar form; never raw in JSON text); DEL and above as \uHHHH, which inside a JSON string is the
  // same string, so the filter can run over JSON output too.
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export interface EscapeOptions {
  /** Leave `\n` as is (multi-line text whose line breaks are the writer's own). Default false. */
  keepNewlines?: boolean;
  /** Leave `\t` as is. Default false. */
  keepTabs?: boolean;
}

/** True when `s` holds a character `escapeControls` would change (newlines and tabs included). */
export function hasUnsafeChars(s: string): boolean {
  UNSAFE.lastIndex = 0;
  const r = UNSAFE.test(s);
  UNSAFE.lastIndex = 0;
  return r;
}

/** Makes controls, bidi/invisible format characters and lone surrogates visible (see the module comment). */
export function escapeControls(value: unknown, opts: EscapeOptions = {}): string {
  const s = typeof value === 'string' ? value : String(value ?? '');
  return s.replace(UNSAFE, (c) => {
    if (c === '\n' && opts.keepNewlines) return c;
    if (c === '\t' && opts.keepTabs) return c;
    return visible(c);
  });
}

/** One line of untrusted text: every control (newlines included) visible, optionally capped in length. */
export function oneLine(value: unknown, max?: number): string {
  const s = escapeControls(value);
  return max !== undefined && s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
}

/** Characters that never need quoting in a POSIX shell word (IAM names, ARNs, ids, plain paths). */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

// eslint-disable-next-line no-control-regex -- control characters decide the quoting style
const SHELL_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Quotes one value for a POSIX shell command line: bare when it is made only of safe characters, else wrapped in
 * single quotes with each `'` written as `'\''`. Inside single quotes a POSIX shell expands nothing (`$(…)`, backticks,
 * `;`, `|`, globs all stay literal), so the command receives the value as exactly one argument.
 *
 * A value holding a control character (newline, CR, ESC…) is written in dollar-single quotes (`$'a\nb'`, POSIX.1-2024,
 * bash, zsh, ksh) with every such byte as `\xHH`: the printed command then stays on one line, so a newline cannot end
 * a trailing `# comment` early and start a command, and no raw control byte reaches a terminal or e-mail.
 * Returns undefined for a value no shell argument can carry (a NUL character) or an empty one.
 */
export function shellQuote(value: string): string | undefined {
  if (value === '' || value.includes('\0')) return undefined;
  if (SHELL_SAFE.test(value)) return value;
  if (!SHELL_CONTROL.test(value)) return `'${value.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const ch of value) {
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (SHELL_CONTROL.test(ch)) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}

/**
 * Fills `<placeholder>` tokens of a printed shell command with shell-quoted values. Placeholders without a value (or
 * whose value cannot be an argument) stay as they are, so the reader sees what to fill in. Inserted values are never
 * scanned again for placeholders.
 */
export function fillCommand(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/<([a-z0-9-]+)>/g, (m, key: string) => {
    const v = Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined;
    return (v !== undefined && shellQuote(v)) || m;
  });
}
