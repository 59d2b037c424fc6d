/**
 * IAM last-accessed data (lib/aws/last-accessed.ts) against aws-sdk-client-mock, in AWS's shapes: a job IN_PROGRESS
 * then COMPLETED (SDK v3 Date objects), Marker/IsTruncated pages, a FAILED job with Error {Message, Code},
 * AccessDenied, throttling left after the SDK's retries, jobs that do not finish within the polls or the time budget,
 * principals over the cap. Every principal ends evaluated or "not evaluated" with its reason; the call count stays
 * within the stated budget maxPrincipals × (1 + maxPollsPerJob + 4).
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  IAMServiceException,
  NoSuchEntityException,
  type GetServiceLastAccessedDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { collectLastAccessed, DEFAULT_FIRST_CHECK_MS, JobTimeEstimate, MAX_EXTRA_PAGES } from '../../lib/aws/last-accessed';
import { parseLastAccessed } from '../../lib/last-accessed/model';
import { DEFAULT_CONFIG, type LastAccessedConfig } from '../../lib/config/types';
import type { ScopedPrincipal } from '../../lib/last-accessed/scope';

const iam = mockClient(IAMClient);
const client = () => new IAMClient({ region: 'us-east-1' });
const meta = { httpStatusCode: 400, requestId: 'r-1' };
const ACCOUNT = '123456789012';
const principal = (name: string, kind = 'role'): ScopedPrincipal => ({ arn: `arn:aws:iam::${ACCOUNT}:${kind}/${name}`, reason: 'admin' });
const scope = (selected: ScopedPrincipal[], overCap: ScopedPrincipal[] = []) => ({ description: 'test scope', selected, overCap });
const CONFIG: LastAccessedConfig = { ...DEFAULT_CONFIG.lastAccessed };

/** A fake clock: sleeping advances it, so the time budget is tested without waiting. */
function clock() {
  let t = Date.parse('2026-11-28T06:00:00Z');
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
}

const completed = (services: GetServiceLastAccessedDetailsCommandOutput['ServicesLastAccessed'], extra: Partial<GetServiceLastAccessedDetailsCommandOutput> = {}) => ({
  JobStatus: 'COMPLETED' as const,
  JobType: 'ACTION_LEVEL' as const,
  JobCreationDate: new Date('2026-11-28T06:00:00Z'),
  JobCompletionDate: new Date('2026-11-28T06:00:04Z'),
  ServicesLastAccessed: services,
  IsTruncated: false,
  ...extra,
});
const inProgress = { JobStatus: 'IN_PROGRESS' as const, JobType: 'ACTION_LEVEL' as const, JobCreationDate: new Date('2026-11-28T06:00:00Z'), ServicesLastAccessed: [] };

