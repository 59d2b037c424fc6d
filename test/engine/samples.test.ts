/**
 * Every sample in events/ against its intended outcome (events/expected/expected.json, written from the rules'
 * meaning): the listed rules fire (exactly those, unless "exact": false), the event reaches minSeverity, and the
 * alert decision matches. Also: every event rule of the catalogue has a positive sample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { EVENT_RULES } from '../../lib/rules/event';
import { severityRank, type Severity } from '../../lib/findings/types';

const DIR = join(__dirname, '..', '..', 'events');
interface Expected {
  rules: string[];
  minSeverity?: Severity;
  alert?: boolean;
  exact?: boolean;
  note?: string;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected', 'expected.json'), 'utf8')) as Record<string, Expected>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const NOW = '2026-11-02T10:00:00Z';

describe('events/ samples', () => {
  it('there are at least 36 samples and each has an expected outcome (and vice versa)', () => {
    expect(files.length).toBeGreaterThanOrEqual(36);
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
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
    if (exp.exact === false) expect(fired).toEqual(expect.arrayContaining(exp.rules));
    else expect(fired).toEqual([...exp.rules].sort());
    if (exp.minSeverity) {
      expect(s.severity).not.toBe('none');
      if (s.severity !== 'none') expect(severityRank(s.severity)).toBeGreaterThanOrEqual(severityRank(exp.minSeverity));
    }
    if (exp.alert !== undefined) expect(s.alert).toBe(exp.alert);
  });

  it('every event rule of the catalogue fires on at least one sample', () => {
    const covered = new Set(Object.values(expected).flatMap((e) => e.rules));
    const missing = EVENT_RULES.map((r) => r.id).filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
  });
});
