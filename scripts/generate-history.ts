/**
 * Generates the demo's sweep history (samples/history) from REAL evaluations: `node bin/run-ts.js scripts/generate-history.ts`.
 *
 * The sample account (samples/snapshots/messy, taken at T) is replayed back in time, one sweep per week for 13 weeks
 * before T. Each weekly state is the messy snapshot
 *  1. "as it was" at that time: users, groups, roles and policies created later are left out, keys rotated later did
 *     not exist yet, an entity used later is taken as in use then too (last used the day before), and every age is
 *     computed against that time
 *     (so a key crosses its 90-day limit in the week it really does); and
 *  2. with the problems that the account's owner fixed along the way still in place (the HISTORY_FIXES list below:
 *     an admin user without MFA, a CI user with two keys and `*:*`, no Access Analyzer, an external trust, …), each
 *     removed in the week named.
 * Each weekly state is swept with the product's own runSweep into a FileStore, so the sweeps (scores, counts, per-rule
 * tallies) and the findings' first-seen / resolved dates are what the code computes, not drawn numbers. The demo then
 * runs tonight's sweep on the messy snapshot itself against this history.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AccountModel, CredentialReportRow, ManagedPolicy, UserDetail } from '../lib/account/model';
import { loadSnapshot } from '../lib/account/snapshot';
import { loadConfig } from '../lib/config/load';
import { parsePolicyDocument, type PolicyDocument } from '../lib/policy/document';
import { FileStore } from '../lib/store/file';
import { runSweep } from '../lib/sweep/run';

const DAY = 86_400_000;
export const HISTORY_WEEKS = 13;

const ROOT = path.resolve(__dirname, '..');
const SNAPSHOT = path.join(ROOT, 'samples/snapshots/messy');
const OUT = path.join(ROOT, 'samples/history');
const CONFIG = path.join(OUT, 'iam-guardian.config.yaml');

const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated',
  'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region',
  'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function doc(json: unknown): PolicyDocument {
  const r = parsePolicyDocument(json);
  if (!r.ok) throw new Error(`history policy: ${r.error}`);
  return r.document;
}

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

function ensureAdminPolicy(m: AccountModel): void {
  if (m.policies.some((p) => p.Arn === ADMIN_ARN)) return;
  const p: ManagedPolicy = {
    PolicyName: 'AdministratorAccess',
    Arn: ADMIN_ARN,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    defaultDocument: doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  };
  m.policies.push(p);
}

/** A credential-report row; unspecified columns as AWS writes them for "never / not applicable". */
function reportRow(m: AccountModel, user: UserDetail, values: Partial<Record<string, string>>): CredentialReportRow {
  const row: CredentialReportRow = {};
  for (const c of REPORT_COLUMNS) row[c] = c.endsWith('_active') || c === 'password_enabled' || c === 'mfa_active' ? 'false' : 'N/A';
  row.user = user.UserName;
  row.arn = user.Arn;
  row.user_creation_time = user.CreateDate ?? m.takenAt;
  return { ...row, ...(values as Record<string, string>) };
}

function addUser(m: AccountModel, user: Omit<UserDetail, 'Arn' | 'UserId'>, report: Partial<Record<string, string>>): void {
  const u: UserDetail = { ...user, Arn: `arn:aws:iam::${m.accountId}:user/${user.UserName}`, UserId: `AIDA${user.UserName.toUpperCase().replace(/[^A-Z0-9]/g, '')}HIST` };
  m.users.push(u);
  m.credentialReport?.rows.push(reportRow(m, u, report));
}

/** The role's trust policy as it was before it was narrowed: any AWS principal may assume it. */
function makeTrustPublic(m: AccountModel, roleName: string): void {
  const role = m.roles.find((r) => r.RoleName === roleName);
  if (!role) return;
  role.AssumeRolePolicyDocument = doc({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
  });
}

interface HistoryFix {
  /** The problem is present in the weekly states `weeksAgo >= presentFrom`, fixed in the week after. */
  presentFrom: number;
  label: string;
  apply(m: AccountModel, T: number): void;
}

