/**
 * `replay <dir | s3://bucket/prefix> [--since DATE] [--until DATE] [--json] [--workers N]`: scores a CloudTrail archive
 * with the real-time rules, on all cores, with progress on a terminal and a summary by rule and severity.
 * `replay --event-history [--regions R,…|all] [--profile P]`: the same for the account's 90-day CloudTrail Event
 * history (LookupEvents), for accounts without a trail (event-history.ts).
 */
import { haveCredentials } from '../credentials';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { addConfigOption, resolveConfig } from '../options';
import { listLocalArchive, parseS3Url, dateOfPath, dayInRange } from '../../replay/files';
import { runReplay, startReplayWorkers } from '../../replay/run';
import { makeProgress } from '../../replay/progress';
import { renderSummaryText, replayIncomplete } from '../../replay/summary';
import { FileTooLargeError, maxInputBytes, tooLarge } from '../../io/bounded-read';
import { shortMessage } from '../../cloudtrail/input';
import type { ReplayTask } from '../../replay/types';
import { OptionValueError } from '../errors';

interface ReplayOpts {
  since?: string;
  until?: string;
  json?: boolean;
  workers?: string;
  profile?: string;
  region?: string;
  config?: string;
  eventHistory?: boolean;
  regions?: string;
}

function checkDate(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v;
  if (Number.isNaN(Date.parse(iso))) throw new OptionValueError(name, v, 'a date (use YYYY-MM-DD or an ISO timestamp)');
  return new Date(iso).toISOString();
}

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('replay')
    .description('score a CloudTrail archive (a folder of .json/.json.gz log files, or s3://bucket/prefix) with the real-time rules')
    .argument('[source]', 'folder, file, or s3://bucket/prefix (none with --event-history)')
    .option(
      '--event-history',
      "read the account's last 90 days of management events from CloudTrail Event history (LookupEvents) instead: no trail needed. " +
        'Paced to 2 requests/s per region; LookupEvents filters on one attribute at most, so everything in the window is read and filtered here',
    )
    .option('--regions <list>', 'with --event-history: regions to read, comma-separated, or "all" (the enabled ones); default us-east-1 (IAM, STS, sign-in)')
    .option('--since <date>', 'only events at or after this date (YYYY-MM-DD or ISO time)')
    .option('--until <date>', 'only events at or before this date')
    .option('--json', 'one JSON line per event with findings, then a summary line')
    .option('--workers <n>', 'threads scoring files, this one included (default: one per core; 0 or 1: this thread only)')
    .option('--profile <name>', 'AWS profile for s3:// sources and --event-history')
    .option('--region <region>', 'AWS region of the bucket', 'us-east-1');
  addConfigOption(cmd);
  cmd.action(async (source: string | undefined, opts: ReplayOpts) => {
    const config = resolveConfig(opts, io);
    if (!config) return;
    let since: string | undefined;
    let until: string | undefined;
    try {
      since = checkDate('since', opts.since);
      until = checkDate('until', opts.until);
    } catch (e) {
      if (!(e instanceof OptionValueError)) throw e;
      io.err(`iam-guardian replay: ${(e as Error).message}\n`);
      io.fail();
      return;
    }
    const workers = opts.workers !== undefined ? Number(opts.workers) : availableParallelism();
    if (!Number.isInteger(workers) || workers < 0) {
      io.err(`iam-guardian replay: --workers ${opts.workers} is not a whole number\n`);
      io.fail();
      return;
    }
    if (opts.eventHistory) {
      if (source !== undefined) {
        io.err(`iam-guardian replay: --event-history reads the account, not ${source}: give one or the other\n`);
        io.fail();
        return;
      }
      const eventHistoryNeeds = {
        command: 'replay --event-history',
        profile: opts.profile,
        offline: 'iam-guardian replay DIR (a folder of CloudTrail log files, e.g. copied with aws s3 sync from your trail bucket), or try iam-guardian replay events/',
        permissions: 'cloudtrail:LookupEvents (and account:ListRegions for --regions all); the AWS managed policy ReadOnlyAccess covers both',
      };
      if (!(await haveCredentials(io, eventHistoryNeeds))) return;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { replayFromEventHistory } = require('../event-history') as typeof import('../event-history');
      await replayFromEventHistory({ config, since, until, json: Boolean(opts.json), profile: opts.profile, regions: opts.regions }, io);
      return;
    }
    if (source === undefined) {
      io.err('iam-guardian replay: give a folder, a file or s3://bucket/prefix, or --event-history\n');
      io.fail();
      return;
    }
    const init = { config, since, until, collectLines: Boolean(opts.json) };
    // This thread scores too (it would mostly wait otherwise): one worker thread fewer to start. They start now, while
    // the archive is listed (measured: ready about 20 ms sooner on the bench's 743 files).
    const scoringWorkers = Math.max(0, workers - 1);
    const started = startReplayWorkers(scoringWorkers, init, (m) => io.err(m));
    let tasks: AsyncIterable<ReplayTask> | ReplayTask[];
    let total: number | undefined;
    let skippedFiles: { file: string; reason: string }[] = [];
    const s3url = parseS3Url(source);
    if (s3url) {
      const s3Needs = {
        command: 'replay',
        profile: opts.profile,
        offline: 'copy the logs with aws s3 sync under credentials that can read them, then iam-guardian replay ./trail-logs',
        permissions: 's3:ListBucket and s3:GetObject on the trail bucket (and kms:Decrypt when the logs are encrypted with a KMS key)',
      };
      if (!(await haveCredentials(io, s3Needs))) return;
      // The AWS SDK is loaded only for s3:// sources.
      const [{ S3Client }, { fromIni }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/credential-providers')]);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { getObjectBytes, listArchiveObjects } = require('../../aws/s3-archive') as typeof import('../../aws/s3-archive');
      const s3 = new S3Client({ region: opts.region, credentials: opts.profile ? fromIni({ profile: opts.profile }) : undefined });
      const limit = maxInputBytes();
      tasks = (async function* () {
        let id = 0;
        for await (const o of listArchiveObjects(s3, s3url.bucket, s3url.prefix)) {
          if (!dayInRange(dateOfPath(o.key), since, until)) continue;
          const file = `s3://${s3url.bucket}/${o.key}`;
          // One unreadable object (AccessDenied, KMS, deleted meanwhile, too large) is listed in the summary; the
          // replay goes on with the others.
          if (o.size > limit) {
            yield { id: id++, file, error: tooLarge('the object', limit).problem };
            continue;
          }
          try {
            yield { id: id++, file, bytes: await getObjectBytes(s3, s3url.bucket, o.key, limit) };
          } catch (e) {
            if (e instanceof FileTooLargeError) {
              yield { id: id++, file, error: e.problem };
              continue;
            }
            const name = e instanceof Error && e.name !== 'Error' ? `${e.name}: ` : '';
            yield { id: id++, file, error: `could not be fetched (${name}${shortMessage(e)})` };
          }
        }
      })();
    } else {
      let files: string[];
      try {
        const archive = await listLocalArchive(source, since, until);
        files = archive.files;
        skippedFiles = archive.skipped;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        io.err(`iam-guardian replay: ${source}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}\n`);
        io.fail();
        return;
      }
      if (files.length === 0) {
        for (const f of skippedFiles) io.err(`iam-guardian replay: ${f.file}: skipped: ${f.reason}\n`);
        io.err(`iam-guardian replay: ${source}: no .json or .json.gz log files found\n`);
        io.fail();
        return;
      }
      total = files.length;
      tasks = files.map((file, id) => ({ id, file }));
    }
    const progress = makeProgress(io, total);
    const summary = await runReplay({
      tasks,
      skippedFiles,
      workers: scoringWorkers,
      started,
      scoreHereToo: true,
      init,
      warn: (m) => io.err(m),
      onResult: (r, s) => {
        // One write per file (a JSON line has no raw line break: joined, the bytes are the same as line by line).
        if (opts.json && r.lines.length > 0) io.out(r.lines.join('\n') + '\n');
        progress.update(s);
      },
    });
    progress.done();
    if (opts.json) io.out(JSON.stringify({ summary }) + '\n');
    else io.out(renderSummaryText(summary, { since, until }));
    if (replayIncomplete(summary)) io.fail();
  });
}
