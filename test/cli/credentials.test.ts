/**
 * Commands that read the account say first, before any collector runs or any SDK warning, that they need credentials,
 * with the offline alternative and the read-only policy to use; that policy grants exactly what `sweep` and
 * `snapshot` call.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READ_ONLY_POLICY_FILE, missingCredentialsText } from '../../lib/guide/credentials';
import { analysePolicies } from '../../lib/policy/analyse';
import type { PolicyDocument } from '../../lib/policy/document';

const ROOT = join(__dirname, '..', '..');
let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'iamg-nocreds-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The CLI with no credentials anywhere: empty HOME, no AWS_* variables, instance metadata off (nothing is contacted). */
function cliWithoutCredentials(...args: string[]) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') };
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'iam-guardian.js'), ...args], { cwd: home, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.each([
  ['sweep', [], 'sweep --snapshot samples/snapshots/messy'],
  ['snapshot', ['--out', 'snap'], 'Snapshot format'],
  ['doctor', [], undefined],
  ['replay --event-history', [], 'iam-guardian replay events/'],
  ['replay', ['s3://trail-bucket/AWSLogs/'], 'iam-guardian replay ./trail-logs'],
  ['redrive', ['--queue-url', 'https://sqs.us-east-1.amazonaws.com/123456789012/iam-guardian-prod-events-dlq'], undefined],
  ['report --table', ['--account', '123456789012'], 'iam-guardian report --history DIR'],
  ['report --org', [], 'iam-guardian report --org --snapshot DIR'],
  ['rightsize', ['--all', '--archive', 'trail-logs'], 'iam-guardian rightsize --snapshot DIR --archive DIR'],
])('%s without credentials', (command, extra, offline) => {
  it('says so on its first line, with what to do, and runs nothing else', () => {
    const words = command.split(' ');
    // `report --table` takes the table's name as the flag's value.
    const args = command === 'report --table' ? [...words, 'iam-guardian-prod-StateTable-ABC'] : words;
    const r = cliWithoutCredentials(...args, ...extra);
    expect(r.code).toBe(1);
    const lines = r.err.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^iam-guardian ${command}: this command reads your AWS account and needs AWS credentials; none could be loaded \\(`));
    expect(r.err).not.toMatch(/NodeVersionSupportWarning|not collected/);
    if (offline) expect(r.err).toContain(offline);
    expect(r.err).toContain('aws sts get-caller-identity --profile readonly');
    if (command === 'sweep' || command === 'snapshot' || command === 'report --org') expect(r.err).toContain(READ_ONLY_POLICY_FILE);
    expect(r.out).toBe('');
  });
});

it('names the profile that could not be loaded', () => {
  expect(missingCredentialsText({ command: 'sweep', profile: 'audit', reason: 'x' })).toMatch(/^iam-guardian sweep: this command reads your AWS account and needs the AWS profile "audit"; none could be loaded \(x\)\./);
});

describe('the shipped read-only policy', () => {
  const doc = JSON.parse(readFileSync(join(ROOT, READ_ONLY_POLICY_FILE), 'utf8')) as { Statement: { Action: string[] }[] };
  const SERVICE: Record<string, string> = { 'client-iam': 'iam', 'client-cloudtrail': 'cloudtrail', 'client-accessanalyzer': 'access-analyzer', 'client-sts': 'sts' };

  it('grants exactly the calls the collector makes, last-accessed data included (GetCallerIdentity needs no permission)', () => {
    // The collector and the last-accessed calls it makes (lib/aws/last-accessed.ts).
    const text = ['collect.ts', 'last-accessed.ts'].map((f) => readFileSync(join(ROOT, 'lib', 'aws', f), 'utf8')).join('\n');
    const used = new Set<string>();
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z0-9-]+)'/g)) {
      for (const raw of m[1].split(',')) {
        const name = raw.trim();
        if (!/^[A-Za-z0-9]+Command$/.test(name)) continue;
        expect(SERVICE[m[2]]).toBeDefined();
        used.add(`${SERVICE[m[2]]}:${name.replace(/Command$/, '')}`);
      }
    }
    used.delete('sts:GetCallerIdentity');
    expect(used.size).toBeGreaterThan(5);
    expect(doc.Statement.flatMap((s) => s.Action).sort()).toEqual([...used].sort());
  });

  it('is judged read-only by the project’s own analyser', () => {
    const a = analysePolicies([doc as unknown as PolicyDocument]);
    expect(a.adminEquivalent).toBe(false);
    expect(a.escalations).toEqual([]);
    expect(a.sensitive).toEqual([]);
    expect(a.unknownActions).toEqual([]);
    expect(a.fullAccessServices).toEqual([]);
  });
});
