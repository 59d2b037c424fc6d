/**
 * Live collection of the account's IAM state for the sweep, in bulk (no per-user, per-role or per-policy calls):
 *
 *   IAM  GetAccountAuthorizationDetails (MaxItems 1000, every page)    ⌈(users+groups+roles+policies)/1000⌉ calls
 *        GenerateCredentialReport (polled with backoff) + GetCredentialReport     1 + polls
 *        GetAccountSummary, GetAccountPasswordPolicy, ListVirtualMFADevices, ListServerCertificates   4 (+ pages > 1000)
 *   CloudTrail  DescribeTrails + GetTrailStatus + GetEventSelectors per trail
 *   Access Analyzer  ListAnalyzers;  STS GetCallerIdentity (account id; falls back to the ARNs)
 *   IAM  last-accessed data of the principals in scope (config.lastAccessed; see last-accessed.ts for its budget:
 *        at most maxPrincipals × (1 + maxPollsPerJob + 4) calls, these are per-principal on purpose and capped)
 *
 * Throttling and transient 5xx are retried by the SDK's retry strategy (see clients.ts), never here. A failure of an
 * optional source (AccessDenied from an SCP, say, or retries exhausted) is recorded in `notCollected` and the sweep
 * goes on; the rules that need it report "not evaluated". Only GetAccountAuthorizationDetails is indispensable.
 *
 * Returned documents stay as AWS sent them (SDK v3: URL-encoded); buildAccountModel decodes them.
 */
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
  type ServerCertificateMetadata,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type CloudTrailClient,
} from '@aws-sdk/client-cloudtrail';
import { ListAnalyzersCommand, type AccessAnalyzerClient, type AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RawSnapshot, SnapshotSource } from '../account/raw';
import { SOURCE_FILES } from '../account/raw';
import { accountIdFromArns, buildAccountModel } from '../account/build';
import { decodeReportContent, parseCredentialReport } from '../account/credential-report';
import { DEFAULT_CONFIG, type Config } from '../config/types';
import { lastAccessedScope } from '../last-accessed/scope';
import { collectLastAccessed, type LastAccessedOptions } from './last-accessed';
import { oneLine } from '../text/escape';
import { AwsResponseError } from './errors';

export interface CollectClients {
  iam: IAMClient;
  cloudtrail: CloudTrailClient;
  accessAnalyzer: AccessAnalyzerClient;
  sts?: STSClient;
}

export interface CollectOptions {
  onProgress?: (msg: string) => void;
  /** First wait between credential report polls (doubles up to 8× this, at most 10 s). Default 1000 ms. */
  credentialReportPollMs?: number;
  /** Give up on the credential report after this many polls (recorded as not collected). Default 30. */
  maxReportPolls?: number;
  /** Region recorded in meta.json. */
  region?: string;
  /** Clock (tests). */
  now?: () => Date;
  /** The user's configuration: `lastAccessed` chooses the principals and the budget of the last-accessed data. */
  config?: Config;
  /** Polling of the last-accessed jobs (tests shorten it). */
  lastAccessed?: LastAccessedOptions;
  /**
   * Skip the last-accessed data on this run, recording this reason as why it was not collected (the org sweep's
   * rotation, lib/last-accessed/rotation.ts): unused-permissions then says "not evaluated" with it.
   */
  lastAccessedSkip?: string;
}

/** The sweep cannot run at all (GetAccountAuthorizationDetails failed or the account id is unknown). */
export class CollectError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'CollectError';
  }
}

const DENIED = /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized|Forbidden/i;

function describeError(e: unknown, call: string): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = err?.name ?? 'Error';
  const kind = DENIED.test(name) ? 'access denied' : 'failed';
  return `${call} ${kind} (${name}${err?.message ? `: ${err.message}` : ''})`;
}

