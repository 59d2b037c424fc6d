/**
 * A replay `--json` line (lib/replay/process-file.ts findingLine) is exactly JSON.stringify of
 * `{...scoredEventJson(scored), eventTime, file}`, the contract's shape, whatever the file name and event time hold.
 */
import fc from 'fast-check';
import { findingLine } from '../../lib/replay/process-file';
import { scoredEventJson } from '../../lib/engine/json';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { EVENT_RULES } from '../../lib/rules/event';
import { examplesOf } from '../support/rule-examples';

const flagged = EVENT_RULES.flatMap((r) => examplesOf(r).fail.map((ex) => scoreEventOffline(structuredClone(ex.input), { config: DEFAULT_CONFIG })));

describe('replay --json line', () => {
  it('is the contract object stringified, for hostile file names and event times', () => {
    expect(flagged.length).toBeGreaterThan(50);
    fc.assert(
      fc.property(
        fc.constantFrom(...flagged),
        fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('', 'a"b\\c\n.json.gz', '\ud800 lone', 's3://bucket/AWSLogs/x.json.gz')),
        fc.option(fc.oneof(fc.string({ unit: 'binary' }), fc.constant('')), { nil: undefined }),
        fc.boolean(),
        (scored, file, eventTime, sameFileTwice) => {
          const s = { ...scored, eventTime };
          const want = JSON.stringify({ ...scoredEventJson(s), eventTime: s.eventTime, file });
          if (sameFileTwice) findingLine(s, file);
          expect(findingLine(s, file)).toBe(want);
          expect(JSON.parse(findingLine(s, file))).toEqual(JSON.parse(want));
        },
      ),
      { numRuns: 400 },
    );
  });
});
