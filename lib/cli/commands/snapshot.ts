/**
 * `snapshot --out DIR [--profile NAME] [--region R] [--config FILE] [--org [--role-name N] [--external-id X] [--concurrency N]]`: saves the account's IAM state as the snapshot folder that
 * `sweep --snapshot DIR` reads (design.md format). Read-only calls only; sources that could not be read (AccessDenied
 * from an SCP, say) are listed in meta.json `notCollected` and on stderr, and the rest is still saved.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { makeClients, destroyClients } from '../../aws/clients';
import { collectSnapshot, writeSnapshot } from '../../aws/collect';
import { liveErrorMessage, orgProgress, orgRunOptions } from './sweep';
import { makeOrgClients, snapshotOrganization } from '../../aws/org';
import { CONFIG_OPTION_HELP, resolveConfig } from '../options';
import { haveCredentials } from '../credentials';

interface SnapshotOpts {
  out: string;
  config?: string;
  profile?: string;
  region?: string;
  org?: boolean;
  roleName?: string;
  concurrency?: string;
  externalId?: string;
}

/** `snapshot --org --out DIR`: DIR/<account id>/ per reachable account and DIR/accounts.json (every account, why not). */
async function snapshotOrg(opts: SnapshotOpts, io: CliIo): Promise<void> {
  const org = orgRunOptions(opts, io, 'snapshot');
  if (!org) return;
  const central = makeOrgClients({ profile: opts.profile, region: opts.region });
  try {
    const res = await snapshotOrganization({ ...central, ...org, region: opts.region, outDir: resolve(io.cwd, opts.out), onOutcome: orgProgress(io) });
    const ok = res.outcomes.filter((o) => o.status === 'evaluated').length;
    io.out(`wrote ${opts.out}: ${ok} account folder(s) of ${res.outcomes.length} account(s), accounts.json\n`);
  } catch (err) {
    io.err(`iam-guardian snapshot: ${liveErrorMessage(err)}\n`);
    io.fail();
  } finally {
    central.org.destroy();
    central.sts.destroy();
  }
}

export function register(program: Command, io: CliIo): void {
  program
    .command('snapshot')
    .description("save the account's IAM state (read-only calls) as a snapshot folder for `sweep --snapshot`")
    .requiredOption('--out <dir>', 'folder to write (created if missing)')
    .option('--profile <name>', 'AWS profile with read-only credentials (default: the default credential chain)')
    .option('--region <region>', 'region for CloudTrail and Access Analyzer (default: AWS_REGION or us-east-1)')
    .option('--config <file>', `${CONFIG_OPTION_HELP} (a snapshot uses only its lastAccessed block; a given file is still validated)`)
    .option('--org', "one snapshot folder per ACTIVE account of the caller's AWS Organization (DIR/<account id>/, DIR/accounts.json)")
    .option('--role-name <name>', 'with --org: the audit role to assume in each account (default iam-guardian-audit)')
    .option('--external-id <id>', 'with --org: the sts:ExternalId the audit roles require')
    .option('--concurrency <n>', 'with --org: accounts read at once (1-100, default 10)')
    .action(async (opts: SnapshotOpts) => {
      // The configuration's lastAccessed block chooses whose last-accessed data the snapshot holds (and its budget).
      const config = opts.config !== undefined ? resolveConfig(opts, io, { command: 'snapshot', allowExpired: true }) : undefined;
      if (opts.config !== undefined && !config) return;
      if (!opts.org && (opts.roleName !== undefined || opts.externalId !== undefined || opts.concurrency !== undefined)) {
        io.err('iam-guardian snapshot: --role-name, --external-id and --concurrency go with --org\n');
        io.fail();
        return;
      }
      if (!(await haveCredentials(io, { command: 'snapshot', profile: opts.profile, offline: 'build the same folder from AWS CLI output (README, "Snapshot format"), or try iam-guardian sweep --snapshot samples/snapshots/messy' }))) return;
      if (opts.org) {
        await snapshotOrg(opts, io);
        return;
      }
      const clients = makeClients({ profile: opts.profile, region: opts.region });
      let shown = false;
      const progress = (m: string) => {
        if (io.isTty) {
          io.progress(m.slice(0, 120));
          shown = true;
        } else io.err(`${m}\n`);
      };
      try {
        const raw = await collectSnapshot(clients, { onProgress: progress, region: opts.region, ...(config ? { config } : {}) });
        if (shown) io.progress('');
        const files = await writeSnapshot(resolve(io.cwd, opts.out), raw);
        io.out(`wrote ${opts.out}: ${files.join(', ')}\n`);
        for (const [source, why] of Object.entries(raw.notCollected)) io.err(`not collected: ${source}: ${why}\n`);
      } catch (err) {
        if (shown) io.progress('');
        io.err(`iam-guardian snapshot: ${liveErrorMessage(err)}\n`);
        io.fail();
      } finally {
        destroyClients(clients);
      }
    });
}
