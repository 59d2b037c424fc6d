/**
 * End to end: a configuration file → the CLI's output. Suppressed findings stay in `sweep --json` / `score --json`
 * with status "suppressed" and their reason; disabled rules and severity overrides apply; a wrong file makes every
 * command exit 1 with `file:line: problem`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';

const ROOT = resolve(__dirname, '../..');
const MESSY = join(ROOT, 'samples/snapshots/messy');
const NO_MFA_EVENT = join(ROOT, 'events/console-login-iam-user-no-mfa.json');
const KEY_OTHER_USER_EVENT = join(ROOT, 'events/create-access-key-other-user.json');

function project(config: string, name = 'iam-guardian.config.yaml'): string {
  const d = mkdtempSync(join(tmpdir(), 'iamg-e2e-'));
  writeFileSync(join(d, name), config);
  return d;
}

async function run(cwd: string, ...args: string[]) {
  const io = memoryIo(cwd);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

interface SweepJson {
  account: string;
  findings: { ruleId: string; resource: string; severity: string; status?: string; suppression?: { reason: string; owner?: string; expires: string } }[];
}

const SWEEP_CONFIG = `
disabledRules:
  - support-role-missing
severityOverrides:
  password-policy-weak: critical
suppressions:
  - rule: user-console-no-mfa
    resource: arn:aws:iam::210987654321:user/intern-*
    reason: Intern account, console access removed on Friday (HR-118)
    owner: it@example.com
    expires: "2099-12-31"
  - rule: "access-key-*"
    resource: arn:aws:iam::*:user/etl-bot
    reason: Batch key, replaced by a role in Q1
    expires: "2099-06-30"
`;

describe('config → sweep output', () => {
  it('sweep --json: suppressed findings kept and marked, disabled rules gone, overrides applied', async () => {
    const base = await run(project('{}\n', 'iam-guardian.config.json'), 'sweep', '--snapshot', MESSY, '--json');
    expect(base.code).toBe(0);
    const before = JSON.parse(base.out) as SweepJson;
    const r = await run(project(SWEEP_CONFIG), 'sweep', '--snapshot', MESSY, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const after = JSON.parse(r.out) as SweepJson;

    // Same findings except the disabled rule; none dropped by a suppression.
    const key = (f: { ruleId: string; resource: string }) => `${f.ruleId} ${f.resource}`;
    expect(after.findings.map(key).sort()).toEqual(before.findings.filter((f) => f.ruleId !== 'support-role-missing').map(key).sort());
    expect(before.findings.some((f) => f.ruleId === 'support-role-missing')).toBe(true);

    const carl = after.findings.find((f) => f.ruleId === 'user-console-no-mfa' && f.resource.endsWith('user/intern-carl'));
    expect(carl).toMatchObject({
      status: 'suppressed',
      suppression: { reason: 'Intern account, console access removed on Friday (HR-118)', owner: 'it@example.com', expires: '2099-12-31' },
    });
    const bob = after.findings.find((f) => f.ruleId === 'user-console-no-mfa' && f.resource.endsWith('user/admin-bob'));
    expect(bob?.status).not.toBe('suppressed');
    const etl = after.findings.filter((f) => f.resource.endsWith('user/etl-bot'));
    expect(etl.filter((f) => f.ruleId.startsWith('access-key-')).map((f) => f.status)).toEqual(['suppressed']);
    expect(etl.filter((f) => !f.ruleId.startsWith('access-key-')).every((f) => f.status !== 'suppressed')).toBe(true);
    expect(after.findings.find((f) => f.ruleId === 'password-policy-weak')?.severity).toBe('critical');
  });

  it('--config FILE elsewhere is used instead of the root file', async () => {
    const d = project('alertThreshold: high\n');
    writeFileSync(join(d, 'other.yaml'), 'disabledRules: ["*"]\n');
    const r = await run(d, 'sweep', '--snapshot', MESSY, '--json', '--config', 'other.yaml');
    expect(JSON.parse(r.out).findings).toEqual([]);
  });
});

describe('config → score output', () => {
  it('score --json: a suppressed event finding keeps its place with status and reason, and does not alert', async () => {
    const base = await run(project('{}\n', 'iam-guardian.config.json'), 'score', '--json', NO_MFA_EVENT);
    const b = JSON.parse(base.out.trim());
    expect(b.alert).toBe(true);
    const r = await run(
      project(`suppressions:\n  - rule: user-sign-in-without-mfa\n    resource: "arn:aws:iam::111122223333:user/carol"\n    reason: Carol's hardware key is being replaced (IT-9)\n    owner: carol\n    expires: "2099-01-01"\n`),
      'score',
      '--json',
      NO_MFA_EVENT,
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out.trim());
    expect(s.findings).toHaveLength(b.findings.length);
    const f = s.findings.find((x: { ruleId: string }) => x.ruleId === 'user-sign-in-without-mfa');
    expect(f).toMatchObject({ status: 'suppressed', suppression: { reason: "Carol's hardware key is being replaced (IT-9)", owner: 'carol', expires: '2099-01-01' } });
    expect(s.alert).toBe(false);
  });

  it('a resource glob suppresses keys created for the build user only', async () => {
    const cfg = (resource: string) =>
      `suppressions:\n  - rule: "access-key-created*"\n    resource: "${resource}"\n    reason: build-bot keys are issued by the platform team\n    expires: "2099-01-01"\n`;
    const hit = JSON.parse((await run(project(cfg('arn:aws:iam::*:user/build-*')), 'score', '--json', KEY_OTHER_USER_EVENT)).out.trim());
    expect(hit.findings.map((x: { ruleId: string; status?: string }) => [x.ruleId, x.status])).toEqual([['access-key-created-for-other-user', 'suppressed']]);
    expect(hit.alert).toBe(false);
    const miss = JSON.parse((await run(project(cfg('arn:aws:iam::*:user/deploy-*')), 'score', '--json', KEY_OTHER_USER_EVENT)).out.trim());
    expect(miss.findings.map((x: { status?: string }) => x.status)).toEqual([undefined]);
    expect(miss.alert).toBe(true);
  });
});

describe('a wrong configuration: every command exits 1 naming the file and line', () => {
  const BAD = 'alertThreshold: high\nsuppressions:\n  - rule: access-key-created\n    resource: "*"\n    expires: "2099-01-01"\n';
  const LINE = 'iam-guardian.config.yaml:3: suppressions[0] is missing required "reason"';

  it.each([
    ['score', [NO_MFA_EVENT]],
    ['sweep', ['--snapshot', MESSY]],
    ['check-policy', [join(ROOT, 'events/put-user-policy-star.json')]],
    ['report', ['--history', join(ROOT, 'samples/history')]],
    ['replay', [join(ROOT, 'events')]],
  ])('%s', async (command, args) => {
    const r = await run(project(BAD), command, ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(LINE);
    expect(r.out).toBe('');
  });

  it('snapshot and demo accept --config and refuse a wrong one before doing anything', async () => {
    const d = project(BAD);
    for (const args of [['snapshot', '--out', join(d, 'snap'), '--config', 'iam-guardian.config.yaml'], ['demo', '--out', join(d, 'demo'), '--config', 'iam-guardian.config.yaml']]) {
      const r = await run(d, ...args);
      expect(r.code).toBe(1);
      expect(r.err).toContain(LINE);
      expect(r.out).toBe('');
    }
  });

  it('--config FILE that does not exist', async () => {
    const r = await run(project('{}\n', 'iam-guardian.config.json'), 'sweep', '--snapshot', MESSY, '--config', 'missing.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toContain('missing.yaml: cannot read configuration: file not found');
  });
});

describe('--format on sweep and score', () => {
  it('sweep --format ocsf|asff|csv carry the suppression', async () => {
    const d = project(SWEEP_CONFIG);
    const ocsf = JSON.parse((await run(d, 'sweep', '--snapshot', MESSY, '--format', 'ocsf')).out) as { class_uid: number; status_id: number; status_detail?: string; finding_info: { analytic: { uid: string } }; resources: { uid: string }[] }[];
    expect(new Set(ocsf.map((o) => o.class_uid))).toEqual(new Set([2003]));
    const carl = ocsf.find((o) => o.finding_info.analytic.uid === 'user-console-no-mfa' && o.resources[0].uid.endsWith('intern-carl'));
    expect(carl?.status_id).toBe(3);
    expect(carl?.status_detail).toContain('Intern account');
    const asff = JSON.parse((await run(d, 'sweep', '--snapshot', MESSY, '--format', 'asff')).out) as { AwsAccountId: string; Workflow: { Status: string }; GeneratorId: string; Resources: { Id: string }[] }[];
    expect(asff.length).toBe(ocsf.length);
    expect(asff.every((a) => a.AwsAccountId === '210987654321')).toBe(true);
    expect(asff.find((a) => a.GeneratorId === 'iam-guardian/user-console-no-mfa' && a.Resources[0].Id.endsWith('intern-carl'))?.Workflow.Status).toBe('SUPPRESSED');
    const csv = parse((await run(d, 'sweep', '--snapshot', MESSY, '--format', 'csv')).out, { columns: true }) as Record<string, string>[];
    expect(csv.length).toBe(ocsf.length);
    expect(csv.filter((r) => r.status === 'suppressed').map((r) => r.suppressionReason).sort()).toEqual([
      'Batch key, replaced by a role in Q1',
      'Intern account, console access removed on Friday (HR-118)',
    ]);
  });

  it('sweep --format json equals --json; --format html prints the report', async () => {
    const d = project(SWEEP_CONFIG);
    const a = await run(d, 'sweep', '--snapshot', MESSY, '--json');
    const b = await run(d, 'sweep', '--snapshot', MESSY, '--format', 'json');
    expect(b.out).toBe(a.out);
    const h = await run(d, 'sweep', '--snapshot', MESSY, '--format', 'html');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/^<!doctype html>/i);
  });

  it('--json with another --format is refused (exit 1), an unknown format too', async () => {
    const d = project('{}\n', 'iam-guardian.config.json');
    const r = await run(d, 'sweep', '--snapshot', MESSY, '--json', '--format', 'csv');
    expect([r.code, r.out, r.err]).toEqual([1, '', 'iam-guardian sweep: --json and --format csv contradict each other; use one\n']);
    const u = await run(d, 'score', '--format', 'xml', NO_MFA_EVENT);
    expect(u.code).toBe(1);
    expect(u.err).toContain("argument 'xml' is invalid. Allowed choices are text, json, ocsf, asff, csv.");
  });

  it('score --format ocsf gives Detection Findings (2004); json equals --json', async () => {
    const d = project('{}\n', 'iam-guardian.config.json');
    const o = JSON.parse((await run(d, 'score', '--format', 'ocsf', NO_MFA_EVENT)).out) as { class_uid: number; finding_info: { analytic: { uid: string } } }[];
    expect(o.map((x) => [x.class_uid, x.finding_info.analytic.uid])).toEqual([[2004, 'user-sign-in-without-mfa']]);
    const a = await run(d, 'score', '--json', NO_MFA_EVENT);
    const b = await run(d, 'score', '--format', 'json', NO_MFA_EVENT);
    expect(b.out).toBe(a.out);
    const csv = parse((await run(d, 'score', '--format', 'csv', NO_MFA_EVENT)).out, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.kind, r.ruleId])).toEqual([['event', 'user-sign-in-without-mfa']]);
  });
});
