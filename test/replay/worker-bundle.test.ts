/**
 * The replay worker's code never comes from the shared temporary folder: a bundle planted where an earlier version
 * cached it (os.tmpdir()/iam-guardian-replay-<key>/worker.js, trusted when a manifest beside it hashed right) is never
 * run, from the sources or from the compiled CLI. The sources bundle the worker in memory; the compiled CLI runs
 * dist/replay-worker.js from the package; when there is none, the replay says so once and scores in its own thread.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runReplay } from '../../lib/replay/run';
import { replayWorkerScript } from '../../lib/replay/worker-bundle';
import { DEFAULT_CONFIG } from '../../lib/config/types';

const ROOT = join(__dirname, '..', '..');
const init = { config: DEFAULT_CONFIG, collectLines: false };

let dir: string;
let archive: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guardian-worker-test-'));
  archive = join(dir, 'archive');
  mkdirSync(archive);
  const records = ['root-create-access-key.json', 'ec2-describe-instances-role.json', 'put-user-policy-star.json'].map(
    (f) => (JSON.parse(readFileSync(join(ROOT, 'events', f), 'utf8')) as { detail: unknown }).detail,
  );
  file = join(archive, 'log.json.gz');
  writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay worker from the sources', () => {
  it('is bundled in memory and scores a file exactly like the in-process path', async () => {
    expect(replayWorkerScript().kind).toBe('eval');
    const inWorker = await runReplay({ tasks: [{ id: 0, file }], workers: 1, init });
    const inProcess = await runReplay({ tasks: [{ id: 0, file }], workers: 0, init });
    expect(inWorker.failedFiles).toEqual([]);
    expect(inWorker.byRule).toEqual(inProcess.byRule);
    expect(Object.keys(inWorker.byRule)).toEqual(expect.arrayContaining(['root-access-key-created', 'admin-granted']));
  });

  it('when the worker cannot be built: says why once per process and scores in this thread', async () => {
    const warnings: string[] = [];
    let results: Awaited<ReturnType<typeof runReplay>>[] = [];
    await jest.isolateModulesAsync(async () => {
      jest.doMock('esbuild', () => ({
        buildSync: () => {
          throw new Error('Could not resolve "./missing"');
        },
      }));
      const { runReplay: isolated } = await import('../../lib/replay/run');
      const { replayWorkerScript: script } = await import('../../lib/replay/worker-bundle');
      const { WorkerUnavailableError } = await import('../../lib/replay/worker-error');
      expect(() => script()).toThrow(WorkerUnavailableError);
      results = [
        await isolated({ tasks: [{ id: 0, file }], workers: 2, init, warn: (m) => warnings.push(m) }),
        await isolated({ tasks: [{ id: 0, file }], workers: 2, init, warn: (m) => warnings.push(m) }),
      ];
    });
    jest.dontMock('esbuild');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no worker threads \(the replay worker could not be bundled from .*worker\.ts: Could not resolve "\.\/missing"\); scoring in this thread/);
    const inProcess = await runReplay({ tasks: [{ id: 0, file }], workers: 0, init });
    for (const r of results) {
      expect(r.failedFiles).toEqual([]);
      expect(r.byRule).toEqual(inProcess.byRule);
    }
  });
});

describe('a worker bundle planted in the shared temporary folder', () => {
  const marker = () => join(dir, 'planted-code-ran');
  let planted: string;
  beforeAll(() => {
    // Where and how the earlier version looked for its cached bundle, with a manifest whose hash matches.
    const entry = join(ROOT, 'lib', 'replay', 'worker.ts');
    const key = createHash('sha256').update(`${entry}\0${process.version}`).digest('hex').slice(0, 16);
    planted = join(tmpdir(), `iam-guardian-replay-${key}`);
    mkdirSync(planted, { recursive: true });
    const input = join(planted, 'input.ts');
    writeFileSync(input, 'export {};\n');
    const hash = createHash('sha256').update(input).update('\0').update(readFileSync(input)).update('\0').digest('hex');
    writeFileSync(join(planted, 'manifest.json'), JSON.stringify({ inputs: [input], hash }));
    writeFileSync(
      join(planted, 'worker.js'),
      `require('node:fs').writeFileSync(${JSON.stringify(marker())}, 'planted code ran');\nthrow new Error('planted');\n`,
    );
  });
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('is not run by a replay from the sources', async () => {
    const s = await runReplay({ tasks: [{ id: 0, file }], workers: 2, init });
    expect(s.failedFiles).toEqual([]);
    expect(s.byRule['root-access-key-created']).toBeDefined();
    expect(existsSync(marker())).toBe(false);
  });

  it('is not run by the compiled CLI, which runs dist/replay-worker.js', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'iam-guardian.js'), 'replay', '--json', '--workers', '2', archive], {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmpdir() },
    });
    const summary = (JSON.parse(out.trim().split('\n').pop() ?? '') as { summary: { byRule: Record<string, unknown>; failedFiles: unknown[] } }).summary;
    expect(summary.failedFiles).toEqual([]);
    expect(summary.byRule['root-access-key-created']).toBeDefined();
    expect(existsSync(marker())).toBe(false);
    expect(existsSync(join(ROOT, 'dist', 'replay-worker.js'))).toBe(true);
  });
});

describe('compiled CLI without dist/replay-worker.js', () => {
  it('says so once and scores in its own thread', () => {
    // A copy of the package holding the bundles except the worker.
    const pkg = join(dir, 'pkg');
    for (const d of ['dist', 'bin']) mkdirSync(join(pkg, d), { recursive: true });
    for (const f of ['dist/cli.js', 'dist/command-replay.js', 'bin/iam-guardian.js']) copyFileSync(join(ROOT, f), join(pkg, f));
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const r = spawnSync(process.execPath, [join(pkg, 'bin', 'iam-guardian.js'), 'replay', '--workers', '2', archive], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('no worker threads'));
    expect(warnings).toEqual([expect.stringContaining(`${join(pkg, 'dist', 'replay-worker.js')} is missing`)]);
    expect(r.stdout).toMatch(/root-access-key-created/);
  });
});
