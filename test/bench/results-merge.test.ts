/** bench/results.json bookkeeping: an --only run never relabels other figures; keys the bench does not produce stay. */
import { mergeResults } from '../../bench/run';

const OLD = { machine: 'old cpu', node: 'v20.0.0', quick: false, date: '2026-11-01T00:00:00.000Z', fullRunDate: '2026-11-01T00:00:00.000Z', seconds: 200 };
const previous = {
  ...OLD,
  scoring: { eventsPerSec: 1 },
  sweep: [{ users: 1 }],
  mutation: { score: 81 },
  replayVsDuckdb: { ratio: 2 },
  measured: { sweep: { ...OLD, machine: 'older cpu' } },
};
const run = { machine: 'new cpu', node: 'v22.0.0', quick: true, date: '2026-12-05T00:00:00.000Z' };

describe('mergeResults', () => {
  it('--only: replaces only its keys, records their own machine and date, keeps the top-level run fields', () => {
    const m = mergeResults(previous, { scoring: { eventsPerSec: 2 } }, run, 5, true);
    expect(m.scoring).toEqual({ eventsPerSec: 2 });
    expect(m.sweep).toEqual([{ users: 1 }]);
    expect({ machine: m.machine, node: m.node, quick: m.quick, date: m.date, fullRunDate: m.fullRunDate, seconds: m.seconds }).toEqual(OLD);
    const measured = m.measured as Record<string, Record<string, unknown>>;
    expect(measured.scoring).toMatchObject(run);
    expect(measured.scoring.method).toMatch(/best of the two/);
    expect(measured.sweep.machine).toBe('older cpu');
    expect(m.refreshed).toEqual({ keys: ['scoring'], date: run.date, seconds: 5, machine: 'new cpu' });
    expect(m.mutation).toEqual({ score: 81 });
    expect(m.replayVsDuckdb).toEqual({ ratio: 2 });
  });

  it('a full run sets the run fields and fullRunDate, drops `refreshed`, and keeps keys it does not produce', () => {
    const m = mergeResults({ ...previous, refreshed: { keys: ['sweep'] } }, { scoring: { eventsPerSec: 3 }, sweep: [] }, run, 300, false);
    expect({ machine: m.machine, node: m.node, quick: m.quick, date: m.date, fullRunDate: m.fullRunDate, seconds: m.seconds }).toEqual({ ...run, fullRunDate: run.date, seconds: 300 });
    expect(m.refreshed).toBeUndefined();
    expect(m.mutation).toEqual({ score: 81 });
    expect(m.replayVsDuckdb).toEqual({ ratio: 2 });
    expect((m.measured as Record<string, Record<string, unknown>>).sweep.machine).toBe('new cpu');
  });
});
