/**
 * `sweep [--snapshot DIR | --profile NAME] [--json | --format text|json|ocsf|asff|csv|html] [--html FILE] [--config FILE]
 *   [--history DIR] [--region R]`, or `sweep --org [--role-name NAME] [--external-id X] [--concurrency N] [--json]`:
 * posture findings of a saved snapshot folder, or of the live account reachable with the given (read-only)
 * credentials. `--history DIR` keeps findings between runs (new / open / resolved, first seen) in local JSON files.
 * With --org, every ACTIVE account of the caller's organization is swept through its audit role (lib/aws/org.ts),
 * at most N at once; an account that cannot be swept is listed as not evaluated with its reason (exit status 0).
 * Exit 1 when the snapshot, the configuration or the account cannot be read (message names the file and the problem).
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { chosenFormat, formatOption, resolveConfig, writeFindingsFormatted, type FindingsFormat } from '../options';
import { loadSnapshot, SnapshotError, buildAccountModel } from '../../account/snapshot';
import type { AccountModel } from '../../account/model';
import { MemoryStore } from '../../store/memory';
import { FileStore } from '../../store/file';
import { runSweep, type SweepResult } from '../../sweep/run';
import type { Severity } from '../../findings/types';
import { SEVERITIES } from '../../findings/types';
import { buildWeeklyReport } from '../../report/model';
import { renderReportHtml } from '../../report/html';
import type { Config } from '../../config/types';
import { findingJson } from '../../findings/json';
import { oneLine } from '../../text/escape';
import { plural } from '../../text/plural';
import { suppressionHints } from '../../config/suppression-hints';
import { eventHistoryHint } from '../../doctor/checks';
import { haveCredentials } from '../credentials';

interface SweepOpts {
  format?: FindingsFormat;
  snapshot?: string;
  profile?: string;
  region?: string;
  json?: boolean;
  html?: string;
  config?: string;
  history?: string;
  org?: boolean;
  roleName?: string;
  concurrency?: string;
  externalId?: string;
}

/** The org options shared by `sweep --org` and `snapshot --org`, validated; undefined after printing the problem. */
export function orgRunOptions(
  opts: { roleName?: string; concurrency?: string; externalId?: string },
  io: CliIo,
  command: string,
): { roleName: string; concurrency: number; externalId?: string } | undefined {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { checkConcurrency, DEFAULT_ORG_CONCURRENCY } = require('../../org/sweep') as typeof import('../../org/sweep');
  const { checkRoleName, checkExternalId, DEFAULT_AUDIT_ROLE_NAME } = require('../../aws/org') as typeof import('../../aws/org');
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    const concurrency = opts.concurrency === undefined ? DEFAULT_ORG_CONCURRENCY : checkConcurrency(/^\d+$/.test(opts.concurrency) ? Number(opts.concurrency) : Number.NaN);
    const roleName = checkRoleName(opts.roleName ?? DEFAULT_AUDIT_ROLE_NAME);
    const externalId = opts.externalId === undefined ? undefined : checkExternalId(opts.externalId);
    return { roleName, concurrency, externalId };
  } catch (err) {
    io.err(`iam-guardian ${command}: ${(err as Error).message}\n`);
    io.fail();
    return undefined;
  }
}

/** Progress of an org run on stderr: one line per account as it finishes. */
export function orgProgress(io: CliIo): (o: { account: string; status: string; reason?: string }, done: number, total: number) => void {
  return (o, done, total) => io.err(`[${done}/${total}] ${o.account}: ${o.status === 'evaluated' ? 'done' : `not evaluated: ${o.reason ?? ''}`}\n`);
}

