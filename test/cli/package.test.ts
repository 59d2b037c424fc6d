/**
 * The installable package, exactly as a user gets it: `npm pack` in this checkout (which builds dist/ through the
 * `prepare` script), `npm install <tarball>` into an empty folder (production dependencies only; from the local npm
 * cache when it has them), then `npx iam-guardian` with each command. The tarball holds compiled JavaScript, no
 * TypeScript, and the sample data the demo reads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

// Packing builds dist/ and installing copies every production dependency: generous bounds for a busy machine.
jest.setTimeout(900_000);

/** The environment without what `npm test` sets for its own package (npm_config_local_prefix would redirect npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())));
}

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

let tmp: string;
let app: string;
let packed: { filename: string; size: number; entryCount: number; files: { path: string }[] };
const cli = (...args: string[]) => run('npx', ['--no', '--', 'iam-guardian', ...args], app);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iam-guardian-package-'));
  app = join(tmp, 'app');
  mkdirSync(app);
  packed = (JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], ROOT)) as (typeof packed)[])[0];
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(tmp, packed.filename)], app);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('the tarball holds the compiled CLI and the sample data, no TypeScript', () => {
  const paths = packed.files.map((f) => f.path);
  expect(paths).toEqual(expect.arrayContaining(['package.json', 'LICENSE', 'bin/iam-guardian.js', 'dist/cli.js', 'dist/command-score.js', 'dist/replay-worker.js']));
  expect(paths.filter((p) => p.endsWith('.ts'))).toEqual([]);
  expect(paths.filter((p) => /^(lib|test|bench|scripts|functions)\//.test(p))).toEqual([]);
  expect(paths.some((p) => p.startsWith('samples/snapshots/messy/'))).toBe(true);
  expect(paths.some((p) => p.startsWith('events/'))).toBe(true);
  expect(paths).toContain('policies/iam-guardian-read-only.json');
});

test('installs with production dependencies only', () => {
  const installed = join(app, 'node_modules', 'iam-guardian');
  expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))).toMatchObject({ version });
  for (const dev of ['tsx', 'typescript', 'esbuild', 'jest', '@swc/core', 'playwright-core', '@sparticuz/chromium']) {
    expect([dev, existsSync(join(app, 'node_modules', dev))]).toEqual([dev, false]);
  }
  expect(filesUnder(installed).filter((f) => f.endsWith('.ts'))).toEqual([]);
});

test('npx iam-guardian --version and --help', () => {
  expect(cli('--version').trim()).toBe(version);
  expect(cli('--help')).toMatch(/Commands:[\s\S]*score \[options\] <file\.\.\.>[\s\S]*check-policy/);
});

test('npx iam-guardian demo', () => {
  const out = cli('demo', '--out', 'demo-out');
  expect(out).toMatch(/swept the sample snapshot: score [\d.]+\/100/);
  expect(readFileSync(join(app, 'demo-out', 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
});

test('npx iam-guardian score', () => {
  const events = join(app, 'node_modules', 'iam-guardian', 'events');
  const line = JSON.parse(cli('score', '--json', join(events, 'root-console-login-no-mfa.json')).trim()) as { severity: string; alert: boolean };
  expect(line).toMatchObject({ severity: 'critical', alert: true });
});

test('npx iam-guardian check-policy', () => {
  const policy = join(tmp, 'admin.json');
  writeFileSync(policy, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
  expect(JSON.parse(cli('check-policy', '--json', policy))).toMatchObject({ adminEquivalent: true });
});

test('npx iam-guardian sweep', () => {
  const snapshot = join(app, 'node_modules', 'iam-guardian', 'samples', 'snapshots', 'messy');
  const r = JSON.parse(cli('sweep', '--snapshot', snapshot, '--json')) as { account: string; findings: unknown[] };
  expect(r.account).toMatch(/^\d{12}$/);
  expect(r.findings.length).toBeGreaterThan(0);
});

test('npx iam-guardian replay (worker threads from the package)', () => {
  const events = join(app, 'node_modules', 'iam-guardian', 'events');
  const lines = cli('replay', '--json', '--workers', '2', events).trim().split('\n');
  const { summary } = JSON.parse(lines[lines.length - 1]) as { summary: { files: number; failedFiles: unknown[]; byRule: Record<string, unknown> } };
  expect(summary.failedFiles).toEqual([]);
  expect(summary.byRule['root-sign-in']).toBeDefined();
});
