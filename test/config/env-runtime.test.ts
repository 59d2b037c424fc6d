/**
 * The run-time side of the configuration (IAM_GUARDIAN_CONFIG → Config) stays light: the Lambda bundles never load the
 * deploy-time validator's libraries, and the structural check they use instead stays in step with schema.json.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import schema from '../../lib/config/schema.json';
import { configFromEnv, encodeConfigEnv } from '../../lib/config/env';
import { parseConfigText } from '../../lib/config/load';
import { ConfigError, USER_CONFIG_SHAPE, checkUserConfigShape, resolveConfig, type ShapeSpec } from '../../lib/config/resolve';

const ROOT = resolve(__dirname, '../..');
const HEAVY = ['yaml', 'ajv', 'ajv-formats', 'jsonc-parser', 'fast-uri'];

async function bundledPackages(entry: string): Promise<Set<string>> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const pkgs = new Set<string>();
  for (const input of Object.keys(r.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) pkgs.add(m[1]);
    if (input === 'lib/config/load.ts') pkgs.add(input);
  }
  return pkgs;
}

describe('run-time configuration path', () => {
  it.each(['lib/config/env.ts', 'functions/change-scorer.ts', 'functions/nightly-sweep.ts', 'functions/weekly-report.ts'])(
    '%s bundles no YAML parser, JSON Schema validator or lib/config/load.ts',
    async (entry) => {
      const pkgs = await bundledPackages(entry);
      expect(HEAVY.filter((p) => pkgs.has(p))).toEqual([]);
      expect(pkgs.has('lib/config/load.ts')).toBe(false);
    },
    30_000,
  );

  it('the structural check covers exactly the keys of schema.json', () => {
    interface SchemaNode {
      type?: string;
      properties?: Record<string, SchemaNode>;
      items?: SchemaNode;
      additionalProperties?: boolean | SchemaNode;
      required?: string[];
      anyOf?: SchemaNode[];
    }
    // Every object with listed properties in the schema has the same keys (and required keys) in the shape spec.
    const compare = (node: SchemaNode, spec: ShapeSpec, path: string): void => {
      if (node.properties) {
        expect(typeof spec === 'object' && 'keys' in spec).toBe(true);
        if (typeof spec !== 'object' || !('keys' in spec)) return;
        expect([path, Object.keys(spec.keys).sort()]).toEqual([path, Object.keys(node.properties).sort()]);
        expect([path, [...(spec.required ?? [])].sort()]).toEqual([path, [...(node.required ?? [])].sort()]);
        for (const [k, sub] of Object.entries(node.properties)) compare(sub, spec.keys[k], `${path}.${k}`);
      } else if (node.anyOf?.some((b) => b.type === 'object') || (typeof spec === 'object' && 'stringOr' in spec)) {
        expect([path, typeof spec === 'object' && 'stringOr' in spec]).toEqual([path, true]);
        if (!node.anyOf || typeof spec !== 'object' || !('stringOr' in spec)) return;
        // A string or an object (allowList entries): the object branch has the spec's keys.
        expect([path, node.anyOf.map((b) => b.type).sort()]).toEqual([path, ['object', 'string']]);
        compare(node.anyOf.find((b) => b.type === 'object')!, spec.stringOr, `${path}|object`);
      } else if (node.items && typeof spec === 'object' && 'array' in spec) {
        compare(node.items, spec.array, `${path}[]`);
      } else if (node.type === 'array') {
        expect([path, typeof spec === 'object' && 'array' in spec]).toEqual([path, true]);
      } else if (node.type === 'object') {
        expect([path, typeof spec === 'object' && 'values' in spec]).toEqual([path, true]);
      } else if (node.type === 'integer' || node.type === 'boolean') {
        expect([path, spec]).toEqual([path, node.type]);
      }
    };
    compare(schema as SchemaNode, USER_CONFIG_SHAPE, '(top)');
  });

  it('names every structural problem of a hand-edited value', () => {
    const env = {
      IAM_GUARDIAN_CONFIG: JSON.stringify({
        alertThreshold: 'loud',
        thresholds: { accessKeyMaxAgeDays: '90', reminderDays: 1.5 },
        severityOverrides: { 'root-sign-in': 'urgent' },
        suppressions: [{ rule: 'x', resource: '*', expires: '2099-01-01', colour: 'red' }],
        securityHub: true,
        extra: 1,
      }),
    };
    let error: unknown;
    try {
      configFromEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n')).toEqual([
      'IAM_GUARDIAN_CONFIG.json:1: alertThreshold "loud" is not one of info, low, medium, high, critical',
      'IAM_GUARDIAN_CONFIG.json:1: thresholds.accessKeyMaxAgeDays must be an integer, got "90"',
      'IAM_GUARDIAN_CONFIG.json:1: thresholds.reminderDays must be an integer, got 1.5',
      'IAM_GUARDIAN_CONFIG.json:1: severityOverrides["root-sign-in"] "urgent" is not one of info, low, medium, high, critical',
      'IAM_GUARDIAN_CONFIG.json:1: suppressions[0] is missing required "reason" (every suppression needs rule, resource, reason and expires)',
      'IAM_GUARDIAN_CONFIG.json:1: suppressions[0]: unknown key "colour"',
      'IAM_GUARDIAN_CONFIG.json:1: securityHub must be an object, got true',
      'IAM_GUARDIAN_CONFIG.json:1: unknown key "extra"',
    ]);
  });

  it('a value that is not JSON, or not a mapping, is a ConfigError naming the variable', () => {
    expect(() => configFromEnv({ IAM_GUARDIAN_CONFIG: '{alertThreshold: high' })).toThrow(/^IAM_GUARDIAN_CONFIG\.json: cannot decode the value: /);
    expect(() => configFromEnv({ IAM_GUARDIAN_CONFIG: 'deflate:!!!' })).toThrow(ConfigError);
    expect(() => configFromEnv({ IAM_GUARDIAN_CONFIG: '[1,2]' })).toThrow(
      'IAM_GUARDIAN_CONFIG.json:1: the configuration must be a mapping of keys (alertThreshold, suppressions, …)',
    );
  });

  it('the shipped example configuration travels and resolves exactly as the deploy-time loader resolves it', () => {
    const text = readFileSync(join(ROOT, 'iam-guardian.config.example.yaml'), 'utf8');
    const user = parseConfigText(text, 'iam-guardian.config.example.yaml', { allowExpired: true });
    expect(configFromEnv({ IAM_GUARDIAN_CONFIG: encodeConfigEnv(user) })).toEqual(resolveConfig(user));
  });

  it('whatever passes the structural check resolves to a Config without throwing (fuzzed shapes)', () => {
    const severity = fc.constantFrom('info', 'low', 'medium', 'high', 'critical', 'loud');
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), severity);
    const user = fc.dictionary(
      fc.constantFrom('alertThreshold', 'thresholds', 'suppressions', 'allowList', 'replaceDefaultAllowList', 'monitor', 'severityOverrides', 'bogus'),
      fc.oneof(value, fc.dictionary(fc.constantFrom('reminderDays', 'namePrefix', 'root-sign-in', 'x'), value)),
    );
    fc.assert(
      fc.property(user, (u) => {
        let checked;
        try {
          checked = checkUserConfigShape(u, 'f.json');
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          return;
        }
        const c = resolveConfig(checked);
        expect(Array.isArray(c.allowList) && c.allowList.every((a) => typeof a === 'string')).toBe(true);
        expect(['info', 'low', 'medium', 'high', 'critical']).toContain(c.alertThreshold);
        expect(Object.values(c.thresholds).every((n) => Number.isInteger(n))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
