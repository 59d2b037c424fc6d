/**
 * Organizations mode: each account's IAM last-accessed data is collected one day in lastAccessed.orgRotationDays
 * (lib/last-accessed/rotation.ts). The rotation alone (every account once in any N consecutive days, evenly spread,
 * the next date stated), then org sweeps over a small simulated organization (bench/sweep-fake-aws.ts in the SDK's
 * retry middleware): the accounts not due make no last-accessed call and say unused-permissions "not evaluated" with
 * their next date; the due ones are evaluated; orgRotationDays 1 collects every account; the deployed per-account
 * worker (functions/org-sweep-account.ts) follows the run's day and the configuration.
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { lastAccessedTurn, MAX_ROTATION_DAYS, rotationSlot } from '../../lib/last-accessed/rotation';
import { makeClients, type SweepClients } from '../../lib/aws/clients';
import { sweepOrganization } from '../../lib/aws/org';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { MemoryStore } from '../../lib/store/memory';
import { createSweepAccount } from '../../functions/org-sweep-account';
import type { OrgRunRecord } from '../../lib/org/run';
import type { OrgRunStore } from '../../lib/aws/org-run-store';
import { orgSweepJson, orgSweepText } from '../../lib/org/render';
import { FakeAws, syntheticAccount } from '../../bench/sweep-fake-aws';

const DAY = 86_400_000;
const day = (iso: string) => Math.floor(Date.parse(iso) / DAY);

describe('lastAccessedTurn', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i * 7_919_003 + (i % 13) * 31));

  it('collects each account exactly once in any 7 consecutive days, on the day where UTC day number mod 7 = account id mod 7', () => {
    const start = Date.parse('2026-12-05T03:00:00Z');
    const counts = new Map<string, number>();
    const perDay: number[] = [];
    for (let d = 0; d < 7; d++) {
      const run = new Date(start + d * DAY).toISOString();
      const due = ids.filter((id) => lastAccessedTurn(id, run, 7).collect);
      perDay.push(due.length);
      for (const id of due) {
        counts.set(id, (counts.get(id) ?? 0) + 1);
        expect(day(run) % 7).toBe(Number(id) % 7);
      }
    }
    expect(counts.size).toBe(1000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Evenly spread: each night about 1,000 / 7 ≈ 143 accounts.
    expect(Math.min(...perDay)).toBeGreaterThanOrEqual(120);
    expect(Math.max(...perDay)).toBeLessThanOrEqual(166);
  });

  it('names the setting and the next date when the account is not due; the date is the day it is due', () => {
    const run = '2026-12-05T03:00:00.000Z'; // UTC day 20,792: 20,792 mod 7 = 2
    expect(day(run) % 7).toBe(2);
    const due = lastAccessedTurn('111111111113', run, 7); // 111,111,111,113 mod 7 = 2
    expect(due).toEqual({ collect: true, next: '2026-12-05' });
    const later = lastAccessedTurn('111111111115', run, 7); // mod 7 = 4: two days later
    expect(later).toEqual({
      collect: false,
      next: '2026-12-07',
      reason:
        "not due on this run: Organizations mode collects each account's last-accessed data one day in 7 (lastAccessed.orgRotationDays); this account's next collection is on 2026-12-07 (UTC)",
    });
    expect(lastAccessedTurn('111111111115', '2026-12-07T23:59:59Z', 7).collect).toBe(true);
    expect(lastAccessedTurn('111111111115', '2026-12-08T00:00:00Z', 7).collect).toBe(false);
    const before = lastAccessedTurn('111111111112', run, 7); // mod 7 = 1: yesterday, so next week
    expect(before.next).toBe('2026-12-11');
  });

  it('1 (or less) collects every account on every run; an unreadable run time collects rather than skipping', () => {
    for (const id of ids.slice(0, 50)) {
      expect(lastAccessedTurn(id, '2026-12-05T03:00:00Z', 1).collect).toBe(true);
      expect(lastAccessedTurn(id, '2026-12-05T03:00:00Z', 0).collect).toBe(true);
      expect(lastAccessedTurn(id, 'not a time', 7)).toEqual({ collect: true, next: '' });
    }
  });

  it('a rotation above the maximum is capped; an id that is not 12 digits still gets a stable day', () => {
    const run = '2026-12-05T03:00:00Z';
    const due = ids.filter((id) => lastAccessedTurn(id, run, 365).collect).length;
    expect(due).toBeGreaterThanOrEqual(Math.floor(1000 / MAX_ROTATION_DAYS) - 20);
    expect(lastAccessedTurn(ids[0], run, 365).reason ?? '').toMatch(new RegExp(`one day in ${MAX_ROTATION_DAYS} `));
    expect(rotationSlot('not-an-id', 7)).toBe(rotationSlot('not-an-id', 7));
    expect(rotationSlot('not-an-id', 7)).toBeGreaterThanOrEqual(0);
    expect(rotationSlot('not-an-id', 7)).toBeLessThan(7);
  });
});

// ---- org sweeps over a simulated organization ----------------------------------------------------------------------

const RUN = '2026-12-05T03:00:00.000Z'; // UTC day mod 7 = 2
/** Seven accounts, one per rotation day: 111111111113 + k has id mod 7 = (2 + k) mod 7, so only the first is due. */
const IDS = Array.from({ length: 7 }, (_, k) => String(111111111113 + k));
const DUE = IDS[0];
const CREDS = { accessKeyId: 'AKIDCENTRAL', secretAccessKey: 'central' };
const withRotation = (days: number): Config => ({ ...DEFAULT_CONFIG, lastAccessed: { ...DEFAULT_CONFIG.lastAccessed, orgRotationDays: days } });

