/**
 * Replay of CloudTrail Event history (LookupEvents pages): each page's records are scored exactly like one log file
 * of an archive (processFileSync on the page as lookup-events output, `{"Events":[…]}`), so the summary is the one `replay DIR` prints for
 * the same records. No AWS SDK here: the pages come from lib/aws/event-history.ts.
 */
import { lookupEventTimeMs, lookupEventsDocument, type LookupEvent } from '../cloudtrail/event-history';
import { processFileSync } from './process-file';
import { addResult, emptySummary, type ReplaySummary } from './summary';
import type { FileResult, ReplayWorkerInit } from './types';

export interface HistoryPage {
  region: string;
  events: readonly LookupEvent[];
}

export interface HistoryProgress {
  pages: number;
  events: number;
  /** Regions finished and the total. */
  regionsDone: number;
  regions: number;
  /** Share of the time window read so far (0..1): pages arrive newest first, so the oldest event read tells. */
  fraction: number;
  seconds: number;
}

export interface EventHistoryReplayOptions {
  /** Pages of one region after another (each region's pages newest first). */
  pages: AsyncIterable<HistoryPage>;
  init: ReplayWorkerInit;
  /** The time window asked for (ms) and the regions read, for the ETA. */
  startMs: number;
  endMs: number;
  regions: string[];
  onPage?: (r: FileResult, s: ReplaySummary, p: HistoryProgress) => void;
  now?: () => number;
}

export function pageRecordsBytes(events: readonly LookupEvent[]): Uint8Array {
  return Buffer.from(JSON.stringify(lookupEventsDocument(events)), 'utf8');
}

/** Scores every page; returns the summary of what was read (also when the pages stop early: Ctrl-C). */
export async function replayEventHistory(opts: EventHistoryReplayOptions): Promise<ReplaySummary> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const summary = emptySummary();
  const window = Math.max(1, opts.endMs - opts.startMs);
  let region: string | undefined;
  let regionsDone = 0;
  let oldest = opts.endMs;
  const p: HistoryProgress = { pages: 0, events: 0, regionsDone: 0, regions: opts.regions.length, fraction: 0, seconds: 0 };
  for await (const page of opts.pages) {
    if (region !== undefined && page.region !== region) {
      regionsDone += 1;
      oldest = opts.endMs;
    }
    region = page.region;
    const r = processFileSync({ id: p.pages, file: `event-history ${page.region} page ${p.pages + 1}`, bytes: pageRecordsBytes(page.events) }, opts.init);
    addResult(summary, r);
    for (const e of page.events) {
      const t = lookupEventTimeMs(e);
      if (!Number.isNaN(t) && t < oldest) oldest = t;
    }
    p.pages += 1;
    p.events += page.events.length;
    p.regionsDone = regionsDone;
    const inRegion = Math.min(1, Math.max(0, (opts.endMs - oldest) / window));
    p.fraction = Math.min(1, (regionsDone + inRegion) / Math.max(1, opts.regions.length));
    p.seconds = (now() - started) / 1000;
    summary.seconds = p.seconds;
    opts.onPage?.(r, summary, p);
  }
  summary.seconds = (now() - started) / 1000;
  return summary;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

/** `event history: 12 pages, 590 events, 1.9 pages/s, 3% of the window, ETA 6m10s` */
export function historyProgressLine(p: HistoryProgress): string {
  const rate = p.seconds > 0 ? p.pages / p.seconds : 0;
  const eta = p.fraction > 0 && p.fraction < 1 ? `, ETA ${duration((p.seconds * (1 - p.fraction)) / p.fraction)}` : '';
  const regions = p.regions > 1 ? `, region ${Math.min(p.regionsDone + 1, p.regions)}/${p.regions}` : '';
  return `event history: ${p.pages} pages, ${p.events} events, ${rate.toFixed(1)} pages/s${regions}, ${Math.floor(p.fraction * 100)}% of the window${eta}`;
}

/** The summary text's first line for Event history (pages and regions instead of files). */
export function historyHeadline(s: ReplaySummary, regions: string[], stopped: boolean): string {
  return `${stopped ? 'Stopped (Ctrl-C): read ' : 'Read '}${s.files} page(s), ${s.events} event(s) of CloudTrail Event history (${regions.join(', ')}) in ${s.seconds.toFixed(1)} s.`;
}