/** Drops the SDK's $metadata so outputs serialise as the API documents them. */
function strip<T extends object>(o: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = o as T & { $metadata?: unknown };
  return rest;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const MAX_PAGES = 100_000;

async function authorizationDetails(iam: IAMClient, progress: (m: string) => void) {
  const merged = {
    UserDetailList: [] as NonNullable<GetAccountAuthorizationDetailsCommandOutput['UserDetailList']>,
    GroupDetailList: [] as NonNullable<GetAccountAuthorizationDetailsCommandOutput['GroupDetailList']>,
    RoleDetailList: [] as NonNullable<GetAccountAuthorizationDetailsCommandOutput['RoleDetailList']>,
    Policies: [] as NonNullable<GetAccountAuthorizationDetailsCommandOutput['Policies']>,
  };
  let marker: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker: marker }));
    for (const u of out.UserDetailList ?? []) merged.UserDetailList.push(u);
    for (const g of out.GroupDetailList ?? []) merged.GroupDetailList.push(g);
    for (const r of out.RoleDetailList ?? []) merged.RoleDetailList.push(r);
    for (const p of out.Policies ?? []) merged.Policies.push(p);
    const n = merged.UserDetailList.length + merged.GroupDetailList.length + merged.RoleDetailList.length + merged.Policies.length;
    progress(`authorization details: page ${page}, ${n} users/groups/roles/policies so far`);
    if (!out.IsTruncated) return merged;
    if (!out.Marker) throw new CollectError('GetAccountAuthorizationDetails returned IsTruncated without a Marker');
    marker = out.Marker;
  }
  throw new CollectError(`GetAccountAuthorizationDetails did not finish after ${MAX_PAGES} pages`);
}

async function credentialReport(
  iam: IAMClient,
  opts: CollectOptions,
  progress: (m: string) => void,
): Promise<{ csv: string; generatedAt?: string }> {
  const first = opts.credentialReportPollMs ?? 1000;
  const cap = Math.min(first * 8, 10_000);
  const maxPolls = opts.maxReportPolls ?? 30;
  let wait = first;
  for (let poll = 1; poll <= maxPolls; poll++) {
    const gen = await iam.send(new GenerateCredentialReportCommand({}));
    if (gen.State === 'COMPLETE') {
      try {
        const rep = await iam.send(new GetCredentialReportCommand({}));
        if (rep.ReportFormat && rep.ReportFormat !== 'text/csv') throw new AwsResponseError('GetCredentialReport', `unexpected ReportFormat ${oneLine(rep.ReportFormat, 100)}`);
        const decoded = decodeReportContent(rep.Content);
        if (!decoded.ok) throw new AwsResponseError('GetCredentialReport', `GetCredentialReport: ${decoded.error}`);
        // A report that cannot be read is this source "not collected" (its checks say not evaluated, with the
        // reason), never a failure of the whole sweep: the other principals' findings must still be recorded.
        const parsed = parseCredentialReport(decoded.csv);
        if (!parsed.ok) throw new AwsResponseError('GetCredentialReport', `GetCredentialReport returned a report that cannot be read: ${oneLine(parsed.error, 500)}`);
        return { csv: decoded.csv, generatedAt: rep.GeneratedTime?.toISOString() };
      } catch (e) {
        const name = (e as Error).name;
        // Not ready yet, or gone (expired / not present) between the two calls: generate and poll again.
        if (!/CredentialReportNotReady|ReportInProgress|CredentialReportNotPresent|ReportNotPresent|CredentialReportExpired|ReportExpired/.test(name)) throw e;
        progress(`credential report: ${name}, generating again`);
      }
    } else progress(`credential report: ${gen.State ?? 'no state'}, waiting ${wait} ms`);
    await sleep(wait);
    wait = Math.min(wait * 2, cap);
  }
  throw new AwsResponseError('GenerateCredentialReport', `the credential report was not COMPLETE after ${maxPolls} polls`);
}

