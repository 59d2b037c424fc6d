import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { SEVERITIES } from '../../lib/findings/types';

const EVENTS = join(__dirname, '..', '..', 'events');
const SAMPLES = readdirSync(EVENTS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(EVENTS, f));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-score-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(['node', 'iam-guardian', 'score', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('iam-guardian score --json', () => {
  it('prints one JSON object per event per line with the fields of the contract', async () => {
    const { code, out, err } = await run(['--json', ...SAMPLES]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(SAMPLES.length);
    for (const line of lines) {
      const o = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(o)).toEqual(['eventId', 'eventName', 'severity', 'score', 'alert', 'findings']);
      expect(['none', ...SEVERITIES]).toContain(o.severity);
      expect(typeof o.score).toBe('number');
      expect(typeof o.alert).toBe('boolean');
      for (const f of o.findings as Record<string, unknown>[]) {
        expect(Object.keys(f).slice(0, 6)).toEqual(['ruleId', 'severity', 'title', 'message', 'fix', 'controls']);
        expect(f.fix).toEqual({ console: expect.any(Array), cli: expect.any(String) });
      }
    }
  });

  it('a CloudTrail log file (gzip) gives one line per record', async () => {
    const recs = ['root-console-login-no-mfa.json', 's3-list-buckets-iam-user.json', 'stop-logging.json'].map(
      (f) => (JSON.parse(readFileSync(join(EVENTS, f), 'utf8')) as { detail: unknown }).detail,
    );
    const p = join(dir, '111122223333_CloudTrail_us-east-1_20261102T0915Z_x.json.gz');
    writeFileSync(p, gzipSync(Buffer.from(JSON.stringify({ Records: recs }))));
    const { code, out } = await run(['--json', p]);
    expect(code).toBe(0);
    const got = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { eventName: string; severity: string; alert: boolean });
    expect(got.map((g) => g.eventName)).toEqual(['ConsoleLogin', 'ListBuckets', 'StopLogging']);
    expect(got.map((g) => g.alert)).toEqual([true, false, true]);
  });

  it('suppressed findings carry status and reason (config via --config)', async () => {
    const cfg = join(dir, 'cfg.yaml');
    writeFileSync(
      cfg,
      ['suppressions:', '  - rule: root-sign-in', "    resource: 'arn:aws:iam::111122223333:root'", '    reason: break-glass drill', '    owner: secops', '    expires: 2099-12-31', ''].join('\n'),
    );
    const { code, out, err } = await run(['--json', '--config', cfg, join(EVENTS, 'root-console-login-no-mfa.json')]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const o = JSON.parse(out) as { alert: boolean; severity: string; findings: { ruleId: string; status?: string; suppression?: { reason: string } }[] };
    expect(o.alert).toBe(false);
    expect(o.severity).toBe('critical');
    const f = o.findings.find((x) => x.ruleId === 'root-sign-in');
    expect(f?.status).toBe('suppressed');
    expect(f?.suppression?.reason).toBe('break-glass drill');
  });

  it('an unreadable configuration: exit 1, message names the file, nothing scored', async () => {
    const cfg = join(dir, 'bad.yaml');
    writeFileSync(cfg, 'alertThreshold: [nope\n');
    const { code, out, err } = await run(['--json', '--config', cfg, join(EVENTS, 'stop-logging.json')]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('bad.yaml');
  });
});

describe('iam-guardian score (text)', () => {
  it('prints each event with severity, score, alert and findings, then a summary', async () => {
    const { code, out } = await run([join(EVENTS, 'root-console-login-no-mfa.json'), join(EVENTS, 's3-list-buckets-iam-user.json')]);
    expect(code).toBe(0);
    expect(out).toMatch(/ConsoleLogin by root .*\n {2}CRITICAL, score 100\/100, ALERT\n {2}- \[critical\] root-sign-in: /);
    expect(out).toMatch(/ListBuckets by IAM user alice .*\n {2}no findings, score 0\/100, no alert/);
    expect(out).toMatch(/2 events scored, 1 alert \(offline/);
  });

  it('unreadable files: message naming the file and the problem, exit 1, the other files still scored', async () => {
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{"Records": [');
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    const { code, out, err } = await run(['--json', bad, join(EVENTS, 'stop-logging.json'), empty, join(dir, 'missing.json')]);
    expect(code).toBe(1);
    expect(err).toMatch(/broken\.json: invalid JSON/);
    expect(err).toMatch(/empty\.json: file is empty/);
    expect(err).toMatch(/missing\.json: file not found/);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(out).eventName).toBe('StopLogging');
  });

  it('a readable file holding an unreadable event is scored (unparseable-event), not an error', async () => {
    const p = join(dir, 'odd.json');
    writeFileSync(p, JSON.stringify({ detail: 'x', source: 'aws.iam', account: '111122223333' }));
    const { code, out } = await run(['--json', p]);
    expect(code).toBe(0);
    const o = JSON.parse(out) as { findings: { ruleId: string }[]; alert: boolean };
    expect(o.findings.map((f) => f.ruleId)).toContain('unparseable-event');
    expect(o.alert).toBe(true);
  });
});
