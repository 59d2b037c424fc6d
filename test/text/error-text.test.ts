/**
 * Thrown values are hostile: an error payload can be any JSON or object (a `toString` that is not a function, a
 * null prototype, a getter that throws). Turning one into text never throws (the org sweep once crashed on
 * `{toString: 0}`, found by a random property).
 */
import fc from 'fast-check';
import { thrownLine, thrownName, thrownText } from '../../lib/text/error-text';
import { notEvaluatedReason } from '../../lib/org/sweep';
import { errName } from '../../lib/aws/deployment-stack';

const hostile: unknown[] = [
  { toString: 0 },
  { toString: () => { throw new Error('no'); } },
  Object.create(null),
  new Proxy({}, { get: () => { throw new Error('trap'); } }),
  Symbol('s'),
  undefined,
  null,
  42,
];

test('known errors keep their name and message', () => {
  const e = Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' });
  expect(thrownText(e)).toBe('User is not authorized');
  expect(thrownName(e)).toBe('AccessDenied');
  expect(thrownLine(e)).toBe('AccessDenied: User is not authorized');
  expect(thrownText('plain text')).toBe('plain text');
  expect(errName(e)).toBe('AccessDenied');
  expect(errName(new Error('socket hang up'))).toBe('socket hang up');
  expect(notEvaluatedReason(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))).toMatch(/^throttled out: /);
});

test.each(hostile.map((v, i) => [i, v]))('hostile value %i: text without throwing', (_i, v) => {
  expect(typeof thrownText(v)).toBe('string');
  expect(typeof thrownLine(v)).toBe('string');
  expect(typeof errName(v)).toBe('string');
  expect(notEvaluatedReason(v)).toMatch(/^failed: /);
});

test('any value: never throws, always a string', () => {
  fc.assert(
    fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true }), (v) => {
      expect(typeof thrownText(v)).toBe('string');
      expect(typeof thrownLine(v)).toBe('string');
      expect(typeof notEvaluatedReason(v)).toBe('string');
    }),
    { seed: 20261205, numRuns: 2000 },
  );
});
