/**
 * What each Lambda function bundles (esbuild's import graph from the handler, the same resolution serverless-esbuild
 * uses): never a rule's examples (`*.examples.ts`), the test support builders (test/), or anything else of this package outside
 * functions/ and lib/ (package.json is read for the version). Examples live beside the rules only for the contract test.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HANDLERS = readdirSync(join(ROOT, 'functions'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => `functions/${f}`);

async function bundledFiles(entry: string): Promise<string[]> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return Object.keys(r.metafile.inputs);
}

describe('function bundles', () => {
  it('finds the handlers', () => {
    expect(HANDLERS).toEqual(expect.arrayContaining(['functions/change-scorer.ts', 'functions/nightly-sweep.ts', 'functions/weekly-report.ts']));
  });

  const leaked = (files: string[]) => files.filter((f) => /\.examples\.ts$/.test(f) || f.startsWith('test/') || /(^|\/)(fixtures|_records)\.ts$/.test(f));

  test.each(HANDLERS)('%s reaches no rule example, fixture or test file', async (entry) => {
    const own = (await bundledFiles(entry)).filter((f) => !f.includes('node_modules/'));
    expect({ entry, leaked: leaked(own) }).toEqual({ entry, leaked: [] });
    expect({ entry, outside: own.filter((f) => !/^(functions|lib)\//.test(f) && f !== 'package.json') }).toEqual({ entry, outside: [] });
  });

  it('the check sees the rules a handler runs, and would see an examples file if one were imported', async () => {
    const scorer = await bundledFiles('functions/change-scorer.ts');
    expect(scorer).toContain('lib/rules/event/root-sign-in.ts');
    const sweep = await bundledFiles('functions/nightly-sweep.ts');
    expect(sweep).toContain('lib/rules/posture/access-key-not-rotated.ts');
    const examples = await bundledFiles('lib/rules/event/root-sign-in.examples.ts');
    expect(leaked(examples)).toEqual(['test/support/event-records.ts', 'lib/rules/event/root-sign-in.examples.ts']);
  });
});