function organization() {
  const org = new OrganizationsClient({ region: 'us-east-1', credentials: CREDS });
  const sts = new STSClient({ region: 'us-east-1', credentials: CREDS });
  mockClient(org)
    .on(ListAccountsCommand)
    .resolves({ Accounts: IDS.map((Id, i) => ({ Id, Name: `team-${i}`, Status: 'ACTIVE', State: 'ACTIVE' })) });
  mockClient(sts)
    .on(AssumeRoleCommand)
    .callsFake((input: { RoleArn: string }) => ({
      Credentials: { AccessKeyId: `ASIA${input.RoleArn.split(':')[4]}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) },
    }));
  const fakes = new Map<string, FakeAws>();
  const accountClients = (id: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): SweepClients => {
    // Small accounts; last-accessed jobs run 5-20 ms here instead of AWS's seconds.
    const fake = new FakeAws(syntheticAccount({ users: 4, groups: 1, roles: 6, policies: 3, seed: Number(id.slice(-2)), accountId: id }), { latencyMs: [0, 1], lastAccessedJobMs: [5, 20] });
    fakes.set(id, fake);
    return fake.attachAll(makeClients({ region: 'us-east-1', credentials }));
  };
  return { org, sts, fakes, accountClients };
}

const COLLECT = { credentialReportPollMs: 5, lastAccessed: { firstCheckMs: 30, recheckMs: 5 } };

describe('org sweep with the last-accessed rotation', () => {
  it('default (7): the account due tonight is evaluated; the six others make no last-accessed call and say why, with their date', async () => {
    const o = organization();
    const { summary } = await sweepOrganization({ ...o, roleName: 'iam-guardian-audit', region: 'us-east-1', concurrency: 3, config: DEFAULT_CONFIG, now: RUN, collect: COLLECT });
    expect(summary.evaluated).toBe(7);
    const calls = (id: string) => o.fakes.get(id)!.counters.lastAccessedCalls;
    expect(calls(DUE)).toBeGreaterThan(0);
    for (const id of IDS.filter((x) => x !== DUE)) expect(calls(id)).toBe(0);
    for (const a of summary.accounts) {
      const ne = a.result?.notEvaluated ?? {};
      if (a.account === DUE) {
        expect(ne['unused-permissions']).toBeUndefined();
        continue;
      }
      const k = Number(a.account) - 111111111113;
      const next = new Date(Date.parse(RUN) + k * DAY).toISOString().slice(0, 10);
      expect(ne['unused-permissions']).toBe(
        `IAM last-accessed data could not be read: not due on this run: Organizations mode collects each account's last-accessed data one day in 7 (lastAccessed.orgRotationDays); this account's next collection is on ${next} (UTC)`,
      );
    }
    // The CLI output says it too: per account in --json, counted with an example in the text.
    const json = orgSweepJson(summary) as { org: { accounts: { account: string; notEvaluated?: Record<string, string> }[] } };
    expect(json.org.accounts.filter((a) => a.notEvaluated?.['unused-permissions']).map((a) => a.account).sort()).toEqual(IDS.slice(1));
    const text = orgSweepText(summary);
    expect(text).toContain('CHECKS NOT EVALUATED IN SOME ACCOUNTS');
    expect(text).toMatch(/ {2}- unused-permissions: 6 of 7 account\(s\), e\.g\. 1111111111\d\d: IAM last-accessed data could not be read: not due on this run/);
  });

  it('orgRotationDays 1: every account collects on every run (and the configuration reaches the collection)', async () => {
    const o = organization();
    const { summary } = await sweepOrganization({ ...o, roleName: 'iam-guardian-audit', region: 'us-east-1', concurrency: 3, config: withRotation(1), now: RUN, collect: COLLECT });
    expect(summary.evaluated).toBe(7);
    for (const id of IDS) expect(o.fakes.get(id)!.counters.lastAccessedCalls).toBeGreaterThan(0);
    for (const a of summary.accounts) expect(a.result?.notEvaluated['unused-permissions']).toBeUndefined();
  });

  it('the user\'s lastAccessed block reaches the org collection (scope off: no job in any account)', async () => {
    const o = organization();
    const off: Config = { ...DEFAULT_CONFIG, lastAccessed: { ...DEFAULT_CONFIG.lastAccessed, scope: 'off', orgRotationDays: 1 } };
    const { summary } = await sweepOrganization({ ...o, roleName: 'iam-guardian-audit', region: 'us-east-1', concurrency: 3, config: off, now: RUN, collect: COLLECT });
    for (const id of IDS) expect(o.fakes.get(id)!.counters.lastAccessedCalls).toBe(0);
    expect(summary.accounts[0].result?.notEvaluated['unused-permissions']).toMatch(/lastAccessed\.scope is off/);
  });

  it('the deployed per-account worker follows the run\'s day: a due account collects, another records the reason in its sweep history', async () => {
    const o = organization();
    const store = new MemoryStore();
    const records: OrgRunRecord[] = [];
    const runs = { putRecord: async (r: OrgRunRecord) => void records.push(r) } as unknown as OrgRunStore;
    const handle = createSweepAccount({
      collect: { sts: o.sts, roleName: 'iam-guardian-audit', region: 'us-east-1', accountClients: o.accountClients },
      store,
      runs,
      config: DEFAULT_CONFIG,
    });
    for (const account of [DUE, IDS[3]]) {
      expect(await handle({ runId: RUN, account, name: 'team' })).toMatchObject({ account, status: 'evaluated' });
    }
    expect(o.fakes.get(DUE)!.counters.lastAccessedCalls).toBeGreaterThan(0);
    expect(o.fakes.get(IDS[3])!.counters.lastAccessedCalls).toBe(0);
    const [dueSweep] = await store.listSweeps(DUE, '2000-01-01T00:00:00Z');
    const [laterSweep] = await store.listSweeps(IDS[3], '2000-01-01T00:00:00Z');
    expect(dueSweep.notEvaluated?.['unused-permissions']).toBeUndefined();
    expect(laterSweep.notEvaluated?.['unused-permissions']).toMatch(/next collection is on 2026-12-08 \(UTC\)$/);
  });
});
