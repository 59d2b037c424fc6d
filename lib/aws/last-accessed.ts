/**
 * IAM last-accessed data (access advisor) for the `unused-permissions` rule, with a bounded call budget:
 *
 *   per principal  GenerateServiceLastAccessedDetails (Granularity ACTION_LEVEL)                      1 call
 *                  GetServiceLastAccessedDetails while JobStatus is IN_PROGRESS  ≤ maxPollsPerJob calls
 *                  further pages of a COMPLETED report (Marker / IsTruncated, MaxItems 1000)       ≤ 4 calls
 *   per sweep      at most maxPrincipals principals, and no longer than budgetSeconds
 *
 * So a sweep makes at most maxPrincipals × (1 + maxPollsPerJob + 4) calls (defaults: 100 × 15 = 1,500). An AWS job
 * runs a few seconds after Generate returns and a check made before only answers IN_PROGRESS, so each job is checked
 * when it has had time to finish (collectLastAccessed): a typical job costs Generate + one Get (200 calls for 100
 * principals). A job that FAILED (AWS's `Error {Message, Code}`), was
 * not COMPLETED within its polls or the time budget, or whose calls failed (AccessDenied, throttling left after the
 * SDK's retries) makes its principal "not evaluated", with the reason: reported, never silently dropped. When every
 * principal is denied, the whole source is "not collected" (the rule then says not evaluated).
 *
 * Throttling is retried by the SDK's retry strategy (clients.ts), never here. The output keeps AWS's shapes (Dates
 * as the SDK returns them); lib/last-accessed/model.ts decodes it.
 */
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
  type IAMClient,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import type { LastAccessedConfig } from '../config/types';
import type { ScopedPrincipal } from '../last-accessed/scope';
import { AwsResponseError } from './errors';

/** Extra pages read after the first one of a completed report (AWS lists ~400 services at most; MaxItems is 1000). */
export const MAX_EXTRA_PAGES = 4;

/** Wait after a job's Generate call before its first status check (AWS's documented example job ran 3.8 s). */
export const DEFAULT_FIRST_CHECK_MS = 5000;
/** First wait before checking again a job found IN_PROGRESS (doubles per check of that job, up to 8×). */
export const DEFAULT_RECHECK_MS = 2000;

export interface LastAccessedOptions {
  /** Wait after each job's Generate call before its first status check, until completed jobs show their run time. Default 5000 ms. */
  firstCheckMs?: number;
  /** Wait before checking again a job found IN_PROGRESS; doubles per check of that job up to 8× this. Default 2000 ms. */
  recheckMs?: number;
  /** Requests in flight at once (IAM's per-API rate is shared by the whole account). Default 4. */
  concurrency?: number;
  onProgress?: (msg: string) => void;
  /** Clock and sleep (tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** One principal's GetServiceLastAccessedDetails output (pages merged, `$metadata` dropped) and its ARN. */
export type PrincipalReport = Omit<GetServiceLastAccessedDetailsCommandOutput, '$metadata'> & { Arn: string };

/** What `last-accessed.json` holds (lib/last-accessed/model.ts reads it). */
export interface RawLastAccessed {
  scope: string;
  unusedDays: number;
  principals: PrincipalReport[];
  notEvaluated: { Arn: string; reason: string }[];
  calls: number;
}

const DENIED = /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized|Forbidden/i;

function describe(e: unknown, call: string): { text: string; denied: boolean } {
  const err = e as { name?: string; message?: string };
  const name = typeof err?.name === 'string' ? err.name : 'Error';
  const denied = DENIED.test(name);
  return { text: `${call} ${denied ? 'access denied' : 'failed'} (${name}${err?.message ? `: ${String(err.message).slice(0, 300)}` : ''})`, denied };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(runners);
}

/** Starts one ACTION_LEVEL job; returns its JobId. */
export async function startLastAccessedJob(iam: IAMClient, arn: string): Promise<string> {
  const out = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' }));
  if (!out?.JobId) throw new AwsResponseError('GenerateServiceLastAccessedDetails', 'GenerateServiceLastAccessedDetails returned no JobId');
  return out.JobId;
}

/** One status/page call. */
export async function getLastAccessedPage(iam: IAMClient, jobId: string, marker?: string): Promise<GetServiceLastAccessedDetailsCommandOutput> {
  const out = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: 1000, Marker: marker }));
  if (!out || typeof out !== 'object') throw new AwsResponseError('GetServiceLastAccessedDetails', 'GetServiceLastAccessedDetails returned nothing');
  return out;
}

