/**
 * `iam-guardian sweep --org` and `snapshot --org` end to end through main() (Organizations, STS, IAM, CloudTrail,
 * Access Analyzer mocked at the SDK layer): one reachable account, one suspended, one whose audit role cannot be
 * assumed. The org JSON document, the text ranking, option validation.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { IAMClient } from '@aws-sdk/client-iam';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { ACCOUNT, CREDENTIAL_REPORT_CSV, authorizationDetails, urlEncode } from '../account/fixtures';
import { mockAccountReads } from '../support/account-mocks';

let cwd: string;
const iam = mockClient(IAMClient);
const ct = mockClient(CloudTrailClient);
const aa = mockClient(AccessAnalyzerClient);
const sts = mockClient(STSClient);
const org = mockClient(OrganizationsClient);
const SUSPENDED = '222222222222';
const NO_ROLE = '333333333333';

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'iamg-cli-org-'));
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const gaad = authorizationDetails(urlEncode);
  mockAccountReads(
    { iam, cloudtrail: ct, accessAnalyzer: aa, sts },
    { account: ACCOUNT, authorizationDetails: gaad, credentialReport: CREDENTIAL_REPORT_CSV, reportTime: '2026-11-28T04:00:00Z', callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/iam-guardian-audit/iam-guardian-org-sweep` },
  );
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    if (input.RoleArn.includes(NO_ROLE)) {
      throw new STSServiceException({ name: 'AccessDenied', $fault: 'client', message: `User: arn:aws:sts::999999999999:assumed-role/admin/me is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, $metadata: { httpStatusCode: 403 } });
    }
    return { Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
  });
  org.on(ListAccountsCommand).resolves({
    Accounts: [
      { Id: ACCOUNT, Name: 'production', Status: 'ACTIVE', State: 'ACTIVE' },
      { Id: SUSPENDED, Name: 'old-sandbox', Status: 'SUSPENDED', State: 'SUSPENDED' },
      { Id: NO_ROLE, Name: 'new-team', Status: 'ACTIVE', State: 'ACTIVE' },
    ],
  });
});
afterAll(() => {
  for (const m of [iam, ct, aa, sts, org]) m.restore();
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  rmSync(cwd, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const io = memoryIo(cwd);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('iam-guardian sweep --org', () => {
  it('--json: {org: {score, accounts: [{account, name, score, status, reason?, findings}]}}, findings as a single-account sweep', async () => {
    const r = await run('sweep', '--org', '--json', '--external-id', 'xid-42', '--concurrency', '2', '--region', 'us-east-1');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const single = JSON.parse((await run('sweep', '--json', '--region', 'us-east-1')).out);
    expect(Object.keys(doc)).toEqual(['org']);
    expect(doc.org.score).toBe(single.score);
    expect(doc.org.accounts.map((a: { account: string; status: string }) => [a.account, a.status])).toEqual([
      [ACCOUNT, 'evaluated'],
      [SUSPENDED, 'not-evaluated'],
      [NO_ROLE, 'not-evaluated'],
    ]);
    expect(doc.org.accounts[0]).toMatchObject({ name: 'production', score: single.score, findings: single.findings });
    expect(doc.org.accounts[0].findings.length).toBeGreaterThan(0);
    expect(doc.org.accounts[1]).toEqual({ account: SUSPENDED, name: 'old-sandbox', score: null, status: 'not-evaluated', reason: 'account suspended (skipped)', findings: [] });
    expect(doc.org.accounts[2].reason).toMatch(/^audit role not assumable: arn:aws:iam::333333333333:role\/iam-guardian-audit \(AccessDenied/);
    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed.map((i) => i.RoleArn).sort()).toEqual([`arn:aws:iam::${ACCOUNT}:role/iam-guardian-audit`, `arn:aws:iam::${NO_ROLE}:role/iam-guardian-audit`]);
    expect(assumed.every((i) => i.ExternalId === 'xid-42')).toBe(true);
    expect(r.err).toContain(`[3/3]`);
  });

  it('text: accounts ranked by score, then those not evaluated with their reason; --role-name picks the role', async () => {
    sts.resetHistory();
    const r = await run('sweep', '--org', '--role-name', 'SecurityAudit-x', '--region', 'us-east-1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Organization score: \d+(\.\d)?\/100 \(mean of 1 evaluated account\(s\) of 3\)/);
    expect(r.out).toMatch(new RegExp(`ACCOUNTS BY SCORE \\(lowest first\\)\\n  1\\. ${ACCOUNT} production  \\d+(\\.\\d)?/100  \\d+ (critical|high|medium|low)`));
    expect(r.out).toContain(`NOT EVALUATED (2)`);
    expect(r.out).toContain(`  - ${SUSPENDED} old-sandbox: account suspended (skipped)`);
    expect(r.out).toContain(`  - ${NO_ROLE} new-team: audit role not assumable: arn:aws:iam::${NO_ROLE}:role/SecurityAudit-x`);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.ExternalId).toBeUndefined();
  });

  it.each([
    [['sweep', '--org', '--concurrency', '0'], /concurrency must be an integer from 1 to 100/],
    [['sweep', '--org', '--concurrency', '3x'], /concurrency must be an integer/],
    [['sweep', '--org', '--role-name', 'a/b'], /not an IAM role name/],
    [['sweep', '--org', '--external-id', 'x'], /external id must be/],
    [['sweep', '--role-name', 'r'], /go with --org/],
    [['sweep', '--org', '--format', 'csv'], /--org prints text or --json/],
    [['sweep', '--org', '--snapshot', 'dir'], /--org prints text or --json/],
    [['snapshot', '--out', 'x', '--concurrency', '2'], /go with --org/],
  ])('%j fails with a message', async (args, msg) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg as RegExp);
  });
});

describe('iam-guardian snapshot --org', () => {
  it('writes DIR/<account>/ for each reachable account and DIR/accounts.json naming the others and why', async () => {
    const r = await run('snapshot', '--org', '--out', 'org-snap', '--region', 'us-east-1');
    expect(r.code).toBe(0);
    expect(r.out).toBe('wrote org-snap: 1 account folder(s) of 3 account(s), accounts.json\n');
    expect(existsSync(join(cwd, 'org-snap', ACCOUNT, 'authorization-details.json'))).toBe(true);
    expect(existsSync(join(cwd, 'org-snap', SUSPENDED))).toBe(false);
    const index = JSON.parse(readFileSync(join(cwd, 'org-snap', 'accounts.json'), 'utf8'));
    expect(index.accounts.map((a: { account: string; status: string }) => a.status)).toEqual(['evaluated', 'not-evaluated', 'not-evaluated']);
    const fromFolder = JSON.parse((await run('sweep', '--snapshot', join('org-snap', ACCOUNT), '--json')).out);
    const live = JSON.parse((await run('sweep', '--json', '--region', 'us-east-1')).out);
    expect(fromFolder.findings).toEqual(live.findings);
  });
});

describe('iam-guardian report --org', () => {
  it('live: the organization e-mail (ranking, org score, not evaluated and why); --json; --html with a page per account', async () => {
    const r = await run('report', '--org', '--external-id', 'xid-42', '--region', 'us-east-1', '--html', join('org-report', 'index.html'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Subject: \[(CRITICAL|HIGH|MEDIUM|LOW|INFO|OK)\] \d+(\.\d)?\/100 organization IAM weekly report: 1\/3 accounts, 2 not evaluated\n/);
    expect(r.out).toMatch(new RegExp(`\\n  1\\. \\d+(\\.\\d)?/100 · new  ${ACCOUNT} production  `));
    expect(r.out).toContain(`  - ${SUSPENDED} old-sandbox: account suspended (skipped)`);
    expect(r.out).toContain(`  - ${NO_ROLE} new-team: audit role not assumable: arn:aws:iam::${NO_ROLE}:role/iam-guardian-audit`);
    const html = readFileSync(join(cwd, 'org-report', 'index.html'), 'utf8');
    expect(html).toContain(`<a href="accounts/${ACCOUNT}.html">`);
    const page = readFileSync(join(cwd, 'org-report', 'accounts', `${ACCOUNT}.html`), 'utf8');
    expect(page).toContain(ACCOUNT);
    expect(existsSync(join(cwd, 'org-report', 'accounts', `${SUSPENDED}.html`))).toBe(false);

    const json = JSON.parse((await run('report', '--org', '--json', '--external-id', 'xid-42', '--region', 'us-east-1')).out);
    const single = JSON.parse((await run('sweep', '--json', '--region', 'us-east-1')).out);
    expect(json).toMatchObject({ score: single.score, total: 3, evaluated: 1, notEvaluated: 2 });
    expect(json.accounts[0]).toMatchObject({ rank: 1, account: ACCOUNT, name: 'production', score: single.score, trend: 'new' });
    expect(json.worst.length).toBeGreaterThan(0);
  });

  it('--snapshot DIR (from snapshot --org) gives the same ranking offline; hostile account names are escaped', async () => {
    const live = JSON.parse((await run('report', '--org', '--json', '--external-id', 'xid-42', '--region', 'us-east-1')).out);
    const file = join(cwd, 'org-snap', 'accounts.json');
    const index = JSON.parse(readFileSync(file, 'utf8'));
    index.accounts[1].name = '<img src=x onerror=alert(1)>"\u202e';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(index));
    const r = await run('report', '--org', '--snapshot', 'org-snap', '--json');
    expect(r.code).toBe(0);
    const off = JSON.parse(r.out);
    expect(off).toMatchObject({ score: live.score, total: 3, evaluated: 1, notEvaluated: 2 });
    expect(off.accounts).toEqual(live.accounts);
    expect(off.worst).toEqual(live.worst);
    const h = await run('report', '--org', '--snapshot', 'org-snap', '--html', join('org-off', 'index.html'));
    expect(h.code).toBe(0);
    const html = readFileSync(join(cwd, 'org-off', 'index.html'), 'utf8');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;');
    expect(html).not.toContain('\u202e');
    expect(h.out).not.toContain('\u202e');
  });

  it.each([
    [['report', '--snapshot', 'org-snap'], /go with --org/],
    [['report', '--org', '--snapshot', 'org-snap', '--role-name', 'r'], /is offline/],
    [['report', '--org', '--history', 'h'], /--org takes --snapshot DIR/],
    [['report', '--org', '--snapshot', 'nowhere'], /cannot read the org snapshot index/],
    [['report', '--org', '--concurrency', '0'], /concurrency must be an integer from 1 to 100/],
  ])('%j fails with a message', async (args, msg) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg as RegExp);
  });
});
