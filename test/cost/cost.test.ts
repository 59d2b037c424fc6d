import { monthlyCost, SMALL, SMALL_OWN_KEY, QUOTA_MAX, PRICES, costTableMarkdown, kmsKeyMonthly, fixedMonthly } from '../../lib/cost/model';
import { packaged, resourcesOfType } from '../deploy/packaged';

describe('cost model', () => {
  test('each line is usage × list price, and the total is their sum', () => {
    const { lines, total } = monthlyCost(SMALL);
    const byItem = Object.fromEntries(lines.map((l) => [l.item, l.usd]));
    const invocations = SMALL.eventsPerDay * 30 + 30 + 4;
    expect(byItem['Lambda requests']).toBeCloseTo((invocations / 1e6) * PRICES.lambdaPerMillionRequests, 10);
    expect(byItem['KMS']).toBeGreaterThanOrEqual(SMALL.kmsKeys * PRICES.kmsPerKeyMonth);
    expect(byItem['KMS']).toBeLessThan(SMALL.kmsKeys * PRICES.kmsPerKeyMonth + 0.01);
    expect(byItem['CloudWatch alarms']).toBeCloseTo(SMALL.alarmMetrics * PRICES.cloudwatchPerAlarmMonth, 10);
    expect(total).toBeCloseTo(lines.reduce((a, l) => a + l.usd, 0), 10);
  });

  test('the fixed costs (customer-managed key, alarms) dominate a small account; usage is cents', () => {
    const { lines, total } = monthlyCost(SMALL);
    const usage = lines.filter((l) => l.item !== 'KMS' && l.item !== 'CloudWatch alarms').reduce((a, l) => a + l.usd, 0);
    expect(usage).toBeLessThan(0.1);
    expect(total - usage).toBeCloseTo(SMALL.kmsKeys * PRICES.kmsPerKeyMonth + SMALL.alarmMetrics * PRICES.cloudwatchPerAlarmMonth, 2);
    // With an existing key, what is left is the alarms (free within the account's first 10) and cents of usage.
    const own = monthlyCost(SMALL_OWN_KEY);
    expect(own.total).toBeCloseTo(usage + SMALL.alarmMetrics * PRICES.cloudwatchPerAlarmMonth, 2);
    expect(monthlyCost({ ...SMALL_OWN_KEY, alarmMetrics: 0 }).total).toBeLessThan(0.1);
  });

  test('the default stack\'s fixed cost is at most $1.50 a month at list price (first year: one key, five alarm metrics)', () => {
    expect(fixedMonthly(SMALL)).toBeCloseTo(1.5, 10);
    expect(fixedMonthly(SMALL)).toBeLessThanOrEqual(1.5);
    expect(fixedMonthly(SMALL_OWN_KEY)).toBeCloseTo(0.5, 10);
    // Rotation charges of years 2 and 3+ ($1 per billed rotation) come on top.
    expect([1, 2].map((y) => fixedMonthly({ ...SMALL, keyAgeYears: y }))).toEqual([2.5, 3.5]);
  });

  test('key rotation: $1, $2, then $3 a month per key (the first two rotations are billed)', () => {
    expect([0, 0.5, 1, 2, 3, 10].map(kmsKeyMonthly)).toEqual([1, 1, 2, 3, 3, 3]);
    const third = monthlyCost({ ...SMALL, keyAgeYears: 2 });
    expect(third.total - monthlyCost(SMALL).total).toBeCloseTo(SMALL.kmsKeys * 2, 6);
  });

  test('a quota-maximum account costs more, in proportion to its events', () => {
    expect(monthlyCost(QUOTA_MAX).total).toBeGreaterThan(monthlyCost(SMALL).total);
    expect(costTableMarkdown(SMALL)).toMatch(/\| \*\*total\*\* \| \| \*\*\$\d+\.\d{2}\*\* \|/);
  });

  test('the model counts the alarms, alarm metrics and keys the packaged stack really has', async () => {
    const { template } = await packaged();
    // A single-account deployment: resources of Organizations mode (condition IsOrgMode) are not created.
    const alarmResources = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, r]) => r.Condition !== 'IsOrgMode');
    const alarms = alarmResources.length;
    // Billed per alarm metric: 1 for a single-metric alarm, one per MetricStat of a metric-math alarm.
    const alarmMetrics = alarmResources.reduce((a, [, r]) => {
      const metrics = r.Properties.Metrics as Array<{ MetricStat?: unknown }> | undefined;
      return a + (metrics ? metrics.filter((m) => m.MetricStat).length : 1);
    }, 0);
    const keys = resourcesOfType(template, 'AWS::KMS::Key').filter(([, r]) => r.Condition !== 'IsOrgMode').length;
    expect(SMALL.alarms).toBe(alarms);
    expect(QUOTA_MAX.alarms).toBe(alarms);
    expect(SMALL.alarmMetrics).toBe(alarmMetrics);
    expect(QUOTA_MAX.alarmMetrics).toBe(alarmMetrics);
    expect(SMALL.kmsKeys).toBe(keys);
    expect(QUOTA_MAX.kmsKeys).toBe(keys);
    const memory = Object.fromEntries(
      resourcesOfType(template, 'AWS::Lambda::Function').map(([name, r]) => [name, r.Properties.MemorySize as number]),
    );
    expect(memory.ChangeScorerLambdaFunction).toBe(SMALL.scorerMemoryMb);
    expect(memory.NightlySweepLambdaFunction).toBe(SMALL.sweepMemoryMb);
    expect(memory.NightlySweepLambdaFunction).toBe(QUOTA_MAX.sweepMemoryMb);
  }, 600_000);
});

