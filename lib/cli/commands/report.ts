/**
 * `report [--snapshots DIR | --history DIR | --table NAME] [--account ID] [--now ISO] [--html FILE] [--json]
 *         [--config FILE] [--profile NAME] [--region REGION]`
 * Renders the weekly posture report:
 * - `--snapshots DIR`: a folder of dated snapshot folders (each in the `snapshot` format); they are swept oldest first
 *   into an in-memory history and the report is made as of the newest one;
 * - `--history DIR`: a local history store (what `sweep --history DIR` and the demo write: `<account>.sweeps.json`,
 *   `<account>.findings.json`, `<account>.alerts.json`);
 * - `--table NAME`: the deployed stack's DynamoDB state table (read-only), with `--profile` / `--region`.
 * Prints the e-mail text (subject + body); `--json` prints the report model instead; `--html FILE` writes the
 * self-contained HTML report. Exit status 1 when the input or configuration cannot be read.
 */
import { haveCredentials } from '../credentials';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { resolveConfig } from '../options';
import type { Config } from '../../config/types';
import type { AccountModel } from '../../account/model';
import { loadSnapshot } from '../../account/snapshot';
import { MemoryStore } from '../../store/memory';
import { FileStore } from '../../store/file';
import type { StateStore } from '../../store/types';
import { runSweep } from '../../sweep/run';
import type { PostureEvaluation } from '../../posture/evaluate';
import { buildWeeklyReport, TREND_WEEKS, WEEK_MS, type WeeklyReport } from '../../report/model';
import { renderReportText } from '../../report/text';
import { renderReportHtml } from '../../report/html';
import { runReportOrg } from './report-org';
import { orgRunOptions } from './sweep';

interface ReportOpts {
  org?: boolean;
  snapshot?: string;
  roleName?: string;
  externalId?: string;
  concurrency?: string;
  snapshots?: string;
  history?: string;
  table?: string;
  account?: string;
  now?: string;
  html?: string;
  json?: boolean;
  config?: string;
  profile?: string;
  region?: string;
}

class ReportInputError extends Error {}

interface Source {
  store: StateStore;
  account: string;
  now: string;
  evaluation?: PostureEvaluation;
  snapshot?: AccountModel;
  label: string;
}

