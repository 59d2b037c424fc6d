/**
 * `rightsize --principal ARN | --all [--archive DIR | s3://bucket/prefix | --event-history] [--since 90d] [--until D]
 *   [--snapshot DIR | --profile NAME] [--json] [--max-resources N]`: least privilege from real usage. Reads CloudTrail
 * (a local archive, an S3 archive or the account's Event history) with the replay reader's file listing and
 * lib/cloudtrail's input parsing, collects what each user and role used (lib/rightsize), and proposes a policy
 * (--principal) or prints granted vs used per principal (--all). The current policies come from a snapshot folder or
 * the live account, as for `sweep`; any AWS path checks for credentials first.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { resolveConfig } from '../options';
import { haveCredentials } from '../credentials';
import { READ_ONLY_POLICY_FILE } from '../../guide/credentials';
import { loadSnapshot, SnapshotError, buildAccountModel } from '../../account/snapshot';
import type { AccountModel } from '../../account/model';
import { listLocalArchive, parseS3Url, dateOfPath, dayInRange } from '../../replay/files';
import { decodeBytes, parseEventText, readEventFile, recordsOf, shortMessage } from '../../cloudtrail/input';
import { describeBytes, maxInputBytes } from '../../io/bounded-read';
import { UsageCollector } from '../../rightsize/usage';
import { currentPolicies, iamArnIndex } from '../../rightsize/current';
import { DEFAULT_MAX_RESOURCES, propose } from '../../rightsize/propose';
import { usageTable } from '../../rightsize/table';
import { proposalJson, proposalText, tableJson, tableText, type SourceInfo } from '../../rightsize/render';
import { closest } from '../../text/did-you-mean';
import { oneLine } from '../../text/escape';
import { OptionValueError } from '../errors';

interface RightsizeOpts {
  principal?: string;
  all?: boolean;
  archive?: string;
  eventHistory?: boolean;
  regions?: string;
  since?: string;
  until?: string;
  snapshot?: string;
  profile?: string;
  region?: string;
  json?: boolean;
  maxResources?: string;
  config?: string;
}

const DESCRIPTION =
  'least privilege from real usage: the actions each user or role called in CloudTrail (--archive DIR | s3://… | --event-history), a proposed policy for --principal ARN (validated: never broader than the current one, with what would be removed), or granted vs used for --all';

/** `90d`, `12h`, `YYYY-MM-DD` or an ISO time → ISO time; `all` → undefined. Throws with the problem. */
export function parseSince(v: string, now: number): string | undefined {
  if (v === 'all') return undefined;
  const d = /^(\d{1,4})([dh])$/.exec(v);
  if (d) return new Date(now - Number(d[1]) * (d[2] === 'd' ? 86_400_000 : 3_600_000)).toISOString();
  return parseDate('since', v);
}

function parseDate(name: string, v: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v;
  if (Number.isNaN(Date.parse(iso))) throw new OptionValueError(name, v, 'a date (use 90d, YYYY-MM-DD or an ISO time)');
  return new Date(iso).toISOString();
}

async function readLocal(dir: string, collector: UsageCollector, since: string | undefined, until: string | undefined, src: SourceInfo, io: CliIo): Promise<boolean> {
  let files: string[];
  try {
    const a = await listLocalArchive(dir, since, until);
    files = a.files;
    for (const s of a.skipped) src.problems.push(`${s.file}: ${s.reason}`);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(`iam-guardian rightsize: ${oneLine(dir)}: ${err.code === 'ENOENT' ? 'no such file or folder' : shortMessage(e)}\n`);
    io.fail();
    return false;
  }
  if (files.length === 0) {
    io.err(`iam-guardian rightsize: ${oneLine(dir)}: no .json or .json.gz CloudTrail log files found${since ? ` since ${since.slice(0, 10)}` : ''}\n`);
    io.fail();
    return false;
  }
  src.files = files.length;
  let done = 0;
  for (const f of files) {
    try {
      for (const r of await readEventFile(f)) collector.add(r);
    } catch (e) {
      src.problems.push(shortMessage(e));
    }
    done++;
    if (io.isTty && done % 50 === 0) io.progress(`rightsize: ${done}/${files.length} files, ${collector.summary.records} records`);
  }
  if (io.isTty) io.progress('');
  return true;
}

