import fc from 'fast-check';
import { stringify } from 'yaml';
import schema from '../../lib/config/schema.json';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { parseConfigText, resolveConfig, type UserConfig } from '../../lib/config/load';
import { SEVERITIES } from '../../lib/findings/types';

describe('schema.json and the Config type agree', () => {
  it('every Config key (and every threshold) is described by the schema', () => {
    const props = schema.properties as Record<string, { properties?: Record<string, unknown> }>;
    for (const k of Object.keys(DEFAULT_CONFIG)) expect(Object.keys(props)).toContain(k);
    expect(Object.keys(props.thresholds.properties ?? {}).sort()).toEqual(Object.keys(DEFAULT_CONFIG.thresholds).sort());
    expect(Object.keys(props.schedules.properties ?? {}).sort()).toEqual(Object.keys(DEFAULT_CONFIG.schedules).sort());
  });

  it('the defaults themselves are a valid configuration file', () => {
    const text = stringify({ ...DEFAULT_CONFIG, email: 'a@example.com' });
    expect(resolveConfig(parseConfigText(text, 'defaults.yaml'))).toEqual({ ...DEFAULT_CONFIG, email: 'a@example.com' });
  });
});

describe('YAML and JSON files give the same configuration (property)', () => {
  const user: fc.Arbitrary<UserConfig> = fc.record(
    {
      alertThreshold: fc.constantFrom(...SEVERITIES),
      thresholds: fc.record({ accessKeyMaxAgeDays: fc.integer({ min: 1, max: 3650 }), reminderDays: fc.integer({ min: 1, max: 365 }) }, { requiredKeys: [] }),
      trustedAccounts: fc.uniqueArray(fc.stringMatching(/^\d{12}$/), { maxLength: 3 }),
      forwardRegions: fc.uniqueArray(fc.constantFrom('eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-west-2'), { maxLength: 3 }),
      disabledRules: fc.uniqueArray(fc.constantFrom('root-*', 'unused-role', 'access-key-at-setup'), { maxLength: 2 }),
      suppressions: fc.array(
        fc.record({
          rule: fc.constantFrom('access-key-created', 'admin-*', '*'),
          resource: fc.constantFrom('arn:aws:iam::*:user/ci-*', '111122223333', '*'),
          reason: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.:#'"-]{0,60}$/),
          owner: fc.constantFrom('sec', 'platform@example.com'),
          expires: fc.constantFrom('2099-01-01', '2030-06-30T12:00:00Z'),
        }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  );
  it('holds', () => {
    fc.assert(
      fc.property(user, (u) => {
        const fromYaml = resolveConfig(parseConfigText(stringify(u), 'c.yaml', { now: '2026-11-29T00:00:00Z' }));
        const fromJson = resolveConfig(parseConfigText(JSON.stringify(u, null, 2), 'c.json', { now: '2026-11-29T00:00:00Z' }));
        expect(fromYaml).toEqual(fromJson);
        expect(fromJson).toEqual(resolveConfig(u));
      }),
      { numRuns: 150 },
    );
  });
});
