/**
 * The snapshot folder (design.md "Snapshot format"): read it into a RawSnapshot and build the AccountModel.
 *
 * Required: authorization-details.json, credential-report.csv (or credential-report.json: raw GetCredentialReport
 * output with base64 Content), account-summary.json, meta.json. password-policy.json absent (or empty, as a failed
 * `aws iam get-account-password-policy > password-policy.json` leaves it) = no password policy set.
 * Optional: virtual-mfa-devices.json, cloudtrail.json, server-certificates.json, access-analyzers.json,
 * last-accessed.json (IAM last-accessed data of the principals in scope, for unused-permissions); when absent the
 * model field is undefined and notCollected[source] says why, so the rules report "not evaluated".
 * A source meta.json lists under notCollected (the collector could not read it) may be absent too.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AccountModel } from './model';
import { SnapshotError } from './errors';
import { FileTooLargeError, readBoundedFile } from '../io/bounded-read';
import { accountIdFromArns, buildAccountModel, isoDate } from './build';
import { decodeReportContent } from './credential-report';
import { SNAPSHOT_SOURCES, SOURCE_FILES, type RawSnapshot, type SnapshotMeta, type SnapshotSource } from './raw';

export { SnapshotError } from './errors';
export { buildAccountModel } from './build';
export type { RawSnapshot, SnapshotMeta, SnapshotSource } from './raw';

async function readText(dir: string, file: string): Promise<string | undefined> {
  try {
    // Bounded like every input file (lib/io/bounded-read.ts): a snapshot file of /dev/zero must not fill memory.
    return (await readBoundedFile(path.join(dir, file))).toString('utf8');
  } catch (e) {
    if (e instanceof FileTooLargeError) throw new SnapshotError(file, `cannot be read: ${e.problem}`);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new SnapshotError(file, `cannot be read (${code ?? (e as Error).message})`);
  }
}

function parseJson(file: string, text: string): unknown {
  const t = text.replace(/^\uFEFF/, '');
  if (t.trim() === '') throw new SnapshotError(file, 'is empty');
  try {
    return JSON.parse(t);
  } catch (e) {
    throw new SnapshotError(file, `is not valid JSON (${(e as Error).message.split('\n')[0].slice(0, 200)})`);
  }
}

async function readJson(dir: string, file: string): Promise<unknown> {
  const text = await readText(dir, file);
  return text === undefined ? undefined : parseJson(file, text);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readMeta(dir: string, authorizationDetails: unknown): Promise<SnapshotMeta> {
  const file = 'meta.json';
  const meta = await readJson(dir, file);
  if (meta === undefined) throw new SnapshotError(file, 'is missing (it holds {accountId, takenAt, region})');
  if (!isObj(meta)) throw new SnapshotError(file, 'is not a JSON object');
  const accountId = meta.accountId === undefined ? accountIdFromArns(authorizationDetails) : meta.accountId;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    throw new SnapshotError(file, `accountId ${JSON.stringify(meta.accountId)} is not a 12-digit account id`);
  }
  if (typeof meta.takenAt !== 'string' || Number.isNaN(Date.parse(meta.takenAt))) {
    throw new SnapshotError(file, `takenAt ${JSON.stringify(meta.takenAt)} is not an ISO date-time`);
  }
  const notCollected: Partial<Record<SnapshotSource, string>> = {};
  if (meta.notCollected !== undefined) {
    if (!isObj(meta.notCollected)) throw new SnapshotError(file, 'notCollected is not an object');
    for (const [k, v] of Object.entries(meta.notCollected)) {
      if ((SNAPSHOT_SOURCES as readonly string[]).includes(k) && typeof v === 'string') notCollected[k as SnapshotSource] = v;
    }
  }
  return {
    accountId,
    takenAt: meta.takenAt,
    region: typeof meta.region === 'string' ? meta.region : undefined,
    notCollected,
    credentialReportGeneratedAt: typeof meta.credentialReportGeneratedAt === 'string' ? meta.credentialReportGeneratedAt : undefined,
  };
}

async function readCredentialReport(dir: string): Promise<RawSnapshot['credentialReport']> {
  const csv = await readText(dir, 'credential-report.csv');
  if (csv !== undefined) return { csv };
  const file = 'credential-report.json';
  const json = await readJson(dir, file);
  if (json === undefined) return undefined;
  if (!isObj(json)) throw new SnapshotError(file, 'is not a JSON object');
  if (json.ReportFormat !== undefined && json.ReportFormat !== 'text/csv') {
    throw new SnapshotError(file, `ReportFormat ${JSON.stringify(json.ReportFormat)} is not text/csv`);
  }
  const decoded = decodeReportContent(json.Content);
  if (!decoded.ok) throw new SnapshotError(file, decoded.error);
  return { csv: decoded.csv, generatedAt: isoDate(json.GeneratedTime) };
}

/** Reads a snapshot folder into its raw API shapes (no decoding of documents yet). */
export async function readSnapshotFolder(dir: string): Promise<RawSnapshot> {
  let st;
  try {
    st = await fs.stat(dir);
  } catch {
    throw new SnapshotError(dir, 'the snapshot folder does not exist');
  }
  if (!st.isDirectory()) throw new SnapshotError(dir, 'is not a folder (a snapshot is a folder of JSON files)');

  const gaadFile = SOURCE_FILES.authorizationDetails;
  const authorizationDetails = await readJson(dir, gaadFile);
  if (authorizationDetails === undefined) {
    throw new SnapshotError(gaadFile, 'is missing (GetAccountAuthorizationDetails output: UserDetailList, GroupDetailList, RoleDetailList, Policies)');
  }
  const meta = await readMeta(dir, authorizationDetails);
  const declared = meta.notCollected ?? {};
  const notCollected: Partial<Record<SnapshotSource, string>> = {};

  const credentialReport = await readCredentialReport(dir);
  if (credentialReport === undefined && !declared.credentialReport) {
    throw new SnapshotError('credential-report.csv', 'is missing (and there is no credential-report.json either)');
  }

  const accountSummary = await readJson(dir, SOURCE_FILES.accountSummary);
  if (accountSummary === undefined && !declared.accountSummary) {
    throw new SnapshotError(SOURCE_FILES.accountSummary, 'is missing (GetAccountSummary output {SummaryMap})');
  }

  let passwordPolicy: unknown;
  const ppText = await readText(dir, SOURCE_FILES.passwordPolicy);
  if (ppText === undefined || ppText.trim() === '') passwordPolicy = declared.passwordPolicy ? undefined : null;
  else passwordPolicy = parseJson(SOURCE_FILES.passwordPolicy, ppText);

  const optional = async (source: SnapshotSource): Promise<unknown> => {
    const v = await readJson(dir, SOURCE_FILES[source]);
    if (v === undefined && !declared[source]) notCollected[source] = `${SOURCE_FILES[source]} is not in the snapshot folder`;
    return v;
  };
  const virtualMfaDevices = await optional('virtualMfaDevices');
  const cloudtrail = await optional('cloudtrail');
  const serverCertificates = await optional('serverCertificates');
  const accessAnalyzers = await optional('accessAnalyzer');
  // Optional and newer than the format: a snapshot without it still sweeps; unused-permissions says "not evaluated".
  const lastAccessed = await optional('lastAccessed');

  return {
    meta,
    authorizationDetails,
    credentialReport,
    accountSummary,
    passwordPolicy,
    virtualMfaDevices,
    cloudtrail,
    serverCertificates,
    accessAnalyzers,
    lastAccessed,
    notCollected,
  };
}

/** Loads a snapshot folder into the AccountModel. Throws SnapshotError (file + problem) on a missing or bad file. */
export async function loadSnapshot(dir: string): Promise<AccountModel> {
  const raw = await readSnapshotFolder(dir);
  try {
    return buildAccountModel(raw);
  } catch (e) {
    if (e instanceof SnapshotError && raw.credentialReport && e.file === SOURCE_FILES.credentialReport) {
      // The report may have come from credential-report.json: name the file that was actually read.
      const csvPresent = (await readText(dir, 'credential-report.csv')) !== undefined;
      if (!csvPresent) throw new SnapshotError('credential-report.json', e.problem);
    }
    throw e;
  }
}