async function sweepOrg(opts: SweepOpts, format: FindingsFormat, config: Config, io: CliIo): Promise<void> {
  const org = orgRunOptions(opts, io, 'sweep');
  if (!org) return;
  // The AWS SDK is loaded only for a live sweep.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { makeOrgClients, sweepOrganization } = require('../../aws/org') as typeof import('../../aws/org');
  const { orgSweepJson, orgSweepText } = require('../../org/render') as typeof import('../../org/render');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const central = makeOrgClients({ profile: opts.profile, region: opts.region });
  try {
    const { summary } = await sweepOrganization({ ...central, ...org, region: opts.region, config, onOutcome: orgProgress(io) });
    if (format === 'json') io.out(`${JSON.stringify(orgSweepJson(summary), null, 2)}\n`);
    else io.out(orgSweepText(summary));
  } catch (err) {
    io.err(`iam-guardian sweep: ${liveErrorMessage(err)}\n`);
    io.fail();
  } finally {
    central.org.destroy();
    central.sts.destroy();
  }
}

/** The `--json` document (design.md contract; `status`, `suppression` per finding and `notEvaluated` added). */
export function sweepJson(r: SweepResult): Record<string, unknown> {
  return {
    account: r.account,
    score: r.score,
    findings: r.findings.map((f) => findingJson(f, { resource: true, status: 'always' })),
    notEvaluated: r.notEvaluated,
    warnings: r.evaluation.warnings,
  };
}

/** Text rendering: findings grouped by severity (most severe first), each with its fix; then suppressed, not evaluated. */
export function sweepText(r: SweepResult, withHistory: boolean): string {
  const out: string[] = [];
  const open = r.findings.filter((f) => f.status !== 'suppressed');
  const suppressed = r.findings.filter((f) => f.status === 'suppressed');
  out.push(`Account ${r.account}, snapshot ${r.evaluation.takenAt}`);
  out.push(`Posture score: ${r.score}/100, ${plural(open.length, 'open finding')}${suppressed.length ? `, ${suppressed.length} suppressed` : ''}`);
  if (withHistory) out.push(`Since the last sweep: ${r.newFindings.length} new, ${r.resolved.length} resolved`);
  for (const sev of [...SEVERITIES].reverse() as Severity[]) {
    const list = open.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.push('', `${sev.toUpperCase()} (${list.length})`);
    for (const f of list) {
      // One line per value: a newline in a name must not forge output lines (controls are escaped by the io too).
      out.push(`  - ${oneLine(f.title)} [${f.ruleId}]${withHistory && f.status === 'new' ? ' NEW' : ''}`);
      out.push(`    ${oneLine(f.resource)}`);
      out.push(`    ${oneLine(f.message)}`);
      for (const step of f.fix.console) out.push(`    fix: ${oneLine(step)}`);
      if (f.fix.cli) out.push(`    cli: ${oneLine(f.fix.cli)}`);
      if (f.controls.length) out.push(`    controls: ${f.controls.join(', ')}`);
    }
  }
  if (suppressed.length > 0) {
    out.push('', `SUPPRESSED (${suppressed.length})`);
    for (const f of suppressed) {
      const s = f.suppression;
      out.push(`  - [${f.severity}] ${f.ruleId} ${oneLine(f.resource)}: ${oneLine(s?.reason ?? 'suppressed by configuration')}${s?.owner ? ` (owner ${oneLine(s.owner)})` : ''}${s?.expires ? `, until ${oneLine(s.expires)}` : ''}`);
    }
  }
  const ne = Object.entries(r.notEvaluated);
  if (ne.length > 0) {
    out.push('', `NOT EVALUATED (${ne.length}) — these checks could not run; they are not passing`);
    for (const [id, why] of ne) out.push(`  - ${id}: ${oneLine(why)}`);
  }
  const warnings = r.evaluation.warnings;
  if (warnings.length > 0) {
    out.push('', `WARNINGS (${warnings.length}) — documents that could not be fully read; affected findings say "not fully evaluated"`);
    for (const w of warnings.slice(0, 50)) out.push(`  - ${w}`);
    if (warnings.length > 50) out.push(`  … and ${warnings.length - 50} more (see --json)`);
  }
  if (open.length === 0) out.push('', 'No findings.');
  return `${out.join('\n')}\n`;
}

