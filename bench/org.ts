/**
 * Org sweep benchmark (`npm run bench -- --only=org`): a simulated organization of 200 accounts, each with 50 users,
 * 10 groups, 100 roles and 50 customer-managed policies (the sweep benchmark's small account), swept by
 * lib/aws/org.ts sweepOrganization at concurrency 10. Organizations ListAccounts and STS AssumeRole are answered by
 * aws-sdk-client-mock; each account's IAM / CloudTrail / Access Analyzer / STS by its own FakeAws (sweep-fake-aws.ts)
 * inside the real SDK retry middleware, with 30–80 ms simulated latency and its own 15 requests/s IAM token bucket,
 * and the production credential-report polling (first wait 1 s); last-accessed jobs run 3-5 s as AWS's do
 * (bench/sweep.ts LAST_ACCESSED_JOB_MS). The configuration is the default one, so each account's IAM last-accessed
 * data is collected one day in lastAccessed.orgRotationDays (7; lib/last-accessed/rotation.ts): about a seventh of the
 * accounts on a given night. Measures wall time, IAM calls (answered and attempted, last-accessed apart), throttles
 * absorbed, peak RSS / heap of the process, each account's own sweep time (from its clients to its outcome) for the
 * accounts with and without last-accessed data tonight, and projects 1,000 and 5,000 accounts from the measured
 * per-account cost (wall time and calls scale linearly at a fixed concurrency; memory as the measured peak plus the
 * retained result per account), for a night of the rotation and for every account every night (orgRotationDays 1).
 */
