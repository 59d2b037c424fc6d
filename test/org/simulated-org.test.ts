/**
 * A simulated organization of 200 accounts at the SDK layer: Organizations ListAccounts (pages of 20, one SUSPENDED
 * account) and STS AssumeRole mocked with aws-sdk-client-mock, shaped as AWS answers (AccessDenied for a role that does
 * not exist); each member account's IAM / CloudTrail / Access Analyzer / STS served by its own FakeAws (bench/
 * sweep-fake-aws.ts) inside the real SDK retry middleware, with its own 15 req/s IAM token bucket. 3 accounts lack the
 * audit role, 2 deny GetAccountAuthorizationDetails (SCP), 1 throttles every IAM call, beyond any retry budget (its
 * clients get 3 attempts instead of the production 12: the adaptive backoff of 12 attempts takes minutes, and the outcome
 * does not depend on the budget's size). The org sweep completes; each of the 193 reachable accounts has exactly the
 * findings of sweeping it alone; the 7 others carry their reason.
 */
import { OrganizationsClient, ListAccountsCommand, type Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { promises as fs } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeClients } from '../../lib/aws/clients';
import { collectSnapshot } from '../../lib/aws/collect';
import { sweepOrganization, snapshotOrganization, type AccountCredentials } from '../../lib/aws/org';
import { buildAccountModel } from '../../lib/account/build';
import { runSweep } from '../../lib/sweep/run';
import { MemoryStore } from '../../lib/store/memory';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { findingJson } from '../../lib/findings/json';
import type { Finding } from '../../lib/findings/types';
import { loadSnapshot } from '../../lib/account/snapshot';
import { FakeAws, syntheticAccount, type FakeAccountData, type FakeOptions } from '../../bench/sweep-fake-aws';

const N = 200;
const ids = Array.from({ length: N }, (_, i) => String(100000000000 + i * 7919));
const SUSPENDED = ids[17];
const ROLE_MISSING = new Set([ids[3], ids[88], ids[151]]);
const DENIED = new Set([ids[40], ids[199]]);
/** Its IAM answers ThrottlingException to every call, however long the SDK backs off. */
const THROTTLED = ids[120];
const THROTTLED_ATTEMPTS = 3;

/** The account's clients: the production retry budget, except the throttled-out account (see the header). */
function accountClients(id: string, credentials: AccountCredentials): ReturnType<typeof makeClients> {
  return makeClients({ region: 'us-east-1', credentials, ...(id === THROTTLED ? { maxAttempts: THROTTLED_ATTEMPTS } : {}) });
}
const NOW = '2026-11-01T00:00:00.000Z';

/** Small, varied accounts (different seeds and sizes), built once. */
const data = new Map<string, FakeAccountData>(
  ids.map((id, i) => [id, syntheticAccount({ users: 3 + (i % 5), groups: 1 + (i % 2), roles: 4 + (i % 7), policies: 2 + (i % 3), seed: i + 1, accountId: id })]),
);
const FAKE: FakeOptions = { latencyMs: [0, 2], iamTps: 15, gaadPageCap: 8 };

function accountFake(id: string): FakeAws {
  return new FakeAws(data.get(id)!, {
    ...FAKE,
    seed: Number(id.slice(-4)),
    ...(DENIED.has(id) ? { denied: ['GetAccountAuthorizationDetailsCommand'] } : {}),
    ...(id === THROTTLED ? { faults: { throttleRate: 1 } } : {}),
  });
}


const CREDS = { accessKeyId: 'AKIDCENTRAL', secretAccessKey: 'central' };

