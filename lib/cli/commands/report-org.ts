/**
 * `report --org [--snapshot DIR] [--profile NAME] [--role-name N] [--external-id X] [--concurrency N] [--html FILE]
 *  [--json]`: the organization's report (lib/report/org): accounts ranked by score with trend arrows, org score,
 * counts by severity, the worst findings across accounts, the accounts not evaluated and why.
 * - live (no --snapshot): from the management or delegated-administrator account with read-only credentials, every
 *   ACTIVE account swept through its audit role (the `sweep --org` path, lib/aws/org.ts);
 * - `--snapshot DIR`: offline, from what `snapshot --org --out DIR` wrote (DIR/accounts.json and one folder per account).
 * Prints the e-mail text (or `--json`, the org report model); `--html FILE` writes the organization page to FILE and
 * each evaluated account's own report (today's single-account renderer) to `<FILE's folder>/accounts/<id>.html`,
 * linked from it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../io';
import type { Config } from '../../config/types';
import { loadSnapshot } from '../../account/snapshot';
import { MemoryStore } from '../../store/memory';
import { runSweep } from '../../sweep/run';
import type { OrgRunRecord } from '../../org/run';
import { oneLine } from '../../org/sweep';
import { buildOrgWeekly, type OrgWeekly } from '../../report/org/weekly';
import { renderOrgReportHtml } from '../../report/org/html';
import { renderOrgReportText } from '../../report/org/text';
import { renderReportHtml } from '../../report/html';

type RecordLite = Pick<OrgRunRecord, 'account' | 'name' | 'status' | 'reason'>;

export interface ReportOrgOpts {
  snapshot?: string;
  profile?: string;
  region?: string;
  roleName?: string;
  externalId?: string;
  concurrency?: string;
  now?: string;
  html?: string;
  json?: boolean;
}

export class OrgReportInputError extends Error {}

interface IndexEntry {
  account: string;
  name: string;
  status: 'evaluated' | 'not-evaluated';
  folder?: string;
  reason?: string;
}

/** DIR/accounts.json of `snapshot --org` (validated: it is a file, hence hostile). */
export async function readOrgIndex(dir: string): Promise<IndexEntry[]> {
  const file = path.join(dir, 'accounts.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new OrgReportInputError(`${file}: cannot read the org snapshot index (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); write it with snapshot --org --out ${dir}`);
  }
  const list = (parsed as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list)) throw new OrgReportInputError(`${file}: expected {"accounts": [...]}`);
  return list.map((x, i) => {
    const o = (x ?? {}) as Record<string, unknown>;
    if (typeof o.account !== 'string' || !/^\d{12}$/.test(o.account)) throw new OrgReportInputError(`${file}: accounts[${i}] has no 12-digit account id`);
    const folder = typeof o.folder === 'string' ? o.folder : undefined;
    // A folder must be a plain name inside DIR (the index must not send the reader elsewhere).
    if (folder !== undefined && (folder !== path.basename(folder) || folder === '..' || folder === '.')) throw new OrgReportInputError(`${file}: accounts[${i}].folder must be a folder name inside ${dir}`);
    return {
      account: o.account,
      name: typeof o.name === 'string' ? o.name : '',
      status: o.status === 'evaluated' ? 'evaluated' : 'not-evaluated',
      ...(folder !== undefined ? { folder } : {}),
      ...(typeof o.reason === 'string' ? { reason: oneLine(o.reason) } : {}),
    };
  });
}

/** Offline: sweeps each saved account folder into one in-memory history; the others keep their recorded reason. */
export async function orgFromSnapshots(dir: string, config: Config, now?: string): Promise<OrgWeekly> {
  const index = await readOrgIndex(dir);
  const store = new MemoryStore();
  const records: RecordLite[] = [];
  let latest = '';
  for (const a of index) {
    if (a.status !== 'evaluated' || !a.folder) {
      records.push({ account: a.account, name: a.name, status: 'not-evaluated', reason: a.reason ?? 'not saved by snapshot --org' });
      continue;
    }
    const folder = path.join(dir, a.folder);
    let model;
    try {
      model = await loadSnapshot(folder);
    } catch (e) {
      records.push({ account: a.account, name: a.name, status: 'not-evaluated', reason: `snapshot unreadable: ${oneLine((e as Error).message, 300)}` });
      continue;
    }
    if (model.accountId !== a.account) {
      records.push({ account: a.account, name: a.name, status: 'not-evaluated', reason: `the snapshot in ${a.folder} is of account ${oneLine(model.accountId, 40)}` });
      continue;
    }
    await runSweep({ account: model, store, config, now: model.takenAt });
    if (model.takenAt > latest) latest = model.takenAt;
    records.push({ account: a.account, name: a.name, status: 'evaluated' });
  }
  return buildOrgWeekly({ store, records, now: now ?? (latest || new Date().toISOString()), config, source: `snapshot --org folders in ${dir}` });
}