async function pagedIam<T>(
  fetch: (marker: string | undefined) => Promise<{ items: T[] | undefined; IsTruncated?: boolean; Marker?: string }>,
  call: string,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const out = await fetch(marker);
    all.push(...(out.items ?? []));
    if (!out.IsTruncated) return all;
    if (!out.Marker) throw new AwsResponseError(call, `${call} returned IsTruncated without a Marker`);
    marker = out.Marker;
  }
  throw new AwsResponseError(call, `${call} did not finish after ${MAX_PAGES} pages`);
}

async function trails(ct: CloudTrailClient, progress: (m: string) => void, notCollected: RawSnapshot['notCollected']) {
  const described = await ct.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  const list = described.trailList ?? [];
  progress(`cloudtrail: ${list.length} trail(s)`);
  const failures: string[] = [];
  const out = await Promise.all(
    list.map(async (t) => {
      const id = t.TrailARN ?? t.Name ?? '';
      const item: Record<string, unknown> = { ...t };
      const [status, selectors] = await Promise.allSettled([
        ct.send(new GetTrailStatusCommand({ Name: id })),
        ct.send(new GetEventSelectorsCommand({ TrailName: id })),
      ]);
      if (status.status === 'fulfilled') item.status = strip(status.value);
      else {
        item.statusError = describeError(status.reason, 'GetTrailStatus');
        failures.push(`${t.Name}: ${item.statusError}`);
      }
      if (selectors.status === 'fulfilled') item.eventSelectors = strip(selectors.value);
      else item.eventSelectorsError = describeError(selectors.reason, 'GetEventSelectors');
      return item;
    }),
  );
  if (list.length > 0 && out.every((t) => t.status === undefined)) {
    notCollected.cloudtrail = `the status of no trail could be read (${failures.join('; ')})`;
  }
  return { trails: out };
}

async function analyzers(aa: AccessAnalyzerClient) {
  const all: AnalyzerSummary[] = [];
  let nextToken: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const out = await aa.send(new ListAnalyzersCommand({ nextToken }));
    all.push(...(out.analyzers ?? []));
    if (!out.nextToken) break;
    nextToken = out.nextToken;
  }
  return { analyzers: all };
}

/**
 * Collects the raw snapshot. Throws CollectError only when the authorization details (or the account id) cannot be
 * read; every other source degrades to `notCollected`.
 */
