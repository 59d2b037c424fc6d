/**
 * Runs `npx serverless package` once per source state and caches the output in the OS temp dir, so the deploy
 * tests (package, routing, least privilege) share one packaging run even in separate Jest workers.
 * Offline: no AWS credentials, no network (npm's update check is turned off).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { created } from './cfn';

const run = promisify(execFile);
export const ROOT = join(__dirname, '../..');

export type CfnValue = unknown;
export interface CfnResource {
  Type: string;
  Condition?: string;
  Properties: Record<string, CfnValue>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, CfnValue>;
}
export interface CfnParameter {
  Type: string;
  Default?: string;
  AllowedPattern?: string;
}
export interface CfnTemplate {
  Parameters?: Record<string, CfnParameter>;
  Resources: Record<string, CfnResource>;
  Conditions?: Record<string, CfnValue>;
  Outputs?: Record<string, CfnValue>;
}

export interface Packaged {
  dir: string;
  template: CfnTemplate;
  /** Zip sizes in bytes by function key (changeScorer, nightlySweep, weeklyReport). */
  zips: Record<string, number>;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.(ts|js|json|ya?ml)$/.test(name)) out.push(p);
  }
}

/** Hash of everything that shapes the package: both configs, the patterns, handlers, lib, lockfile. */
function sourceHash(configDir: string): string {
  const files: string[] = [join(ROOT, 'package-lock.json'), join(ROOT, 'lib/eventbridge/patterns.yml'), join(configDir, 'serverless.yml')];
  for (const d of ['functions', 'lib', 'config']) if (existsSync(join(ROOT, d))) walk(join(ROOT, d), files);
  const h = createHash('sha256');
  for (const f of files.sort()) {
    if (!existsSync(f)) continue;
    h.update(relative(ROOT, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** This checkout's packaging cache: <tmp>/iam-guardian-package/<hash of the checkout's path>. */
export function packageCacheDir(root: string = ROOT): string {
  return join(tmpdir(), 'iam-guardian-package', createHash('sha256').update(root).digest('hex').slice(0, 12));
}

/** Packages `<configDir>/serverless.yml` (the main stack by default) and returns the template and zip sizes. */
export async function packaged(opts: { configDir?: string; args?: string[] } = {}): Promise<Packaged> {
  const configDir = opts.configDir ?? ROOT;
  const args = opts.args ?? [];
  // One folder per checkout (other checkouts on the machine share the temp dir and may be reading their outputs): the
  // cleanup and the stale-lock removal below look only inside it. The suffix names the config folder and arguments.
  const key = `${sourceHash(configDir)}-${createHash('sha256').update(`${configDir}\n${args.join(' ')}`).digest('hex').slice(0, 8)}`;
  const base = packageCacheDir();
  mkdirSync(base, { recursive: true });
  const dir = join(base, key);
  // One lock per folder, not per argument list: two packagings of the same folder at once (say with and without
  // --param orgId, in two Jest workers) share its .serverless directory and can swap templates.
  const lock = join(base, `${createHash('sha256').update(configDir).digest('hex').slice(0, 16)}.lock`);
  const templatePath = join(dir, 'cloudformation-template-update-stack.json');

  for (;;) {
    if (existsSync(templatePath)) break;
    try {
      mkdirSync(lock); // atomic: the worker that creates the lock packages, the others wait
    } catch {
      // Stale lock (a killed run): older than 10 minutes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
      continue;
    }
    try {
      const work = `${dir}.work`;
      rmSync(work, { recursive: true, force: true });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        NPM_CONFIG_UPDATE_NOTIFIER: 'false',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        FORCE_COLOR: '0',
      };
      for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
      try {
        await run('npx', ['serverless', 'package', '--package', work, ...args], { cwd: configDir, env, maxBuffer: 64 * 1024 * 1024 });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(`serverless package failed in ${configDir}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      }
      rmSync(dir, { recursive: true, force: true });
      renameSync(work, dir);
      // Drop outputs of older source states for the same arguments (they are never read again).
      const suffix = key.slice(key.indexOf('-'));
      for (const old of readdirSync(base)) {
        if (old !== key && old.endsWith(suffix) && !old.includes('.')) rmSync(join(base, old), { recursive: true, force: true });
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
  const zips: Record<string, number> = {};
  for (const f of readdirSync(dir)) if (f.endsWith('.zip')) zips[f.replace(/\.zip$/, '')] = statSync(join(dir, f)).size;
  return { dir, template, zips };
}

/** Resources of one CloudFormation type, by logical id. */
export function resourcesOfType(t: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

/**
 * Resources of one type that a us-east-1 deployment of the template creates (no Condition, or one that holds for the
 * parameter defaults: the org bus rules exist only with --param orgId). Conditions are evaluated in us-east-1 (cfn.ts):
 * not for the other regions' templates.
 */
export function deployedOfType(t: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return resourcesOfType(t, type).filter(([id]) => created(t, id));
}
