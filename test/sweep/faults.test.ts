/**
 * Throttling and partial failure (issue 6): the sweep over an account whose IAM calls fail 30% with
 * ThrottlingException and 1% with 500/503 gives exactly the findings of the fault-free run, because the SDK's retry
 * strategy (clients.ts: adaptive, 12 attempts) absorbs them. The fake service sits right after the SDK's
 * retryMiddleware (bench/sweep-fake-aws.ts), so the real retry strategy handles every injected error.
 * A denied optional call is reported "not evaluated", never as a pass.
 */
import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { makeClients, destroyClients } from '../../lib/aws/clients';
import { collectSnapshot } from '../../lib/aws/collect';
import { buildAccountModel } from '../../lib/account/snapshot';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { FakeAws, syntheticAccount, type FakeOptions } from '../../bench/sweep-fake-aws';

const data = syntheticAccount({ users: 50, groups: 8, roles: 100, policies: 40, seed: 3 });
const FEW_LAST_ACCESSED: Config = { ...DEFAULT_CONFIG, lastAccessed: { ...DEFAULT_CONFIG.lastAccessed, maxPrincipals: 5 } };
const LAST_ACCESSED_CALLS = ['GenerateServiceLastAccessedDetailsCommand', 'GetServiceLastAccessedDetailsCommand'];

async function sweep(opts: FakeOptions) {
  // Last-accessed jobs run 5-20 ms here (the stand-in's default is AWS's few seconds): the test stays fast.
  const fake = new FakeAws(data, { latencyMs: [0, 0], reportPollsBeforeComplete: 2, gaadPageCap: 20, lastAccessedJobMs: [5, 20], ...opts });
  const clients = makeClients({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } });
  fake.attach(clients.iam, 'iam');
  fake.attach(clients.cloudtrail, 'cloudtrail');
  fake.attach(clients.accessAnalyzer, 'accessanalyzer');
  fake.attach(clients.sts, 'sts');
  try {
    // Last-accessed data for 5 principals: its calls go through the same throttling (the SDK's adaptive retry slows
    // every request after throttles, so 100 principals would only make this test slow, not different).
    const raw = await collectSnapshot(clients, { credentialReportPollMs: 1, lastAccessed: { firstCheckMs: 1, recheckMs: 1 }, config: FEW_LAST_ACCESSED, now: () => new Date('2026-11-01T00:00:00Z') });
    const evaluation = evaluateAccount(buildAccountModel(raw), DEFAULT_CONFIG);
    return { fake, raw, evaluation };
  } finally {
    destroyClients(clients);
  }
}

const view = (e: Awaited<ReturnType<typeof sweep>>['evaluation']) =>
  e.findings.map((f) => ({ uid: f.uid, ruleId: f.ruleId, severity: f.severity, resource: f.resource, message: f.message, status: f.status }));

