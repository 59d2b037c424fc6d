import { BASE_SCORE, changeScore, findingScore, UNVERIFIED_FLOOR } from '../../lib/scoring/change';

describe('findingScore', () => {
  it('base values by severity', () => {
    expect([findingScore('critical'), findingScore('high'), findingScore('medium'), findingScore('low'), findingScore('info')]).toEqual([90, 70, 50, 25, 5]);
    expect(BASE_SCORE.none).toBe(0);
  });
  it('context factors adjust and the result is clamped to 0..100', () => {
    expect(findingScore('critical', { rootWithoutMfa: true })).toBe(100);
    expect(findingScore('critical', { rootWithoutMfa: true, adminEquivalent: true })).toBe(100);
    expect(findingScore('high', { adminEquivalent: true, grantToUser: true })).toBe(85);
    expect(findingScore('high', { adminEquivalent: true })).toBe(80);
    expect(findingScore('medium', { failedAttempt: true })).toBe(35);
    expect(findingScore('info', { failedAttempt: true })).toBe(0);
  });
  it('a change that could not be checked keeps at least the medium floor', () => {
    expect(findingScore('low', { unverified: true })).toBe(UNVERIFIED_FLOOR);
    expect(findingScore('low', { unverified: true, failedAttempt: true })).toBe(50);
    expect(findingScore('high', { unverified: true })).toBe(70);
  });
  it('a grant to a user scores higher than the same grant to a group', () => {
    expect(findingScore('high', { adminEquivalent: true, grantToUser: true })).toBeGreaterThan(findingScore('high', { adminEquivalent: true }));
  });
});

describe('changeScore', () => {
  it('no findings: none, 0, no alert', () => {
    expect(changeScore([], 'medium')).toEqual({ severity: 'none', score: 0, alert: false });
  });
  it('severity and score of the worst finding; alert at or above the threshold', () => {
    expect(changeScore([{ severity: 'low', suppressed: false }, { severity: 'high', suppressed: false }], 'medium')).toEqual({ severity: 'high', score: 70, alert: true });
    expect(changeScore([{ severity: 'low', suppressed: false }], 'medium').alert).toBe(false);
    expect(changeScore([{ severity: 'low', suppressed: false }], 'low').alert).toBe(true);
    expect(changeScore([{ severity: 'medium', suppressed: false }], 'medium').alert).toBe(true);
    expect(changeScore([{ severity: 'high', suppressed: false }], 'critical').alert).toBe(false);
  });
  it('a suppressed finding keeps its severity and score but sends no alert', () => {
    expect(changeScore([{ severity: 'critical', suppressed: true }], 'medium')).toEqual({ severity: 'critical', score: 90, alert: false });
    expect(changeScore([{ severity: 'critical', suppressed: true }, { severity: 'medium', suppressed: false }], 'medium').alert).toBe(true);
  });
});
