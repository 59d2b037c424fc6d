/**
 * Rule examples are built on first read, not at import (the Lambda bundles import every rule and never read one).
 * This file imports only the rule registries, so nothing has read an example before the first test.
 */
import { EVENT_RULES } from '../../lib/rules/event';
import { POSTURE_RULES } from '../../lib/rules/posture';

const RULES = [...EVENT_RULES, ...POSTURE_RULES];

describe('lazy rule examples', () => {
  it('no registered rule has built its examples at import (use `get examples() { return builtExamples(this, {…}); }`)', () => {
    const eager = RULES.filter((r) => Object.getOwnPropertyDescriptor(r, 'examples')?.get === undefined).map((r) => r.id);
    expect(eager).toEqual([]);
  });

  it('the first read builds them once; later reads return the same arrays; the property stays enumerable', () => {
    for (const rule of RULES) {
      const first = rule.examples;
      expect(Object.getOwnPropertyDescriptor(rule, 'examples')).toMatchObject({ value: first, enumerable: true });
      expect(rule.examples).toBe(first);
      expect(rule.examples.fail).toBe(first.fail);
      expect(Object.keys(rule)).toContain('examples');
    }
  });
});
