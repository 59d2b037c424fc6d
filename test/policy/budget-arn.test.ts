/**
 * lib/policy/budget (the cooperative time budget around policy work) and lib/policy/aws-managed-arn (which policy ARNs
 * AWS owns: arn:<partition>:iam::aws:policy/…, in any partition).
 */
import { BudgetExceededError, checkBudget, withBudget } from '../../lib/policy/budget';
import { AWS_MANAGED_POLICY_ARN, inAwsManagedPolicyNamespace, isAwsManagedPolicyArn, QUARANTINE_POLICY_ARN } from '../../lib/policy/aws-managed-arn';

/** Spins until `ms` milliseconds have passed (the budget reads performance.now()). */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* busy */
  }
}

describe('withBudget / checkBudget', () => {
  it('without a budget, checking never throws', () => {
    spin(2);
    expect(() => checkBudget()).not.toThrow();
  });

  it('inside a budget, checking throws once the time is spent, naming the budget', () => {
    expect(withBudget(1_000, () => (checkBudget(), 'done'))).toBe('done');
    let caught: unknown;
    try {
      withBudget(1, () => {
        spin(5);
        checkBudget();
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BudgetExceededError);
    expect(caught).toMatchObject({ name: 'BudgetExceededError', budgetMs: 1, message: 'the work did not finish within its 1 ms time budget' });
  });

  it('the budget ends with the call (also when it throws)', () => {
    expect(() => withBudget(1, () => spin(3))).not.toThrow();
    spin(2);
    expect(() => checkBudget()).not.toThrow();
    expect(() => withBudget(1, () => { throw new Error('x'); })).toThrow('x');
    spin(2);
    expect(() => checkBudget()).not.toThrow();
  });

  it('a nested budget keeps the earlier deadline, and its own size only when it is the earlier one', () => {
    // Inner budget longer than the outer: the outer deadline (and its size) still apply inside.
    let inner: unknown;
    try {
      withBudget(1, () => withBudget(60_000, () => {
        spin(5);
        checkBudget();
      }));
    } catch (err) {
      inner = err;
    }
    expect(inner).toMatchObject({ budgetMs: 1 });
    // Inner budget shorter: it applies, then the outer one again.
    let shorter: unknown;
    withBudget(60_000, () => {
      try {
        withBudget(1, () => {
          spin(5);
          checkBudget();
        });
      } catch (err) {
        shorter = err;
      }
      expect(() => checkBudget()).not.toThrow();
    });
    expect(shorter).toMatchObject({ budgetMs: 1 });
  });
});

describe('AWS-managed policy ARNs', () => {
  it.each([
    ['arn:aws:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', true],
    ['arn:aws:iam::aws:policy/aws-service-role/AmazonGuardDutyServiceRolePolicy', true],
    ['arn:aws-cn:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws:iam::111122223333:policy/AdministratorAccess', false],
    ['arn:aws:iam::aws:policy/', false],
    ['arn:aws:iam::aws:policy/*', false],
    ['xarn:aws:iam::aws:policy/ReadOnlyAccess', false],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess ', false],
    ['arn:aws:iam::aws:role/ReadOnlyAccess', false],
  ])('%j: %s', (arn, expected) => {
    expect(isAwsManagedPolicyArn(arn)).toBe(expected);
    expect(AWS_MANAGED_POLICY_ARN.test(arn)).toBe(expected);
  });

  it('a non-string is not an ARN', () => {
    expect(isAwsManagedPolicyArn(undefined as unknown as string)).toBe(false);
    expect(isAwsManagedPolicyArn({ toString: () => 'arn:aws:iam::aws:policy/ReadOnlyAccess' } as unknown as string)).toBe(false);
  });

  it('the namespace includes patterns; the quarantine policy in each version', () => {
    expect(inAwsManagedPolicyNamespace('arn:aws:iam::aws:policy/*')).toBe(true);
    expect(inAwsManagedPolicyNamespace('arn:aws-cn:iam::aws:policy/x')).toBe(true);
    expect(inAwsManagedPolicyNamespace('arn:aws:iam::*:policy/*')).toBe(false);
    expect(inAwsManagedPolicyNamespace('x arn:aws:iam::aws:policy/*')).toBe(false);
    expect(QUARANTINE_POLICY_ARN.test('arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3')).toBe(true);
    expect(QUARANTINE_POLICY_ARN.test('arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantine')).toBe(true);
    expect(QUARANTINE_POLICY_ARN.test('arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV')).toBe(false);
    expect(QUARANTINE_POLICY_ARN.test('arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2x')).toBe(false);
  });
});
