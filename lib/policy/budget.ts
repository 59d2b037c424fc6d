/**
 * A cooperative time budget for synchronous policy work. The scorer (and the sweep, per principal) runs its work
 * inside `withBudget(ms, fn)`; the expensive loops (action-pattern expansion, resource-glob comparisons, statement
 * compilation) call `checkBudget()`, which throws BudgetExceededError once the deadline has passed. The caller
 * turns that into a specific finding (`unparseable-event` high, a per-principal sweep error) instead of hanging.
 * Everything here is synchronous, so one module-level deadline is safe (no other work interleaves with it).
 */

export class BudgetExceededError extends Error {
  readonly budgetMs: number;
  constructor(budgetMs: number) {
    super(`the work did not finish within its ${budgetMs} ms time budget`);
    this.name = 'BudgetExceededError';
    this.budgetMs = budgetMs;
  }
}

let deadline = Number.POSITIVE_INFINITY;
let currentBudget = 0;

/** Throws BudgetExceededError when the current budget (if any) is spent. Cheap: one clock read. */
export function checkBudget(): void {
  if (deadline !== Number.POSITIVE_INFINITY && performance.now() > deadline) throw new BudgetExceededError(currentBudget);
}

/** Runs `fn` with a deadline `ms` from now (nested calls keep the earlier of the two deadlines). */
export function withBudget<T>(ms: number, fn: () => T): T {
  const prevDeadline = deadline;
  const prevBudget = currentBudget;
  const mine = performance.now() + ms;
  if (mine < deadline) {
    deadline = mine;
    currentBudget = ms;
  }
  try {
    return fn();
  } finally {
    deadline = prevDeadline;
    currentBudget = prevBudget;
  }
}
