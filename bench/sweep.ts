/**
 * Sweep benchmark: synthetic accounts (50 users / 100 roles, 1,000 / 1,000, and the quota maximum 5,000 users,
 * 5,000 roles, 5,000 customer-managed policies) served by the fake AWS of sweep-fake-aws.ts with 30–80 ms simulated
 * latency and a 15 requests/s token bucket on IAM (ThrottlingException past it). Each run is the nightly sweep's work:
 * collectSnapshot (real SDK clients with the production retry policy from lib/aws/clients.ts) + buildAccountModel +
 * evaluateAccount. Reports IAM calls (answered), the account-data call budget ⌈(users+groups+roles+policies)/1000⌉ +
 * 8 + report polls, the IAM last-accessed jobs' calls apart (unused-permissions: up to lastAccessed.maxPrincipals
 * principals, a Generate call and its status checks each, at the 15 requests/s the stand-in allows: most of the wall
 * time; the stand-in's jobs complete 3-5 s after their Generate call, and a check made earlier is counted as wasted),
 * wall time, peak RSS / heap, and how many throttles the SDK absorbed.
 *
 * The fake sits inside the client's middleware stack just after retryMiddleware (not aws-sdk-client-mock, which
 * replaces `send` and so would skip retries): throttles are handled by the SDK's adaptive retry strategy, exactly as
 * in production.
 *
 * `node bin/run-ts.js bench/sweep.ts [--quick]` prints the table on its own.
 */
import { makeClients, destroyClients } from '../lib/aws/clients';
import { collectSnapshot } from '../lib/aws/collect';
import { buildAccountModel } from '../lib/account/build';
import { evaluateAccount } from '../lib/posture/evaluate';
import { DEFAULT_CONFIG } from '../lib/config/types';
import { FakeAws, syntheticAccount, type AccountSpec } from './sweep-fake-aws';
import { runBenchChild } from './child';

export interface SweepBenchRow {
  users: number;
  groups: number;
  roles: number;
  policies: number;
  /** IAM calls answered (successful), the last-accessed jobs' included. */
  calls: number;
  /**
   * Budget of the account-data calls (calls − lastAccessedCalls): ⌈(users+groups+roles+policies)/1000⌉ + 8 +
   * credential-report polls beyond the first.
   */
  callBudget: number;
  /** IAM last-accessed calls (unused-permissions): one GenerateServiceLastAccessedDetails and its polls per principal in scope. */
  lastAccessedCalls: number;
  /** Status checks the stand-in answered IN_PROGRESS (made before the job had finished: wasted calls). */
  lastAccessedInProgress: number;
  /** lastAccessed.maxPrincipals × CALLS_PER_JOB. */
  lastAccessedBudget: number;
  /** IAM requests sent, throttled ones included. */
  attempts: number;
  seconds: number;
  /** CPU time (user + system) of the process during the run: the wall-clock figure inflates on a busy machine. */
  cpuSeconds: number;
  collectSeconds: number;
  evaluateSeconds: number;
  /** Peak resident set size of the process during the run (MB). */
  peakMb: number;
  peakHeapMb: number;
  /** Throttles the SDK retry strategy absorbed. */
  throttled: number;
  /** Requests/s other callers took from the shared IAM limit during the run. */
  competingTps: number;
  /** Sources missing from the result (must be empty: no throttling error may reach the result). */
  notCollected: string[];
  findings: number;
  score: number;
}

export interface SweepBenchCase extends AccountSpec {
  /** Requests/s that other callers in the account take from the same 15/s IAM limit. */
  competingTps?: number;
}

export const SWEEP_SIZES: SweepBenchCase[] = [
  { users: 50, groups: 10, roles: 100, policies: 50 },
  { users: 1000, groups: 100, roles: 1000, policies: 1000 },
  { users: 5000, groups: 300, roles: 5000, policies: 5000 },
  // The same quota-maximum account while other tools use 12 of the 15 IAM requests/s: throttles must be absorbed.
  { users: 5000, groups: 300, roles: 5000, policies: 5000, competingTps: 12 },
];

/** Quick mode (`npm run bench -- --quick`): the small account and the 1,000/1,000 one under contention. */
const QUICK_SIZES: SweepBenchCase[] = [SWEEP_SIZES[0], { ...SWEEP_SIZES[1], competingTps: 12 }];

/**
 * How long the stand-in's last-accessed jobs run after their Generate call (seeded jitter): a few seconds, as AWS's
 * documented GetServiceLastAccessedDetails example (JobCreationDate 19:47:31.466, JobCompletionDate 19:47:35.241).
 */
