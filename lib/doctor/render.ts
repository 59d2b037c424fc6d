/** Text and JSON of a doctor run (pure). */
import type { Check } from './types';

/** Terminal-safe: control characters from AWS strings (e-mail endpoints, reasons) are shown as `?`. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
}

const MARK: Record<Check['status'], string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** One line per check (`FAIL  what was seen`), its fix indented under it; then the tally. */
export function renderDoctorText(checks: Check[], header: string): string {
  const out = [clean(header), ''];
  for (const c of checks) {
    out.push(`${MARK[c.status]}  ${clean(c.seen)}`);
    if (c.fix && c.status !== 'pass') out.push(`      fix: ${clean(c.fix)}`);
  }
  const n = (s: Check['status']) => checks.filter((c) => c.status === s).length;
  out.push('', `${n('pass')} passed, ${n('warn')} warning(s), ${n('fail')} failed`);
  return `${out.join('\n')}\n`;
}

export function doctorJson(checks: Check[], meta: Record<string, unknown>): string {
  const n = (s: Check['status']) => checks.filter((c) => c.status === s).length;
  return `${JSON.stringify({ ...meta, ok: n('fail') === 0, counts: { pass: n('pass'), warn: n('warn'), fail: n('fail') }, checks }, null, 2)}\n`;
}