/** Live: `sweep --org`'s path (audit role in each ACTIVE account), results kept in one in-memory history. */
export interface OrgLiveOptions {
  roleName: string;
  concurrency: number;
  externalId?: string;
}

export async function orgLive(opts: Pick<ReportOrgOpts, 'profile' | 'region' | 'now'>, live: OrgLiveOptions, config: Config, onOutcome: (o: { account: string; status: string; reason?: string }, done: number, total: number) => void): Promise<OrgWeekly> {
  // The AWS SDK is loaded only on the live path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { makeOrgClients, sweepOrganization } = require('../../aws/org') as typeof import('../../aws/org');
  const central = makeOrgClients({ profile: opts.profile, region: opts.region });
  try {
    const now = opts.now ?? new Date().toISOString();
    const { summary } = await sweepOrganization({ ...central, roleName: live.roleName, externalId: live.externalId, concurrency: live.concurrency, region: opts.region, config, now, onOutcome });
    const store = new MemoryStore();
    const records: RecordLite[] = [];
    for (const a of summary.accounts) {
      if (a.status === 'evaluated' && a.result) {
        await store.putFindings(a.result.findings);
        await store.putSweep(a.result.summary);
        records.push({ account: a.account, name: a.name, status: 'evaluated' });
      } else records.push({ account: a.account, name: a.name, status: 'not-evaluated', reason: a.reason });
    }
    return await buildOrgWeekly({ store, records, now, config, source: 'live sweep of the organization (audit roles)' });
  } finally {
    central.org.destroy();
    central.sts.destroy();
  }
}

/** Writes the organization page to `file` and each account's page to `<dir of file>/accounts/<id>.html`. */
export async function writeOrgHtml(file: string, org: OrgWeekly): Promise<number> {
  const dir = path.join(path.dirname(file), 'accounts');
  await fs.mkdir(dir, { recursive: true });
  const written = new Set<string>();
  for (const w of org.accounts) {
    await fs.writeFile(path.join(dir, `${w.account}.html`), renderReportHtml(w), 'utf8');
    written.add(w.account);
  }
  await fs.writeFile(file, renderOrgReportHtml(org.report, { accountHref: (id) => (written.has(id) ? `accounts/${id}.html` : undefined) }), 'utf8');
  return written.size;
}

export async function runReportOrg(opts: ReportOrgOpts, config: Config, io: CliIo, live: OrgLiveOptions | undefined): Promise<void> {
  let org: OrgWeekly;
  try {
    org = opts.snapshot
      ? await orgFromSnapshots(path.resolve(io.cwd, opts.snapshot), config, opts.now)
      : await orgLive(opts, live as OrgLiveOptions, config, (o, done, total) =>
          io.err(`[${done}/${total}] ${o.account}: ${o.status === 'evaluated' ? 'done' : `not evaluated: ${o.reason ?? ''}`}\n`),
        );
  } catch (e) {
    io.err(`iam-guardian report: ${(e as Error).message}\n`);
    io.fail();
    return;
  }
  if (opts.html) {
    const file = path.resolve(io.cwd, opts.html);
    try {
      const n = await writeOrgHtml(file, org);
      io.err(`Organization report written to ${file} (and ${n} account page(s) in ${path.join(path.dirname(file), 'accounts')})\n`);
    } catch (e) {
      io.err(`iam-guardian report: cannot write ${opts.html} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      io.fail();
      return;
    }
  }
  if (opts.json) {
    io.out(`${JSON.stringify(org.report, null, 2)}\n`);
    return;
  }
  const text = renderOrgReportText(org.report);
  io.out(`Subject: ${text.subject}\n\n${text.message}`);
}