async function readS3(url: { bucket: string; prefix: string }, collector: UsageCollector, opts: RightsizeOpts, since: string | undefined, until: string | undefined, src: SourceInfo): Promise<void> {
  const [{ S3Client }, { fromIni }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/credential-providers')]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getObjectBytes, listArchiveObjects } = require('../../aws/s3-archive') as typeof import('../../aws/s3-archive');
  const s3 = new S3Client({ region: opts.region ?? 'us-east-1', credentials: opts.profile ? fromIni({ profile: opts.profile }) : undefined });
  const limit = maxInputBytes();
  let files = 0;
  try {
    for await (const o of listArchiveObjects(s3, url.bucket, url.prefix)) {
      if (!dayInRange(dateOfPath(o.key), since, until)) continue;
      const name = `s3://${url.bucket}/${o.key}`;
      files++;
      if (o.size > limit) {
        src.problems.push(`${name}: larger than the ${describeBytes(limit)} limit per file; not read`);
        continue;
      }
      try {
        const bytes = await getObjectBytes(s3, url.bucket, o.key, limit);
        for (const r of parseEventText(name, await decodeBytes(name, bytes, limit))) collector.add(r);
      } catch (e) {
        src.problems.push(`${name}: ${e instanceof Error && e.name !== 'Error' ? `${e.name}: ` : ''}${shortMessage(e)}`);
      }
    }
  } finally {
    s3.destroy();
  }
  src.files = files;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

async function readEventHistory(collector: UsageCollector, opts: RightsizeOpts, since: string | undefined, until: string | undefined, src: SourceInfo, io: CliIo): Promise<boolean> {
  const regions = [...new Set((opts.regions ?? 'us-east-1').split(',').map((r) => r.trim()).filter(Boolean))];
  if (regions.length === 0 || regions.some((r) => !REGION.test(r))) {
    io.err(`iam-guardian rightsize: --regions ${JSON.stringify(opts.regions)}: not a region list (example: us-east-1,eu-west-1)\n`);
    io.fail();
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lookupEventPages, makeEventHistoryClient, makePacer } = require('../../aws/event-history') as typeof import('../../aws/event-history');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lookupEventsDocument } = require('../../cloudtrail/event-history') as typeof import('../../cloudtrail/event-history');
  const now = Date.now();
  const start = new Date(Math.max(since ? Date.parse(since) : 0, now - 90 * 86_400_000));
  const end = new Date(until ? Math.min(Date.parse(until), now) : now);
  src.source = `CloudTrail Event history (${regions.join(', ')}), management events of the last 90 days`;
  let pages = 0;
  for (const region of regions) {
    const client = makeEventHistoryClient(region, opts.profile);
    try {
      for await (const events of lookupEventPages(client, { start, end, pacer: makePacer() })) {
        for (const r of recordsOf(lookupEventsDocument(events))) collector.add(r);
        pages++;
        if (io.isTty) io.progress(`rightsize: event history ${region}: ${pages} pages, ${collector.summary.records} events`);
      }
    } catch (e) {
      src.problems.push(`event history ${region}: ${e instanceof Error ? `${e.name}: ` : ''}${shortMessage(e)}`);
    } finally {
      client.destroy();
    }
  }
  if (io.isTty) io.progress('');
  src.files = pages;
  return true;
}

async function loadAccount(opts: RightsizeOpts, io: CliIo): Promise<AccountModel | undefined> {
  if (opts.snapshot) {
    const dir = resolve(io.cwd, opts.snapshot);
    try {
      return await loadSnapshot(dir);
    } catch (err) {
      if (err instanceof SnapshotError) io.err(`iam-guardian rightsize: ${err.file === dir ? oneLine(opts.snapshot) : `${oneLine(opts.snapshot.replace(/\/+$/, ''))}/${oneLine(err.file)}`}: ${oneLine(err.problem)}\n`);
      else io.err(`iam-guardian rightsize: ${oneLine(opts.snapshot)}: ${shortMessage(err)}\n`);
      io.fail();
      return undefined;
    }
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { makeClients, destroyClients } = require('../../aws/clients') as typeof import('../../aws/clients');
  const { collectSnapshot } = require('../../aws/collect') as typeof import('../../aws/collect');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const clients = makeClients({ profile: opts.profile, region: opts.region });
  try {
    return buildAccountModel(await collectSnapshot(clients, { region: opts.region, onProgress: (m) => (io.isTty ? io.progress(m.slice(0, 120)) : undefined) }));
  } catch (err) {
    io.err(`iam-guardian rightsize: the account's IAM state could not be read: ${err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${shortMessage(err)}` : String(err)}\n`);
    io.fail();
    return undefined;
  } finally {
    if (io.isTty) io.progress('');
    destroyClients(clients);
  }
}

export function register(program: Command, io: CliIo): void {
  program
    .command('rightsize')
    .description(DESCRIPTION)
    .option('--principal <arn>', 'the IAM user or role to propose a policy for (its ARN; a unique name, or a role session\'s assumed-role ARN, also works)')
    .option('--all', 'every user and role: granted vs used services and actions, most unused first')
    .option('--archive <source>', 'CloudTrail archive: a folder of .json/.json.gz log files, or s3://bucket/prefix')
    .option('--event-history', "read the account's CloudTrail Event history (LookupEvents, management events of the last 90 days) instead of an archive")
    .option('--regions <list>', 'with --event-history: regions to read, comma-separated (default us-east-1)')
    .option('--since <when>', 'only calls at or after: 90d, 12h, YYYY-MM-DD, an ISO time, or all', '90d')
    .option('--until <date>', 'only calls at or before this date')
    .option('--snapshot <dir>', 'current policies from a snapshot folder (default: the live account, read-only)')
    .option('--profile <name>', 'AWS profile for the live account, s3:// archives and --event-history')
    .option('--region <region>', 'AWS region of the S3 bucket and of the live sweep clients')
    .option('--max-resources <n>', `resources listed per action before they are collapsed to a pattern (default ${DEFAULT_MAX_RESOURCES})`)
    .option('--json', 'print the proposal (or the --all table) as JSON')
    .option('--config <file>', 'configuration file (YAML or JSON)')
    .action(async (opts: RightsizeOpts) => {
      const usage = (m: string) => {
        io.err(`iam-guardian rightsize: ${m}\n`);
        io.fail();
      };
      if (Boolean(opts.principal) === Boolean(opts.all)) return usage('give --principal ARN or --all (one of them)');
      if (Boolean(opts.archive) === Boolean(opts.eventHistory)) return usage('give --archive DIR | s3://bucket/prefix, or --event-history (one of them)');
      if (opts.snapshot && opts.profile && !opts.eventHistory && !opts.archive?.startsWith('s3://')) return usage('--profile reads the live account; with --snapshot DIR it has nothing to read');
      const max = opts.maxResources === undefined ? DEFAULT_MAX_RESOURCES : /^\d{1,5}$/.test(opts.maxResources) ? Number(opts.maxResources) : NaN;
      if (!Number.isInteger(max) || max < 1) return usage(`--max-resources ${oneLine(opts.maxResources)} is not a whole number of at least 1`);
      let since: string | undefined;
      let until: string | undefined;
      try {
        since = parseSince(opts.since ?? '90d', Date.now());
        until = opts.until ? parseDate('until', opts.until) : undefined;
      } catch (e) {
        if (!(e instanceof OptionValueError)) throw e;
        return usage(e.message);
      }
      if (!resolveConfig(opts, io, { command: 'rightsize', allowExpired: true })) return;
      const s3 = opts.archive ? parseS3Url(opts.archive) : undefined;
      const needsAws = !opts.snapshot || Boolean(s3) || Boolean(opts.eventHistory);
      if (
        needsAws &&
        !(await haveCredentials(io, {
          command: 'rightsize',
          profile: opts.profile,
          offline: 'iam-guardian rightsize --snapshot DIR --archive DIR (a snapshot folder and a local copy of the trail, e.g. aws s3 sync s3://<trail bucket>/AWSLogs ./trail-logs)',
          permissions:
            `the read-only sweep policy for the current policies (${READ_ONLY_POLICY_FILE}), s3:ListBucket and s3:GetObject on the trail bucket, or cloudtrail:LookupEvents for --event-history`,
        }))
      )
        return;
      const account = await loadAccount(opts, io);
      if (!account) return;
      const currents = currentPolicies(account);
      let target = undefined as (typeof currents)[number] | undefined;
      if (opts.principal) {
        const want = opts.principal;
        target = currents.find((c) => c.arn === want);
        if (!target) {
          // A name, or a role session's ARN (arn:aws:sts::<account>:assumed-role/<role>/<session>) → its role.
          const session = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/[^/]+$/.exec(want);
          const name = session ? session[1] : want;
          const byName = currents.filter((c) => c.arn.split('/').pop() === name && (!session || c.kind === 'role'));
          if (byName.length === 1) target = byName[0];
        }
        if (!target) {
          const hint = closest(want, currents.map((c) => c.arn));
          return usage(`${oneLine(want)} is not a user or role of account ${account.accountId}${hint ? ` (did you mean ${oneLine(hint)}?)` : ''}`);
        }
      }
      const collector = new UsageCollector({ since, until, principal: target?.arn, iamArns: iamArnIndex(account) });
      const src: SourceInfo = { source: opts.archive ?? 'event history', since, until, problems: [] };
      if (opts.eventHistory) {
        if (!(await readEventHistory(collector, opts, since, until, src, io))) return;
      } else if (s3) await readS3(s3, collector, opts, since, until, src);
      else if (!(await readLocal(resolve(io.cwd, opts.archive as string), collector, since, until, src, io))) return;
      const s = collector.summary;
      const unmapped = [...collector.unmapped.values()];
      if (target) {
        const reasons = new Map(unmapped.map((u) => [`${u.eventSource}|${u.eventName}`, u.reason]));
        const p = propose(target, collector.principals.get(target.arn), { maxResources: max, summary: s, unmappedReasons: reasons });
        io.out(opts.json ? `${JSON.stringify(proposalJson(p, s, src), null, 2)}\n` : proposalText(p, s, src));
      } else {
        const t = usageTable(currents, collector.principals);
        io.out(opts.json ? `${JSON.stringify(tableJson(t, s, src, unmapped), null, 2)}\n` : tableText(t, s, src, unmapped));
      }
      if (src.problems.length) io.err(`iam-guardian rightsize: ${src.problems.length} file(s) or page(s) could not be read; the usage is incomplete\n`);
    });
}
