/**
 * IAM last-accessed data (access advisor) for the `unused-permissions` rule, with a bounded call budget:
 *
 *   per principal  GenerateServiceLastAccessedDetails (Granularity ACTION_LEVEL)                      1 call
 *                  GetServiceLastAccessedDetails while JobStatus is IN_PROGRESS  ≤ maxPollsPerJob calls
 *                  further pages of a COMPLETED report (Marker / IsTruncated, MaxItems 1000)       ≤ 4 calls
 *   per sweep      at most maxPrincipals principals, and no longer than budgetSeconds
 *
 * So a sweep makes at most maxPrincipals × (1 + maxPollsPerJob + 4) calls (defaults: 100 × 15 = 1,500; a typical
 * report is one page after one or two polls: 200–300 calls). A job that FAILED (AWS's `Error {Message, Code}`), was
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

export interface LastAccessedOptions {
  /** First wait between status rounds (doubles up to 8× this). Default 1000 ms. */
  pollMs?: number;
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
  polls: number;
  done: boolean;
}

/**
 * Collects last-accessed reports for the selected principals (already capped by lastAccessedScope); `overCap` are
 * listed as not evaluated. Never throws for an API error: each principal is evaluated or named with the reason.
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
  const deadline = now() + config.budgetSeconds * 1000;
  const data: RawLastAccessed = { scope: scope.description, unusedDays: config.unusedDays, principals: [], notEvaluated: [], calls: 0 };
  const denied: string[] = [];
  const fail = (job: Job, reason: string) => {
    job.done = true;
    data.notEvaluated.push({ Arn: job.principal.arn, reason });
  };

  const jobs: Job[] = scope.selected.map((principal) => ({ principal, polls: 0, done: false }));
  await pool(jobs, concurrency, async (job) => {
    if (now() > deadline) return fail(job, `not started within the ${config.budgetSeconds} s budget (lastAccessed.budgetSeconds)`);
    data.calls++;
    try {
      job.jobId = await startLastAccessedJob(iam, job.principal.arn);
    } catch (e) {
      const d = describe(e, 'GenerateServiceLastAccessedDetails');
      if (d.denied) denied.push(d.text);
      fail(job, d.text);
    }
  });
  progress(`last-accessed data: ${jobs.filter((j) => j.jobId).length} job(s) started for ${jobs.length} principal(s)`);

  const first = Math.max(0, opts.pollMs ?? 1000);
  let wait = first;
  for (;;) {
    const pending = jobs.filter((j) => !j.done);
    if (pending.length === 0) break;
    if (now() + wait > deadline) {
      for (const j of pending) fail(j, `the last-accessed job did not complete within the ${config.budgetSeconds} s budget (lastAccessed.budgetSeconds; ${j.polls} status checks)`);
      break;
    }
    await sleep(wait);
    wait = Math.min(wait * 2, first * 8);
    await pool(pending, concurrency, async (job) => {
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
        if (job.polls >= config.maxPollsPerJob) fail(job, `the last-accessed job was still IN_PROGRESS after ${job.polls} status checks (lastAccessed.maxPollsPerJob)`);
        return;
      }
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
