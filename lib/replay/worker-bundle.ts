/**
 * The replay worker as one plain-JavaScript file, so each worker thread starts by loading a bundle instead of
 * compiling the TypeScript sources through tsx (measured: ~0.7 s per worker through tsx).
 *
 * Built once with esbuild into os.tmpdir()/iam-guardian-replay-<key>/worker.js, next to a manifest listing the
 * bundle's inputs and a sha256 of their contents; a later run reuses the bundle when the inputs still hash the same
 * and rebuilds it when any source changed. Written to a temporary name and renamed, so concurrent runs never load a
 * half-written file. When esbuild is not installed (it is a dev dependency) or the build fails, returns undefined and
 * the caller falls back to worker-boot.js (tsx).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

interface Manifest {
  inputs: string[];
  hash: string;
}

const ENTRY = join(__dirname, 'worker.ts');

function hashInputs(inputs: string[]): string | undefined {
  const h = createHash('sha256');
  try {
    for (const f of inputs) {
      h.update(f);
      h.update('\0');
      h.update(readFileSync(f));
      h.update('\0');
    }
  } catch {
    return undefined; // an input vanished: rebuild
  }
  return h.digest('hex');
}

function cacheDir(): string {
  const key = createHash('sha256').update(`${ENTRY}\0${process.version}`).digest('hex').slice(0, 16);
  return join(tmpdir(), `iam-guardian-replay-${key}`);
}

function readManifest(file: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    if (!Array.isArray(m.inputs) || typeof m.hash !== 'string' || !m.inputs.every((x) => typeof x === 'string')) return undefined;
    return { inputs: m.inputs, hash: m.hash };
  } catch {
    return undefined;
  }
}

let memo: string | null | undefined;

/** Path of an up-to-date bundled worker (built if needed), or undefined when it cannot be built. */
export function workerBundle(): string | undefined {
  if (memo !== undefined) return memo ?? undefined;
  memo = cachedBundle(ENTRY, cacheDir(), resolve(__dirname, '..', '..')) ?? null;
  return memo ?? undefined;
}

/**
 * Bundles `entry` (resolving from `root`) into `dir`/worker.js unless the bundle there was built from inputs that
 * still hash the same. Returns the bundle's path, or undefined when esbuild is missing or the build fails.
 */
export function cachedBundle(entry: string, dir: string, root: string): string | undefined {
  const out = join(dir, 'worker.js');
  const manifestFile = join(dir, 'manifest.json');
  const m = readManifest(manifestFile);
  if (m && existsSync(out) && hashInputs(m.inputs) === m.hash) return out;
  let esbuild: typeof import('esbuild');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require('esbuild') as typeof import('esbuild');
  } catch {
    return undefined;
  }
  try {
    const res = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
    });
    const code = res.outputFiles[0]?.contents;
    if (!code) return undefined;
    const inputs = Object.keys(res.metafile.inputs)
      .filter((p) => !p.includes(':')) // virtual inputs (none expected)
      .map((p) => resolve(root, p))
      .sort();
    const hash = hashInputs(inputs);
    if (!hash) return undefined;
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, out);
    const mtmp = `${manifestFile}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(mtmp, JSON.stringify({ inputs, hash } satisfies Manifest));
    renameSync(mtmp, manifestFile);
    return out;
  } catch {
    return undefined;
  }
}
