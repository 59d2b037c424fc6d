/**
 * The headless Chromium the report tests drive with playwright-core. By default the one shipped inside the
 * @sparticuz/chromium npm package (a dev dependency: `npm ci` is the whole set-up), unpacked once into
 * node_modules/.cache/iam-guardian-chromium-<version>/ — inside this checkout, never the shared temporary folder, whose
 * `chromium` the package would otherwise reuse whoever put it there. CHROMIUM_PATH=/usr/bin/chromium (or any other
 * build) uses that browser instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface BrowserBinary {
  executablePath: string;
  /** Environment for the browser process. */
  env: Record<string, string>;
  /** Where it came from, for messages. */
  source: string;
}

function baseEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

function npmChromium(): BrowserBinary {
  const pkgDir = join(ROOT, 'node_modules', '@sparticuz', 'chromium');
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const cacheRoot = join(ROOT, 'node_modules', '.cache');
  const dir = join(cacheRoot, `iam-guardian-chromium-${version}`);
  const executablePath = join(dir, 'chromium');
  if (!existsSync(executablePath)) {
    mkdirSync(cacheRoot, { recursive: true });
    // The package unpacks into os.tmpdir(): point that at a fresh folder of ours, then move it into place whole, so a
    // concurrent or interrupted run never leaves a half-written browser under the final name.
    const staging = mkdtempSync(join(cacheRoot, 'iam-guardian-chromium-unpacking-'));
    const r = spawnSync(
      process.execPath,
      ['-e', "import('@sparticuz/chromium').then((m) => m.default.executablePath()).then((p) => process.stdout.write(p))"],
      { cwd: ROOT, encoding: 'utf8', env: { ...baseEnv(), TMPDIR: staging }, timeout: 300_000 },
    );
    if (r.status !== 0 || r.stdout !== join(staging, 'chromium')) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`could not unpack @sparticuz/chromium ${version} (status ${r.status}): ${r.stderr || r.stdout}`);
    }
    try {
      renameSync(staging, dir);
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(executablePath)) throw e; // another run moved its copy into place first: use that one
    }
  }
  if ((statSync(executablePath).mode & 0o111) === 0) throw new Error(`${executablePath} is not executable`);
  const env = baseEnv();
  // A machine without a fontconfig set-up still gets fonts: the package ships some.
  if (!existsSync('/etc/fonts/fonts.conf')) env.FONTCONFIG_PATH = join(dir, 'fonts');
  return { executablePath, env, source: `@sparticuz/chromium ${version}` };
}

/** The browser to launch: CHROMIUM_PATH when set (it must exist), else the npm package's. */
export function browserBinary(): BrowserBinary {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`);
    return { executablePath: chosen, env: baseEnv(), source: `CHROMIUM_PATH=${chosen}` };
  }
  return npmChromium();
}
