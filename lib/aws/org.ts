/**
 * Organizations mode, AWS part (run from the management or delegated-administrator account with read-only access):
 *
 *   Organizations  ListAccounts (every page)                              ⌈accounts/20⌉ calls
 *   STS            AssumeRole arn:aws:iam::<id>:role/<role-name> (ExternalId when given)   1 per ACTIVE account
 *   then, with the account's temporary credentials, the single-account collection (lib/aws/collect.ts) and sweep
 *   (lib/sweep/run.ts) unchanged.
 *
 * Each account gets its own clients (makeClients), hence its own adaptive-retry token bucket: one account's IAM
 * throttling (15 req/s per account) slows only that account. AssumeRole failing is reported as the audit role not
 * being assumable: AWS answers AccessDenied both when the role does not exist and when its trust policy (ExternalId,
 * organization condition) refuses the caller, and does not say which.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { listOrgAccounts } from './org-accounts';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { makeClients, destroyClients, SWEEP_RETRY, type SweepClients } from './clients';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { collectSnapshot, writeSnapshot, type CollectOptions } from './collect';
import type { RawSnapshot } from '../account/raw';
import { buildAccountModel } from '../account/build';
import { DEFAULT_CONFIG, type Config } from '../config/types';
import { lastAccessedTurn } from '../last-accessed/rotation';
import { MemoryStore } from '../store/memory';
import { runSweep, type SweepResult } from '../sweep/run';
import {
  AccountNotEvaluated,
  oneLine,
  runOverAccounts,
  summarizeOrg,
  type AccountOutcome,
  type OrgAccount,
  type OrgSweepSummary,
} from '../org/sweep';

/** Temporary credentials of one account's audit role. */
export interface AccountCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** IAM role names (a path is not part of the name). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** sts:ExternalId: 2..1224 characters of [\w+=,.@:/-]. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export const DEFAULT_AUDIT_ROLE_NAME = 'iam-guardian-audit';

export function checkRoleName(name: string): string {
  if (!ROLE_NAME.test(name)) throw new RangeError(`not an IAM role name (1-64 of letters, digits and +=,.@_-): ${JSON.stringify(oneLine(name, 80))}`);
  return name;
}

export function checkExternalId(id: string): string {
  if (!EXTERNAL_ID.test(id)) throw new RangeError('the external id must be 2-1224 characters of letters, digits and +=,.@:/_-');
  return id;
}

export { listOrgAccounts } from './org-accounts';

/**
 * The central clients of an org run, with the caller's credentials (management or delegated-administrator account):
 * Organizations (its endpoint is in us-east-1) and STS in the given region.
 */
export function makeOrgClients(opts: { profile?: string; region?: string } = {}): { org: OrganizationsClient; sts: STSClient } {
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const common = { retryMode: SWEEP_RETRY.retryMode, maxAttempts: SWEEP_RETRY.maxAttempts, ...(opts.profile ? { credentials: fromIni({ profile: opts.profile }) } : {}) };
  return { org: new OrganizationsClient({ ...common, region: 'us-east-1' }), sts: new STSClient({ ...common, region }) };
}

export function auditRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export interface AssumeOptions {
  roleName: string;
  externalId?: string;
  /** RoleSessionName (CloudTrail shows it in each member account). */
  sessionName?: string;
}

