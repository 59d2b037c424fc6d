/**
 * Config → deploy values: config/serverless-vars.js (what serverless.yml reads) run in a real `node` process, as osls
 * runs it, against config files in temporary project roots; and the IAM_GUARDIAN_CONFIG transport to the functions.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configFromEnv, decodeConfigEnv, encodeConfigEnv, ConfigTooLargeError, MAX_ENV_BYTES } from '../../lib/config/env';
import { parseConfigText, resolveConfig } from '../../lib/config/load';
import { DEFAULT_CONFIG } from '../../lib/config/types';

const VARS = resolve(__dirname, '../../config/serverless-vars.js');

function project(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'iamg-deploy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** Runs serverless-vars.js the way osls does (require + call the exported function) in a child node process. */
function runVars(cwd: string, env: Record<string, string> = {}): { ok: true; vars: Record<string, unknown> } | { ok: false; error: string } {
  const script = `
    const fn = require(${JSON.stringify(VARS)});
    Promise.resolve()
      .then(() => fn.computeVars({ cwd: process.cwd() }))
      .then((v) => process.stdout.write(JSON.stringify({ ok: true, vars: v })))
      .catch((e) => process.stdout.write(JSON.stringify({ ok: false, error: e.stack })));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('config/serverless-vars.js', () => {
  it('returns the defaults when the project has no config file', () => {
    const r = runVars(project({}));
    expect(r).toEqual({
      ok: true,
      vars: {
        configFile: '',
        alertThreshold: 'medium',
        sweepSchedule: DEFAULT_CONFIG.schedules.sweep,
        reportSchedule: DEFAULT_CONFIG.schedules.report,
        alertEmail: '',
        forwardRegions: [],
        forwardRegionsCsv: '',
        reportRetentionDays: 365,
        securityHubEnabled: false,
        securityHubEnabledString: 'false',
        monitorNamePrefix: 'iam-guardian',
        configEnv: '{}',
      },
    });
  });

  it('passes the config file values through to the deploy parameters', () => {
    const yaml = [
      'alertThreshold: high',
      'email: ops@example.com',
      'schedules:',
      '  sweep: cron(30 2 * * ? *)',
      '  report: rate(7 days)',
      'forwardRegions: [eu-west-1, ap-southeast-2]',
      'reportRetentionDays: 90',
      'securityHub:',
      '  enabled: true',
      'suppressions:',
      '  - rule: access-key-created',
      '    resource: arn:aws:iam::111122223333:user/ci',
      '    reason: CI',
      '    expires: "2099-01-01"',
      '',
    ].join('\n');
    const r = runVars(project({ 'iam-guardian.config.yaml': yaml }));
    if (!r.ok) throw new Error(r.error);
    expect(r.vars).toMatchObject({
      configFile: 'iam-guardian.config.yaml',
      alertThreshold: 'high',
      sweepSchedule: 'cron(30 2 * * ? *)',
      reportSchedule: 'rate(7 days)',
      alertEmail: 'ops@example.com',
      forwardRegions: ['eu-west-1', 'ap-southeast-2'],
      forwardRegionsCsv: 'eu-west-1,ap-southeast-2',
      reportRetentionDays: 90,
      securityHubEnabled: true,
      securityHubEnabledString: 'true',
    });
    // The functions receive the same configuration.
    const deployed = configFromEnv({ IAM_GUARDIAN_CONFIG: String(r.vars.configEnv) });
    expect(deployed.alertThreshold).toBe('high');
    expect(deployed.suppressions).toEqual([
      { rule: 'access-key-created', resource: 'arn:aws:iam::111122223333:user/ci', reason: 'CI', expires: '2099-01-01' },
    ]);
  });

  it('IAM_GUARDIAN_CONFIG_FILE selects another file', () => {
    const d = project({ 'iam-guardian.config.yaml': 'alertThreshold: high\n', 'prod.json': '{"alertThreshold": "critical"}' });
    const r = runVars(d, { IAM_GUARDIAN_CONFIG_FILE: 'prod.json' });
    expect(r.ok && r.vars.alertThreshold).toBe('critical');
  });

  it('a wrong config fails with the file:line messages (this is what `serverless package` prints)', () => {
    const r = runVars(
      project({
        'iam-guardian.config.yaml':
          'alertThreshold: high\nsuppressions:\n  - rule: acess-key-created\n    resource: "*"\n    reason: r\n    expires: "2020-01-01"\n',
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.split('\n')).toEqual([
      'iam-guardian configuration is invalid:',
      'iam-guardian.config.yaml:3: suppressions[0].rule "acess-key-created" is not a rule id (did you mean "access-key-created"?)',
      'iam-guardian.config.yaml:6: suppressions[0].expires 2020-01-01 is in the past (renew it with a new date or remove the suppression)',
    ]);
  });
});

describe('IAM_GUARDIAN_CONFIG transport', () => {
  it('small configs travel as plain JSON; large ones compressed; both decode to the same values', () => {
    const small = { alertThreshold: 'high' as const };
    expect(encodeConfigEnv(small)).toBe('{"alertThreshold":"high"}');
    const suppressions = Array.from({ length: 25 }, (_, i) => ({
      rule: 'access-key-created',
      resource: `arn:aws:iam::111122223333:user/ci-${i}`,
      reason: 'CI pipeline key, rotated weekly by the pipeline (ticket SEC-42)',
      owner: 'platform-team',
      expires: '2099-01-01',
    }));
    const big = { suppressions };
    const packed = encodeConfigEnv(big);
    expect(packed.startsWith('deflate:')).toBe(true);
    expect(packed.length).toBeLessThanOrEqual(MAX_ENV_BYTES);
    expect(JSON.parse(decodeConfigEnv(packed))).toEqual(big);
    expect(configFromEnv({ IAM_GUARDIAN_CONFIG: packed }, '2026-11-29T00:00:00Z').suppressions).toEqual(suppressions);
  });

  it('refuses a config too large for Lambda environment variables', () => {
    const suppressions = Array.from({ length: 400 }, (_, i) => ({
      rule: 'access-key-created',
      resource: `arn:aws:iam::111122223333:user/${(i * 7919).toString(36)}-${i}`,
      reason: `reason ${(i * 104729).toString(36)} ${i}`,
      expires: '2099-01-01',
    }));
    expect(() => encodeConfigEnv({ suppressions })).toThrow(ConfigTooLargeError);
  });

  it('at run time an expired suppression is accepted and simply no longer applies', () => {
    const env = { IAM_GUARDIAN_CONFIG: JSON.stringify({ suppressions: [{ rule: '*', resource: '*', reason: 'r', expires: '2020-01-01' }] }) };
    expect(configFromEnv(env).suppressions).toHaveLength(1);
    expect(configFromEnv({})).toEqual(DEFAULT_CONFIG);
    expect(() => configFromEnv({ IAM_GUARDIAN_CONFIG: '{"alertThreshold":"loud"}' })).toThrow(
      'IAM_GUARDIAN_CONFIG.json:1: alertThreshold "loud" is not one of info, low, medium, high, critical',
    );
  });

  it('decode(encode(x)) is the identity on validated configs', () => {
    const user = parseConfigText('alertThreshold: low\nforwardRegions: [eu-central-1]\n', 'x.yaml');
    expect(resolveConfig(JSON.parse(decodeConfigEnv(encodeConfigEnv(user))))).toEqual(resolveConfig(user));
  });
});