const S3 = {
  ServiceName: 'Amazon S3',
  ServiceNamespace: 's3',
  LastAuthenticated: new Date('2026-11-20T08:00:00Z'),
  LastAuthenticatedRegion: 'eu-west-1',
  LastAuthenticatedEntity: `arn:aws:iam::${ACCOUNT}:role/app`,
  TotalAuthenticatedEntities: 1,
  TrackedActionsLastAccessed: [
    { ActionName: 'GetObject', LastAccessedTime: new Date('2026-11-20T08:00:00Z'), LastAccessedRegion: 'eu-west-1', LastAccessedEntity: `arn:aws:iam::${ACCOUNT}:role/app` },
    { ActionName: 'DeleteBucket' },
  ],
};
const EC2 = { ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', TotalAuthenticatedEntities: 0 };

beforeEach(() => iam.reset());

describe('collectLastAccessed', () => {
  it('starts an ACTION_LEVEL job, polls IN_PROGRESS until COMPLETED and keeps AWS shapes (Dates as the SDK returns them)', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-app' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolvesOnce(inProgress).resolvesOnce(inProgress).resolves(completed([S3, EC2]));
    const c = clock();
    const { data, allDenied } = await collectLastAccessed(client(), scope([principal('app')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(iam.commandCalls(GenerateServiceLastAccessedDetailsCommand)[0].args[0].input).toEqual({ Arn: `arn:aws:iam::${ACCOUNT}:role/app`, Granularity: 'ACTION_LEVEL' });
    expect(iam.commandCalls(GetServiceLastAccessedDetailsCommand).map((x) => x.args[0].input)).toEqual([
      { JobId: 'job-app', MaxItems: 1000, Marker: undefined },
      { JobId: 'job-app', MaxItems: 1000, Marker: undefined },
      { JobId: 'job-app', MaxItems: 1000, Marker: undefined },
    ]);
    expect(allDenied).toBeUndefined();
    expect(data.calls).toBe(4);
    expect(data.notEvaluated).toEqual([]);
    expect(data.principals).toHaveLength(1);
    expect(data.principals[0]).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:role/app`, JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', ServicesLastAccessed: [S3, EC2] });
    // Decoded by the same parser the snapshot loader uses, after a JSON round trip (what the folder holds).
    const model = parseLastAccessed(JSON.parse(JSON.stringify(data)));
    expect(model.principals[0].services[0]).toEqual({
      namespace: 's3',
      name: 'Amazon S3',
      lastAuthenticated: '2026-11-20T08:00:00.000Z',
      region: 'eu-west-1',
      trackedActions: [{ action: 'GetObject', lastAccessed: '2026-11-20T08:00:00.000Z', region: 'eu-west-1' }, { action: 'DeleteBucket' }],
    });
    expect(model.principals[0].services[1]).toEqual({ namespace: 'ec2', name: 'Amazon EC2' });
  });

  it('follows Marker / IsTruncated pages of a completed report and merges them', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'j1' });
    iam
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'j1', Marker: undefined })
      .resolves(completed([S3], { IsTruncated: true, Marker: 'page-2' }))
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'j1', Marker: 'page-2' })
      .resolves(completed([EC2]));
    const c = clock();
    const { data } = await collectLastAccessed(client(), scope([principal('app')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(data.principals[0].ServicesLastAccessed?.map((s) => s.ServiceNamespace)).toEqual(['s3', 'ec2']);
    expect(data.principals[0]).not.toHaveProperty('Marker');
    expect(data.calls).toBe(3);
  });

  it('a truncated page without a Marker, or more pages than the budget, makes the principal not evaluated', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'j' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(completed([S3], { IsTruncated: true }));
    const c = clock();
    let r = await collectLastAccessed(client(), scope([principal('app')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(r.data.notEvaluated).toEqual([{ Arn: `arn:aws:iam::${ACCOUNT}:role/app`, reason: 'GetServiceLastAccessedDetails returned IsTruncated without a Marker' }]);
    iam.reset();
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'j' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(completed([S3], { IsTruncated: true, Marker: 'again' }));
    r = await collectLastAccessed(client(), scope([principal('app')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(r.data.notEvaluated[0].reason).toBe(`the report has more than ${MAX_EXTRA_PAGES + 1} pages`);
    expect(r.data.calls).toBe(1 + 1 + MAX_EXTRA_PAGES);
    expect(r.data.principals).toEqual([]);
  });

  it('a FAILED job is "not evaluated" with AWS\'s Error {Code, Message}', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'j' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves({
      JobStatus: 'FAILED',
      JobCreationDate: new Date('2026-11-28T06:00:00Z'),
      JobCompletionDate: new Date('2026-11-28T06:00:02Z'),
      ServicesLastAccessed: [],
      Error: { Message: 'An internal error occurred while generating the report', Code: 'ServiceFailure' },
    });
    const c = clock();
    const { data, allDenied } = await collectLastAccessed(client(), scope([principal('app')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(allDenied).toBeUndefined();
    expect(data.principals).toEqual([]);
    expect(data.notEvaluated).toEqual([
      { Arn: `arn:aws:iam::${ACCOUNT}:role/app`, reason: 'the last-accessed job FAILED (ServiceFailure: An internal error occurred while generating the report)' },
    ]);
  });

  it('AccessDenied for every principal: the whole source is not collected; for one of two: only that one', async () => {
    const denied = new IAMServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/auditor/me is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: arn:aws:iam::${ACCOUNT}:role/app with an explicit deny in a service control policy`,
      $metadata: { ...meta, httpStatusCode: 403 },
    });
    iam.on(GenerateServiceLastAccessedDetailsCommand).rejects(denied);
    const c = clock();
    let r = await collectLastAccessed(client(), scope([principal('app'), principal('ops')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(r.allDenied).toMatch(/^GenerateServiceLastAccessedDetails access denied \(AccessDenied: User: .* explicit deny/);
    expect(iam.commandCalls(GetServiceLastAccessedDetailsCommand)).toHaveLength(0);

    iam.reset();
    iam.on(GenerateServiceLastAccessedDetailsCommand, { Arn: `arn:aws:iam::${ACCOUNT}:role/app` }).rejects(denied);
    iam.on(GenerateServiceLastAccessedDetailsCommand, { Arn: `arn:aws:iam::${ACCOUNT}:role/ops` }).resolves({ JobId: 'j-ops' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(completed([S3]));
    r = await collectLastAccessed(client(), scope([principal('app'), principal('ops')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(r.allDenied).toBeUndefined();
    expect(r.data.principals.map((p) => p.Arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/ops`]);
    expect(r.data.notEvaluated.map((n) => n.Arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/app`]);
    expect(r.data.notEvaluated[0].reason).toContain('access denied (AccessDenied');
  });

  it('throttling left after the SDK\'s retries, a principal deleted meanwhile (NoSuchEntity), an empty answer: each not evaluated, the rest go on', async () => {
    const throttled = new IAMServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: meta });
    iam.on(GenerateServiceLastAccessedDetailsCommand, { Arn: `arn:aws:iam::${ACCOUNT}:role/gone` }).rejects(
      new NoSuchEntityException({ message: 'The role with name gone cannot be found.', $metadata: { ...meta, httpStatusCode: 404 } }),
    );
    iam.on(GenerateServiceLastAccessedDetailsCommand, { Arn: `arn:aws:iam::${ACCOUNT}:role/app` }).resolves({ JobId: 'j-app' });
    iam.on(GenerateServiceLastAccessedDetailsCommand, { Arn: `arn:aws:iam::${ACCOUNT}:role/ops` }).resolves({ JobId: 'j-ops' });
    iam.on(GenerateServiceLastAccessedDetailsCommand, { Arn: `arn:aws:iam::${ACCOUNT}:role/odd` }).resolves({});
    iam.on(GetServiceLastAccessedDetailsCommand, { JobId: 'j-app' }).rejects(throttled);
    iam.on(GetServiceLastAccessedDetailsCommand, { JobId: 'j-ops' }).resolves(completed([S3]));
    const c = clock();
    const { data } = await collectLastAccessed(client(), scope(['gone', 'app', 'ops', 'odd'].map((n) => principal(n))), CONFIG, { now: c.now, sleep: c.sleep });
    expect(data.principals.map((p) => p.Arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/ops`]);
    const reasons = Object.fromEntries(data.notEvaluated.map((n) => [n.Arn.split('/').pop(), n.reason]));
    expect(reasons.gone).toBe('GenerateServiceLastAccessedDetails failed (NoSuchEntityException: The role with name gone cannot be found.)');
    expect(reasons.app).toBe('GetServiceLastAccessedDetails failed (Throttling: Rate exceeded)');
    expect(reasons.odd).toBe('GenerateServiceLastAccessedDetails failed (AwsResponseError: GenerateServiceLastAccessedDetails returned no JobId)');
  });

  it('a job still IN_PROGRESS after maxPollsPerJob status checks is not evaluated, after exactly 1 + maxPollsPerJob calls', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'slow' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(inProgress);
    const c = clock();
    const cfg = { ...CONFIG, maxPollsPerJob: 3, budgetSeconds: 800 };
    const { data } = await collectLastAccessed(client(), scope([principal('app')]), cfg, { now: c.now, sleep: c.sleep, firstCheckMs: 10, recheckMs: 10 });
    expect(data.calls).toBe(4);
    expect(iam.commandCalls(GetServiceLastAccessedDetailsCommand)).toHaveLength(3);
    expect(data.notEvaluated).toEqual([{ Arn: `arn:aws:iam::${ACCOUNT}:role/app`, reason: 'the last-accessed job was still IN_PROGRESS after 3 status checks (lastAccessed.maxPollsPerJob)' }]);
  });

  it('the time budget ends the polling: pending jobs are named with the budget', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'slow' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(inProgress);
    const c = clock();
    const cfg = { ...CONFIG, maxPollsPerJob: 60, budgetSeconds: 20 };
    const start = c.now();
    const checkedAt: number[] = [];
    iam.on(GetServiceLastAccessedDetailsCommand).callsFake(() => (checkedAt.push(c.now() - start), inProgress));
    const { data } = await collectLastAccessed(client(), scope([principal('app')]), cfg, { now: c.now, sleep: c.sleep });
    // Checks 5 s after the Generate call, then after 2, 4 and 8 s more (19 s); the next (16 s later) would pass 20 s,
    // so the job is named at once instead of waiting out the budget.
    expect(checkedAt).toEqual([5000, 7000, 11000, 19000]);
    expect(c.now() - start).toBe(19000);
    expect(data.notEvaluated[0].reason).toBe('the last-accessed job did not complete within the 20 s budget (lastAccessed.budgetSeconds; 4 status checks)');
  });

  it('principals over the cap are listed as not evaluated, never dropped', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'j' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(completed([S3]));
    const c = clock();
    const { data } = await collectLastAccessed(client(), scope([principal('a')], [principal('b'), principal('c', 'user')]), { ...CONFIG, maxPrincipals: 1 }, { now: c.now, sleep: c.sleep });
    expect(data.principals.map((p) => p.Arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/a`]);
    expect(data.notEvaluated).toEqual([
      { Arn: `arn:aws:iam::${ACCOUNT}:role/b`, reason: 'beyond the 1 principals per sweep (lastAccessed.maxPrincipals)' },
      { Arn: `arn:aws:iam::${ACCOUNT}:user/c`, reason: 'beyond the 1 principals per sweep (lastAccessed.maxPrincipals)' },
    ]);
    expect(iam.commandCalls(GenerateServiceLastAccessedDetailsCommand)).toHaveLength(1);
  });
});

describe('call budget (cost): at most maxPrincipals × (1 + maxPollsPerJob + 4) IAM calls per sweep', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => principal(`r${String(i).padStart(3, '0')}`));

  it('default scope cap, every job completing at the first check: 200 calls (one Generate and one Get each)', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).callsFake((input: { Arn: string }) => ({ JobId: `job-${input.Arn}` }));
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(completed([S3, EC2]));
    const c = clock();
    const { data } = await collectLastAccessed(client(), scope(hundred), CONFIG, { now: c.now, sleep: c.sleep });
    expect(data.principals).toHaveLength(100);
    expect(data.calls).toBe(200);
    expect(iam.calls()).toHaveLength(200);
  });

  it('worst case (no job ever finishes): the calls stop at the budget and every principal is named', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'never' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(inProgress);
    const c = clock();
    const cfg = { ...CONFIG, budgetSeconds: 800 };
    const { data } = await collectLastAccessed(client(), scope(hundred), cfg, { now: c.now, sleep: c.sleep });
    const bound = cfg.maxPrincipals * (1 + cfg.maxPollsPerJob + MAX_EXTRA_PAGES);
    expect(iam.calls().length).toBeLessThanOrEqual(bound);
    expect(iam.calls()).toHaveLength(100 * (1 + cfg.maxPollsPerJob));
    expect(data.notEvaluated).toHaveLength(100);
    expect(data.principals).toHaveLength(0);
  });

  it('the default time budget bounds the polling even with a generous poll count', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'never' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves(inProgress);
    const c = clock();
    const start = c.now();
    const { data } = await collectLastAccessed(client(), scope(hundred.slice(0, 5)), { ...CONFIG, maxPollsPerJob: 60 }, { now: c.now, sleep: c.sleep });
    expect(c.now() - start).toBeLessThanOrEqual(CONFIG.budgetSeconds * 1000);
    expect(data.notEvaluated.every((n) => n.reason.includes(`${CONFIG.budgetSeconds} s budget`))).toBe(true);
  });
});

/**
 * Jobs as AWS runs them: a job completes a set time after its Generate call and answers IN_PROGRESS before (no
 * JobCompletionDate), COMPLETED after, with JobCreationDate / JobCompletionDate that far apart. `runMs` gives each
 * principal's run time; `generateMs` how long its Generate call takes (a slow, retried call). Records when each job was
 * checked, relative to its Generate call.
 */
function awsLikeJobs(c: ReturnType<typeof clock>, runMs: (arn: string) => number, generateMs: (arn: string) => number = () => 0) {
  const jobs = new Map<string, { arn: string; started: number; run: number }>();
  const checks = new Map<string, number[]>();
  iam.on(GenerateServiceLastAccessedDetailsCommand).callsFake((input: { Arn: string }) => {
    c.advance(generateMs(input.Arn));
    const JobId = `job-${jobs.size + 1}`;
    jobs.set(JobId, { arn: input.Arn, started: c.now(), run: runMs(input.Arn) });
    return { JobId };
  });
  iam.on(GetServiceLastAccessedDetailsCommand).callsFake((input: { JobId: string }) => {
    const job = jobs.get(input.JobId);
    if (!job) throw new Error(`unknown job ${input.JobId}`);
    const age = c.now() - job.started;
    checks.set(job.arn, [...(checks.get(job.arn) ?? []), age]);
    if (age < job.run) return { ...inProgress, JobCreationDate: new Date(job.started) };
    return completed([S3], { JobCreationDate: new Date(job.started), JobCompletionDate: new Date(job.started + job.run) });
  });
  const name = (arn: string) => arn.split('/').pop() ?? arn;
  return { checks: () => Object.fromEntries([...checks].map(([arn, ages]) => [name(arn), ages])) };
}

describe('polling: a job is checked only when it has had time to finish (fails on the old fixed rounds of 1, 2, 4, 8 s)', () => {
  it('a job that runs 4 s costs its Generate call and one status check, 5 s after it (the old rounds checked at 1, 3 and 7 s)', async () => {
    const c = clock();
    const sim = awsLikeJobs(c, () => 4000);
    const ten = Array.from({ length: 10 }, (_, i) => principal(`r${i}`));
    const { data } = await collectLastAccessed(client(), scope(ten), CONFIG, { now: c.now, sleep: c.sleep });
    expect(data.principals).toHaveLength(10);
    expect(data.calls).toBe(20);
    expect(Object.values(sim.checks())).toEqual(Array.from({ length: 10 }, () => [DEFAULT_FIRST_CHECK_MS]));
  });

  it('100 principals whose jobs run 3-5 s (jitter): 200 calls, none answered IN_PROGRESS (the old polling: 300)', async () => {
    const c = clock();
    let seed = 7;
    const jitter = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2000;
    const runs = new Map<string, number>();
    const sim = awsLikeJobs(c, (arn) => {
      const ms = 3000 + Math.round(jitter());
      runs.set(arn, ms);
      return ms;
    });
    const hundred = Array.from({ length: 100 }, (_, i) => principal(`p${String(i).padStart(3, '0')}`));
    const { data } = await collectLastAccessed(client(), scope(hundred), CONFIG, { now: c.now, sleep: c.sleep });
    expect(Math.min(...runs.values())).toBeLessThan(3200);
    expect(Math.max(...runs.values())).toBeGreaterThan(4800);
    expect(data.principals).toHaveLength(100);
    expect(data.calls).toBe(200);
    expect(Object.values(sim.checks()).every((ages) => ages.length === 1)).toBe(true);
  });

  it('mixed run times (1 s, 4 s, 12 s): each job backs off on its own (5 s, then 2, 4, 8 s more), not in shared rounds', async () => {
    const c = clock();
    const run: Record<string, number> = { fast: 1000, medium: 4000, slow: 12000 };
    const sim = awsLikeJobs(c, (arn) => run[arn.split('/').pop()!.replace(/\d$/, '')]);
    const ps = ['fast1', 'fast2', 'medium1', 'medium2', 'slow1', 'slow2'].map((n) => principal(n));
    const { data } = await collectLastAccessed(client(), scope(ps), CONFIG, { now: c.now, sleep: c.sleep });
    expect(data.principals).toHaveLength(6);
    expect(sim.checks()).toEqual({
      fast1: [5000],
      fast2: [5000],
      medium1: [5000],
      medium2: [5000],
      // 12 s: IN_PROGRESS at 5, 7 and 11 s, COMPLETED at 19 s (the old rounds: 1, 3, 7, 15 s for every job).
      slow1: [5000, 7000, 11000, 19000],
      slow2: [5000, 7000, 11000, 19000],
    });
    expect(data.calls).toBe(6 + 4 + 8);
  });

  it('learns the run time from completed jobs (JobCompletionDate − JobCreationDate): a job started later is checked once, when it is done', async () => {
    const c = clock();
    // Jobs run 7 s; the fourth principal's Generate call takes 10 s (retried after throttling).
    const sim = awsLikeJobs(c, () => 7000, (arn) => (arn.endsWith('/late') ? 10_000 : 0));
    const ps = ['a', 'b', 'c', 'late'].map((n) => principal(n));
    const { data } = await collectLastAccessed(client(), scope(ps), CONFIG, { now: c.now, sleep: c.sleep, concurrency: 1 });
    expect(data.principals).toHaveLength(4);
    // a, b, c were due at 5 s and checked when the slow call returned (10 s); they show 7 s jobs, so `late` is first
    // checked 7.25 s after its own Generate call (a fixed 5 s would have found it IN_PROGRESS).
    expect(sim.checks()).toEqual({ a: [10_000], b: [10_000], c: [10_000], late: [7250] });
    expect(data.calls).toBe(8);
  });

  it('a job that never completes is checked at 5, 7, 11, 19, 35, 51 … s after its Generate call, then named after maxPollsPerJob checks', async () => {
    const c = clock();
    const sim = awsLikeJobs(c, () => Number.POSITIVE_INFINITY);
    const { data } = await collectLastAccessed(client(), scope([principal('stuck')]), CONFIG, { now: c.now, sleep: c.sleep });
    expect(sim.checks().stuck).toEqual([5000, 7000, 11000, 19000, 35000, 51000, 67000, 83000, 99000, 115000]);
    expect(CONFIG.maxPollsPerJob).toBe(10);
    expect(data.calls).toBe(1 + CONFIG.maxPollsPerJob);
    expect(data.notEvaluated).toEqual([{ Arn: `arn:aws:iam::${ACCOUNT}:role/stuck`, reason: 'the last-accessed job was still IN_PROGRESS after 10 status checks (lastAccessed.maxPollsPerJob)' }]);
  });

  it('the time budget: jobs not started in time and jobs whose next check would pass it are named with the budget, without waiting', async () => {
    const c = clock();
    const t0 = c.now();
    // Each Generate call takes 4 s: with a 10 s budget the third call starts at 8 s (returns at 12 s), the fourth not.
    const sim = awsLikeJobs(c, (arn) => (arn.endsWith('/quick') ? 1000 : 60_000), () => 4000);
    const ps = ['quick', 'slow', 'late1', 'late2'].map((n) => principal(n));
    const { data } = await collectLastAccessed(client(), scope(ps), { ...CONFIG, budgetSeconds: 10 }, { now: c.now, sleep: c.sleep, concurrency: 1 });
    expect(data.principals.map((p) => p.Arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/quick`]);
    const reasons = Object.fromEntries(data.notEvaluated.map((n) => [n.Arn.split('/').pop(), n.reason]));
    expect(reasons).toEqual({
      slow: 'the last-accessed job did not complete within the 10 s budget (lastAccessed.budgetSeconds; 0 status checks)',
      late1: 'the last-accessed job did not complete within the 10 s budget (lastAccessed.budgetSeconds; 0 status checks)',
      late2: 'not started within the 10 s budget (lastAccessed.budgetSeconds)',
    });
    expect(sim.checks()).toEqual({ quick: [8000] });
    // Nothing waited for: the run ends when the last call returned (12 s), not at slow's next check (13 s) or later.
    expect(c.now() - t0).toBe(12_000);
  });
});

describe('JobTimeEstimate', () => {
  const at = (ms: number) => new Date(Date.parse('2026-11-28T06:00:00Z') + ms);
  it('waits firstCheckMs until three jobs completed, then their 90th percentile run time plus 250 ms', () => {
    const e = new JobTimeEstimate(5000);
    e.observe(at(0), at(2000));
    e.observe(at(0), at(3000));
    expect(e.firstCheckMs()).toBe(5000);
    e.observe(at(0), at(4000));
    expect(e.firstCheckMs()).toBe(4250);
    for (let i = 0; i < 16; i++) e.observe(at(0), at(3000));
    e.observe(at(0), at(600_000)); // one outlier in 20 does not move the 90th percentile
    expect(e.observed).toBe(20);
    expect(e.firstCheckMs()).toBe(3250); // 18 of the 20 ran at most 3 s
  });
  it('ignores missing, reversed and absurd dates, and stays between 250 ms and 60 s', () => {
    const e = new JobTimeEstimate(5000);
    e.observe(undefined, at(1));
    e.observe(at(5000), at(0));
    e.observe('2026-11-28T06:00:00Z', at(1000));
    e.observe(at(0), new Date(Number.NaN));
    e.observe(at(0), at(7_200_000));
    expect(e.observed).toBe(0);
    for (let i = 0; i < 3; i++) e.observe(at(0), at(0));
    expect(e.firstCheckMs()).toBe(250);
    const slow = new JobTimeEstimate(5000);
    for (let i = 0; i < 3; i++) slow.observe(at(0), at(3_000_000));
    expect(slow.firstCheckMs()).toBe(60_000);
  });
});
