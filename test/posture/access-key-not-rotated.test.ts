/**
 * access-key-not-rotated at its boundary: a key is flagged only when it is OLDER than the limit
 * (thresholds.accessKeyMaxAgeDays, whole days since access_key_N_last_rotated). A key exactly at the limit passes.
 */
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { accountFixture, credRow, daysAgo } from '../support/posture-fixtures';
import { POSTURE_RULES } from '../../lib/rules/posture';
import type { PostureRule } from '../../lib/rules/types';

const rule = POSTURE_RULES.find((r) => r.id === 'access-key-not-rotated') as PostureRule;
const withLimit = (days: number): Config => ({ ...DEFAULT_CONFIG, thresholds: { ...DEFAULT_CONFIG.thresholds, accessKeyMaxAgeDays: days } });
const oneKey = (lastRotated: string) =>
  accountFixture({ credentialReport: { rows: [credRow('alice', { access_key_1_active: 'true', access_key_1_last_rotated: lastRotated, access_key_1_last_used_date: daysAgo(1) })] } });
const run = (lastRotated: string, config: Config = DEFAULT_CONFIG) => rule.evaluate(oneKey(lastRotated), { config });

describe('access-key-not-rotated boundary', () => {
  test('the default limit is 90 days', () => {
    expect(DEFAULT_CONFIG.thresholds.accessKeyMaxAgeDays).toBe(90);
  });

  test('a key exactly 90 days old is within the limit', () => {
    const r = run(daysAgo(90));
    expect(r.checked).toBe(1);
    expect(r.hits).toEqual([]);
  });

  test('a key 90 days and 23 hours old is still 90 whole days: within the limit', () => {
    const r = run(daysAgo(90 + 23 / 24));
    expect(r.hits).toEqual([]);
  });

  test('a key 91 days old is flagged, with its age and the limit in the message and evidence', () => {
    const r = run(daysAgo(91));
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0].resource).toBe('arn:aws:iam::111122223333:user/alice');
    expect(r.hits[0].message).toContain('older than 90 days (key 1: 91 days');
    expect(r.hits[0].evidence).toMatchObject({ thresholdDays: 90, keys: [{ slot: 1, ageDays: 91 }] });
  });

  test('the boundary follows the configured limit', () => {
    expect(run(daysAgo(30), withLimit(30)).hits).toEqual([]);
    expect(run(daysAgo(31), withLimit(30)).hits).toHaveLength(1);
    expect(run(daysAgo(0), withLimit(0)).hits).toEqual([]);
    expect(run(daysAgo(1), withLimit(0)).hits).toHaveLength(1);
  });
});