export async function collectSnapshot(clients: CollectClients, opts: CollectOptions = {}): Promise<RawSnapshot> {
  const progress = opts.onProgress ?? (() => undefined);
  const takenAt = (opts.now?.() ?? new Date()).toISOString();
  const notCollected: Partial<Record<SnapshotSource, string>> = {};
  const { iam } = clients;

  /** Runs an optional source; on failure records why and yields undefined. */
  const optional = async <T>(source: SnapshotSource, call: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (e) {
      notCollected[source] = describeError(e, call);
      progress(`${SOURCE_FILES[source]}: not collected — ${notCollected[source]}`);
      return undefined;
    }
  };

  // Start the credential report first: AWS builds it while we page through the authorization details.
  const reportP = optional('credentialReport', 'GenerateCredentialReport/GetCredentialReport', () =>
    credentialReport(iam, opts, progress),
  );
  const gaadP = authorizationDetails(iam, progress).catch((e: unknown) => {
    if (e instanceof CollectError) throw e;
    throw new CollectError(`cannot read the account's IAM state: ${describeError(e, 'GetAccountAuthorizationDetails')}`, e);
  });
  const identityP = clients.sts
    ? clients.sts.send(new GetCallerIdentityCommand({})).then(
        (o) => o.Account,
        () => undefined,
      )
    : Promise.resolve(undefined);
  const cloudtrailP = optional('cloudtrail', 'DescribeTrails', () => trails(clients.cloudtrail, progress, notCollected));
  const analyzersP = optional('accessAnalyzer', 'ListAnalyzers', () => analyzers(clients.accessAnalyzer));
  const summaryP = optional('accountSummary', 'GetAccountSummary', async () => {
    const o = await iam.send(new GetAccountSummaryCommand({}));
    return { SummaryMap: o.SummaryMap ?? {} };
  });
  const passwordP = optional('passwordPolicy', 'GetAccountPasswordPolicy', async () => {
    try {
      const o = await iam.send(new GetAccountPasswordPolicyCommand({}));
      return { PasswordPolicy: o.PasswordPolicy ?? {} } as unknown;
    } catch (e) {
      if ((e as Error).name === 'NoSuchEntityException' || (e as Error).name === 'NoSuchEntity') return null; // no policy set
      throw e;
    }
  });
  const mfaP = optional('virtualMfaDevices', 'ListVirtualMFADevices', async () => ({
    VirtualMFADevices: await pagedIam<VirtualMFADevice>(async (Marker) => {
      const o = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', MaxItems: 1000, Marker }));
      return { items: o.VirtualMFADevices, IsTruncated: o.IsTruncated, Marker: o.Marker };
    }, 'ListVirtualMFADevices'),
  }));
  const certsP = optional('serverCertificates', 'ListServerCertificates', async () => ({
    ServerCertificateMetadataList: await pagedIam<ServerCertificateMetadata>(async (Marker) => {
      const o = await iam.send(new ListServerCertificatesCommand({ MaxItems: 1000, Marker }));
      return { items: o.ServerCertificateMetadataList, IsTruncated: o.IsTruncated, Marker: o.Marker };
    }, 'ListServerCertificates'),
  }));

  // The last-accessed jobs need only the authorization details (who is in scope) and the account id: they start as
  // soon as those are read, while the credential report is still being generated.
  const lastAccessedP = Promise.all([gaadP, identityP]).then(
    ([g, id]) => {
      const accountId = id ?? accountIdFromArns(g);
      return accountId ? lastAccessedPart(iam, { accountId, takenAt, gaad: g }, opts, notCollected, progress) : undefined;
    },
    () => undefined,
  );

  // Settle everything before failing, so no request is left running when GAAD fails.
  const [gaad, report, identity, cloudtrail, accessAnalyzers, accountSummary, passwordPolicy, virtualMfaDevices, serverCertificates, lastAccessedR] =
    await Promise.allSettled([gaadP, reportP, identityP, cloudtrailP, analyzersP, summaryP, passwordP, mfaP, certsP, lastAccessedP]);
  if (gaad.status === 'rejected') throw gaad.reason;
  const value = <T>(r: PromiseSettledResult<T>): T | undefined => (r.status === 'fulfilled' ? r.value : undefined);

  const accountId = value(identity) ?? accountIdFromArns(gaad.value);
  if (!accountId) {
    throw new CollectError('cannot tell the account id: STS GetCallerIdentity failed and no IAM ARN names it');
  }
  const rep = value(report);
  const lastAccessed = value(lastAccessedR);
  progress('collection done');
  return {
    meta: {
      accountId,
      takenAt,
      region: opts.region ?? (await clients.cloudtrail.config.region().catch(() => undefined)),
      ...(rep?.generatedAt ? { credentialReportGeneratedAt: rep.generatedAt } : {}),
    },
    authorizationDetails: gaad.value,
    credentialReport: rep,
    accountSummary: value(accountSummary),
    passwordPolicy: value(passwordPolicy),
    virtualMfaDevices: value(virtualMfaDevices),
    cloudtrail: value(cloudtrail),
    serverCertificates: value(serverCertificates),
    accessAnalyzers: value(accessAnalyzers),
    lastAccessed,
    notCollected,
  };
}

/**
 * The last-accessed data of the principals the configuration puts in scope (chosen from the authorization details
 * just read, with the sweep's own admin verdict). Never throws: a failure is recorded in notCollected.lastAccessed.
 */