function organization(): { org: OrganizationsClient; sts: STSClient; assumed: string[]; fakes: Map<string, FakeAws> } {
  const org = new OrganizationsClient({ region: 'us-east-1', credentials: CREDS });
  const sts = new STSClient({ region: 'us-east-1', credentials: CREDS });
  const accounts: Account[] = ids.map((id, i) => ({
    Id: id,
    Arn: `arn:aws:organizations::100000000000:account/o-exampleorgid/${id}`,
    Email: `aws+${i}@example.com`,
    Name: `team-${i}`,
    Status: id === SUSPENDED ? 'SUSPENDED' : 'ACTIVE',
    State: id === SUSPENDED ? 'SUSPENDED' : 'ACTIVE',
    JoinedMethod: 'CREATED',
    JoinedTimestamp: new Date('2024-01-01T00:00:00Z'),
  }));
  mockClient(org)
    .on(ListAccountsCommand)
    .callsFake((input: { NextToken?: string }) => {
      const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8')) : 0;
      const end = Math.min(start + 20, accounts.length);
      return { Accounts: accounts.slice(start, end), ...(end < accounts.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}) };
    });
  const assumed: string[] = [];
  mockClient(sts)
    .on(AssumeRoleCommand)
    .callsFake((input: { RoleArn: string; RoleSessionName: string; ExternalId?: string }) => {
      const id = input.RoleArn.split(':')[4];
      assumed.push(input.RoleArn);
      if (ROLE_MISSING.has(id) || input.ExternalId !== 'org-sweep-7f3a') {
        throw new STSServiceException({
          name: 'AccessDenied',
          $fault: 'client',
          message: `User: arn:aws:sts::100000000000:assumed-role/iam-guardian-sweep/cli is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
          $metadata: { httpStatusCode: 403 },
        });
      }
      return {
        Credentials: { AccessKeyId: `ASIA${id}`, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) },
        AssumedRoleUser: { AssumedRoleId: `AROAEXAMPLE:${input.RoleSessionName}`, Arn: `arn:aws:sts::${id}:assumed-role/iam-guardian-audit/${input.RoleSessionName}` },
      };
    });
  return { org, sts, assumed, fakes: new Map() };
}

/**
 * No last-accessed data here: each fake account allows 15 IAM calls per second, and the per-principal last-accessed
 * calls would only add throttling and time to 200 accounts (they are covered by test/last-accessed and, under
 * throttling, test/sweep/faults.test.ts). Both the org sweep and the sweep "alone" use the same setting.
 */
const LAST_ACCESSED_OFF = { config: { ...DEFAULT_CONFIG, lastAccessed: { ...DEFAULT_CONFIG.lastAccessed, scope: 'off' as const } } };

const shape = (fs_: Finding[]) => fs_.map((f) => findingJson(f, { resource: true, status: 'always' }));

async function sweepAlone(id: string) {
  const clients = accountFake(id).attachAll(makeClients({ region: 'us-east-1', credentials: { accessKeyId: `ASIA${id}`, secretAccessKey: 's' } }));
  const raw = await collectSnapshot(clients, { region: 'us-east-1', credentialReportPollMs: 5, ...LAST_ACCESSED_OFF });
  return runSweep({ account: buildAccountModel(raw), store: new MemoryStore(), config: DEFAULT_CONFIG, now: NOW });
}

describe('org sweep over a simulated organization of 200 accounts', () => {
  it('completes at concurrency 10; 193 accounts are swept as if alone, the 7 others (one throttled out) carry their reason', async () => {
    const o = organization();
    const fakes = new Map<string, FakeAws>();
    const result = await sweepOrganization({
      org: o.org,
      sts: o.sts,
      roleName: 'iam-guardian-audit',
      externalId: 'org-sweep-7f3a',
      region: 'us-east-1',
      concurrency: 10,
      config: DEFAULT_CONFIG,
      now: NOW,
      collect: { credentialReportPollMs: 5, ...LAST_ACCESSED_OFF },
      accountClients: (id: string, credentials: AccountCredentials) => {
        expect(credentials.accessKeyId).toBe(`ASIA${id}`);
        const fake = accountFake(id);
        fakes.set(id, fake);
        return fake.attachAll(accountClients(id, credentials));
      },
    });
    const { summary } = result;
    expect(summary.accounts).toHaveLength(N);
    expect(summary.evaluated).toBe(193);
    expect(summary.notEvaluated).toBe(7);
    expect(result.peakConcurrency).toBe(10);
    // The suspended account is never assumed; every other one is, once, with the configured role name.
    expect(o.assumed).toHaveLength(N - 1);
    expect(o.assumed).not.toContain(`arn:aws:iam::${SUSPENDED}:role/iam-guardian-audit`);
    expect(new Set(o.assumed).size).toBe(N - 1);

    const byId = new Map(summary.accounts.map((a) => [a.account, a]));
    expect(byId.get(SUSPENDED)).toMatchObject({ status: 'not-evaluated', reason: 'account suspended (skipped)', findings: [] });
    for (const id of ROLE_MISSING) {
      expect(byId.get(id)?.status).toBe('not-evaluated');
      expect(byId.get(id)?.reason).toMatch(new RegExp(`^audit role not assumable: arn:aws:iam::${id}:role/iam-guardian-audit \\(AccessDenied`));
    }
    for (const id of DENIED) {
      expect(byId.get(id)?.status).toBe('not-evaluated');
      expect(byId.get(id)?.reason).toMatch(/^access denied: cannot read the account's IAM state: GetAccountAuthorizationDetails access denied/);
    }
    // Throttled out: its IAM was retried up to the SDK's budget, then the account is reported with the reason while
    // the others completed.
    expect(byId.get(THROTTLED)?.status).toBe('not-evaluated');
    expect(byId.get(THROTTLED)?.reason).toMatch(/^throttled out: the SDK's retries were exhausted \(.*ThrottlingException.*Rate exceeded/);
    expect(fakes.get(THROTTLED)?.counters.throttled).toBeGreaterThanOrEqual(THROTTLED_ATTEMPTS);
    expect(fakes.get(THROTTLED)?.counters.iamCalls).toBe(0);
    // Ranked: evaluated accounts by score (lowest first), then the 7 others.
    const scores = summary.accounts.filter((a) => a.status === 'evaluated').map((a) => a.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(summary.accounts.slice(193).every((a) => a.status === 'not-evaluated')).toBe(true);
    expect(summary.score).toBe(Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10);

    // Each account's own throttle: every reachable account's IAM was called through its own bucket.
    const reachable = ids.filter((id) => id !== SUSPENDED && id !== THROTTLED && !ROLE_MISSING.has(id) && !DENIED.has(id));
    expect(reachable).toHaveLength(193);
    for (const id of reachable) expect(fakes.get(id)?.counters.iamCalls).toBeGreaterThan(5);

    // Findings identical to sweeping each account alone (checked on a spread of 40 accounts, plus the count on all).
    let total = 0;
    for (const id of reachable) {
      const a = byId.get(id)!;
      expect(a.status).toBe('evaluated');
      expect(a.findings.length).toBeGreaterThan(0);
      total += a.findings.length;
    }
    for (const id of reachable.filter((_, i) => i % 5 === 0)) {
      const alone = await sweepAlone(id);
      expect(shape(byId.get(id)!.findings)).toEqual(shape(alone.findings));
      expect(byId.get(id)!.score).toBe(alone.score);
    }
    expect(total).toBeGreaterThan(193);
  }, 120_000);

  it('snapshot --org writes one folder per reachable account (each loads as a snapshot) and accounts.json with the reasons', async () => {
    const o = organization();
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-guardian-org-snap-'));
    try {
      const res = await snapshotOrganization({
        org: o.org,
        sts: o.sts,
        roleName: 'iam-guardian-audit',
        externalId: 'org-sweep-7f3a',
        region: 'us-east-1',
        concurrency: 10,
        outDir: dir,
        collect: { credentialReportPollMs: 5, ...LAST_ACCESSED_OFF },
        accountClients: (id, credentials) => accountFake(id).attachAll(accountClients(id, credentials)),
      });
      expect(res.outcomes.filter((x) => x.status === 'evaluated')).toHaveLength(193);
      const entries = (await fs.readdir(dir)).sort();
      expect(entries).toHaveLength(194);
      expect(entries).toContain('accounts.json');
      const index = JSON.parse(await fs.readFile(path.join(dir, 'accounts.json'), 'utf8')) as { accounts: { account: string; status: string; reason?: string; state: string }[] };
      expect(index.accounts).toHaveLength(200);
      expect(index.accounts.find((a) => a.account === SUSPENDED)).toMatchObject({ state: 'SUSPENDED', status: 'not-evaluated', reason: 'account suspended (skipped)' });
      for (const id of [...ROLE_MISSING, ...DENIED, THROTTLED]) expect(index.accounts.find((a) => a.account === id)?.status).toBe('not-evaluated');
      const sample = ids[5];
      const model = await loadSnapshot(path.join(dir, sample));
      expect(model.accountId).toBe(sample);
      const fromFolder = await runSweep({ account: model, store: new MemoryStore(), config: DEFAULT_CONFIG, now: NOW });
      expect(shape(fromFolder.findings)).toEqual(shape((await sweepAlone(sample)).findings));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