/** Snapshot folders under DIR (each has meta.json), swept in takenAt order into a fresh in-memory history. */
async function fromSnapshots(dir: string, config: Config, nowOpt?: string): Promise<Source> {
  let names: string[];
  try {
    names = (await fs.readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (e) {
    throw new ReportInputError(`${dir}: cannot read the snapshots folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const folders: string[] = [];
  try {
    await fs.access(path.join(dir, 'meta.json'));
    folders.push(dir); // DIR is itself one snapshot
  } catch {
    // a folder of snapshot folders
  }
  for (const n of names.sort()) {
    try {
      await fs.access(path.join(dir, n, 'meta.json'));
      folders.push(path.join(dir, n));
    } catch {
      // not a snapshot folder
    }
  }
  if (folders.length === 0) throw new ReportInputError(`${dir}: no snapshot folders (subfolders with meta.json) found`);
  const models: AccountModel[] = [];
  for (const f of folders) {
    try {
      models.push(await loadSnapshot(f));
    } catch (e) {
      throw new ReportInputError((e as Error).message.startsWith(f) ? (e as Error).message : `${f}: ${(e as Error).message}`);
    }
  }
  models.sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
  const accounts = new Set(models.map((m) => m.accountId));
  if (accounts.size > 1) throw new ReportInputError(`${dir}: snapshots of several accounts (${[...accounts].join(', ')}); give one account's folder`);
  const store = new MemoryStore();
  let evaluation: PostureEvaluation | undefined;
  for (const m of models) evaluation = (await runSweep({ account: m, store, config, now: m.takenAt })).evaluation;
  const last = models[models.length - 1];
  return {
    store,
    account: last.accountId,
    now: nowOpt ?? last.takenAt,
    evaluation,
    snapshot: last,
    label: `${models.length} snapshots in ${dir}`,
  };
}

async function accountsInHistory(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    throw new ReportInputError(`${dir}: cannot read the history folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return [...new Set(names.map((n) => /^(\d{12})\.sweeps\.json$/.exec(n)?.[1]).filter((a): a is string => a !== undefined))];
}

async function latestSweepTime(store: StateStore, account: string): Promise<string | undefined> {
  const list = await store.listSweeps(account, '1970-01-01T00:00:00.000Z');
  return list[list.length - 1]?.time;
}

async function fromHistory(dir: string, opts: ReportOpts): Promise<Source> {
  const accounts = await accountsInHistory(dir);
  const account = opts.account ?? (accounts.length === 1 ? accounts[0] : undefined);
  if (!account) {
    throw new ReportInputError(
      accounts.length === 0
        ? `${dir}: no sweep history (<account>.sweeps.json) found`
        : `${dir}: history of several accounts (${accounts.join(', ')}); choose one with --account`,
    );
  }
  const store = new FileStore(dir);
  const now = opts.now ?? (await latestSweepTime(store, account));
  if (!now) throw new ReportInputError(`${dir}: no sweeps recorded for account ${account}`);
  return { store, account, now, label: `history in ${dir}` };
}

async function fromTable(table: string, opts: ReportOpts): Promise<Source> {
  if (!opts.account) throw new ReportInputError('--table needs --account ID (the account whose history to read)');
  // The AWS SDK is loaded only for --table.
  const [{ DynamoDBClient }, { fromIni }] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/credential-providers')]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DynamoStore } = require('../../aws/dynamo-store') as typeof import('../../aws/dynamo-store');
  const client = new DynamoDBClient({
    region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(opts.profile ? { credentials: fromIni({ profile: opts.profile }) } : {}),
  });
  const store = new DynamoStore(client, table);
  const now = opts.now ?? new Date().toISOString();
  return { store, account: opts.account, now, label: `DynamoDB table ${table}` };
}

export async function reportFromSource(src: Source, config: Config): Promise<WeeklyReport> {
  const since = new Date(Date.parse(src.now) - (TREND_WEEKS + 1) * WEEK_MS).toISOString();
  return buildWeeklyReport({
    account: src.account,
    now: src.now,
    sweeps: await src.store.listSweeps(src.account, since),
    findings: await src.store.getFindings(src.account),
    alerts: await src.store.listAlerts(src.account, new Date(Date.parse(src.now) - WEEK_MS).toISOString()),
    evaluation: src.evaluation,
    snapshot: src.snapshot,
    config,
    source: src.label,
  });
}

/** Problems the store found in its records on read (lib/store/validate.ts). */
export function storeWarnings(store: StateStore): string[] {
  const w = (store as { warnings?: unknown }).warnings;
  return Array.isArray(w) ? w.filter((x): x is string => typeof x === 'string') : [];
}

/** `--now` checked, then the configuration resolved as of that time (both report paths); undefined when either failed (said on stderr). */
function reportConfig(opts: ReportOpts, io: CliIo): Config | undefined {
  if (opts.now !== undefined && Number.isNaN(Date.parse(opts.now))) {
    io.err(`iam-guardian report: --now ${JSON.stringify(opts.now)} is not an ISO date/time\n`);
    io.fail();
    return undefined;
  }
  return resolveConfig(opts, io, { command: 'report', now: opts.now, allowExpired: true });
}

/** `report --org`: lib/cli/commands/report-org.ts (its own module, so the single-account report stays untouched). */
async function reportOrgAction(opts: ReportOpts, io: CliIo): Promise<void> {
  if (!opts.org) {
    io.err('iam-guardian report: --snapshot, --role-name, --external-id and --concurrency go with --org\n');
    io.fail();
    return;
  }
  if (opts.snapshots !== undefined || opts.history !== undefined || opts.table !== undefined || opts.account !== undefined) {
    io.err('iam-guardian report: --org takes --snapshot DIR (from snapshot --org) or reads the organization live; not --snapshots, --history, --table or --account\n');
    io.fail();
    return;
  }
  if (opts.snapshot !== undefined && (opts.roleName !== undefined || opts.externalId !== undefined || opts.concurrency !== undefined || opts.profile !== undefined)) {
    io.err('iam-guardian report: --org --snapshot DIR is offline; --profile, --role-name, --external-id and --concurrency are for the live path\n');
    io.fail();
    return;
  }
  const config = reportConfig(opts, io);
  if (!config) return;
  const live = opts.snapshot === undefined ? orgRunOptions(opts, io, 'report') : undefined;
  if (opts.snapshot === undefined && !live) return;
  const orgNeeds = { command: 'report --org', profile: opts.profile, offline: 'iam-guardian report --org --snapshot DIR (a folder written by snapshot --org --out DIR)' };
  if (live && !(await haveCredentials(io, orgNeeds))) return;
  await runReportOrg(opts, config, io, live);
}

export function register(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('render the weekly posture report (e-mail text, --json model, --html file) from local snapshots or stored history')
    .option('--snapshots <dir>', 'folder of dated snapshot folders (each in the `snapshot` format)')
    .option('--history <dir>', 'local history store folder (written by `sweep --history` or the demo)')
    .option('--table <name>', "the deployed stack's DynamoDB state table (needs --account; credentials from --profile)")
    .option('--account <id>', 'account id (when the history holds several, or with --table)')
    .option('--now <iso>', 'report time (default: the newest snapshot or sweep; with --table: now)')
    .option('--html <file>', 'also write the self-contained HTML report to this file')
    .option('--json', 'print the report model as JSON instead of the e-mail text')
    .option('--config <file>', 'configuration file (suppressions, attestations, severity overrides)')
    .option('--profile <name>', 'AWS profile for --table (read-only access to the table is enough)')
    .option('--region <region>', 'region of the table (default us-east-1)')
    .option('--org', "the organization's report: accounts ranked by score, worst findings, accounts not evaluated (live through the audit roles, or --snapshot DIR)")
    .option('--snapshot <dir>', 'with --org: the folder `snapshot --org --out DIR` wrote (offline)')
    .option('--role-name <name>', 'with --org (live): the audit role to assume in each account (default iam-guardian-audit)')
    .option('--external-id <id>', 'with --org (live): the sts:ExternalId the audit roles require')
    .option('--concurrency <n>', 'with --org (live): accounts swept at once (1-100, default 10)')
    .action(async (opts: ReportOpts) => {
      if (opts.org || opts.snapshot !== undefined || opts.roleName !== undefined || opts.externalId !== undefined || opts.concurrency !== undefined) {
        await reportOrgAction(opts, io);
        return;
      }
      const chosen = [opts.snapshots, opts.history, opts.table].filter((x) => x !== undefined).length;
      if (chosen !== 1) {
        io.err('iam-guardian report: give exactly one of --snapshots DIR, --history DIR or --table NAME\n');
        io.fail();
        return;
      }
      const config = reportConfig(opts, io);
      if (!config) return;
      if (opts.table !== undefined && opts.account !== undefined) {
        const tableNeeds = {
          command: 'report --table',
          profile: opts.profile,
          offline: 'iam-guardian report --history DIR (written by sweep --history or the demo) or --snapshots DIR',
          permissions: 'dynamodb:Query on the state table (and kms:Decrypt on the stack\'s key)',
        };
        if (!(await haveCredentials(io, tableNeeds))) return;
      }
      let report: WeeklyReport;
      try {
        const src = opts.snapshots
          ? await fromSnapshots(path.resolve(io.cwd, opts.snapshots), config, opts.now)
          : opts.history
            ? await fromHistory(path.resolve(io.cwd, opts.history), opts)
            : await fromTable(opts.table as string, opts);
        report = await reportFromSource(src, config);
        // Stored records that did not validate were read with safe values; say which (never silently).
        const warnings = storeWarnings(src.store);
        for (const w of warnings.slice(0, 20)) io.err(`iam-guardian report: warning: ${w}\n`);
        if (warnings.length > 20) io.err(`iam-guardian report: warning: … and ${warnings.length - 20} more problems in the stored history\n`);
      } catch (e) {
        io.err(`iam-guardian report: ${(e as Error).message}\n`);
        io.fail();
        return;
      }
      if (opts.html) {
        const file = path.resolve(io.cwd, opts.html);
        try {
          await fs.mkdir(path.dirname(file), { recursive: true });
          await fs.writeFile(file, renderReportHtml(report), 'utf8');
        } catch (e) {
          io.err(`iam-guardian report: cannot write ${opts.html} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
          io.fail();
          return;
        }
        io.err(`HTML report written to ${file}\n`);
      }
      if (opts.json) {
        io.out(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const text = renderReportText(report);
      io.out(`Subject: ${text.subject}\n\n${text.message}`);
    });
}
