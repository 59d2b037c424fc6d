import { monthlyCost, SMALL, QUOTA_MAX, PRICES, costTableMarkdown } from '../../lib/cost/model';
import { packaged, resourcesOfType } from '../deploy/packaged';

describe('cost model', () => {
  test('each line is usage × list price, and the total is their sum', () => {
    const { lines, total } = monthlyCost(SMALL);
    const byItem = Object.fromEntries(lines.map((l) => [l.item, l.usd]));
    const invocations = SMALL.eventsPerDay * 30 + 30 + 4;
    expect(byItem['Lambda requests']).toBeCloseTo((invocations / 1e6) * PRICES.lambdaPerMillionRequests, 10);
    expect(byItem['KMS']).toBeGreaterThanOrEqual(PRICES.kmsPerKeyMonth);
    expect(byItem['CloudWatch alarms']).toBeCloseTo(SMALL.alarms * PRICES.cloudwatchPerAlarmMonth, 10);
    expect(total).toBeCloseTo(lines.reduce((a, l) => a + l.usd, 0), 10);
  });

  test('the fixed costs (customer-managed key, alarms) dominate a small account; usage is cents', () => {
    const { lines, total } = monthlyCost(SMALL);
    const usage = lines.filter((l) => l.item !== 'KMS' && l.item !== 'CloudWatch alarms').reduce((a, l) => a + l.usd, 0);
    expect(usage).toBeLessThan(0.1);
    expect(total - usage).toBeCloseTo(PRICES.kmsPerKeyMonth + SMALL.alarms * PRICES.cloudwatchPerAlarmMonth, 2);
    const lean = monthlyCost({ ...SMALL, customerManagedKey: false, alarms: 0 });
    expect(lean.total).toBeLessThan(0.1);
  });

  test('a quota-maximum account costs more, in proportion to its events', () => {
    expect(monthlyCost(QUOTA_MAX).total).toBeGreaterThan(monthlyCost(SMALL).total);
    expect(costTableMarkdown(SMALL)).toMatch(/\| \*\*total\*\* \| \| \*\*\$\d+\.\d{2}\*\* \|/);
  });

  test('the model counts the alarms and the key the packaged stack really has', async () => {
    const { template } = await packaged();
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').length;
    const keys = resourcesOfType(template, 'AWS::KMS::Key').length;
    expect(SMALL.alarms).toBe(alarms);
    expect(QUOTA_MAX.alarms).toBe(alarms);
    expect(SMALL.customerManagedKey).toBe(keys > 0);
    const memory = Object.fromEntries(
      resourcesOfType(template, 'AWS::Lambda::Function').map(([name, r]) => [name, r.Properties.MemorySize as number]),
    );
    expect(memory.ChangeScorerLambdaFunction).toBe(SMALL.scorerMemoryMb);
    expect(memory.NightlySweepLambdaFunction).toBe(SMALL.sweepMemoryMb);
    expect(memory.NightlySweepLambdaFunction).toBe(QUOTA_MAX.sweepMemoryMb);
  }, 600_000);
});
