#!/usr/bin/env node
'use strict';
/**
 * Builds the published CLI into dist/ (`npm run build`; npm runs it as `prepare` on `npm ci` in a checkout and before
 * `npm pack` / `npm publish`): one CommonJS bundle per entry, so a command loads only its own code.
 *
 *   dist/cli.js              lib/cli/main.ts: commander, the command list, --help, --version
 *   dist/command-<name>.js   lib/cli/commands/<name>.ts, loaded by dist/cli.js only when that command runs
 *   dist/replay-worker.js    lib/replay/worker.ts, the replay worker thread (lib/replay/worker-bundle.ts)
 *   dist/replay-prestart.js  lib/replay/prestart.ts, loaded by bin/iam-guardian.js for `replay` before dist/cli.js
 *
 * Only the package's own code is bundled; dependencies are required from node_modules where they are used. Files are written to a temporary name and renamed, so a CLI running while the
 * build runs never loads a half-written bundle; files of an earlier build that this one no longer makes are removed.
 */
const { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { basename, join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'dist');
const COMMANDS_DIR = join(ROOT, 'lib', 'cli', 'commands');
const COMMAND_INDEX = join(COMMANDS_DIR, 'index.ts');

function commandNames() {
  return readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => basename(f, '.ts'))
    .sort();
}

/** In the command list (commands/index.ts), `import('./score')` becomes `require('./command-score.js')`. */
const separateCommands = {
  name: 'separate-commands',
  setup(build) {
    build.onResolve({ filter: /^\.\/[a-z][a-z-]*$/ }, (args) =>
      args.importer === COMMAND_INDEX ? { path: `./command-${args.path.slice(2)}.js`, external: true } : undefined,
    );
  },
};

async function main() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    process.stderr.write('iam-guardian build: esbuild is not installed (a dev dependency): run `npm ci` without --omit=dev\n');
    return 1;
  }
  const entryPoints = {
    cli: join(ROOT, 'lib', 'cli', 'main.ts'),
    'replay-worker': join(ROOT, 'lib', 'replay', 'worker.ts'),
    'replay-prestart': join(ROOT, 'lib', 'replay', 'prestart.ts'),
  };
  for (const name of commandNames()) entryPoints[`command-${name}`] = join(COMMANDS_DIR, `${name}.ts`);
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Unminified: V8 compiles these bundles faster than minified ones (measured), and stack traces stay readable.
    minify: false,
    // Dependencies stay in node_modules (they are the package's dependencies): each is loaded only by the code that
    // runs — the AWS SDK only by AWS calls, yaml/ajv only when a configuration file is read (lib/config/load.ts).
    packages: 'external',
    // import() of a command module or of the AWS SDK becomes require(): Node's ESM loader would scan each CommonJS
    // file for its exports first (measured: 0.2 s for one command bundle).
    supported: { 'dynamic-import': false },
    define: { IAM_GUARDIAN_COMPILED: 'true' },
    plugins: [separateCommands],
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(OUT, { recursive: true });
  const made = new Set();
  let bytes = 0;
  for (const f of result.outputFiles) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
    made.add(basename(f.path));
    bytes += f.contents.length;
  }
  for (const f of readdirSync(OUT)) if (!made.has(f) && !f.endsWith('.tmp')) rmSync(join(OUT, f), { recursive: true, force: true });
  process.stderr.write(
    `iam-guardian build: ${made.size} files, ${(bytes / 1024).toFixed(0)} KiB in ${relative(process.cwd(), OUT) || '.'}/ (${Date.now() - started} ms)\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`iam-guardian build: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