interface Job {
  principal: ScopedPrincipal;
  jobId?: string;
  /** When the Generate call returned (the injected clock, ms). */
  startedAt: number;
  /** Status checks made so far. */
  polls: number;
  /** When to check again after an IN_PROGRESS answer. */
  recheckAt: number;
  done: boolean;
}

/**
 * How long to wait after a job's Generate call before its first status check: `firstCheckMs` until some jobs have
 * completed, then the 90th percentile of their run times as AWS reports them (JobCompletionDate − JobCreationDate,
 * both AWS's clock) plus a quarter second, between 250 ms and 60 s. A check made earlier only answers IN_PROGRESS.
 */
export class JobTimeEstimate {
  private readonly runs: number[] = [];
  constructor(private readonly initialMs: number) {}

  /** Records a COMPLETED (or FAILED) job's run time from AWS's dates; unusable dates are ignored. */
  observe(created: unknown, completed: unknown): void {
    const c = created instanceof Date ? created.getTime() : NaN;
    const d = completed instanceof Date ? completed.getTime() : NaN;
    const ms = d - c;
    if (Number.isFinite(ms) && ms >= 0 && ms <= 3_600_000) this.runs.push(ms);
  }

  /** Jobs seen completed so far. */
  get observed(): number {
    return this.runs.length;
  }

  firstCheckMs(): number {
    if (this.runs.length < MIN_OBSERVED) return this.initialMs;
    const sorted = [...this.runs].sort((a, b) => a - b);
    const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)];
    return Math.min(60_000, Math.max(250, Math.ceil(p90) + 250));
  }
}

/** Completed jobs needed before their run times replace the initial first-check wait. */
const MIN_OBSERVED = 3;

/**
 * Collects last-accessed reports for the selected principals (already capped by lastAccessedScope); `overCap` are
 * listed as not evaluated. Never throws for an API error: each principal is evaluated or named with the reason.
 *
 * Each job is checked only when it has had time to finish: the first status check waits `firstCheckMs` after the
 * job's own Generate call (then what completed jobs show, JobTimeEstimate), a job still IN_PROGRESS is checked again
 * after its own back-off (recheckMs, doubling per check of that job up to 8×). So a typical job costs its Generate
 * call and one status check. A job whose next check would fall after the time budget is named at once, without
 * waiting for the budget to run out.
 */
