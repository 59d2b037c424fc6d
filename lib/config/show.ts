/** How a configuration problem names a place and a value (the loader's schema check and resolve's shape check). */

/** A path as written in the file: `suppressions[2].expires`, `thresholds["odd key"]`, `(top level)`. */
export function showPath(path: (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `["${p}"]`;
  return s || '(top level)';
}

/** A value as shown in a problem: at most 80 characters (a 200 KB glob must not become a 200 KB message). */
export function describeValue(v: unknown): string {
  let text: string;
  try {
    text = typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
  } catch {
    text = typeof v;
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
