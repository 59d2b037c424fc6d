import { scheduleProblem } from '../../lib/config/schedule';

describe('EventBridge schedule expressions', () => {
  it.each([
    'cron(0 3 * * ? *)',
    'cron(0 7 ? * MON *)',
    'cron(15 10 ? * 6L 2026-2030)',
    'cron(0/15 * * * ? *)',
    'cron(0 8 1 * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 9 L * ? *)',
    'cron(0 9 15W * ? *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(5,35 14 * JAN,JUL ? *)',
    'rate(1 day)',
    'rate(12 hours)',
    'rate(5 minutes)',
  ])('accepts %s', (expr) => {
    expect(scheduleProblem(expr)).toBeUndefined();
  });

  it.each([
    ['0 3 * * *', /not an EventBridge schedule expression/],
    ['cron(0 3 * * *)', /has 5 fields; EventBridge cron needs 6/],
    ['cron(0 3 * * * *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(0 3 ? * ? *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(60 3 * * ? *)', /minutes field "60" is invalid/],
    ['cron(0 24 * * ? *)', /hours field "24" is invalid/],
    ['cron(0 3 32 * ? *)', /day-of-month field "32" is invalid/],
    ['cron(0 3 ? * FUNDAY *)', /day-of-week field "FUNDAY" is invalid/],
    ['cron(0 3 * 13 ? *)', /month field "13" is invalid/],
    ['cron(? 3 * * ? *)', /\? is only allowed in day-of-month or day-of-week/],
    ['cron(0 3 * * ? 1900)', /year field "1900" is invalid/],
    ['cron(0/0 3 * * ? *)', /minutes field "0\/0" is invalid/],
    ['rate(0 days)', /not a valid rate expression/],
    ['rate(1 days)', /singular unit/],
    ['rate(2 day)', /plural unit/],
    ['rate(1 week)', /not a valid rate expression/],
  ])('rejects %s', (expr, why) => {
    expect(scheduleProblem(expr)).toMatch(why);
  });
});