export const LAST_ACCESSED_JOB_MS: [number, number] = [3000, 5000];
/**
 * Expected IAM calls per last-accessed job: the Generate call and one status check, made when the job has had time to
 * finish (lib/aws/last-accessed.ts), which finds it COMPLETED with its one page.
 */
export const CALLS_PER_JOB = 2;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function benchOne(spec: SweepBenchCase): Promise<SweepBenchRow> {
  (globalThis as { gc?: () => void }).gc?.();
  let data: ReturnType<typeof syntheticAccount> | undefined = syntheticAccount(spec);
  const fake = new FakeAws(data, { latencyMs: [30, 80], iamTps: 15, competingTps: spec.competingTps, reportPollsBeforeComplete: 2, lastAccessedJobMs: LAST_ACCESSED_JOB_MS, seed: spec.users });
  const clients = makeClients({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  fake.attach(clients.iam, 'iam');
  fake.attach(clients.cloudtrail, 'cloudtrail');
  fake.attach(clients.accessAnalyzer, 'accessanalyzer');
  fake.attach(clients.sts, 'sts');
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 25);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  try {
    const raw = await collectSnapshot(clients, { credentialReportPollMs: 500 });
    const t1 = process.hrtime.bigint();
    const model = buildAccountModel(raw);
    const evaluation = evaluateAccount(model, DEFAULT_CONFIG);
    const t2 = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpu0);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    const entities = spec.users + spec.groups + spec.roles + spec.policies;
    const polls = fake.counters.requests.GenerateCredentialReportCommand ?? 0;
    data = undefined;
    return {
      users: spec.users,
      groups: spec.groups,
      roles: spec.roles,
      policies: spec.policies,
      calls: fake.counters.iamCalls,
      callBudget: Math.ceil(entities / 1000) + 8 + Math.max(0, polls - 1),
      lastAccessedCalls: fake.counters.lastAccessedCalls,
      lastAccessedInProgress: fake.counters.lastAccessedInProgress,
      lastAccessedBudget: DEFAULT_CONFIG.lastAccessed.maxPrincipals * CALLS_PER_JOB,
      attempts: fake.counters.iamAttempts,
      seconds: Number(t2 - t0) / 1e9,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      collectSeconds: Number(t1 - t0) / 1e9,
      evaluateSeconds: Number(t2 - t1) / 1e9,
      peakMb: mb(peakRss),
      peakHeapMb: mb(peakHeap),
      throttled: fake.counters.throttled,
      competingTps: spec.competingTps ?? 0,
      notCollected: Object.keys(raw.notCollected),
      findings: evaluation.findings.length,
      score: evaluation.score,
    };
  } finally {
    clearInterval(sample);
    destroyClients(clients);
  }
}

/**
 * Each account size is swept in a fresh process (`bench/sweep.ts --case=N`), so its peak memory is the sweep's own
 * and not what earlier benchmarks left in the bench process's heap.
 */
export async function runSweepBench(opts: { quick: boolean }): Promise<SweepBenchRow[]> {
  const rows: SweepBenchRow[] = [];
  const cases = opts.quick ? QUICK_SIZES : SWEEP_SIZES;
  for (let i = 0; i < cases.length; i++) {
    const row = runBenchChild<SweepBenchRow>('sweep.ts', [`--case=${i}`, ...(opts.quick ? ['--quick'] : [])], { nodeFlags: ['--expose-gc'] });
    row.seconds = Math.round(row.seconds * 100) / 100;
    row.cpuSeconds = Math.round(row.cpuSeconds * 100) / 100;
    row.collectSeconds = Math.round(row.collectSeconds * 100) / 100;
    row.evaluateSeconds = Math.round(row.evaluateSeconds * 100) / 100;
    rows.push(row);
  }
  return rows;
}

export async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const one = argv.find((a) => a.startsWith('--case='));
  if (one) {
    const spec = (quick ? QUICK_SIZES : SWEEP_SIZES)[Number(one.slice('--case='.length))];
    if (!spec) throw new Error(`no sweep bench case ${one}`);
    process.stdout.write(`${JSON.stringify(await benchOne(spec))}\n`);
    return 0;
  }
  const rows = await runSweepBench({ quick });
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  return rows.every((r) => r.notCollected.length === 0 && r.calls - r.lastAccessedCalls <= r.callBudget && r.lastAccessedCalls <= r.lastAccessedBudget) ? 0 : 1;
}