import { OrganizationsClient, ListAccountsCommand, type Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { makeClients } from '../lib/aws/clients';
import { sweepOrganization } from '../lib/aws/org';
import { DEFAULT_CONFIG } from '../lib/config/types';
import { lastAccessedTurn } from '../lib/last-accessed/rotation';
import { FakeAws, syntheticAccount, type FakeCounters } from './sweep-fake-aws';
import { LAST_ACCESSED_JOB_MS } from './sweep';

export interface OrgBenchResult {
  accounts: number;
  perAccount: { users: number; groups: number; roles: number; policies: number };
  concurrency: number;
  iamTpsPerAccount: number;
  seconds: number;
  cpuSeconds: number;
  iamCalls: number;
  iamAttempts: number;
  throttled: number;
  evaluated: number;
  notEvaluated: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Heap still held after the sweep per account (its result: findings, evaluation), MB. */
  retainedMbPerAccount: number;
  /** lastAccessed.orgRotationDays of the run. */
  rotationDays: number;
  /** Accounts whose IAM last-accessed data was collected on this run (their rotation day). */
  lastAccessedAccounts: number;
  /** GenerateServiceLastAccessedDetails / GetServiceLastAccessedDetails calls (part of iamCalls). */
  lastAccessedCalls: number;
  /** Status checks answered IN_PROGRESS (made before the job had finished). */
  lastAccessedInProgress: number;
  /** Mean time of one account's own sweep (its clients built → its outcome), s, with and without last-accessed data tonight. */
  accountSeconds: { withLastAccessed: number; without: number };
  /** Mean IAM calls of one account, with and without last-accessed data tonight. */
  accountCalls: { withLastAccessed: number; without: number };
  /**
   * From the measured per-account cost at the same concurrency: `seconds` and `iamCalls` for a night of the rotation
   * (wall time × N / accounts); `everyNight*` if every account collected its last-accessed data every night
   * (orgRotationDays 1): N × the mean account time with last-accessed data / concurrency.
   */
  projection: Record<'1000' | '5000', { seconds: number; iamCalls: number; peakHeapMb: number; everyNightSeconds: number; everyNightIamCalls: number }>;
}

const SPEC = { users: 50, groups: 10, roles: 100, policies: 50 };

export async function runOrgBench(opts: { quick: boolean; log?: (s: string) => void }): Promise<OrgBenchResult> {
  const n = opts.quick ? 40 : 200;
  const concurrency = 10;
  const iamTps = 15;
  const ids = Array.from({ length: n }, (_, i) => String(300000000000 + i * 104_729));
  const creds = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
  const org = new OrganizationsClient({ region: 'us-east-1', credentials: creds });
  const sts = new STSClient({ region: 'us-east-1', credentials: creds });
  const accounts: Account[] = ids.map((id, i) => ({ Id: id, Name: `team-${i}`, Status: 'ACTIVE', State: 'ACTIVE' }));
  mockClient(org)
    .on(ListAccountsCommand)
    .callsFake((input: { NextToken?: string }) => {
      const start = Number(input.NextToken ?? 0);
      const end = Math.min(start + 20, n);
      return { Accounts: accounts.slice(start, end), ...(end < n ? { NextToken: String(end) } : {}) };
    });
  mockClient(sts)
    .on(AssumeRoleCommand)
    .callsFake((input: { RoleArn: string }) => ({
      Credentials: { AccessKeyId: `ASIA${input.RoleArn.split(':')[4]}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) },
    }));

  // Counters only: keeping the fakes would retain every account's synthetic data and inflate the memory figure.
  const counters: FakeCounters[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = heapBefore;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const runTime = new Date().toISOString();
  const rotationDays = DEFAULT_CONFIG.lastAccessed.orgRotationDays;
  const started = new Map<string, number>();
  const accountTime = new Map<string, number>();
  const byAccount = new Map<string, FakeCounters>();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await sweepOrganization({
    org,
    sts,
    roleName: 'iam-guardian-audit',
    externalId: 'bench-external-id',
    region: 'us-east-1',
    concurrency,
    config: DEFAULT_CONFIG,
    now: runTime,
    onOutcome: (o, done) => {
      const t = started.get(o.account);
      if (t !== undefined) accountTime.set(o.account, (performance.now() - t) / 1000);
      if (done % 50 === 0) opts.log?.(`org: ${done}/${n} accounts`);
    },
    accountClients: (id, credentials) => {
      started.set(id, performance.now());
      const fake = new FakeAws(syntheticAccount({ ...SPEC, seed: Number(id.slice(-6)), accountId: id }), {
        latencyMs: [30, 80],
        iamTps,
        seed: Number(id.slice(-5)),
        lastAccessedJobMs: LAST_ACCESSED_JOB_MS,
      });
      counters.push(fake.counters);
      byAccount.set(id, fake.counters);
      return fake.attachAll(makeClients({ region: 'us-east-1', credentials }));
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sample);
  gc?.();
  const retained = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
  const sum = (f: (x: FakeCounters) => number) => counters.reduce((s, x) => s + f(x), 0);
  const iamCalls = sum((x) => x.iamCalls);
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  const retainedPer = retained / n;
  const due = new Set(ids.filter((id) => lastAccessedTurn(id, runTime, rotationDays).collect));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const split = <T>(m: Map<string, T>, f: (v: T) => number, inDue: boolean) => mean([...m].filter(([id]) => due.has(id) === inDue).map(([, v]) => f(v)));
  const accountSeconds = { withLastAccessed: r2(split(accountTime, (x) => x, true)), without: r2(split(accountTime, (x) => x, false)) };
  const accountCalls = { withLastAccessed: r2(split(byAccount, (x) => x.iamCalls, true)), without: r2(split(byAccount, (x) => x.iamCalls, false)) };
  const project = (N: number) => ({
    seconds: Math.round((seconds * N) / n),
    iamCalls: Math.round((iamCalls * N) / n),
    peakHeapMb: mb(peakHeap + retainedPer * (N - n)),
    everyNightSeconds: Math.round((accountSeconds.withLastAccessed * N) / concurrency),
    everyNightIamCalls: Math.round(accountCalls.withLastAccessed * N),
  });
  // Keep `result` alive until the retained heap was measured.
  const evaluated = result.summary.evaluated;
  return {
    accounts: n,
    perAccount: SPEC,
    concurrency,
    iamTpsPerAccount: iamTps,
    seconds: Math.round(seconds * 10) / 10,
    cpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 10) / 10,
    iamCalls,
    iamAttempts: sum((x) => x.iamAttempts),
    throttled: sum((x) => x.throttled),
    evaluated,
    notEvaluated: result.summary.notEvaluated,
    peakRssMb: mb(peakRss),
    peakHeapMb: mb(peakHeap),
    retainedMbPerAccount: Math.round((retainedPer / 2 ** 20) * 1000) / 1000,
    rotationDays,
    lastAccessedAccounts: [...byAccount.entries()].filter(([, c]) => c.lastAccessedCalls > 0).length,
    lastAccessedCalls: sum((x) => x.lastAccessedCalls),
    lastAccessedInProgress: sum((x) => x.lastAccessedInProgress),
    accountSeconds,
    accountCalls,
    projection: { '1000': project(1000), '5000': project(5000) },
  };
}

/** `node bin/run-ts.js bench/org.ts [--quick]` prints the figures on their own. */
export async function main(argv: string[]): Promise<number> {
  const r = await runOrgBench({ quick: argv.includes('--quick'), log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  return 0;
}
