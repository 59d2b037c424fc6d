/**
 * Organizations mode, pure part: run one piece of per-account work (a sweep, a snapshot) over every account of an
 * organization with at most `concurrency` accounts at once, and record each account's outcome. One account's failure
 * (audit role missing, AccessDenied, throttled out) is that account's "not evaluated: reason"; the others complete.
 * Accounts that Organizations lists as not ACTIVE (suspended, closing) are skipped and reported with that reason.
 *
 * No AWS SDK here: lib/aws/org.ts lists the accounts and builds the per-account work; errors are classified by their
 * AWS error name (or by the `notEvaluatedReason` an AccountNotEvaluated carries).
 */
import type { Finding } from '../findings/types';
import { thrownName, thrownText } from '../text/error-text';

export const DEFAULT_ORG_CONCURRENCY = 10;
export const MAX_ORG_CONCURRENCY = 100;

export interface OrgAccount {
  id: string;
  /** Account name from Organizations (hostile text: escape where it is shown). */
  name: string;
  /** Organizations State (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION); Status when State is absent. */
  state: string;
}

export type AccountOutcome<T> =
  | { account: string; name: string; status: 'evaluated'; value: T }
  | { account: string; name: string; status: 'not-evaluated'; reason: string };

/** An account whose work could not run, with the reason to report (thrown by the per-account work). */
export class AccountNotEvaluated extends Error {
  constructor(readonly notEvaluatedReason: string, cause?: unknown) {
    super(notEvaluatedReason, { cause });
    this.name = 'AccountNotEvaluated';
  }
}

const MAX_REASON = 400;

/** One line of printable text, bounded: AWS error messages and account names are not ours. */
export function oneLine(s: string, max = MAX_REASON): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Why an account could not be evaluated, from the error its work threw. */
export function notEvaluatedReason(err: unknown): string {
  if (err instanceof AccountNotEvaluated) return oneLine(err.notEvaluatedReason);
  let own: unknown;
  try {
    own = (err as { notEvaluatedReason?: unknown } | null | undefined)?.notEvaluatedReason;
  } catch {
    own = undefined;
  }
  if (typeof own === 'string') return oneLine(own);
  const name = thrownName(err) ?? 'Error';
  const message = thrownText(err);
  const text = `${name}: ${message}`;
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(text)) {
    return oneLine(`throttled out: the SDK's retries were exhausted (${text})`);
  }
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i.test(text)) return oneLine(`access denied: ${message}`);
  return oneLine(`failed: ${text}`);
}

/** The reason an account Organizations lists is skipped, or undefined when it is ACTIVE. */
export function skipReason(a: OrgAccount): string | undefined {
  if (a.state === 'ACTIVE') return undefined;
  if (a.state === 'SUSPENDED') return 'account suspended (skipped)';
  return oneLine(`account state ${a.state || 'unknown'} (skipped)`);
}

export interface RunOverAccountsOptions<T> {
  accounts: readonly OrgAccount[];
  /** At most this many accounts at once (1..MAX_ORG_CONCURRENCY). Default 10. */
  concurrency?: number;
  work: (account: OrgAccount) => Promise<T>;
  /** Called as each account finishes (progress). */
  onOutcome?: (o: AccountOutcome<T>, done: number, total: number) => void;
}

export interface RunOverAccountsResult<T> {
  /** One outcome per listed account, in the listed order. */
  outcomes: AccountOutcome<T>[];
  /** Most accounts that were being worked on at the same time (≤ concurrency). */
  peakConcurrency: number;
}

export function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ORG_CONCURRENCY) {
    throw new RangeError(`concurrency must be an integer from 1 to ${MAX_ORG_CONCURRENCY}, not ${n}`);
  }
  return n;
}

/** Runs `work` on every ACTIVE account, at most `concurrency` at once; never rejects because of one account. */
export async function runOverAccounts<T>(opts: RunOverAccountsOptions<T>): Promise<RunOverAccountsResult<T>> {
  const concurrency = checkConcurrency(opts.concurrency ?? DEFAULT_ORG_CONCURRENCY);
  const { accounts } = opts;
  const outcomes: (AccountOutcome<T> | undefined)[] = new Array(accounts.length);
  let done = 0;
  const record = (i: number, o: AccountOutcome<T>) => {
    outcomes[i] = o;
    done++;
    opts.onOutcome?.(o, done, accounts.length);
  };
  const queue: number[] = [];
  accounts.forEach((a, i) => {
    const skip = skipReason(a);
    if (skip) record(i, { account: a.id, name: a.name, status: 'not-evaluated', reason: skip });
    else queue.push(i);
  });
  let running = 0;
  let peak = 0;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const i = queue[next++];
      const a = accounts[i];
      running++;
      peak = Math.max(peak, running);
      try {
        const value = await opts.work(a);
        record(i, { account: a.id, name: a.name, status: 'evaluated', value });
      } catch (err) {
        record(i, { account: a.id, name: a.name, status: 'not-evaluated', reason: notEvaluatedReason(err) });
      } finally {
        running--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return { outcomes: outcomes as AccountOutcome<T>[], peakConcurrency: peak };
}

/** What the org sweep needs of one account's sweep result. */
export interface AccountSweepValue {
  score: number;
  findings: Finding[];
  /** Rules (and sources) the account's sweep could not evaluate, with the reason (e.g. unused-permissions off its rotation day). */
  notEvaluated?: Record<string, string>;
}

export interface OrgAccountSummary<T extends AccountSweepValue> {
  account: string;
  name: string;
  status: 'evaluated' | 'not-evaluated';
  score?: number;
  reason?: string;
  findings: Finding[];
  result?: T;
}

export interface OrgSweepSummary<T extends AccountSweepValue> {
  /** Mean of the evaluated accounts' scores (one decimal, as an account's score); undefined when no account could be evaluated. */
  score?: number;
  evaluated: number;
  notEvaluated: number;
  /** Evaluated accounts, lowest score first (ties: more findings first, then account id); then the others by id. */
  accounts: OrgAccountSummary<T>[];
}

/** Org score and ranking from the per-account outcomes. */
export function summarizeOrg<T extends AccountSweepValue>(outcomes: readonly AccountOutcome<T>[]): OrgSweepSummary<T> {
  const evaluated: OrgAccountSummary<T>[] = [];
  const others: OrgAccountSummary<T>[] = [];
  for (const o of outcomes) {
    if (o.status === 'evaluated') {
      evaluated.push({ account: o.account, name: o.name, status: 'evaluated', score: o.value.score, findings: o.value.findings, result: o.value });
    } else others.push({ account: o.account, name: o.name, status: 'not-evaluated', reason: o.reason, findings: [] });
  }
  evaluated.sort(
    (a, b) => (a.score ?? 0) - (b.score ?? 0) || b.findings.length - a.findings.length || a.account.localeCompare(b.account),
  );
  others.sort((a, b) => a.account.localeCompare(b.account));
  const score =
    evaluated.length > 0 ? Math.round((evaluated.reduce((s, a) => s + (a.score ?? 0), 0) / evaluated.length) * 10) / 10 : undefined;
  return { score, evaluated: evaluated.length, notEvaluated: others.length, accounts: [...evaluated, ...others] };
}
