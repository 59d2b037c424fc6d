/**
 * `replay --event-history`: reads the account's CloudTrail Event history region by region (paced, paged) and scores
 * it like an archive. Ctrl-C stops reading and still prints the summary of what was read. Loaded only for
 * --event-history (it loads the CloudTrail and Account SDK clients).
 */
import type { AccountClient } from '@aws-sdk/client-account';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CliIo } from './io';
import type { Config } from '../config/types';
import { enabledRegions, lookupEventPages, makeEventHistoryClient, makePacer } from '../aws/event-history';
import type { PacerClock } from '../aws/pacer';
import { historyHeadline, historyProgressLine, replayEventHistory, type HistoryPage, type HistoryProgress } from '../replay/event-history';
import { renderSummaryText } from '../replay/summary';

export interface EventHistoryOptions {
  config: Config;
  since?: string;
  until?: string;
  json: boolean;
  profile?: string;
  /** Comma-separated regions or "all"; default us-east-1. */
  regions?: string;
}

export interface EventHistoryDeps {
  cloudtrail(region: string): CloudTrailClient;
  account(): AccountClient;
  clock?: PacerClock;
  /** Stops the reading (default: Ctrl-C). */
  signal?: AbortSignal;
  now?: () => number;
}

function liveErrorMessage(err: unknown): string {
  const e = err as { name?: string; message?: string };
  if (e?.name === 'CredentialsProviderError' || /credential/i.test(e?.message ?? '')) return `no usable AWS credentials (${e.message}); pass --profile NAME`;
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

/** Event history keeps 90 days. */
export const HISTORY_DAYS = 90;

function defaultDeps(profile: string | undefined): EventHistoryDeps {
  return {
    cloudtrail: (region) => makeEventHistoryClient(region, profile),
    account: () => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { AccountClient } = require('@aws-sdk/client-account') as typeof import('@aws-sdk/client-account');
      const { fromIni } = require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
      /* eslint-enable @typescript-eslint/no-require-imports */
      return new AccountClient({ region: 'us-east-1', ...(profile ? { credentials: fromIni({ profile }) } : {}) });
    },
  };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The `--event-history` command line for this account (the hint sweep and doctor print when there is no trail). */
export function eventHistoryCommand(profile?: string): string {
  return `iam-guardian replay --event-history${profile ? ` --profile ${/^[\w.+@-]+$/.test(profile) ? profile : `'${profile.replace(/'/g, `'\\''`)}'`}` : ''}`;
}

export async function replayFromEventHistory(opts: EventHistoryOptions, io: CliIo, injected?: EventHistoryDeps): Promise<void> {
  const deps = injected ?? defaultDeps(opts.profile);
  const nowMs = Date.now();
  const endMs = opts.until ? Math.min(Date.parse(opts.until), nowMs) : nowMs;
  const oldest = nowMs - HISTORY_DAYS * 86_400_000;
  const startMs = opts.since ? Math.max(Date.parse(opts.since), oldest) : oldest;
  if (opts.since && Date.parse(opts.since) < oldest) io.err(`iam-guardian replay: Event history keeps ${HISTORY_DAYS} days; reading from ${new Date(oldest).toISOString()}\n`);
  if (startMs > endMs) {
    io.err('iam-guardian replay: --since is after --until\n');
    io.fail();
    return;
  }
  let regions: string[];
  const asked = (opts.regions ?? 'us-east-1').trim();
  if (asked === 'all') {
    const account = deps.account();
    try {
      regions = await enabledRegions(account);
    } catch (err) {
      io.err(`iam-guardian replay: cannot list the account's enabled regions (account:ListRegions): ${liveErrorMessage(err)}; name them with --regions\n`);
      io.fail();
      return;
    } finally {
      account.destroy();
    }
  } else {
    regions = [...new Set(asked.split(',').map((r) => r.trim()).filter(Boolean))];
    const bad = regions.filter((r) => !REGION.test(r));
    if (bad.length || regions.length === 0) {
      io.err(`iam-guardian replay: --regions ${JSON.stringify(asked)}: not a region list (example: us-east-1,eu-west-1 or all)\n`);
      io.fail();
      return;
    }
  }

  const controller = new AbortController();
  const signal = deps.signal ?? controller.signal;
  const onSigint = () => controller.abort();
  if (!deps.signal) process.once('SIGINT', onSigint);
  const clients = new Map<string, CloudTrailClient>();
  const start = new Date(startMs);
  const end = new Date(endMs);
  let failure: string | undefined;
  const pages = async function* (): AsyncGenerator<HistoryPage> {
    for (const region of regions) {
      if (signal.aborted) return;
      const client = deps.cloudtrail(region);
      clients.set(region, client);
      try {
        for await (const events of lookupEventPages(client, { start, end, pacer: makePacer(deps.clock), signal })) yield { region, events };
      } catch (err) {
        failure = `${region}: ${liveErrorMessage(err)}`;
        return;
      }
    }
  };
  let lastShown = 0;
  let lastPlain = 0;
  const show = (p: HistoryProgress) => {
    const t = Date.now();
    if (io.isTty) {
      if (t - lastShown < 100) return;
      lastShown = t;
      io.progress(historyProgressLine(p));
    } else if (t - lastPlain >= 5000) {
      lastPlain = t;
      io.err(`${historyProgressLine(p)}\n`);
    }
  };
  try {
    const summary = await replayEventHistory({
      pages: pages(),
      init: { config: opts.config, since: opts.since, until: opts.until, collectLines: opts.json },
      startMs,
      endMs,
      regions,
      now: deps.now,
      onPage: (r, _s, p) => {
        if (opts.json) for (const line of r.lines) io.out(`${line}\n`);
        show(p);
      },
    });
    if (io.isTty && lastShown) io.progress('');
    const stopped = signal.aborted;
    if (failure) {
      io.err(`iam-guardian replay: Event history could not be read in ${failure}\n`);
      io.fail();
    }
    if (opts.json) io.out(`${JSON.stringify({ summary: { ...summary, source: 'event-history', regions, stopped } })}\n`);
    else {
      const lines = renderSummaryText(summary).split('\n');
      if (lines[0]?.startsWith('Replayed')) lines[0] = historyHeadline(summary, regions, stopped);
      io.out(lines.join('\n'));
    }
    if (summary.failedFiles.length) io.fail();
  } finally {
    if (!deps.signal) process.removeListener('SIGINT', onSigint);
    for (const c of clients.values()) c.destroy();
  }
}
