/**
 * lib/org/sweep.ts: bounded concurrency, one account's failure never stops the others, reasons by AWS error name,
 * skipped states, org score and ranking; and lib/aws/org.ts's paging, validation and throttled-out path.
 */
import fc from 'fast-check';
import { OrganizationsClient, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AccountNotEvaluated,
  checkConcurrency,
  notEvaluatedReason,
  runOverAccounts,
  summarizeOrg,
  type OrgAccount,
} from '../../lib/org/sweep';
import { assumeAuditRole, checkExternalId, checkRoleName, listOrgAccounts } from '../../lib/aws/org';
import type { Finding } from '../../lib/findings/types';

const acct = (i: number, state = 'ACTIVE'): OrgAccount => ({ id: String(200000000000 + i), name: `a${i}`, state });
const tick = () => new Promise<void>((r) => setImmediate(r));

describe('runOverAccounts', () => {
  it.each([1, 3, 10])('never runs more than %i accounts at once, and reaches that bound', async (limit) => {
    let running = 0;
    let max = 0;
    const accounts = Array.from({ length: 25 }, (_, i) => acct(i));
    const res = await runOverAccounts({
      accounts,
      concurrency: limit,
      work: async (a) => {
        running++;
        max = Math.max(max, running);
        await tick();
        await tick();
        running--;
        return a.id;
      },
    });
    expect(max).toBe(limit);
    expect(res.peakConcurrency).toBe(limit);
    expect(res.outcomes.map((o) => (o.status === 'evaluated' ? o.value : o.reason))).toEqual(accounts.map((a) => a.id));
  });

  it('defaults to 10 at once and rejects a concurrency outside 1..100', async () => {
    const res = await runOverAccounts({ accounts: Array.from({ length: 30 }, (_, i) => acct(i)), work: async () => tick() });
    expect(res.peakConcurrency).toBe(10);
    for (const bad of [0, -1, 1.5, 101, Number.NaN]) expect(() => checkConcurrency(bad)).toThrow(RangeError);
    await expect(runOverAccounts({ accounts: [], concurrency: 0, work: async () => 1 })).rejects.toThrow(/concurrency/);
  });

  it("records each failing account's reason and completes the others; skipped states are never worked on", async () => {
    const seen: string[] = [];
    const err = (name: string, message: string) => Object.assign(new Error(message), { name });
    const accounts = [acct(0), acct(1), acct(2, 'SUSPENDED'), acct(3), acct(4, 'PENDING_CLOSURE'), acct(5), acct(6)];
    const res = await runOverAccounts({
      accounts,
      concurrency: 2,
      work: async (a) => {
        seen.push(a.id);
        if (a.id.endsWith('1')) throw err('ThrottlingException', 'Rate exceeded');
        if (a.id.endsWith('3')) throw err('AccessDenied', 'User: x is not authorized\nto perform: iam:GetAccountAuthorizationDetails');
        if (a.id.endsWith('5')) throw new AccountNotEvaluated('audit role not assumable: arn:aws:iam::200000000005:role/r');
        return 1;
      },
    });
    expect(seen.sort()).toEqual([0, 1, 3, 5, 6].map((i) => acct(i).id));
    const reasons = res.outcomes.map((o) => (o.status === 'evaluated' ? 'ok' : o.reason));
    expect(reasons).toEqual([
      'ok',
      "throttled out: the SDK's retries were exhausted (ThrottlingException: Rate exceeded)",
      'account suspended (skipped)',
      'access denied: User: x is not authorized to perform: iam:GetAccountAuthorizationDetails',
      'account state PENDING_CLOSURE (skipped)',
      'audit role not assumable: arn:aws:iam::200000000005:role/r',
      'ok',
    ]);
  });

  it('property: whatever the work throws, every account gets exactly one outcome with a one-line, bounded reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant('ok'), fc.string(), fc.anything()), { maxLength: 30 }), fc.integer({ min: 1, max: 12 }), async (plan, limit) => {
        const accounts = plan.map((_, i) => acct(i));
        const res = await runOverAccounts({
          accounts,
          concurrency: limit,
          work: async (a) => {
            const p = plan[Number(a.id) - 200000000000];
            if (p === 'ok') return 1;
            throw p;
          },
        });
        expect(res.outcomes).toHaveLength(plan.length);
        for (const o of res.outcomes) {
          if (o.status === 'not-evaluated') {
            expect(o.reason.length).toBeLessThanOrEqual(400);
            expect(/[\n\r\u001b\u202e]/.test(o.reason)).toBe(false); // eslint-disable-line no-control-regex
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(notEvaluatedReason(undefined)).toBe('failed: Error: undefined');
    expect(notEvaluatedReason({ name: 'InternalFailure', message: 'x'.repeat(5000) })).toHaveLength(400);
  });
});

describe('summarizeOrg', () => {
  const f = (n: number) => Array.from({ length: n }, () => ({}) as Finding);
  it('ranks evaluated accounts lowest score first (ties: more findings first), then the others; org score is their mean', () => {
    const s = summarizeOrg([
      { account: '1', name: 'a', status: 'evaluated', value: { score: 90, findings: f(1) } },
      { account: '2', name: 'b', status: 'not-evaluated', reason: 'r' },
      { account: '3', name: 'c', status: 'evaluated', value: { score: 40, findings: f(2) } },
      { account: '4', name: 'd', status: 'evaluated', value: { score: 40, findings: f(5) } },
      { account: '0', name: 'e', status: 'not-evaluated', reason: 'q' },
    ]);
    expect(s.accounts.map((a) => a.account)).toEqual(['4', '3', '1', '0', '2']);
    expect(s.score).toBe(56.7);
    expect([s.evaluated, s.notEvaluated]).toEqual([3, 2]);
  });
  it('has no org score when no account could be evaluated', () => {
    expect(summarizeOrg([{ account: '1', name: 'a', status: 'not-evaluated', reason: 'r' }]).score).toBeUndefined();
  });
});

describe('lib/aws/org', () => {
  it('pages ListAccounts, takes State over the retiring Status, and never sweeps an Id that is not 12 digits', async () => {
    const org = new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const m = mockClient(org);
    m.on(ListAccountsCommand, { NextToken: undefined }).resolves({
      Accounts: [
        { Id: '111111111111', Name: 'prod\u001b[31m', Status: 'ACTIVE', State: 'ACTIVE' },
        { Id: '222222222222', Name: 'old', Status: 'ACTIVE', State: 'PENDING_CLOSURE' },
      ],
      NextToken: 'page2',
    });
    m.on(ListAccountsCommand, { NextToken: 'page2' }).resolves({ Accounts: [{ Id: '../../etc', Name: 'x', Status: 'ACTIVE' }, { Id: '333333333333', Status: 'SUSPENDED' }] });
    const list = await listOrgAccounts(org);
    expect(list).toEqual([
      { id: '111111111111', name: 'prod [31m', state: 'ACTIVE' },
      { id: '222222222222', name: 'old', state: 'PENDING_CLOSURE' },
      { id: '../../etc', name: 'x', state: 'INVALID_ACCOUNT_ID' },
      { id: '333333333333', name: '', state: 'SUSPENDED' },
    ]);
    expect(m.commandCalls(ListAccountsCommand)).toHaveLength(2);
  });

  it('AssumeRole: passes the ExternalId; a throttled AssumeRole is "throttled out", a refusal names the role', async () => {
    const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    const m = mockClient(sts);
    m.on(AssumeRoleCommand).rejectsOnce(new STSServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: {} }));
    await expect(assumeAuditRole(sts, '111111111111', { roleName: 'audit', externalId: 'xid-1' })).rejects.toMatchObject({
      notEvaluatedReason: 'throttled out: STS AssumeRole arn:aws:iam::111111111111:role/audit (Throttling)',
    });
    expect(m.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({ RoleArn: 'arn:aws:iam::111111111111:role/audit', ExternalId: 'xid-1' });
    m.on(AssumeRoleCommand).resolves({});
    await expect(assumeAuditRole(sts, '111111111111', { roleName: 'audit' })).rejects.toThrow(/returned no credentials/);
  });

  it('validates role names and external ids before any call', () => {
    expect(checkRoleName('iam-guardian-audit')).toBe('iam-guardian-audit');
    for (const bad of ['', 'a/b', 'x'.repeat(65), 'role name']) expect(() => checkRoleName(bad)).toThrow(RangeError);
    expect(checkExternalId('org-sweep-7f3a')).toBe('org-sweep-7f3a');
    for (const bad of ['a', 'has space', 'x'.repeat(1225)]) expect(() => checkExternalId(bad)).toThrow(RangeError);
  });
});
