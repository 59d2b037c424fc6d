/**
 * `serverless deploy` without an alert destination fails with a clear message before anything is packaged or sent to
 * AWS; `serverless package` still works without one (the deploy tests package offline with no e-mail).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packaged, ROOT } from './packaged';

jest.setTimeout(300_000);

const run = promisify(execFile);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../../config/require-alert-destination.js') as {
  checkAlertDestination(commands: unknown, service: unknown): void;
  MESSAGE: string;
};

const service = (email: string | undefined) => ({ resources: { Parameters: { AlertEmail: { Type: 'String', Default: email } } } });

describe('the deploy-time check (config/require-alert-destination.js)', () => {
  test('deploy without an e-mail fails with the message saying how to give one', () => {
    expect(() => plugin.checkAlertDestination(['deploy'], service(''))).toThrow(/no alert destination/);
    expect(() => plugin.checkAlertDestination(['deploy'], service(undefined))).toThrow(/--param="alertEmail=you@example.com"/);
    expect(() => plugin.checkAlertDestination(['deploy'], service('   '))).toThrow(/iam-guardian.config.yaml/);
    expect(() => plugin.checkAlertDestination(['deploy'], service('not-an-address'))).toThrow(/"not-an-address" is not an e-mail address/);
  });

  test('deploy with an e-mail, and every other command, pass', () => {
    expect(() => plugin.checkAlertDestination(['deploy'], service('me@example.com'))).not.toThrow();
    for (const commands of [['package'], ['deploy', 'function'], ['deploy', 'list'], ['remove'], ['info'], []]) {
      expect(() => plugin.checkAlertDestination(commands, service(''))).not.toThrow();
    }
  });

  test('the packaged templates carry the e-mail as the AlertEmail parameter the check reads', async () => {
    const { template } = await packaged({ args: ['--param=alertEmail=me@example.com'] });
    expect(template.Parameters?.AlertEmail.Default).toBe('me@example.com');
    expect(template.Resources.AlertEmailSubscription.Properties.Endpoint).toEqual({ Ref: 'AlertEmail' });
    // CloudFormation refuses a malformed address at deploy time too (AllowedPattern); empty is allowed for package.
    const re = new RegExp(template.Parameters!.AlertEmail.AllowedPattern!);
    expect(['', 'me@example.com'].map((v) => re.test(v))).toEqual([true, true]);
    expect(['me', 'a b@example.com', 'me@example'].map((v) => re.test(v))).toEqual([false, false, false]);
  });
});

describe('osls, offline and without credentials', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', FORCE_COLOR: '0' };
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[k];

  test.each([
    ['main stack', ROOT, [] as string[]],
    ['forwarder', join(ROOT, 'forwarder'), ['--region', 'eu-west-1']],
  ])('%s: `serverless deploy` without an e-mail stops with the message', async (_n, cwd, args) => {
    const err = await run('npx', ['serverless', 'deploy', ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 }).then(
      () => undefined,
      (e: { code?: number; stdout?: string; stderr?: string }) => e,
    );
    expect(err).toBeDefined();
    const out = `${err!.stdout ?? ''}${err!.stderr ?? ''}`;
    expect(out).toContain('iam-guardian: no alert destination');
    expect(out).toContain('--param="alertEmail=you@example.com"');
    // It stopped before packaging (no esbuild run, no credentials asked for).
    expect(out).not.toMatch(/Packaging|Compiling with esbuild|credentials/i);
  });
});
