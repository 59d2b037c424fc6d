/** In-process event scoring throughput (events/s on one core) over a realistic mix from the generated archive. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateArchive } from './gen-archive';
import { scoreEventOffline } from '../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../lib/config/types';

export async function runScoringBench(opts: { quick: boolean }): Promise<{ eventsPerSec: number; events: number; iamEventsPerSec: number }> {
  const info = await generateArchive(join(tmpdir(), 'iam-guardian-bench-archive'), opts.quick ? 24 : 210);
  const records: unknown[] = [];
  for (const f of info.files) {
    const parsed = JSON.parse(gunzipSync(await readFile(f)).toString('utf8')) as { Records: unknown[] };
    records.push(...parsed.Records);
    if (records.length >= 60_000) break;
  }
  const iam = records.filter((r) => (r as { eventSource?: string }).eventSource === 'iam.amazonaws.com');
  const rate = (list: unknown[], minSeconds: number): number => {
    for (const r of list.slice(0, 2000)) scoreEventOffline(r, { config: DEFAULT_CONFIG });
    let n = 0;
    const t0 = process.hrtime.bigint();
    let s = 0;
    do {
      for (const r of list) scoreEventOffline(r, { config: DEFAULT_CONFIG });
      n += list.length;
      s = Number(process.hrtime.bigint() - t0) / 1e9;
    } while (s < minSeconds);
    return n / s;
  };
  const all = rate(records, opts.quick ? 1 : 3);
  const iamRate = rate(iam, opts.quick ? 0.5 : 2);
  return { eventsPerSec: Math.round(all), events: records.length, iamEventsPerSec: Math.round(iamRate) };
}