async function lastAccessedPart(
  iam: IAMClient,
  part: { accountId: string; takenAt: string; gaad: unknown },
  opts: CollectOptions,
  notCollected: Partial<Record<SnapshotSource, string>>,
  progress: (m: string) => void,
): Promise<unknown> {
  const config = opts.config ?? DEFAULT_CONFIG;
  if (config.lastAccessed.scope === 'off') {
    notCollected.lastAccessed = 'lastAccessed.scope is off in the configuration';
    return undefined;
  }
  if (opts.lastAccessedSkip) {
    notCollected.lastAccessed = opts.lastAccessedSkip;
    progress(`${SOURCE_FILES.lastAccessed}: not collected — ${opts.lastAccessedSkip}`);
    return undefined;
  }
  try {
    const model = buildAccountModel({ meta: { accountId: part.accountId, takenAt: part.takenAt }, authorizationDetails: part.gaad, notCollected: {} });
    const scope = lastAccessedScope(model, config);
    const { data, allDenied } = await collectLastAccessed(iam, scope, config.lastAccessed, { onProgress: progress, ...opts.lastAccessed });
    if (allDenied) {
      notCollected.lastAccessed = allDenied;
      return undefined;
    }
    return data;
  } catch (e) {
    notCollected.lastAccessed = describeError(e, 'last-accessed data');
    progress(`${SOURCE_FILES.lastAccessed}: not collected — ${notCollected.lastAccessed}`);
    return undefined;
  }
}

/**
 * Writes a raw snapshot as the design.md folder, so `snapshot --out DIR` then `sweep --snapshot DIR` judges exactly
 * what a live sweep would. Sources that were not collected get no file; meta.json lists them under notCollected
 * (with the reason). No password policy set = no password-policy.json.
 */
export async function writeSnapshot(dir: string, raw: RawSnapshot): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const json = async (file: string, v: unknown) => {
    await fs.writeFile(path.join(dir, file), `${JSON.stringify(v, null, 2)}\n`, 'utf8');
    written.push(file);
  };
  await json(SOURCE_FILES.authorizationDetails, raw.authorizationDetails);
  if (raw.credentialReport) {
    await fs.writeFile(path.join(dir, SOURCE_FILES.credentialReport), raw.credentialReport.csv, 'utf8');
    written.push(SOURCE_FILES.credentialReport);
  }
  if (raw.accountSummary !== undefined) await json(SOURCE_FILES.accountSummary, raw.accountSummary);
  if (raw.passwordPolicy !== undefined && raw.passwordPolicy !== null) await json(SOURCE_FILES.passwordPolicy, raw.passwordPolicy);
  if (raw.virtualMfaDevices !== undefined) await json(SOURCE_FILES.virtualMfaDevices, raw.virtualMfaDevices);
  if (raw.cloudtrail !== undefined) await json(SOURCE_FILES.cloudtrail, raw.cloudtrail);
  if (raw.serverCertificates !== undefined) await json(SOURCE_FILES.serverCertificates, raw.serverCertificates);
  if (raw.accessAnalyzers !== undefined) await json(SOURCE_FILES.accessAnalyzer, raw.accessAnalyzers);
  if (raw.lastAccessed !== undefined) await json(SOURCE_FILES.lastAccessed, raw.lastAccessed);
  const notCollected = { ...raw.meta.notCollected, ...raw.notCollected };
  await json('meta.json', {
    accountId: raw.meta.accountId,
    takenAt: raw.meta.takenAt,
    region: raw.meta.region,
    ...(raw.credentialReport?.generatedAt || raw.meta.credentialReportGeneratedAt
      ? { credentialReportGeneratedAt: raw.credentialReport?.generatedAt ?? raw.meta.credentialReportGeneratedAt }
      : {}),
    ...(Object.keys(notCollected).length > 0 ? { notCollected } : {}),
  });
  return written;
}
