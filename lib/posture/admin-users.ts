/**
 * Which IAM users are administrators, and which of them is the guide's "admin IAM user" (G2: create an IAM user with
 * admin rights through a group and stop using root). One definition for the `admin-access` rule and the weekly
 * report's checklist: admin is lib/policy's verdict (the privilege graph over each user's effective permissions:
 * inline, attached and group policies, explicit Deny, NotAction, permissions boundaries, paths through roles), and the
 * guide's admin user is a person: admin through a group only, signs in with a console password and MFA, and holds no
 * active access key. A key-only program that is admin (e.g. an ETL bot in an admin group) never qualifies.
 * Pure logic: no AWS SDK.
 */
import type { AccountModel } from '../account/model';
import { activeKeys, credentialView, reportTrue } from './common';
import { accountGraph, principalAnalyses } from './principals';

export interface AdminUserStanding {
  user: string;
  arn: string;
  /** Admin only through a path through other principals (assume role, pass role, …), not on its own policies. */
  viaPath: boolean;
  /** Admin through its groups' policies only (nothing of its own makes it admin). */
  viaGroupOnly: boolean;
  /** Admin only under a Condition. */
  conditional: boolean;
  /** From the credential report; undefined when the report has no row for the user. */
  consolePassword?: boolean;
  mfa?: boolean;
  activeKeys?: number;
  /** The guide's admin user: a person (console password with MFA, no active access key) admin through a group only. */
  guideAdmin: boolean;
  /** Why it is not the guide's admin user, in words (empty when it is). */
  shortfalls: string[];
}

const cache = new WeakMap<AccountModel, Map<string, AdminUserStanding>>();

/** Every IAM user the policy engine judges administrator-equivalent, by user ARN (account order). */
export function adminUserStandings(account: AccountModel): Map<string, AdminUserStanding> {
  const known = cache.get(account);
  if (known) return known;
  const out = new Map<string, AdminUserStanding>();
  const view = credentialView(account);
  const rows = 'reason' in view ? undefined : new Map(view.users.map((u) => [u.arn, u.row]));
  const analyses = principalAnalyses(account);
  const graph = accountGraph(account);
  for (const [arn, { policies: p, analysis, ownAdmin }] of analyses) {
    if (p.kind !== 'user') continue;
    const verdict = graph.verdict(arn);
    if (!verdict?.admin) continue;
    const viaPath = !verdict.base || !analysis?.adminEquivalent;
    const viaGroupOnly = !viaPath && !ownAdmin;
    const row = rows?.get(arn);
    const consolePassword = row ? reportTrue(row.password_enabled) : undefined;
    const mfa = row ? reportTrue(row.mfa_active) : undefined;
    const keys = row ? activeKeys(row).length : undefined;
    const shortfalls: string[] = [];
    if (viaPath) shortfalls.push('admin only through a path, not through a group');
    else if (!viaGroupOnly) shortfalls.push('admin granted to the user directly, not only through a group');
    if (!row) shortfalls.push('no credential report row (console password, MFA and keys unknown)');
    else {
      if (!consolePassword) shortfalls.push('no console password (not a person signing in)');
      else if (!mfa) shortfalls.push('console password without MFA');
      if (keys) shortfalls.push(`${keys} active access key${keys > 1 ? 's' : ''}`);
    }
    const standing: AdminUserStanding = { user: p.name, arn, viaPath, viaGroupOnly, conditional: verdict.conditional, guideAdmin: shortfalls.length === 0, shortfalls };
    if (consolePassword !== undefined) standing.consolePassword = consolePassword;
    if (mfa !== undefined) standing.mfa = mfa;
    if (keys !== undefined) standing.activeKeys = keys;
    out.set(arn, standing);
  }
  cache.set(account, out);
  return out;
}
