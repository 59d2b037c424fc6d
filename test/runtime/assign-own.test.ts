import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { assignOwn } from '../../lib/runtime/assign-own';
import { findingUid } from '../../lib/findings/finding';

// Keys that matter: ordinary names, integer-like names (ordered first by the language), the names of Object.prototype,
// and __proto__ (which an assignment would take as the prototype).
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0', '1', '10', 'a', 'b', 'toString', 'constructor', 'hasOwnProperty', '__proto__', 'severity', 'evidence'));
const value = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
// Objects as JSON.parse makes them: a "__proto__" member is an own property.
const record = fc.array(fc.tuple(key, value), { maxLength: 8 }).map((pairs) => {
  const o: Record<string, unknown> = {};
  for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
});

describe('assignOwn', () => {
  it('gives the same keys, order, values and prototype as an object spread', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        const spread = { ...a, ...b };
        const assigned = assignOwn(assignOwn({}, a), b);
        expect(Object.getPrototypeOf(assigned)).toBe(Object.prototype);
        expect(Object.keys(assigned)).toEqual(Object.keys(spread));
        for (const k of Object.keys(spread)) expect(Object.getOwnPropertyDescriptor(assigned, k)).toEqual(Object.getOwnPropertyDescriptor(spread, k));
      }),
      { numRuns: 500 },
    );
  });

  it('takes a "__proto__" member as data, never as the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const out = assignOwn({ eventId: 'e' } as Record<string, unknown>, hostile);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(['eventId', '__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('changes the target only, and returns it', () => {
    const target = { a: 1 };
    const extra = { b: 2 };
    expect(assignOwn(target, extra)).toBe(target);
    expect(target).toEqual({ a: 1, b: 2 });
    expect(extra).toEqual({ b: 2 });
  });
});

describe('findingUid', () => {
  it('is the sha256 of ruleId|account|resource, whichever hashing call Node offers', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ unit: 'binary' }), (rule, account, resource) => {
        expect(findingUid(rule, account, resource)).toBe(createHash('sha256').update(`${rule}|${account}|${resource}`).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});