/** Problems the sample account's owner fixed over the 13 weeks (oldest fix first). */
export const HISTORY_FIXES: HistoryFix[] = [
  {
    presentFrom: 12,
    label: 'role lambda-ingest: trust policy let any AWS principal assume it (narrowed back to lambda.amazonaws.com)',
    apply(m) {
      makeTrustPublic(m, 'lambda-ingest');
    },
  },
  {
    presentFrom: 11,
    label: 'user ann-datascience: console sign-in without MFA (MFA device assigned)',
    apply(m) {
      const row = m.credentialReport?.rows.find((r) => r.user === 'ann-datascience');
      if (row) row.mfa_active = 'false';
    },
  },
  {
    presentFrom: 10,
    label: 'user legacy-admin: console without MFA, AdministratorAccess attached directly, 400-day-old key (deleted)',
    apply(m, T) {
      ensureAdminPolicy(m);
      addUser(
        m,
        { UserName: 'legacy-admin', Path: '/', CreateDate: iso(T - 400 * DAY), GroupList: [], AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }], UserPolicyList: [] },
        {
          password_enabled: 'true', password_last_used: iso(T - 95 * DAY), password_last_changed: iso(T - 400 * DAY),
          access_key_1_active: 'true', access_key_1_last_rotated: iso(T - 400 * DAY), access_key_1_last_used_date: iso(T - 93 * DAY),
          access_key_1_last_used_region: 'us-east-1', access_key_1_last_used_service: 'iam',
        },
      );
    },
  },
  {
    presentFrom: 9,
    label: 'user ops-temp: console without MFA, AdministratorAccess attached directly (deleted)',
    apply(m, T) {
      ensureAdminPolicy(m);
      addUser(
        m,
        { UserName: 'ops-temp', Path: '/', CreateDate: iso(T - 200 * DAY), GroupList: [], AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }], UserPolicyList: [] },
        { password_enabled: 'true', password_last_used: iso(T - 70 * DAY), password_last_changed: iso(T - 200 * DAY) },
      );
    },
  },
  {
    presentFrom: 7,
    label: 'role legacy-batch-role: trust policy let any AWS principal assume it (narrowed back to batch.amazonaws.com)',
    apply(m) {
      makeTrustPublic(m, 'legacy-batch-role');
    },
  },
  {
    presentFrom: 6,
    label: 'user ci-deploy: two active keys and an inline policy allowing *:* (replaced by a role)',
    apply(m, T) {
      addUser(
        m,
        {
          UserName: 'ci-deploy', Path: '/', CreateDate: iso(T - 300 * DAY), GroupList: [], AttachedManagedPolicies: [],
          UserPolicyList: [{ PolicyName: 'deploy-everything', document: doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }],
        },
        {
          access_key_1_active: 'true', access_key_1_last_rotated: iso(T - 300 * DAY), access_key_1_last_used_date: iso(T - 50 * DAY),
          access_key_1_last_used_region: 'eu-west-1', access_key_1_last_used_service: 's3',
          access_key_2_active: 'true', access_key_2_last_rotated: iso(T - 200 * DAY), access_key_2_last_used_date: iso(T - 45 * DAY),
          access_key_2_last_used_region: 'eu-west-1', access_key_2_last_used_service: 'cloudformation',
        },
      );
    },
  },
  {
    presentFrom: 5,
    label: 'role config-recorder: trust policy let any AWS principal assume it (narrowed back to config.amazonaws.com)',
    apply(m) {
      makeTrustPublic(m, 'config-recorder');
    },
  },
  {
    presentFrom: 4,
    label: 'role legacy-ops-role with customer policy LegacyFullAccess allowing *:* (policy deleted)',
    apply(m, T) {
      const arn = `arn:aws:iam::${m.accountId}:policy/LegacyFullAccess`;
      m.policies.push({
        PolicyName: 'LegacyFullAccess',
        PolicyId: 'ANPALEGACYFULLHIST',
        Arn: arn,
        Path: '/',
        DefaultVersionId: 'v1',
        AttachmentCount: 1,
        IsAttachable: true,
        defaultDocument: doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      });
      m.roles.push({
        RoleName: 'legacy-ops-role',
        RoleId: 'AROALEGACYOPSHIST',
        Arn: `arn:aws:iam::${m.accountId}:role/legacy-ops-role`,
        Path: '/',
        CreateDate: iso(T - 600 * DAY),
        AssumeRolePolicyDocument: doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
        AttachedManagedPolicies: [{ PolicyName: 'LegacyFullAccess', PolicyArn: arn }],
        RolePolicyList: [],
        RoleLastUsed: { LastUsedDate: iso(T - 30 * DAY), Region: 'us-east-1' },
      });
    },
  },
  {
    presentFrom: 3,
    label: 'role partner-audit trusting account 999988887777 with no ExternalId condition (deleted)',
    apply(m, T) {
      m.roles.push({
        RoleName: 'partner-audit',
        RoleId: 'AROAPARTNERAUDITHIST',
        Arn: `arn:aws:iam::${m.accountId}:role/partner-audit`,
        Path: '/',
        CreateDate: iso(T - 250 * DAY),
        AssumeRolePolicyDocument: doc({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }],
        }),
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }],
        RolePolicyList: [],
        RoleLastUsed: { LastUsedDate: iso(T - 40 * DAY), Region: 'us-east-1' },
      });
    },
  },
  {
    presentFrom: 2,
    label: 'user contractor-jane: console without MFA, not in any group, unused for 120 days (deleted)',
    apply(m, T) {
      addUser(
        m,
        { UserName: 'contractor-jane', Path: '/', CreateDate: iso(T - 365 * DAY), GroupList: [], AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }], UserPolicyList: [] },
        { password_enabled: 'true', password_last_used: iso(T - 120 * DAY), password_last_changed: iso(T - 365 * DAY) },
      );
    },
  },
  {
    presentFrom: 1,
    label: 'user intern-sam: ReadOnlyAccess attached to the user, not through a group (moved to a group this week)',
    apply(m, T) {
      addUser(
        m,
        { UserName: 'intern-sam', Path: '/', CreateDate: iso(T - 60 * DAY), GroupList: [], AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }], UserPolicyList: [] },
        { password_enabled: 'true', mfa_active: 'true', password_last_used: iso(T - 9 * DAY), password_last_changed: iso(T - 60 * DAY) },
      );
    },
  },
];