describe('cost model, Organizations mode', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { orgMonthlyCost, orgWorkload, orgRunTransitions, ORG_PRICES, ORG_SIZES } = require('../../lib/cost/model') as typeof import('../../lib/cost/model');

  test('Step Functions: 4 + 2 transitions per account a night; cross-account events at $1 per million', () => {
    for (const n of ORG_SIZES) {
      const { lines, total } = orgMonthlyCost(orgWorkload(n));
      const by = Object.fromEntries(lines.map((l) => [l.item, l.usd]));
      expect(orgRunTransitions(n)).toBe(4 + 2 * n);
      expect(by['Step Functions (Standard, Distributed Map)']).toBeCloseTo(((30 * (4 + 2 * n)) / 1000) * ORG_PRICES.stepFunctionsPerThousandTransitions, 10);
      expect(by['EventBridge cross-account events']).toBeCloseTo(((SMALL.eventsPerDay * 30 * n) / 1e6) * ORG_PRICES.eventBridgeCrossAccountPerMillion, 10);
      expect(total).toBeCloseTo(lines.reduce((a, l) => a + l.usd, 0), 10);
    }
  });

  test('usage grows with the accounts; the fixed part (key, alarms) is shared, so the cost per account falls', () => {
    const [a, b, c] = ORG_SIZES.map((n) => orgMonthlyCost(orgWorkload(n)).total);
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
    expect(a / 10).toBeGreaterThan(b / 100);
    expect(b / 100).toBeGreaterThan(c / 1000);
    // Usage alone is (nearly) linear in the account count.
    const usage = (n: number) => orgMonthlyCost(orgWorkload(n)).lines.filter((l) => l.item !== 'KMS' && l.item !== 'CloudWatch alarms').reduce((s, l) => s + l.usd, 0);
    expect(usage(1000) / usage(100)).toBeGreaterThan(9);
    expect(usage(1000) / usage(100)).toBeLessThan(11);
  });

  test('docs/cost.md carries the generated Organizations tables (regenerate: node bin/run-ts.js scripts/cost-table.ts --org)', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { orgSection } = await import('../../scripts/cost-table');
    const doc = readFileSync(join(__dirname, '../../docs/cost.md'), 'utf8');
    const block = /<!-- org-cost:begin -->\n([\s\S]*?)\n<!-- org-cost:end -->/.exec(doc)?.[1];
    expect(block).toBe(orgSection());
  });

  test('the model counts the alarm metrics and keys the packaged central stack has in Organizations mode', async () => {
    const { condition } = await import('../deploy/cfn');
    const { template } = await packaged({ args: ['--param=orgId=o-a1b2c3d4e5'] });
    expect(condition(template, 'IsOrgMode')).toBe(true);
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    const metrics = alarms.reduce((a, [, r]) => a + ((r.Properties.Metrics as Array<{ MetricStat?: unknown }> | undefined)?.filter((m) => m.MetricStat).length ?? 1), 0);
    expect(orgWorkload(10).alarmMetrics).toBe(metrics);
    expect(orgWorkload(10).kmsKeys).toBe(resourcesOfType(template, 'AWS::KMS::Key').length);
    const memory = Object.fromEntries(resourcesOfType(template, 'AWS::Lambda::Function').map(([id, r]) => [id, r.Properties.MemorySize as number]));
    expect(memory.OrgSweepAccountLambdaFunction).toBe(orgWorkload(10).perAccount.sweepMemoryMb);
  }, 600_000);
});
