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