export async function collectLastAccessed(
  iam: IAMClient,
  scope: { description: string; selected: ScopedPrincipal[]; overCap: ScopedPrincipal[] },
  config: LastAccessedConfig,
  opts: LastAccessedOptions = {},
): Promise<{ data: RawLastAccessed; allDenied?: string }> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const progress = opts.onProgress ?? (() => undefined);
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const recheckMs = Math.max(1, opts.recheckMs ?? DEFAULT_RECHECK_MS);
  const estimate = new JobTimeEstimate(Math.max(0, opts.firstCheckMs ?? DEFAULT_FIRST_CHECK_MS));
  const deadline = now() + config.budgetSeconds * 1000;
  const data: RawLastAccessed = { scope: scope.description, unusedDays: config.unusedDays, principals: [], notEvaluated: [], calls: 0 };
  const denied: string[] = [];
  const fail = (job: Job, reason: string) => {
    job.done = true;
    data.notEvaluated.push({ Arn: job.principal.arn, reason });
  };
  const budgetReason = (job: Job) =>
    `the last-accessed job did not complete within the ${config.budgetSeconds} s budget (lastAccessed.budgetSeconds; ${job.polls} status checks)`;

  const start = async (job: Job) => {
    data.calls++;
    try {
      job.jobId = await startLastAccessedJob(iam, job.principal.arn);
      job.startedAt = now();
    } catch (e) {
      const d = describe(e, 'GenerateServiceLastAccessedDetails');
      if (d.denied) denied.push(d.text);
      fail(job, d.text);
    }
  };

  const check = async (job: Job) => {
    job.polls++;
    data.calls++;
    let page: GetServiceLastAccessedDetailsCommandOutput;
    try {
      page = await getLastAccessedPage(iam, job.jobId ?? '');
    } catch (e) {
      const d = describe(e, 'GetServiceLastAccessedDetails');
      if (d.denied) denied.push(d.text);
      return fail(job, d.text);
    }
    if (page.JobStatus === 'IN_PROGRESS') {
      if (job.polls >= config.maxPollsPerJob) return fail(job, `the last-accessed job was still IN_PROGRESS after ${job.polls} status checks (lastAccessed.maxPollsPerJob)`);
      job.recheckAt = now() + Math.min(recheckMs * 2 ** (job.polls - 1), recheckMs * 8);
      return;
    }
    estimate.observe(page.JobCreationDate, page.JobCompletionDate);
    if (page.JobStatus === 'FAILED') {
      const err = page.Error ? `${page.Error.Code ?? 'error'}: ${page.Error.Message ?? ''}`.trim() : 'no error details';
      return fail(job, `the last-accessed job FAILED (${err.slice(0, 300)})`);
    }
    if (page.JobStatus !== 'COMPLETED') return fail(job, `the last-accessed job returned JobStatus ${JSON.stringify(page.JobStatus ?? null).slice(0, 60)}`);
    const services: ServiceLastAccessed[] = [...(page.ServicesLastAccessed ?? [])];
    let marker = page.IsTruncated ? page.Marker : undefined;
    for (let extra = 0; page.IsTruncated; extra++) {
      if (!marker) return fail(job, 'GetServiceLastAccessedDetails returned IsTruncated without a Marker');
      if (extra >= MAX_EXTRA_PAGES) return fail(job, `the report has more than ${MAX_EXTRA_PAGES + 1} pages`);
      data.calls++;
      try {
        page = await getLastAccessedPage(iam, job.jobId ?? '', marker);
      } catch (e) {
        return fail(job, describe(e, 'GetServiceLastAccessedDetails (next page)').text);
      }
      services.push(...(page.ServicesLastAccessed ?? []));
      marker = page.Marker;
    }
    const { $metadata: _m, Marker: _k, IsTruncated: _t, ...rest } = page;
    job.done = true;
    data.principals.push({ ...rest, JobStatus: 'COMPLETED', ServicesLastAccessed: services, Arn: job.principal.arn });
  };

  const jobs: Job[] = scope.selected.map((principal) => ({ principal, startedAt: 0, polls: 0, recheckAt: 0, done: false }));
  const unstarted = [...jobs];
  /** When a started job is next worth a status check. */
  const dueAt = (job: Job) => (job.polls === 0 ? job.startedAt + estimate.firstCheckMs() : job.recheckAt);
  let reported = false;
  for (;;) {
    const t = now();
    if (unstarted.length > 0 && t > deadline) {
      for (const job of unstarted.splice(0)) fail(job, `not started within the ${config.budgetSeconds} s budget (lastAccessed.budgetSeconds)`);
    }
    const running = jobs.filter((j) => j.jobId !== undefined && !j.done);
    if (!reported && unstarted.length === 0) {
      reported = true;
      progress(`last-accessed data: ${jobs.filter((j) => j.jobId).length} job(s) started for ${jobs.length} principal(s)`);
    }
    // A job whose next check would come after the budget is named now: waiting for it would only spend the budget.
    for (const job of running) if (dueAt(job) > deadline) fail(job, budgetReason(job));
    const pending = running.filter((j) => !j.done);
    if (pending.length === 0 && unstarted.length === 0) break;
    const due = pending.filter((j) => dueAt(j) <= t).sort((a, b) => dueAt(a) - dueAt(b));
    if (due.length === 0 && unstarted.length === 0) {
      await sleep(Math.max(1, Math.min(...pending.map(dueAt)) - t));
      continue;
    }
    // Due status checks first (they finish work), then jobs not started yet.
    const batch: { job: Job; run: (j: Job) => Promise<void> }[] = [...due.map((job) => ({ job, run: check })), ...unstarted.splice(0).map((job) => ({ job, run: start }))];
    await pool(batch, concurrency, async ({ job, run }) => {
      if (run === start && now() > deadline) return fail(job, `not started within the ${config.budgetSeconds} s budget (lastAccessed.budgetSeconds)`);
      await run(job);
    });
  }
  for (const p of scope.overCap) {
    data.notEvaluated.push({ Arn: p.arn, reason: `beyond the ${config.maxPrincipals} principals per sweep (lastAccessed.maxPrincipals)` });
  }
  // Stable order: the file diffs cleanly from one snapshot to the next.
  data.principals.sort((a, b) => a.Arn.localeCompare(b.Arn));
  progress(`last-accessed data: ${data.principals.length} evaluated, ${data.notEvaluated.length} not evaluated, ${data.calls} IAM calls`);
  const allDenied = jobs.length > 0 && denied.length === jobs.length ? denied[0] : undefined;
  return { data, allDenied };
}
