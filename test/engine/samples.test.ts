/**
 * Every sample in events/ against its intended outcome (events/expected/expected.json, written from the rules'
 * meaning): exactly the listed rules fire, the event's severity is the listed one (`none` when nothing fires), and
 * the alert decision matches. Also: every event rule of the catalogue has a positive sample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { EVENT_RULES } from '../../lib/rules/event';
import type { Severity } from '../../lib/findings/types';

const DIR = join(__dirname, '..', '..', 'events');
interface Expected {
  rules: string[];
  severity: Severity | 'none';
  alert?: boolean;
  note?: string;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected', 'expected.json'), 'utf8')) as Record<string, Expected>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const NOW = '2026-11-02T10:00:00Z';

describe('events/ samples', () => {
  it('there are at least 36 samples and each has an expected outcome (and vice versa), exact: rules and severity', () => {
    expect(files.length).toBeGreaterThanOrEqual(36);
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
    for (const [f, e] of Object.entries(expected)) expect([f, Object.keys(e).filter((k) => !['rules', 'severity', 'alert', 'note'].includes(k)), typeof e.severity]).toEqual([f, [], 'string']);
  });

  it('every sample is an EventBridge envelope that normalises without problems (except the unreadable ones)', () => {
    for (const f of files) {
      const raw = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(raw)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
      const s = scoreEventOffline(raw, { config: DEFAULT_CONFIG, now: NOW });
      if (!f.startsWith('unparseable-')) expect([f, s.event.problems]).toEqual([f, []]);
      else expect(s.event.problems.length).toBeGreaterThan(0);
    }
  });

  it.each(files)('%s', (f) => {
    const exp = expected[f];
    const raw: unknown = JSON.parse(readFileSync(join(DIR, f), 'utf8'));
    const s = scoreEventOffline(raw, { config: DEFAULT_CONFIG, now: NOW });
    const fired = [...new Set(s.findings.map((x) => x.ruleId))].sort();
    expect({ rules: fired, severity: s.severity }).toEqual({ rules: [...exp.rules].sort(), severity: exp.severity });
    if (exp.alert !== undefined) expect(s.alert).toBe(exp.alert);
  });

  it('every event rule of the catalogue fires on at least one sample', () => {
    const covered = new Set(Object.values(expected).flatMap((e) => e.rules));
    const missing = EVENT_RULES.map((r) => r.id).filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
  });
});
