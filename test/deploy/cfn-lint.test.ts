/**
 * cfn-lint (1.x, the CloudFormation schema linter) on the packaged templates: no error and no warning, for the main
 * stack with its default parameters and with each documented --param, and for the forwarder. A deliberate warning is
 * silenced on its resource (Metadata cfn-lint ignore_checks, with the reason next to it in serverless.yml).
 * Skipped, saying so, only where cfn-lint is not installed (`pip install cfn-lint`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packaged, ROOT } from './packaged';
import { CHAT_PARAMS } from './chat-params';

jest.setTimeout(600_000);

const run = promisify(execFile);

function cfnLintVersion(): string | undefined {
  try {
    return execFileSync('cfn-lint', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}

const version = cfnLintVersion();
if (!version) {
  console.warn('cfn-lint is not installed: the CloudFormation lint test is skipped (pip install cfn-lint).');
}
const maybe = version ? test : test.skip;

/** cfn-lint's findings on a template file ('' when clean). */
async function lint(file: string): Promise<string> {
  try {
    await run('cfn-lint', ['--format', 'parseable', file], { maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return (e.stdout || e.stderr || e.message).trim();
  }
}

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/0f0e0d0c-0b0a-0908-0706-050403020100';

/** cfn-lint's findings on a template object, linted from a private temporary file. */
async function lintTemplate(template: unknown): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(template, null, 2));
    return await lint(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(`cfn-lint ${version ?? '(absent)'}`, () => {
  maybe('it still sees the old mistake: an Fn::If branch that is "" for a KMS key id', async () => {
    const { template } = await packaged();
    const broken = structuredClone(template);
    broken.Resources.AlertTopic.Properties.KmsMasterKeyId = { 'Fn::If': ['CreateSnsKey', { Ref: 'AlertsKey' }, ''] };
    expect(await lintTemplate(broken)).toMatch(/E1162|E3017|E1157/);
  });

  maybe.each([
    ['main stack, default parameters', ROOT, [] as string[]],
    ['main stack, --param alertEmail', ROOT, ['--param=alertEmail=me@example.com']],
    ['main stack, --param snsKmsKeyArn', ROOT, [`--param=snsKmsKeyArn=${KEY}`]],
    // The other documented params, together (one packaging run).
    [
      'main stack, --param logLevel / sweepSchedule / reportSchedule / reportRetentionDays / forwardRegions',
      ROOT,
      ['--param=logLevel=DEBUG', '--param=sweepSchedule=cron(30 2 * * ? *)', '--param=reportSchedule=cron(0 8 ? * MON *)', '--param=reportRetentionDays=30', '--param=forwardRegions=eu-west-1,ap-southeast-2'],
    ],
    // Organizations mode: the central stack with the org bus and its rules, and the member stack (StackSet template).
    ['main stack, --param orgId (Organizations mode)', ROOT, ['--param=orgId=o-a1b2c3d4e5']],
    // Alerts in chat: both channel configurations (test/deploy/chat.test.ts shares this packaging run).
    ['main stack, --param slack* / teams* (alerts in chat)', ROOT, CHAT_PARAMS],
    ['member stack (org/member)', join(ROOT, 'org', 'member'), [] as string[]],
    ['forwarder (eu-west-1)', join(ROOT, 'forwarder'), ['--region', 'eu-west-1']],
    ['forwarder, --param alertEmail', join(ROOT, 'forwarder'), ['--region', 'eu-west-1', '--param=alertEmail=me@example.com']],
  ])('%s: no error, no warning', async (_name, configDir, args) => {
    // Lint a private copy: the shared packaging cache may be replaced by another run while cfn-lint reads it.
    const { template } = await packaged({ configDir, args });
    expect(await lintTemplate(template)).toBe('');
  });
});
