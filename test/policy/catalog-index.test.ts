/**
 * The catalogue's lazy action index (built one service at a time) answers exactly what one map of every lower-cased
 * `service:action` id answered.
 */
import fc from 'fast-check';
import { ActionIndex, getCatalog } from '../../lib/policy/catalog';

describe('catalogue action index', () => {
  const c = getCatalog();
  const full = new Map<string, number>();
  c.actions.forEach((a, i) => full.set(a.id.toLowerCase(), i));

  it('finds every action by its lower-case id, as one map of all ids did', () => {
    const index = new ActionIndex(c);
    for (const [key, i] of full) expect([key, index.get(key)]).toEqual([key, i]);
  });

  it('finds nothing for other keys (upper case, no colon, unknown service or action, prototype names)', () => {
    const index = new ActionIndex(c);
    for (const key of ['IAM:GetRole', 'iam:GetRole', 'iam', '', ':', 'iam:', ':getrole', 'nosuchservice:getrole', 'iam:nosuchaction', 'iam:constructor', '__proto__:x', 'iam:getrole:x']) {
      expect([key, index.get(key)]).toEqual([key, full.get(key)]);
    }
    fc.assert(
      fc.property(fc.constantFrom(...c.services), fc.string({ maxLength: 12 }), fc.boolean(), (svc, name, real) => {
        const key = real ? c.actions[c.serviceRanges.get(svc)!.start].id.toLowerCase() : `${svc.toLowerCase()}:${name}`;
        expect(new ActionIndex(c).get(key)).toBe(full.get(key));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the later action of two ids that differ only in case, as the map did', () => {
    const actions = [
      { id: 'svc:Get', service: 'svc', name: 'Get', level: 'Read' as const },
      { id: 'svc:GET', service: 'svc', name: 'GET', level: 'Read' as const },
      { id: 'Other:x', service: 'Other', name: 'x', level: 'Read' as const },
    ];
    const index = new ActionIndex({ actions, serviceRanges: new Map([['svc', { start: 0, end: 2 }], ['Other', { start: 2, end: 3 }]]) });
    expect(index.get('svc:get')).toBe(1);
    expect(index.get('other:x')).toBe(2);
    expect(index.get('Other:x')).toBeUndefined();
  });
});
