/** `iam-guardian sweep` and `iam-guardian snapshot` end to end (snapshot folders on disk; live AWS mocked). */
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AccessAnalyzerClient, AccessDeniedException } from '@aws-sdk/client-accessanalyzer';
import { STSClient } from '@aws-sdk/client-sts';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { loadSnapshot } from '../../lib/account/snapshot';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { ACCOUNT, CREDENTIAL_REPORT_CSV, META, authorizationDetails, urlEncode, writeFolder } from '../account/fixtures';
import { mockAccountReads } from '../support/account-mocks';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'iamg-cli-sweep-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = memoryIo(cwd);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

const CONTRACT_KEYS = ['controls', 'fix', 'message', 'resource', 'ruleId', 'severity', 'status', 'title'];

describe('iam-guardian sweep --snapshot', () => {
  it('--json prints {account, score, findings[]} with the contract fields, matching the posture evaluation', async () => {
    const dir = writeFolder();
    const { code, out, err } = await run('sweep', '--snapshot', dir, '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc).sort()).toEqual(['account', 'findings', 'notEvaluated', 'score', 'warnings']);
    expect(doc.account).toBe(ACCOUNT);
    const ev = evaluateAccount(await loadSnapshot(dir), DEFAULT_CONFIG);
    expect(doc.score).toBe(ev.score);
    expect(doc.findings).toHaveLength(ev.findings.length);
    for (const f of doc.findings) {
      expect(Object.keys(f).sort()).toEqual(CONTRACT_KEYS);
      expect(Object.keys(f.fix).sort()).toEqual(['cli', 'console']);
      expect(f.status).toBe('new');
    }
    expect(doc.findings.map((f: { ruleId: string; resource: string }) => `${f.ruleId} ${f.resource}`).sort()).toEqual(
      ev.findings.map((f) => `${f.ruleId} ${f.resource}`).sort(),
    );
  });

  it('text output groups by severity (most severe first) with each fix, and lists checks that could not run', async () => {
    const dir = writeFolder({ omit: ['access-analyzers.json'] });
    const { code, out } = await run('sweep', '--snapshot', dir);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Account ${ACCOUNT}, snapshot 2026-11-28T06:00:00.000Z\\nPosture score: [0-9.]+/100`));
    const high = out.indexOf('\nHIGH (');
    const medium = out.indexOf('\nMEDIUM (');
    const low = out.indexOf('\nLOW (');
    expect(high).toBeGreaterThan(0);
    expect(medium).toBeGreaterThan(high);
    expect(low).toBeGreaterThan(medium);
    expect(out).toContain('cli: aws iam');
    expect(out).toMatch(/NOT EVALUATED \(\d+\) — these checks could not run; they are not passing\n {2}- access-analyzer-disabled: /);
  });

  it('a suppression from --config keeps the finding, marked with its reason', async () => {
    const cfg = join(cwd, 'iamg.yaml');
    writeFileSync(cfg, 'suppressions:\n  - rule: password-policy-weak\n    resource: "*"\n    reason: SSO only, no IAM passwords\n    owner: ops\n    expires: "2099-12-31"\n');
    const { code, out } = await run('sweep', '--snapshot', writeFolder(), '--json', '--config', cfg);
    expect(code).toBe(0);
    const f = JSON.parse(out).findings.find((x: { ruleId: string }) => x.ruleId === 'password-policy-weak');
    expect(f.status).toBe('suppressed');
    expect(f.suppression).toEqual({ reason: 'SSO only, no IAM passwords', owner: 'ops', expires: '2099-12-31' });
  });

  it('--history keeps first-seen between runs: the second run of the same snapshot finds nothing new', async () => {
    const history = join(cwd, 'history');
    const dir = writeFolder();
    const first = await run('sweep', '--snapshot', dir, '--history', history);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Since the last sweep: [1-9]\d* new, 0 resolved/);
    const second = await run('sweep', '--snapshot', dir, '--history', history, '--json');
    const doc = JSON.parse(second.out);
    expect(doc.findings.every((f: { status: string }) => f.status === 'open')).toBe(true);
    expect(existsSync(join(history, `${ACCOUNT}.findings.json`))).toBe(true);
  });

  it('--html writes an HTML report', async () => {
    const file = join(cwd, 'sweep.html');
    const { code, err } = await run('sweep', '--snapshot', writeFolder(), '--html', file);
    expect(code).toBe(0);
    expect(err).toContain('wrote');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(ACCOUNT);
  });

  it.each([
    [{ omit: ['meta.json'] }, 'meta.json: is missing'],
    [{ override: { 'authorization-details.json': '{"UserDetailList": [' } }, 'authorization-details.json: is not valid JSON'],
    [{ override: { 'credential-report.csv': 'name\nx\n' } }, 'credential-report.csv: the credential report has no "user" column'],
  ])('a bad folder exits 1 naming the file and the problem (%#)', async (opts, message) => {
    const dir = writeFolder(opts);
    const { code, out, err } = await run('sweep', '--snapshot', dir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`iam-guardian sweep: ${dir}/${message}`);
  });

  it('a folder that does not exist exits 1', async () => {
    const { code, err } = await run('sweep', '--snapshot', join(cwd, 'nope'));
    expect(code).toBe(1);
    expect(err).toContain('the snapshot folder does not exist');
  });

  it('a bad configuration exits 1 naming the file', async () => {
    const cfg = join(cwd, 'bad.yaml');
    writeFileSync(cfg, 'alertThreshold: urgent\n');
    const { code, err } = await run('sweep', '--snapshot', writeFolder(), '--config', cfg);
    expect(code).toBe(1);
    expect(err).toContain('bad.yaml');
  });

  it('refuses --snapshot together with --profile', async () => {
    const { code, err } = await run('sweep', '--snapshot', writeFolder(), '--profile', 'x');
    expect(code).toBe(1);
    expect(err).toContain('either --snapshot DIR or --profile NAME');
  });
});

describe('live account (AWS mocked)', () => {
  const iam = mockClient(IAMClient);
  const ct = mockClient(CloudTrailClient);
  const aa = mockClient(AccessAnalyzerClient);
  const sts = mockClient(STSClient);
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    const gaad = authorizationDetails(urlEncode);
    mockAccountReads(
      { iam, cloudtrail: ct, accessAnalyzer: aa, sts },
      {
        account: ACCOUNT,
        authorizationDetails: gaad,
        credentialReport: CREDENTIAL_REPORT_CSV,
        reportTime: '2026-11-28T04:00:00Z',
        analyzersError: new AccessDeniedException({ message: 'explicit deny in a service control policy', $metadata: {} }),
      },
    );
  });
  afterAll(() => {
    iam.restore();
    ct.restore();
    aa.restore();
    sts.restore();
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('snapshot --out writes the folder; sweep --snapshot on it equals the live sweep', async () => {
    const out = join(cwd, 'snap-out');
    const s = await run('snapshot', '--out', out, '--region', 'us-east-1');
    expect(s.code).toBe(0);
    expect(s.out).toContain('authorization-details.json');
    expect(s.err).toContain('not collected: accessAnalyzer: ListAnalyzers access denied');
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'))).toMatchObject({ accountId: ACCOUNT, region: 'us-east-1', notCollected: { accessAnalyzer: expect.any(String) } });
    const fromFolder = JSON.parse((await run('sweep', '--snapshot', out, '--json')).out);
    const live = await run('sweep', '--json', '--region', 'us-east-1');
    expect(live.code).toBe(0);
    // Plain progress lines on a non-TTY stderr.
    expect(live.err).toMatch(/authorization details: page 1, 6 users\/groups\/roles\/policies so far\n/);
    // No trail in this account: the exact command that reads its Event history instead.
    expect(live.err).toContain('no CloudTrail trail in this account. Read its last 90 days of Event history now: iam-guardian replay --event-history\n');
    const liveDoc = JSON.parse(live.out);
    expect(liveDoc.findings).toEqual(fromFolder.findings);
    expect(liveDoc.notEvaluated['access-analyzer-disabled']).toBeDefined();
    expect(liveDoc.account).toBe(META.accountId);
  });

  it('a live sweep that cannot read the authorization details exits 1 with the reason', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(Object.assign(new Error('User is not authorized to perform: iam:GetAccountAuthorizationDetails'), { name: 'AccessDenied' }));
    const { code, err } = await run('sweep', '--region', 'us-east-1');
    expect(code).toBe(1);
    expect(err).toContain('GetAccountAuthorizationDetails access denied (AccessDenied');
  });
});

describe('iam-guardian sweep: document warnings', () => {
  const broken = () => {
    const details = authorizationDetails(urlEncode) as { UserDetailList: { UserPolicyList: { PolicyName: string; PolicyDocument: unknown }[] }[] };
    details.UserDetailList[0].UserPolicyList = [
      { PolicyName: 'unreadable', PolicyDocument: '%7B%22Statement%22%3A' },
      { PolicyName: 'odd', PolicyDocument: urlEncode({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }] }) },
    ];
    return writeFolder({ override: { 'authorization-details.json': JSON.stringify(details) } });
  };

  it('--json lists the warnings and the affected findings say "not fully evaluated"', async () => {
    const { code, out } = await run('sweep', '--snapshot', broken(), '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.warnings).toEqual([
      expect.stringContaining(`unreadable of arn:aws:iam::${ACCOUNT}:user/alice could not be read`),
      expect.stringContaining(`odd of arn:aws:iam::${ACCOUNT}:user/alice: Statement 0 has Effect "Maybe"`),
    ]);
    const alice = doc.findings.filter((f: { resource: string }) => f.resource === `arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(alice.length).toBeGreaterThan(0);
    for (const f of alice) expect(f.message).toContain('Not fully evaluated: unreadable of');
  });

  it('text output has a WARNINGS section', async () => {
    const { out } = await run('sweep', '--snapshot', broken());
    expect(out).toMatch(/WARNINGS \(2\)/);
    expect(out).toContain('could not be read');
  });
});