function progressPrinter(io: CliIo): { update: (m: string) => void; done: () => void } {
  if (!io.isTty) return { update: (m) => io.err(`${m}\n`), done: () => undefined };
  let shown = false;
  return {
    update: (m) => {
      io.progress(m.slice(0, 120));
      shown = true;
    },
    done: () => {
      if (shown) io.progress('');
    },
  };
}

/** Live account → AccountModel (progress on stderr). Errors are reported by the caller. */
async function collectLive(opts: { profile?: string; region?: string }, io: CliIo, config: Config) {
  // The AWS SDK is loaded only for a live sweep (not for --snapshot).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { makeClients, destroyClients } = require('../../aws/clients') as typeof import('../../aws/clients');
  const { collectSnapshot } = require('../../aws/collect') as typeof import('../../aws/collect');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const clients = makeClients({ profile: opts.profile, region: opts.region });
  const p = progressPrinter(io);
  try {
    return await collectSnapshot(clients, { onProgress: p.update, region: opts.region, config });
  } finally {
    p.done();
    destroyClients(clients);
  }
}

export function liveErrorMessage(err: unknown): string {
  // CollectError (lib/aws/collect.ts), recognised by name so this module does not load the AWS SDK.
  if (err instanceof Error && err.name === 'CollectError') return err.message;
  const e = err as { name?: string; message?: string };
  if (e?.name === 'CredentialsProviderError' || /credential/i.test(e?.message ?? '')) {
    return `no usable AWS credentials (${e.message}); pass --profile NAME or --snapshot DIR`;
  }
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

async function sweepReportHtml(r: SweepResult, account: AccountModel, config: Config, history: boolean, store: MemoryStore | FileStore): Promise<string> {
  const sweeps = history ? await store.listSweeps(r.account, '1970-01-01T00:00:00.000Z') : [r.summary];
  const findings = history ? await store.getFindings(r.account) : r.findings;
  const report = buildWeeklyReport({
    account: r.account,
    now: r.time,
    sweeps,
    findings,
    alerts: [],
    evaluation: r.evaluation,
    snapshot: account,
    config,
    source: 'iam-guardian sweep',
  });
  return renderReportHtml(report);
}

async function writeHtml(file: string, r: SweepResult, account: AccountModel, config: Config, io: CliIo, history: boolean, store: MemoryStore | FileStore): Promise<void> {
  const path = resolve(io.cwd, file);
  await fs.writeFile(path, await sweepReportHtml(r, account, config, history, store), 'utf8');
  io.err(`wrote ${file}\n`);
}

export function register(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description('posture findings of a saved snapshot folder (--snapshot) or of the live account (default credentials or --profile)')
    .option('--snapshot <dir>', 'snapshot folder (see `iam-guardian snapshot`, or build it with the AWS CLI)')
    .option('--profile <name>', 'AWS profile with read-only credentials for a live sweep')
    .option('--region <region>', 'region for CloudTrail and Access Analyzer in a live sweep (default: AWS_REGION or us-east-1)')
    .option('--json', 'print {"account","score","findings":[...]} as JSON')
    .addOption(formatOption(['text', 'json', 'ocsf', 'asff', 'csv', 'html']))
    .option('--html <file>', 'also write an HTML report to FILE')
    .option('--history <dir>', 'keep findings between runs in DIR (new / open / resolved, first seen)')
    .option('--config <file>', 'configuration file (YAML or JSON): thresholds, disabled rules, severity overrides, suppressions')
    .option('--org', "sweep every ACTIVE account of the caller's AWS Organization through its audit role (text: accounts ranked by score; --json: {org: {...}})")
    .option('--role-name <name>', 'with --org: the audit role to assume in each account (default iam-guardian-audit)')
    .option('--external-id <id>', 'with --org: the sts:ExternalId the audit roles require')
    .option('--concurrency <n>', 'with --org: accounts swept at once (1-100, default 10)')
    .action(async (opts: SweepOpts) => {
      if (opts.snapshot && opts.profile) {
        io.err('iam-guardian sweep: use either --snapshot DIR or --profile NAME, not both\n');
        io.fail();
        return;
      }
      const format = chosenFormat(opts, io, 'sweep');
      if (!format) return;
      if (!opts.org && (opts.roleName !== undefined || opts.externalId !== undefined || opts.concurrency !== undefined)) {
        io.err('iam-guardian sweep: --role-name, --external-id and --concurrency go with --org\n');
        io.fail();
        return;
      }
      if (opts.org && (opts.snapshot || opts.history || opts.html || (format !== 'json' && format !== 'text'))) {
        io.err('iam-guardian sweep: --org prints text or --json; it takes no --snapshot, --history, --html or other --format\n');
        io.fail();
        return;
      }
      // One reference time for the whole run: a snapshot is judged as of when it was taken (ages, and whether a
      // suppression has expired: the same time decides the warning and the finding's status), a live sweep as of now.
      let account: AccountModel | undefined;
      if (opts.snapshot) {
        const dir = resolve(io.cwd, opts.snapshot);
        try {
          account = await loadSnapshot(dir);
        } catch (err) {
          if (err instanceof SnapshotError) {
            const where = err.file === dir ? opts.snapshot : `${opts.snapshot.replace(/\/+$/, '')}/${err.file}`;
            io.err(`iam-guardian sweep: ${where}: ${err.problem}\n`);
          } else io.err(`iam-guardian sweep: ${opts.snapshot}: ${(err as Error).message}\n`);
          io.fail();
          return;
        }
      }
      const config = resolveConfig(opts, io, { command: 'sweep', allowExpired: true, now: account?.takenAt });
      if (!config) return;
      if (!opts.snapshot && !(await haveCredentials(io, { command: 'sweep', profile: opts.profile, offline: 'iam-guardian sweep --snapshot samples/snapshots/messy (the bundled sample account), or a folder saved with `iam-guardian snapshot`' }))) return;
      if (opts.org) {
        await sweepOrg(opts, format, config, io);
        return;
      }
      if (!account) {
        try {
          const raw = await collectLive(opts, io, config);
          // An account without a trail: its Event history still answers "was root used?" (issue 17).
          const trails = (raw.cloudtrail as { trails?: unknown[] } | undefined)?.trails;
          if (Array.isArray(trails) && trails.length === 0) {
            io.err(`iam-guardian sweep: no CloudTrail trail in this account. Read its last 90 days of Event history now: ${eventHistoryHint(opts.profile)}\n`);
          }
          account = buildAccountModel(raw);
        } catch (err) {
          io.err(`iam-guardian sweep: ${err instanceof SnapshotError ? err.message : liveErrorMessage(err)}\n`);
          io.fail();
          return;
        }
      }
      const store = opts.history
        ? new FileStore(resolve(io.cwd, opts.history), { onWarning: (m) => io.err(`iam-guardian sweep: warning: ${m}\n`) })
        : new MemoryStore();
      let result: SweepResult;
      try {
        result = await runSweep({ account, store, config });
      } catch (err) {
        io.err(`iam-guardian sweep: ${(err as Error).message}\n`);
        io.fail();
        return;
      }
      for (const hint of suppressionHints(config, result.findings, result.time)) io.err(`iam-guardian sweep: warning: ${oneLine(hint)}\n`);
      if (format === 'json') io.out(`${JSON.stringify(sweepJson(result), null, 2)}\n`);
      else if (format === 'text') io.out(sweepText(result, Boolean(opts.history)));
      else if (format === 'html') io.out(await sweepReportHtml(result, account, config, Boolean(opts.history), store));
      else writeFindingsFormatted(format, result.findings, io, { region: opts.region ?? account.region ?? 'us-east-1' });
      if (opts.html) {
        try {
          await writeHtml(opts.html, result, account, config, io, Boolean(opts.history), store);
        } catch (err) {
          io.err(`iam-guardian sweep: ${opts.html}: ${(err as Error).message}\n`);
          io.fail();
        }
      }
    });
}