describe('sweep under throttling and 5xx', () => {
  let baseline: Awaited<ReturnType<typeof sweep>>;
  beforeAll(async () => {
    baseline = await sweep({});
  });

  it('the fault-free baseline finds problems (so the comparison means something)', () => {
    expect(baseline.evaluation.findings.length).toBeGreaterThan(20);
    expect(baseline.fake.counters.throttled).toBe(0);
    expect(baseline.raw.notCollected).toEqual({});
  });

  it('30% ThrottlingException + 1% 500/503 on IAM: identical findings, nothing reported missing', async () => {
    const faulty = await sweep({ faults: { throttleRate: 0.3, serverErrorRate: 0.01 }, seed: 11 });
    expect(faulty.fake.counters.throttled).toBeGreaterThan(2);
    expect(faulty.fake.counters.iamAttempts).toBeGreaterThan(faulty.fake.counters.iamCalls);
    expect(faulty.raw.notCollected).toEqual({});
    expect(view(faulty.evaluation)).toEqual(view(baseline.evaluation));
    expect(faulty.evaluation.score).toBe(baseline.evaluation.score);
  });

  it('server errors (500 InternalFailure, 503 ServiceUnavailable) are retried too', async () => {
    const faulty = await sweep({ faults: { serverErrorRate: 0.2 }, seed: 5 });
    expect(faulty.fake.counters.serverErrors).toBeGreaterThan(0);
    expect(faulty.raw.notCollected).toEqual({});
    expect(view(faulty.evaluation)).toEqual(view(baseline.evaluation));
  });

  it('a throttle goes through the SDK retry strategy (attempts > 1 in $metadata)', async () => {
    const fake = new FakeAws(data, { latencyMs: [0, 0], faults: { throttleRate: 0.5 }, seed: 2 });
    const { iam, cloudtrail, accessAnalyzer, sts } = makeClients({ credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } });
    fake.attach(iam, 'iam');
    let maxAttempts = 1;
    for (let i = 0; i < 6 && maxAttempts === 1; i++) {
      const out = await iam.send(new GetAccountSummaryCommand({}));
      maxAttempts = Math.max(maxAttempts, out.$metadata.attempts ?? 1);
    }
    expect(fake.counters.throttled).toBeGreaterThan(0);
    expect(maxAttempts).toBeGreaterThan(1);
    destroyClients({ iam, cloudtrail, accessAnalyzer, sts });
  });

  it('a denied optional call is "not evaluated", not a pass', async () => {
    const denied = await sweep({ denied: ['ListAnalyzersCommand', 'ListServerCertificatesCommand'] });
    expect(Object.keys(denied.raw.notCollected).sort()).toEqual(['accessAnalyzer', 'serverCertificates']);
    const ne = denied.evaluation.notEvaluated;
    expect(ne['access-analyzer-disabled']).toBeDefined();
    expect(ne['server-certificate-expired']).toBeDefined();
    // Baseline has the expired certificate finding; with the call denied it is neither found nor counted as passing.
    expect(baseline.evaluation.findings.some((f) => f.ruleId === 'server-certificate-expired')).toBe(true);
    expect(denied.evaluation.findings.some((f) => f.ruleId === 'server-certificate-expired')).toBe(false);
    expect(denied.evaluation.rules['server-certificate-expired']?.checked ?? 0).toBe(0);
    // Everything else is unchanged.
    const others = (e: typeof denied.evaluation) => view(e).filter((f) => !['access-analyzer-disabled', 'server-certificate-expired'].includes(f.ruleId));
    expect(others(denied.evaluation)).toEqual(others(baseline.evaluation));
  });
});

describe('call budget', () => {
  it.each([
    { users: 10, groups: 2, roles: 5, policies: 3 },
    { users: 1200, groups: 50, roles: 900, policies: 700 },
    { users: 2600, groups: 120, roles: 2400, policies: 1900 },
  ])('IAM calls ≤ ⌈(users+groups+roles+policies)/1000⌉ + 8 + report polls, plus last-accessed calls within their budget (%o)', async (spec) => {
    const fake = new FakeAws(syntheticAccount({ ...spec, seed: 9 }), { latencyMs: [0, 0], reportPollsBeforeComplete: 1, lastAccessedJobMs: [5, 20] });
    const clients = makeClients({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } });
    fake.attach(clients.iam, 'iam');
    fake.attach(clients.cloudtrail, 'cloudtrail');
    fake.attach(clients.accessAnalyzer, 'accessanalyzer');
    fake.attach(clients.sts, 'sts');
    try {
      // Jobs run 5-20 ms and are first checked 30 ms after their Generate call: one check each.
      const raw = await collectSnapshot(clients, { credentialReportPollMs: 1, lastAccessed: { firstCheckMs: 30, recheckMs: 1 } });
      const model = buildAccountModel(raw);
      // Every entity arrived (+5 attached AWS-managed policies the synthetic account also returns).
      expect([model.users.length, model.groups.length, model.roles.length, model.policies.length]).toEqual([spec.users, spec.groups, spec.roles, spec.policies + 5]);
      const entities = spec.users + spec.groups + spec.roles + spec.policies + 5;
      const polls = fake.counters.requests.GenerateCredentialReportCommand ?? 0;
      const lastAccessed = LAST_ACCESSED_CALLS.reduce((n, c) => n + (fake.counters.requests[c] ?? 0), 0);
      expect(fake.counters.iamCalls - lastAccessed).toBeLessThanOrEqual(Math.ceil(entities / 1000) + 8 + polls);
      // The per-principal last-accessed calls: within the stated budget, for at most maxPrincipals principals.
      const la = DEFAULT_CONFIG.lastAccessed;
      const asked = fake.counters.requests.GenerateServiceLastAccessedDetailsCommand ?? 0;
      expect(asked).toBeGreaterThan(0);
      expect(asked).toBeLessThanOrEqual(la.maxPrincipals);
      expect(lastAccessed).toBeLessThanOrEqual(la.maxPrincipals * (1 + la.maxPollsPerJob + 4));
      expect(lastAccessed).toBe(asked * 2); // Generate, then one status check that finds it COMPLETED
      expect(fake.counters.lastAccessedInProgress).toBe(0);
      expect(fake.counters.requests.GetAccountAuthorizationDetailsCommand).toBe(Math.ceil(entities / 1000));
    } finally {
      destroyClients(clients);
    }
  });
});