/** Temporary credentials for the account's audit role; AccountNotEvaluated when the role cannot be assumed. */
export async function assumeAuditRole(sts: STSClient, accountId: string, o: AssumeOptions): Promise<AccountCredentials> {
  const RoleArn = auditRoleArn(accountId, o.roleName);
  let res;
  try {
    res = await sts.send(
      new AssumeRoleCommand({
        RoleArn,
        RoleSessionName: o.sessionName ?? 'iam-guardian-org-sweep',
        ...(o.externalId ? { ExternalId: o.externalId } : {}),
      }),
    );
  } catch (e) {
    const err = e as { name?: string; message?: string };
    const name = err?.name ?? 'Error';
    if (/Throttl/i.test(name)) throw new AccountNotEvaluated(`throttled out: STS AssumeRole ${RoleArn} (${name})`, e);
    throw new AccountNotEvaluated(
      `audit role not assumable: ${RoleArn} (${name}${err?.message ? `: ${err.message}` : ''}); the role is missing or its trust policy (ExternalId, organization) refuses this principal`,
      e,
    );
  }
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AccountNotEvaluated(`audit role not assumable: STS AssumeRole ${RoleArn} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

export interface OrgCollectOptions extends AssumeOptions {
  /** Central STS client (the caller's credentials). */
  sts: STSClient;
  region?: string;
  /** Builds one account's clients from its credentials (default makeClients: own retry budget per account). */
  accountClients?: (accountId: string, credentials: AccountCredentials) => SweepClients;
  collect?: Omit<CollectOptions, 'region'>;
  /**
   * The org run's time (ISO). Given, the account's IAM last-accessed data is collected only on its day of
   * `lastAccessed.orgRotationDays` (of `collect.config`; lib/last-accessed/rotation.ts), and the other runs record
   * why it was not. Absent (`snapshot --org`), every account's data is collected.
   */
  runTime?: string;
}

/** Assumes the account's audit role and collects its raw snapshot with the single-account code. */
export async function collectOrgAccount(account: OrgAccount, o: OrgCollectOptions): Promise<RawSnapshot> {
  const credentials = await assumeAuditRole(o.sts, account.id, o);
  const clients = o.accountClients ? o.accountClients(account.id, credentials) : makeClients({ credentials, region: o.region });
  try {
    const rotation = (o.collect?.config ?? DEFAULT_CONFIG).lastAccessed.orgRotationDays;
    const turn = o.runTime !== undefined ? lastAccessedTurn(account.id, o.runTime, rotation) : undefined;
    const raw = await collectSnapshot(clients, { ...o.collect, region: o.region, ...(turn && !turn.collect ? { lastAccessedSkip: turn.reason } : {}) });
    if (raw.meta.accountId !== account.id) {
      throw new AccountNotEvaluated(`the audit role's credentials read account ${oneLine(raw.meta.accountId, 40)}, not ${account.id}`);
    }
    return raw;
  } finally {
    destroyClients(clients);
  }
}

export interface OrgRunOptions extends OrgCollectOptions {
  org: OrganizationsClient;
  /** At most this many accounts at once (default 10). */
  concurrency?: number;
  onOutcome?: (o: AccountOutcome<unknown>, done: number, total: number) => void;
}

/** What an org sweep keeps of each account's sweep (not the whole evaluation: memory grows with the account count). */
export type OrgAccountSweep = Pick<SweepResult, 'account' | 'time' | 'score' | 'findings' | 'notEvaluated' | 'summary'>;

export interface OrgSweepResult {
  summary: OrgSweepSummary<OrgAccountSweep>;
  peakConcurrency: number;
}

/** Lists the accounts and runs today's sweep in each (its own history-less store), at most `concurrency` at once. */
export async function sweepOrganization(o: OrgRunOptions & { config: Config; now?: string }): Promise<OrgSweepResult> {
  const accounts = await listOrgAccounts(o.org);
  // One time for the whole run: every account's last-accessed rotation is judged on the same day.
  const runTime = o.runTime ?? o.now ?? new Date().toISOString();
  const run = await runOverAccounts<OrgAccountSweep>({
    accounts,
    concurrency: o.concurrency,
    onOutcome: o.onOutcome,
    work: async (a) => {
      // The user's lastAccessed block chooses the principals, the budget and the rotation (unless the caller set one).
      const raw = await collectOrgAccount(a, { ...o, collect: { ...o.collect, config: o.collect?.config ?? o.config }, runTime });
      const r = await runSweep({ account: buildAccountModel(raw), store: new MemoryStore(), config: o.config, now: o.now });
      return { account: r.account, time: r.time, score: r.score, findings: r.findings, notEvaluated: r.notEvaluated, summary: r.summary };
    },
  });
  return { summary: summarizeOrg(run.outcomes), peakConcurrency: run.peakConcurrency };
}

export interface OrgSnapshotResult {
  outcomes: AccountOutcome<string[]>[];
  peakConcurrency: number;
}

/**
 * Writes one snapshot folder per ACTIVE account (DIR/<account id>/, the single-account format) and DIR/accounts.json
 * (every listed account: id, name, state, status, the files written or why not).
 */
export async function snapshotOrganization(o: OrgRunOptions & { outDir: string }): Promise<OrgSnapshotResult> {
  const accounts = await listOrgAccounts(o.org);
  await fs.mkdir(o.outDir, { recursive: true });
  const run = await runOverAccounts<string[]>({
    accounts,
    concurrency: o.concurrency,
    onOutcome: o.onOutcome,
    work: async (a) => writeSnapshot(path.join(o.outDir, a.id), await collectOrgAccount(a, o)),
  });
  const index = run.outcomes.map((x, i) => ({
    account: x.account,
    name: x.name,
    state: accounts[i].state,
    status: x.status,
    ...(x.status === 'evaluated' ? { folder: x.account, files: x.value } : { reason: x.reason }),
  }));
  await fs.writeFile(path.join(o.outDir, 'accounts.json'), `${JSON.stringify({ accounts: index }, null, 2)}\n`, 'utf8');
  return { outcomes: run.outcomes, peakConcurrency: run.peakConcurrency };
}
