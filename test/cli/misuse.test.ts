/**
 * Easy mistakes of a first-time user (issue 23): `score` on a policy, a snapshot file or a configuration says which
 * command reads it (exit 1, no "unreadable event" alert); `replay` skips files that are not CloudTrail logs with a
 * note counted in its summary (exit 0); a CloudTrail record that is merely broken is still scored and alerted.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { memoryIo } from '../../lib/cli/io';
import { CONFIG_TOP_KEYS, foreignDocument, foreignText } from '../../lib/cloudtrail/kind';
import schema from '../../lib/config/schema.json';

const ROOT = join(__dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-misuse-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const io = memoryIo(ROOT);
  const code = await main(['node', 'iam-guardian', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('score on a file that is not an event', () => {
  it('a policy document: names check-policy, exits 1, prints no alert', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }));
    const r = await cli(['score', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`this is an IAM policy document, not a CloudTrail event: check it with: iam-guardian check-policy ${file}`);
    expect(r.out).not.toContain('unparseable-event');
    expect(r.out).toContain('0 events scored');
  });

  it('`aws iam get-policy-version` output is a policy too', () => {
    expect(foreignDocument({ PolicyVersion: { Document: {}, VersionId: 'v1' } })?.kind).toBe('policy');
  });

  it('a snapshot file: names sweep --snapshot with its folder', async () => {
    const r = await cli(['score', 'samples/snapshots/messy/authorization-details.json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('account snapshot (authorization-details.json)');
    expect(r.err).toContain('iam-guardian sweep --snapshot samples/snapshots/messy');
  });

  it.each(['account-summary.json', 'meta.json', 'cloudtrail.json', 'virtual-mfa-devices.json'])('snapshot file %s is recognised', async (name) => {
    const r = await cli(['score', `samples/snapshots/messy/${name}`]);
    expect([r.code, r.err]).toEqual([1, expect.stringContaining('sweep --snapshot samples/snapshots/messy')]);
  });

  it('a YAML or JSON configuration: names --config', async () => {
    const yaml = await cli(['score', 'iam-guardian.config.example.yaml']);
    expect(yaml.code).toBe(1);
    expect(yaml.err).toContain('an iam-guardian configuration (YAML), not a CloudTrail event: use it with any command: --config iam-guardian.config.example.yaml');
    const file = join(dir, 'cfg.json');
    writeFileSync(file, JSON.stringify({ alertThreshold: 'high', suppressions: [] }));
    const json = await cli(['score', file]);
    expect(json.err).toContain(`an iam-guardian configuration, not a CloudTrail event: use it with any command: --config ${file}`);
  });

  it('a broken CloudTrail record is still scored and alerted (never called foreign)', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ eventVersion: '1.08', userIdentity: null, Statement: 'x' }));
    const r = await cli(['score', '--json', file]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out.trim()) as { alert: boolean; findings: { ruleId: string }[] };
    expect(line.alert).toBe(true);
    expect(line.findings.map((f) => f.ruleId)).toContain('unparseable-event');
  });

  it('empty objects, arrays and scalars are left to the scorer', () => {
    expect(foreignDocument({})).toBeUndefined();
    expect(foreignDocument([{ Statement: [] }])).toBeUndefined();
    expect(foreignDocument('x')).toBeUndefined();
    expect(foreignDocument({ detail: { Statement: [] } })).toBeUndefined();
    expect(foreignText('{"eventName":"x"}\n{"eventName":"y"}')).toBeUndefined();
    expect(foreignText('alertThreshold: high\nnotAKey: 1\n')).toBeUndefined();
  });

  it('knows every top-level key of the configuration schema', () => {
    expect([...CONFIG_TOP_KEYS].sort()).toEqual(Object.keys(schema.properties).sort());
  });
});

describe('replay over a folder holding more than logs', () => {
  it('skips test expectations and a policy with a note, counts them, scores the logs, exits 0', async () => {
    const root = join(dir, 'archive');
    mkdirSync(join(root, 'expected'), { recursive: true });
    copyFileSync(join(ROOT, 'events', 'root-console-login-no-mfa.json'), join(root, 'root-console-login-no-mfa.json'));
    copyFileSync(join(ROOT, 'events', 'expected', 'expected.json'), join(root, 'expected', 'expected.json'));
    writeFileSync(join(root, 'policy.json'), JSON.stringify({ Version: '2012-10-17', Statement: [] }));
    const text = await cli(['replay', root, '--workers', '0']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Replayed 3 file(s), 1 event(s)');
    expect(text.out).toContain('2 files ignored: not CloudTrail logs (counted above, not scored):');
    expect(text.out).toContain(`${join(root, 'expected', 'expected.json')}: this is JSON that holds no CloudTrail event`);
    expect(text.out).toContain(`${join(root, 'policy.json')}: this is an IAM policy document`);
    expect(text.out).not.toContain('unparseable-event');
    const json = await cli(['replay', root, '--workers', '0', '--json']);
    const summary = (JSON.parse(json.out.trim().split('\n').pop()!) as { summary: { ignoredFiles: { file: string }[]; events: number } }).summary;
    expect(summary.events).toBe(1);
    expect(summary.ignoredFiles.map((f) => f.file).sort()).toEqual([join(root, 'expected', 'expected.json'), join(root, 'policy.json')]);
  });

  it('a CloudTrail digest file is named as such', () => {
    expect(foreignDocument({ awsAccountId: '1', digestStartTime: 'x', logFiles: [] })?.kind).toBe('cloudtrail-digest');
  });
});
