/**
 * CloudTrail Event history through LookupEvents: the account's free 90 days of management events, readable without
 * a trail. Paged with NextToken (at most 50 events a page), paced to the API's limit of 2 requests per second per
 * account and region by a token bucket, with the SDK's adaptive retry (client-side rate limiting after a throttle,
 * exponential backoff) for throttles caused by anything else sharing the limit.
 *
 * No LookupAttributes: the API takes at most one attribute (EventName, Username, EventSource…) per call, so a
 * narrower question than "everything in the window" would need one full read per attribute value. The whole window
 * is read once and filtered client-side by the scorer.
 *
 * Regions: IAM, STS and sign-in events are recorded in us-east-1; other regions only on request. `all` means the
 * regions enabled for the account, from account:ListRegions (the opt-in status is explicit there, the client is small;
 * EC2 DescribeRegions would need the much larger EC2 client for one call).
 */
import { ListRegionsCommand, type AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { fromIni } from '@aws-sdk/credential-providers';
import { TokenBucket, realClock, type PacerClock } from './pacer';

/** The API's rate limit, per account and region. */
export const LOOKUP_EVENTS_PER_SECOND = 2;
/** The largest page LookupEvents returns. */
export const LOOKUP_PAGE_SIZE = 50;
/** Retry policy of the clients (adaptive: the SDK slows down after a throttle). */
export const EVENT_HISTORY_RETRY = { retryMode: 'adaptive', maxAttempts: 10 } as const;

export interface LookupPagesOptions {
  start: Date;
  end: Date;
  pacer: TokenBucket;
  /** Ctrl-C: stops between pages and aborts the call in flight. */
  signal?: AbortSignal;
  /** Bound on pages read (90 days of a busy account is tens of thousands). */
  maxPages?: number;
}

/** Every page of events in [start, end], newest first (the API's order). Ends early (without error) when aborted. */
export async function* lookupEventPages(client: CloudTrailClient, opts: LookupPagesOptions): AsyncGenerator<Event[]> {
  let token: string | undefined;
  const maxPages = opts.maxPages ?? 1_000_000;
  for (let page = 0; page < maxPages; page++) {
    await opts.pacer.take();
    if (opts.signal?.aborted) return;
    let out;
    try {
      out = await client.send(
        new LookupEventsCommand({ StartTime: opts.start, EndTime: opts.end, MaxResults: LOOKUP_PAGE_SIZE, NextToken: token }),
        opts.signal ? { abortSignal: opts.signal } : undefined,
      );
    } catch (err) {
      if (opts.signal?.aborted) return;
      throw err;
    }
    yield out.Events ?? [];
    token = out.NextToken;
    if (!token) return;
  }
}

export function makePacer(clock: PacerClock = realClock): TokenBucket {
  return new TokenBucket(LOOKUP_EVENTS_PER_SECOND, 1, clock);
}

export function makeEventHistoryClient(region: string, profile?: string): CloudTrailClient {
  return new CloudTrailClient({
    region,
    retryMode: EVENT_HISTORY_RETRY.retryMode,
    maxAttempts: EVENT_HISTORY_RETRY.maxAttempts,
    ...(profile ? { credentials: fromIni({ profile }) } : {}),
  });
}

/** The regions enabled for the account (ENABLED and ENABLED_BY_DEFAULT), sorted, us-east-1 first. */
export async function enabledRegions(client: AccountClient): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const r = await client.send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken: token }));
    for (const reg of r.Regions ?? []) if (reg.RegionName && /^[a-z0-9-]{1,40}$/.test(reg.RegionName)) out.push(reg.RegionName);
    token = r.NextToken;
    if (!token) break;
  }
  return [...new Set(out)].sort((a, b) => (a === 'us-east-1' ? -1 : b === 'us-east-1' ? 1 : a.localeCompare(b)));
}
