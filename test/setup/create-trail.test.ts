/**
 * setup/create-trail.sh (the README's "a trail in one command") against a stand-in `aws` on PATH that records every
 * call: bucket, public access block, the bucket policy CloudTrail needs (scoped to this trail), the multi-region trail,
 * logging started, management events selected, status shown. Nothing contacts AWS.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamg-trail-'));
  writeFileSync(
    join(dir, 'aws'),
    `#!/usr/bin/env bash
printf '%s\\n' "$(printf '%s' "$*" | tr '\\n' ' ')" >> "${dir}/calls.log"
for a in "$@"; do case "$prev" in --policy) printf '%s' "$a" > "${dir}/policy.json" ;; esac; prev="$a"; done
case "$*" in
  *"sts get-caller-identity"*) echo 111122223333 ;;
  *"s3api head-bucket"*) exit 254 ;;
  *"cloudtrail get-trail "*) exit 254 ;;
  *"get-trail-status"*) echo '{"IsLogging": true, "LatestDeliveryTime": null}' ;;
esac
`,
  );
  chmodSync(join(dir, 'aws'), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('creates the bucket, its CloudTrail policy and a logging multi-region trail, in that order', () => {
  const r = spawnSync('bash', [join(ROOT, 'setup', 'create-trail.sh'), '--profile', 'admin'], {
    env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const calls = readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');
  for (const c of calls) expect(c).toMatch(/^--profile admin --region us-east-1 /);
  const ops = calls.map((c) => c.split(' ').slice(4, 6).join(' '));
  expect(ops).toEqual([
    'sts get-caller-identity',
    's3api head-bucket',
    's3api create-bucket',
    's3api put-public-access-block',
    's3api put-bucket-policy',
    'cloudtrail get-trail',
    'cloudtrail create-trail',
    'cloudtrail start-logging',
    'cloudtrail put-event-selectors',
    'cloudtrail get-trail-status',
  ]);
  expect(calls.find((c) => c.includes('create-trail'))).toContain('--s3-bucket-name cloudtrail-logs-111122223333-us-east-1 --is-multi-region-trail');
  const policy = JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')) as { Statement: { Sid: string; Action: string; Resource: string | string[]; Condition: Record<string, Record<string, string>> }[] };
  const trail = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/iam-guardian-trail';
  const write = policy.Statement.find((s) => s.Sid === 'AWSCloudTrailWrite')!;
  expect(write.Resource).toBe('arn:aws:s3:::cloudtrail-logs-111122223333-us-east-1/AWSLogs/111122223333/*');
  expect(write.Condition.StringEquals).toEqual({ 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail });
  expect(policy.Statement.find((s) => s.Sid === 'AWSCloudTrailAclCheck')!.Condition.StringEquals['aws:SourceArn']).toBe(trail);
  expect(r.stdout).toContain('"IsLogging": true');
});