function after(value: string | undefined, t: number): boolean {
  if (!value) return false;
  const v = Date.parse(value);
  return Number.isFinite(v) && v > t;
}

/**
 * The snapshot as it was at time t: entities created later left out, keys rotated later absent; what was used after t
 * is taken as in use at t too (last used the day before; likewise in the IAM last-accessed data); takenAt = t so every
 * age is computed against t.
 */
export function asOf(model: AccountModel, t: number): AccountModel {
  const m: AccountModel = structuredClone(model);
  m.takenAt = iso(t);
  m.users = m.users.filter((u) => !after(u.CreateDate, t));
  m.groups = m.groups.filter((g) => !after(g.CreateDate, t));
  m.roles = m.roles.filter((r) => !after(r.CreateDate, t));
  const dayBefore = iso(t - DAY);
  for (const r of m.roles) if (r.RoleLastUsed && after(r.RoleLastUsed.LastUsedDate, t)) r.RoleLastUsed.LastUsedDate = dayBefore;
  if (m.lastAccessed) {
    // IAM last-accessed data as that week's sweep would have collected it: principals that existed, uses after t
    // taken as the day before (as for the credential report). Principals that HISTORY_FIXES add have no report: their
    // unused grants are not part of the story (the fixes plant other problems).
    const present = new Set([...m.users.map((u) => u.Arn), ...m.roles.map((r) => r.Arn)]);
    m.lastAccessed.principals = m.lastAccessed.principals.filter((p) => present.has(p.arn));
    m.lastAccessed.notEvaluated = m.lastAccessed.notEvaluated.filter((n) => present.has(n.arn));
    for (const p of m.lastAccessed.principals) {
      if (p.jobCompletionDate) p.jobCompletionDate = iso(t);
      for (const s of p.services) {
        if (after(s.lastAuthenticated, t)) s.lastAuthenticated = dayBefore;
        for (const a of s.trackedActions ?? []) if (after(a.lastAccessed, t)) a.lastAccessed = dayBefore;
      }
    }
  }
  const userNames = new Set(m.users.map((u) => u.UserName));
  for (const u of m.users) u.GroupList = u.GroupList.filter((g) => m.groups.some((x) => x.GroupName === g));
  if (m.credentialReport) {
    m.credentialReport.generatedAt = iso(t);
    m.credentialReport.rows = m.credentialReport.rows
      .filter((row) => row.user === '<root_account>' || (userNames.has(row.user ?? '') && !after(row.user_creation_time, t)))
      .map((row) => {
        const r = { ...row };
        for (const n of ['1', '2']) {
          if (after(r[`access_key_${n}_last_rotated`], t)) {
            r[`access_key_${n}_active`] = 'false';
            r[`access_key_${n}_last_rotated`] = 'N/A';
            r[`access_key_${n}_last_used_date`] = 'N/A';
            r[`access_key_${n}_last_used_region`] = 'N/A';
            r[`access_key_${n}_last_used_service`] = 'N/A';
          } else if (after(r[`access_key_${n}_last_used_date`], t)) {
            r[`access_key_${n}_last_used_date`] = dayBefore;
          }
        }
        if (after(r.password_last_used, t)) r.password_last_used = dayBefore;
        if (after(r.password_last_changed, t)) r.password_last_changed = 'N/A';
        return r;
      });
  }
  return m;
}

