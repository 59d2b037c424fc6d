/**
 * Helpers shared by the posture rules: resource naming, dates and ages, the credential report, AWS-managed principals.
 * Pure logic: no AWS SDK.
 */
import type { AccountModel, CredentialReportRow, UserDetail } from '../account/model';
import type { Config } from '../config/types';
import { fillCommand } from '../text/escape';
import type { PostureResult } from '../rules/types';

export const DAY_MS = 86_400_000;

/** `arn:aws:iam::<account>:root` — the resource of every root finding. */
export function rootArn(account: AccountModel): string {
  return `arn:aws:iam::${account.accountId}:root`;
}

/** A result saying the rule could not run; never counted as a pass. */
export function notEvaluated(reason: string): PostureResult {
  return { checked: 0, hits: [], notEvaluated: reason };
}

/** Reason a source is missing: the collector's note when there is one, else a generic sentence. */
export function missingSource(account: AccountModel, source: string, what: string): string {
  const note = account.notCollected[source];
  return note ? `${what} could not be read: ${note}` : `${what} was not collected`;
}

/**
 * Parses a credential-report or API date. `N/A`, `no_information`, `not_supported`, '' and anything unparseable
 * give undefined.
 */
export function parseDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (v === '' || v === 'N/A' || v === 'no_information' || v === 'not_supported') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Whole days from `from` to the snapshot time (negative when `from` is after it). */
export function ageDays(account: AccountModel, from: number): number {
  return Math.floor((Date.parse(account.takenAt) - from) / DAY_MS);
}

/** Credential-report boolean: only `true` is true (`false`, `not_supported`, `N/A` are not). */
export function reportTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

export const ROOT_ROW_USER = '<root_account>';

export interface CredentialView {
  root?: CredentialReportRow;
  /** IAM-user rows whose user still exists in the authorization details (the report can list deleted users). */
  users: { row: CredentialReportRow; user?: UserDetail; arn: string; name: string }[];
  /** Sentence appended to messages: the report's age caveat. */
  staleness: string;
  generatedAt?: string;
}

/**
 * The credential report, or the reason it cannot be used. Rows for users that no longer exist in the
 * authorization details are skipped (the report is cached up to 4 hours and may still list deleted users).
 */
export function credentialView(account: AccountModel): CredentialView | { reason: string } {
  const report = account.credentialReport;
  if (!report) return { reason: missingSource(account, 'credentialReport', 'The credential report') };
  const byArn = new Map(account.users.map((u) => [u.Arn, u]));
  const byName = new Map(account.users.map((u) => [u.UserName, u]));
  const filter = account.users.length > 0 || account.notCollected.authorizationDetails === undefined;
  const view: CredentialView = {
    users: [],
    staleness: stalenessNote(report.generatedAt),
    generatedAt: report.generatedAt,
  };
  for (const row of report.rows) {
    const name = row.user ?? '';
    if (name === ROOT_ROW_USER) {
      view.root = row;
      continue;
    }
    const user = (row.arn ? byArn.get(row.arn) : undefined) ?? byName.get(name);
    if (filter && !user) continue;
    view.users.push({ row, user, arn: user?.Arn ?? row.arn ?? name, name: user?.UserName ?? name });
  }
  return view;
}

export function stalenessNote(generatedAt: string | undefined): string {
  return generatedAt
    ? `Based on the credential report generated at ${generatedAt}; IAM regenerates it at most every 4 hours, so it can be up to 4 hours old.`
    : 'Based on the credential report, which IAM regenerates at most every 4 hours, so it can be up to 4 hours old.';
}

/**
 * Service-linked and IAM Identity Center roles (reserved paths only AWS can create): never flagged for trust or admin.
 * config.allowList is NOT consulted here: a name can be chosen by anyone, so allow-listed roles go through
 * lib/posture/allowlist.ts `roleExempt`, which still checks their trust and admin access.
 */
export function isAwsManagedPrincipal(arn: string, path: string | undefined, _config?: Config): boolean {
  const p = path ?? '';
  if (p.startsWith('/aws-service-role/') || arn.includes(':role/aws-service-role/')) return true;
  return p.startsWith('/aws-reserved/sso.amazonaws.com/') || arn.includes(':role/aws-reserved/sso.amazonaws.com/');
}

/**
 * Replaces `<name>` placeholders in a fix's CLI command with shell-quoted values (lib/text/escape.ts `fillCommand`):
 * names and paths are chosen by whoever created the resource, and a printed command must not run their code when
 * pasted. Every rule builds its command through this (or the event rules' `fillFix`, which uses the same quoting).
 */
export function fillCli(cli: string, values: Readonly<Record<string, string | undefined>>): string {
  return fillCommand(cli, values);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export interface KeySlot {
  slot: 1 | 2;
  lastRotated?: string;
  lastUsed?: string;
  lastUsedService?: string;
}

/** The active access keys of a credential-report row. */
export function activeKeys(row: Record<string, string>): KeySlot[] {
  const out: KeySlot[] = [];
  for (const slot of [1, 2] as const) {
    if (!reportTrue(row[`access_key_${slot}_active`])) continue;
    out.push({
      slot,
      lastRotated: row[`access_key_${slot}_last_rotated`],
      lastUsed: row[`access_key_${slot}_last_used_date`],
      lastUsedService: row[`access_key_${slot}_last_used_service`],
    });
  }
  return out;
}

/**
 * A command that writes the small JSON policy a fix then reads with `file://`: `printf` with the document as its
 * format, each value a `%s` in the document and its own argument after it (a `<placeholder>` that `fillCli` shell-
 * quotes, or a fixed word), so no value ever lands inside the single-quoted JSON. `doc` holds "%s" where values go.
 */
export function writePolicyFileCli(file: string, doc: unknown, args: readonly string[]): string {
  const json = JSON.stringify(doc);
  const slots = json.match(/%s/g)?.length ?? 0;
  if (json.includes("'") || /%(?!s)/.test(json) || json.includes('\\') || slots !== args.length) throw new Error(`writePolicyFileCli: ${file}: template needs ${slots} values and no quote, backslash or other % directive`);
  return `printf '${json}\\n' ${args.join(' ')} > ${file}`;
}

/** A trust policy letting `principal` (a `%s`-bearing principal map) assume the role, with an optional condition. */
export function trustDoc(principal: Record<string, string>, condition?: Record<string, Record<string, string>>, action = 'sts:AssumeRole'): unknown {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...(condition ? { Condition: condition } : {}) }] };
}

/**
 * The chain that narrows a policy to the actions it needs with iam-guardian's own linter: save the current document,
 * write the least-privilege version with `check-policy --needs … --out FILE`, then `apply` (a command reading
 * file://FILE). `<actions>` is left for the reader (e.g. s3:GetObject,s3:PutObject).
 */
export function narrowPolicyCli(saveCurrent: string, out: string, apply: string): string {
  return `${saveCurrent} > current-policy.json && iam-guardian check-policy current-policy.json --needs <actions> --out ${out} && ${apply}`;
}
