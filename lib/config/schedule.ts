/**
 * Validation of EventBridge schedule expressions: `rate(value unit)` and the six-field
 * `cron(minutes hours day-of-month month day-of-week year)` (AWS syntax, not Unix cron).
 * Returns a problem sentence, or undefined when the expression is valid.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  question?: boolean;
  /** `L`, `W`, `#` extensions allowed in this field. */
  dom?: boolean;
  dow?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true, dom: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, question: true, dow: true },
  { name: 'year', min: 1970, max: 2199 },
];

function value(token: string, f: FieldSpec): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= f.min && n <= f.max ? n : undefined;
  }
  const i = f.names?.indexOf(token.toUpperCase()) ?? -1;
  return i >= 0 ? i + 1 : undefined;
}

function checkItem(item: string, f: FieldSpec): boolean {
  if (item === '*') return true;
  if (f.dom && (item === 'L' || item === 'LW')) return true;
  if (f.dom && /^\d+W$/.test(item)) return value(item.slice(0, -1), f) !== undefined;
  if (f.dow && item === 'L') return true;
  if (f.dow && /^[^#]+L$/.test(item)) return value(item.slice(0, -1), f) !== undefined;
  if (f.dow && item.includes('#')) {
    const [d, n] = item.split('#');
    return value(d, f) !== undefined && /^[1-5]$/.test(n);
  }
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return false;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return false;
  if (range === '*') return true;
  const ends = range.split('-');
  if (ends.length > 2) return false;
  return ends.every((e) => value(e, f) !== undefined);
}

export function scheduleProblem(expr: string): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expr);
  if (rate) {
    const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(rate[1]);
    if (!m || Number(m[1]) < 1) return `"${expr}" is not a valid rate expression (e.g. rate(1 day), rate(12 hours))`;
    const singular = !m[2].endsWith('s');
    if (Number(m[1]) === 1 && !singular) return `"${expr}": use the singular unit for 1 (e.g. rate(1 day))`;
    if (Number(m[1]) !== 1 && singular) return `"${expr}": use the plural unit for values above 1 (e.g. rate(2 days))`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (!cron) return `"${expr}" is not an EventBridge schedule expression: use cron(min hour day-of-month month day-of-week year) or rate(N unit)`;
  const parts = cron[1].trim().split(/\s+/);
  if (parts.length !== 6)
    return `"${expr}" has ${parts.length} fields; EventBridge cron needs 6: minutes hours day-of-month month day-of-week year`;
  for (let i = 0; i < 6; i++) {
    const f = FIELDS[i];
    const p = parts[i];
    if (p === '?') {
      if (!f.question) return `"${expr}": ? is only allowed in day-of-month or day-of-week, not in ${f.name}`;
      continue;
    }
    if (!p.split(',').every((item) => item !== '' && checkItem(item, f)))
      return `"${expr}": ${f.name} field "${p}" is invalid (allowed ${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}, with , - * /)`;
  }
  if ((parts[2] === '?') === (parts[4] === '?'))
    return `"${expr}": exactly one of day-of-month and day-of-week must be ? (e.g. cron(0 3 * * ? *))`;
  return undefined;
}
