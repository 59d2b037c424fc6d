import { promises as fs, mkdtempSync, cpSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import type { WeeklyReport } from '../../lib/report/model';

const ROOT = path.resolve(__dirname, '../..');
const MESSY = path.join(ROOT, 'samples/snapshots/messy');

async function run(args: string[], cwd: string) {
  const io = memoryIo(cwd);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iam-guardian-report-cli-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('demo (npm start)', () => {
  test('writes the HTML report and the e-mail text, prints the e-mail and the path; the history it used renders again', async () => {
    const out = path.join(tmp, 'demo-out');
    const r = await run(['demo', '--out', out], tmp);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('210987654321');
    expect(r.out).toContain(`HTML report:   ${path.join(out, 'report.html')}`);
    expect(r.out).toMatch(/Subject: \[CRITICAL\] [\d.]+\/100 \([+-]?[\d.]+\) 210987654321 /);
    expect(r.out).toMatch(/REAL-TIME ALERTS THIS WEEK \(\d+\)/);
    expect(r.out).toContain('Root user signed in to the console');
    // a trend made of the generated weekly history plus tonight's sweep
    const spark = /12-week trend {2}(\S+)/.exec(r.out)?.[1] ?? '';
    expect([...spark].filter((c) => c !== '·').length).toBeGreaterThanOrEqual(12);

    const again = await run(['report', '--history', path.join(out, 'demo-history'), '--json'], tmp);
    expect(again.code).toBe(0);
    const model = JSON.parse(again.out) as WeeklyReport;
    expect(model.account).toBe('210987654321');
    expect(model.trend.filter((p) => p.score !== undefined).length).toBeGreaterThanOrEqual(12);
    expect(model.alertTotal).toBeGreaterThan(0);
  });
});

describe('report command', () => {
  test('--snapshots: dated snapshot folders are swept oldest first; findings fixed between them show as fixed', async () => {
    const dir = path.join(tmp, 'snaps');
    const older = path.join(dir, '2026-11-14');
    const newer = path.join(dir, '2026-11-28');
    cpSync(MESSY, older, { recursive: true });
    cpSync(MESSY, newer, { recursive: true });
    const meta = JSON.parse(readFileSync(path.join(older, 'meta.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(older, 'meta.json'), JSON.stringify({ ...meta, takenAt: '2026-11-14T03:00:00Z' }));
    // the newer snapshot has a password policy that passes
    writeFileSync(
      path.join(newer, 'password-policy.json'),
      JSON.stringify({
        PasswordPolicy: {
          MinimumPasswordLength: 16, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90,
          PasswordReusePrevention: 24, HardExpiry: false,
        },
      }),
    );
    const html = path.join(tmp, 'r.html');
    const r = await run(['report', '--snapshots', dir, '--json', '--html', html], tmp);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.out) as WeeklyReport;
    expect(model.trend.filter((p) => p.score !== undefined)).toHaveLength(2);
    // resolved when the sweep first sees it fixed: the newest snapshot, inside this week
    expect(model.fixedThisWeek.map((x) => x.finding.ruleId)).toEqual(['password-policy-weak']);
    expect(model.open.some((f) => f.ruleId === 'password-policy-weak')).toBe(false);
    // …and intern-carl's key, 86 days old in the older snapshot, crossed the 90-day limit in between
    expect(model.newThisWeek.map((x) => [x.finding.ruleId, x.finding.resource.split('/').pop()])).toContainEqual(['access-key-not-rotated', 'intern-carl']);
    expect(readFileSync(html, 'utf8')).toContain('<svg id="trend"');
    expect(r.err).toContain('HTML report written to');
  });

  test('--snapshots with one snapshot folder: a report with one point and no change', async () => {
    const r = await run(['report', '--snapshots', MESSY], tmp);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Subject: \[CRITICAL\] [\d.]+\/100 210987654321 /);
    expect(r.out).toContain('n/a vs last week');
  });

  test('exactly one source; unreadable input exits 1 naming it', async () => {
    expect((await run(['report'], tmp)).code).toBe(1);
    const both = await run(['report', '--history', 'a', '--snapshots', 'b'], tmp);
    expect(both.code).toBe(1);
    expect(both.err).toContain('exactly one of');
    const missing = await run(['report', '--history', 'no-such-dir'], tmp);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no-such-dir');
    const empty = path.join(tmp, 'empty');
    await fs.mkdir(empty, { recursive: true });
    const none = await run(['report', '--snapshots', empty], tmp);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no snapshot folders/);
    expect((await run(['report', '--history', empty, '--now', 'yesterday'], tmp)).err).toContain('not an ISO');
    expect((await run(['report', '--table', 't'], tmp)).err).toContain('--account');
  });
});
