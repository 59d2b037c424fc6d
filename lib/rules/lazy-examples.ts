/**
 * Rules build their pass/fail examples (CloudTrail records, account fixtures, parsed policies) on first read instead of
 * at import: the Lambda bundles import every rule but never read an example, and building them all took a noticeable
 * share of a cold start. A rule writes `get examples() { return builtExamples(this, { fail: [...], pass: [...] }); }`;
 * the first read replaces the getter with the built value, so later reads return the same arrays.
 */
export function builtExamples<R extends { examples: unknown }>(rule: R, examples: R['examples']): R['examples'] {
  Object.defineProperty(rule, 'examples', { value: examples, enumerable: true, writable: true, configurable: true });
  return examples;
}
