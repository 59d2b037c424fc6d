/**
 * Hostile values for everything the monitor writes out: names, IAM paths, user agents, error messages, event ids,
 * file names and stored history records, chosen by the people it watches. Used by the outputs tests (shell commands,
 * terminal, alerts, report HTML). Each entry says what it attacks.
 */

/** Shell payloads appended to names: each would create the file `pwned-<n>` in the working directory if it ran. */
/** `sweep`: also used for the all-rules paste test (the others only in the quoting unit test, to bound its run time). */
export const SHELL_PAYLOADS: { label: string; payload: string; marker: string; sweep?: boolean }[] = [
  { label: 'command substitution with $IFS', payload: '$(touch${IFS}pwned-1)', marker: 'pwned-1', sweep: true },
  { label: 'backticks', payload: '`touch pwned-2`', marker: 'pwned-2', sweep: true },
  { label: 'semicolon', payload: ';touch pwned-3;', marker: 'pwned-3', sweep: true },
  { label: 'pipe', payload: '|touch pwned-4|', marker: 'pwned-4', sweep: true },
  { label: 'newline', payload: '\ntouch pwned-5\n', marker: 'pwned-5', sweep: true },
  { label: 'single-quote breakout', payload: "'$(touch pwned-6)'", marker: 'pwned-6', sweep: true },
  { label: 'double-quote breakout', payload: '"$(touch pwned-7)"', marker: 'pwned-7', sweep: true },
  { label: 'and-list and redirect', payload: '&&touch pwned-8>x', marker: 'pwned-8' },
  { label: 'backslash then quote', payload: "\\'$(touch pwned-9)\\'", marker: 'pwned-9' },
  { label: 'process substitution and glob', payload: '<(touch pwned-10)*?[a]{b,c}~', marker: 'pwned-10' },
];

/** An attacker-chosen IAM path (IAM accepts `/` + printable ASCII): runs `touch pwned-path` if unquoted. */
export const HOSTILE_PATH = '/$(touch${IFS}pwned-path)/';
export const HOSTILE_PATH_MARKER = 'pwned-path';

/** Terminal attacks: each must reach the terminal only as visible text. */
export const TERMINAL_PAYLOADS: { label: string; value: string }[] = [
  { label: 'CSI clear screen', value: 'alice\u001b[2J\u001b[H' },
  { label: 'OSC window title (BEL)', value: 'bob\u001b]0;owned\u0007' },
  { label: 'OSC 8 hyperlink (ST)', value: 'carol\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\' },
  { label: 'carriage return overwrite', value: 'dave\rroot-sign-in OK    ' },
  { label: 'backspaces', value: 'eve\b\b\bmallory' },
  { label: '8-bit CSI (C1)', value: 'frank\u009b2J' },
  { label: 'DEL and NUL', value: 'grace\u007f\u0000' },
  { label: 'vertical tab and form feed', value: 'heidi\u000b\u000c' },
];

/** Bidi and invisible characters: each can make a name read as something else. */
export const BIDI_PAYLOADS: { label: string; value: string }[] = [
  { label: 'RLO override', value: 'admin\u202Etxt.exe' },
  { label: 'LRE/PDF', value: 'a\u202Ab\u202C' },
  { label: 'RLI isolate', value: 'x\u2067y\u2069' },
  { label: 'LRM/RLM marks', value: 'root\u200E\u200F' },
  { label: 'zero-width space', value: 'ro\u200Bot' },
  { label: 'line separator', value: 'alice\u2028Who: root' },
  { label: 'paragraph separator', value: 'alice\u2029Severity: NONE' },
  { label: 'BOM', value: '\uFEFFbob' },
];

/** A newline in a name that forges e-mail lines. */
export const FORGED_LINES = 'mallory\n  Who:        arn:aws:iam::111122223333:root (trusted)\nSEVERITY AND SCORE: NONE';

/** Every character the output helpers must neutralise, for property tests. */
export const DANGEROUS_CHARS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\u007f',
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
  '\u061c',
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f',
  '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
  '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff',
];

/** Matches any raw dangerous character left in output (C0 except \n, DEL, C1, bidi/invisible). */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
export const RAW_DANGEROUS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

/** HTML attacks on the report, placed in stored history fields. */
export const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  'high"><img src=x onerror=alert(1)>',
  "high' onmouseover='alert(1)",
  'javascript:alert(1)',
  '</style><script>alert(2)</script>',
  '<svg onload=alert(3)>',
  '<a href="javascript:alert(4)">x</a>',
  '<iframe srcdoc="<script>alert(5)</script>">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
];