export function weeklyState(model: AccountModel, weeksAgo: number): { model: AccountModel; present: string[] } {
  const T = Date.parse(model.takenAt);
  const m = asOf(model, T - weeksAgo * 7 * DAY);
  const present: string[] = [];
  for (const fix of HISTORY_FIXES) {
    if (weeksAgo >= fix.presentFrom) {
      fix.apply(m, T);
      present.push(fix.label);
    }
  }
  return { model: m, present };
}

export async function main(): Promise<number> {
  const messy = await loadSnapshot(SNAPSHOT);
  const config = loadConfig({ file: CONFIG, cwd: ROOT, now: messy.takenAt, allowExpired: true });
  for (const name of await fs.readdir(OUT).catch(() => [] as string[])) {
    if (/^\d{12}\.(sweeps|findings|alerts)\.json$/.test(name)) await fs.rm(path.join(OUT, name));
  }
  const store = new FileStore(OUT);
  const weeks: { weeksAgo: number; time: string; score: number; open: number; problemsStillPresent: string[] }[] = [];
  for (let k = HISTORY_WEEKS; k >= 1; k--) {
    const { model, present } = weeklyState(messy, k);
    const r = await runSweep({ account: model, store, config, now: model.takenAt });
    weeks.push({ weeksAgo: k, time: r.time, score: r.score, open: r.findings.filter((f) => f.status !== 'suppressed').length, problemsStillPresent: present });
    process.stdout.write(`${r.time}  score ${String(r.score).padStart(5)}  open ${r.findings.length}\n`);
  }
  await fs.writeFile(
    path.join(OUT, 'generated.json'),
    `${JSON.stringify(
      {
        note: 'GENERATED by scripts/generate-history.ts from real evaluations (runSweep) of weekly states of samples/snapshots/messy; not recorded from a live account.',
        account: messy.accountId,
        snapshot: 'samples/snapshots/messy',
        snapshotTakenAt: messy.takenAt,
        fixes: HISTORY_FIXES.map((f) => ({ presentUntilWeeksAgo: f.presentFrom, problem: f.label })),
        weeks,
      },
      null,
      1,
    )}\n`,
    'utf8',
  );
  return 0;
}
