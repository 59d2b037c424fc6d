/** In-process event scoring throughput (events/s on one core) over a realistic mix from the generated archive. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateArchive } from './gen-archive';
import { quietScore, ruleIndex, scoreEventFull, scoreEventOffline, type ScoredEvent } from '../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../lib/config/types';

export interface ScoringBench {
  eventsPerSec: number;
  events: number;
  iamEventsPerSec: number;
  /** The same mix without the quiet-record fast path (scoreEventFull), measured in the same run. */
  fullPathEventsPerSec: number;
  /** Share of the mix the fast path answers. */
  quietShare: number;
}

export async function runScoringBench(opts: { quick: boolean }): Promise<ScoringBench> {
  const info = await generateArchive(join(tmpdir(), 'iam-guardian-bench-archive'), opts.quick ? 24 : 210);
  const records: unknown[] = [];
  for (const f of info.files) {
    const parsed = JSON.parse(gunzipSync(await readFile(f)).toString('utf8')) as { Records: unknown[] };
    records.push(...parsed.Records);
    if (records.length >= 60_000) break;
  }
  const offline = (r: unknown): ScoredEvent => scoreEventOffline(r, { config: DEFAULT_CONFIG });
  const iam = records.filter((r) => (r as { eventSource?: string }).eventSource === 'iam.amazonaws.com');
  const rate = (list: unknown[], minSeconds: number, score: (r: unknown) => ScoredEvent = offline): number => {
    for (const r of list.slice(0, 2000)) score(r);
    let n = 0;
    const t0 = process.hrtime.bigint();
    let s = 0;
    do {
      for (const r of list) score(r);
      n += list.length;
      s = Number(process.hrtime.bigint() - t0) / 1e9;
    } while (s < minSeconds);
    return n / s;
  };
  // Alternate fast and full path twice and keep the best of each (other processes share the machine).
  const all = rate(records, opts.quick ? 1 : 3);
  const full = rate(records, opts.quick ? 1 : 3, (r) => scoreEventFull(r, { config: DEFAULT_CONFIG }));
  const all2 = rate(records, opts.quick ? 1 : 3);
  const full2 = rate(records, opts.quick ? 1 : 3, (r) => scoreEventFull(r, { config: DEFAULT_CONFIG }));
  const iamRate = rate(iam, opts.quick ? 0.5 : 2);
  const quiet = records.filter((r) => quietScore(r, ruleIndex(DEFAULT_CONFIG)) !== undefined).length;
  return {
    eventsPerSec: Math.round(Math.max(all, all2)),
    events: records.length,
    iamEventsPerSec: Math.round(iamRate),
    fullPathEventsPerSec: Math.round(Math.max(full, full2)),
    quietShare: Math.round((quiet / records.length) * 1000) / 1000,
  };
}
