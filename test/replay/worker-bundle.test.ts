/**
 * The cached worker bundle: built once, reused while its inputs are unchanged, rebuilt when any input changes; and the
 * real replay worker bundle loads in a worker thread and scores a file like the in-process path.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cachedBundle, workerBundle } from '../../lib/replay/worker-bundle';
import { runReplay } from '../../lib/replay/run';
import { DEFAULT_CONFIG } from '../../lib/config/types';

describe('cachedBundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iam-guardian-bundle-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds, reuses while the inputs are unchanged, rebuilds when an input changes', () => {
    const src = join(dir, 'src');
    const cache = join(dir, 'cache');
    mkdirSync(src);
    writeFileSync(join(src, 'dep.ts'), 'export const answer: number = 41;\n');
    writeFileSync(join(src, 'entry.ts'), "import { answer } from './dep';\nexport const value = answer + 1;\n");
    const first = cachedBundle(join(src, 'entry.ts'), cache, src);
    expect(first).toBe(join(cache, 'worker.js'));
    const built = readFileSync(first!, 'utf8');
    expect(built).toContain('41');
    const manifest = JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as { inputs: string[] };
    expect(manifest.inputs.sort()).toEqual([join(src, 'dep.ts'), join(src, 'entry.ts')]);

    // Unchanged inputs: the same file is returned and not rewritten.
    writeFileSync(join(cache, 'worker.js'), `${built}\n// marker`);
    expect(cachedBundle(join(src, 'entry.ts'), cache, src)).toBe(first);
    expect(readFileSync(first!, 'utf8')).toContain('// marker');

    // A dependency changed: rebuilt with the new content.
    writeFileSync(join(src, 'dep.ts'), 'export const answer: number = 99;\n');
    expect(cachedBundle(join(src, 'entry.ts'), cache, src)).toBe(first);
    const rebuilt = readFileSync(first!, 'utf8');
    expect(rebuilt).toContain('99');
    expect(rebuilt).not.toContain('// marker');
  });

  it('returns undefined when the entry cannot be built', () => {
    writeFileSync(join(dir, 'bad.ts'), "import { nothing } from './missing';\nexport const x = nothing;\n");
    expect(cachedBundle(join(dir, 'bad.ts'), join(dir, 'cache'), dir)).toBeUndefined();
  });
});

describe('replay worker bundle', () => {
  it('is built and a bundled worker scores a file exactly like the in-process path', async () => {
    expect(workerBundle()).toMatch(/worker\.js$/);
    const dir = mkdtempSync(join(tmpdir(), 'iam-guardian-bundle-replay-'));
    try {
      const events = join(__dirname, '..', '..', 'events');
      const records = ['root-create-access-key.json', 'ec2-describe-instances-role.json', 'put-user-policy-star.json'].map(
        (f) => (JSON.parse(readFileSync(join(events, f), 'utf8')) as { detail: unknown }).detail,
      );
      const file = join(dir, 'log.json.gz');
      writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
      const init = { config: DEFAULT_CONFIG, collectLines: false };
      const inWorker = await runReplay({ tasks: [{ id: 0, file }], workers: 1, init });
      const inProcess = await runReplay({ tasks: [{ id: 0, file }], workers: 0, init });
      expect(inWorker.failedFiles).toEqual([]);
      expect(inWorker.byRule).toEqual(inProcess.byRule);
      expect(Object.keys(inWorker.byRule)).toEqual(expect.arrayContaining(['root-access-key-created', 'admin-granted']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
