import type { PostureRule, RuleHit } from '../types';
import type { Severity } from '../../findings/types';
import { fillCli, missingSource, notEvaluated, parseDate } from '../../posture/common';
import type { PrincipalLastAccessed } from '../../last-accessed/model';
import { roleExempt } from '../../posture/allowlist';
import { adminUserStandings } from '../../posture/admin-users';

/**
 * Services (and, where AWS tracks them, actions) that a principal's permission policies grant but that it has not used
 * for more than `lastAccessed.unusedDays` (default 90), from IAM's last-accessed data (GetServiceLastAccessedDetails,
 * ACTION_LEVEL). The sweep collects it for the principals in scope (lib/last-accessed/scope.ts: admin, full-access and
 * wildcard grants by default, at most lastAccessed.maxPrincipals) within a stated call budget; a principal whose job
 * failed or did not finish is reported as not evaluated (evidence in the sweep's "not evaluated" list), never passed.
 *
 * - A service with no recorded use counts as unused only when the principal is older than the limit (a role created
 *   last week has had no chance to use what it was given); with no CreateDate it counts as unused.
 * - Tracked actions are judged only inside services the principal does use (an unused service is reported whole).
 * - Severity: low — an unused grant is no exposure by itself, it widens what a leaked credential can do; medium when
 *   the unused part includes a control-plane or secrets service (IAM, Organizations, STS, KMS, Secrets Manager,
 *   CloudTrail, Account), through which a thief escalates, persists, reads secrets or blinds logging; info for the
 *   guide's admin user (a person with MFA, admin through a group, no keys: an administrator is expected to hold
 *   services they do not use every quarter; the admin-access rule already reports the grant).
 * - Allow-listed roles that look as their entry expects (OrganizationAccountAccessRole, Control Tower) are skipped.
 * - Controls: none. No Security Hub control or CIS recommendation checks unused permissions; the AWS counterpart is
 *   IAM Access Analyzer's paid "UnusedPermission" finding type.
 */
export const SENSITIVE_SERVICES = new Set(['iam', 'organizations', 'sts', 'kms', 'secretsmanager', 'cloudtrail', 'account']);

/** Most names listed in a message (the evidence keeps more, bounded too). */
const SHOWN = 8;
const EVIDENCE_MAX = 200;

export interface UnusedGrants {
  unusedServices: string[];
  unusedActions: string[];
  granted: number;
  neverUsed: string[];
  /** Services used within the limit (what the principal does use; the message names them when it uses few). */
  used: string[];
}

/** The unused part of one principal's report, judged against the snapshot time. */
export function unusedGrants(
  report: PrincipalLastAccessed,
  takenAtMs: number,
  limitDays: number,
  principalCreated: number | undefined,
): UnusedGrants {
  const days = (iso: string | undefined) => {
    const t = parseDate(iso);
    return t === undefined ? undefined : Math.floor((takenAtMs - t) / 86_400_000);
  };
  const oldEnough = principalCreated === undefined || Math.floor((takenAtMs - principalCreated) / 86_400_000) > limitDays;
  const out: UnusedGrants = { unusedServices: [], unusedActions: [], granted: report.services.length, neverUsed: [], used: [] };
  for (const s of report.services) {
    const age = days(s.lastAuthenticated);
    if (age === undefined) {
      if (oldEnough) {
        out.unusedServices.push(s.namespace);
        out.neverUsed.push(s.namespace);
      }
      continue;
    }
    if (age > limitDays) {
      out.unusedServices.push(s.namespace);
      continue;
    }
    out.used.push(s.namespace);
    for (const a of s.trackedActions ?? []) {
      const aAge = days(a.lastAccessed);
      if (aAge === undefined ? oldEnough : aAge > limitDays) out.unusedActions.push(`${s.namespace}:${a.action}`);
    }
  }
  out.unusedServices = [...new Set(out.unusedServices)].sort();
  out.unusedActions = [...new Set(out.unusedActions)].sort();
  out.used = [...new Set(out.used)].sort();
  return out;
}

/** The attached policies of the principal (what to narrow), then `iam-guardian rightsize` for a proposal. */
function fixCli(arn: string, who: { kind: 'user' | 'role'; name: string } | undefined): string {
  const kind = who?.kind ?? (/:user\//.test(arn) ? 'user' : 'role');
  const name = who?.name ?? arn.slice(arn.lastIndexOf('/') + 1);
  const tail = kind === 'user' ? ' (and its groups\': aws iam list-groups-for-user --user-name <name>)' : '';
  return fillCli(
    `aws iam list-attached-${kind}-policies --${kind}-name <name> && iam-guardian rightsize --principal <arn>   # the policies to narrow${tail}, then a least-privilege proposal from what CloudTrail shows it used`,
    { name, arn },
  );
}

function listed(names: string[]): string {
  return `${names.slice(0, SHOWN).join(', ')}${names.length > SHOWN ? ` and ${names.length - SHOWN} more` : ''}`;
}

/** `service:Action` names counted per service, most first (`ec2: 537, iam: 108`). */
export function countByService(actions: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of actions) {
    const svc = a.slice(0, Math.max(0, a.indexOf(':'))) || a;
    counts[svc] = (counts[svc] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, EVIDENCE_MAX));
}

/**
 * What the message says about the unused services: their names, or, when a broad grant (AdministratorAccess, a
 * SecurityAudit-size policy) leaves most of them unused, the few services the principal does use: "a2c, a4b,
 * access-analyzer and 449 more" tells a reader nothing, "it used only cloudwatch, ec2, logs, sns" is the policy to write.
 */
function unusedServicesText(u: UnusedGrants, limit: number): string {
  const all = u.unusedServices.length === u.granted;
  const head = all
    ? `has not used any of its ${u.granted} granted services in more than ${limit} days`
    : `has not used ${u.unusedServices.length} of ${u.granted} granted services in more than ${limit} days`;
  if (u.unusedServices.length > SHOWN && u.used.length < u.unusedServices.length) {
    return all ? head : `${head} (it used only ${listed(u.used)})`;
  }
  return `${head} (${listed(u.unusedServices)})`;
}

function unusedActionsText(actions: string[]): string {
  if (actions.length <= SHOWN) return listed(actions);
  const counts = Object.entries(countByService(actions));
  return `${counts.slice(0, SHOWN).map(([svc, n]) => `${svc}: ${n}`).join(', ')}${counts.length > SHOWN ? ` and ${counts.length - SHOWN} more services` : ''}`;
}

export const unusedPermissions: PostureRule = {
  id: 'unused-permissions',
  kind: 'posture',
  title: 'Identity holds permissions it does not use',
  severity: 'low',
  guide: 'Grant least privilege: give each identity only what it uses, and take back what it has not used for 90 days.',
  why: 'Permissions nobody uses do no work but still count when a key leaks or a role is hijacked: every unused service is extra reach for an attacker.',
  fix: {
    console: [
      'IAM → Users or Roles → choose the principal → Last Accessed tab: the services (and tracked actions) not used in the period.',
      'Edit or replace its policies (and its groups\') so that they grant only the services it uses; detach AWS managed full-access policies.',
      'Or propose a policy from CloudTrail with the command below, review it, and attach it in place of the broad one.',
    ],
    cli: 'aws iam list-attached-role-policies --role-name <name> && iam-guardian rightsize --principal <arn>   # the policies to narrow, then a least-privilege proposal from what CloudTrail shows it used',
  },
  controls: [],
  evaluate(account, ctx) {
    const data = account.lastAccessed;
    if (!data) return notEvaluated(missingSource(account, 'lastAccessed', 'IAM last-accessed data'));
    const notEvaluatedResources = data.notEvaluated.map((n) => ({ resource: n.arn, reason: n.reason }));
    if (data.principals.length === 0 && data.notEvaluated.length > 0) {
      const first = data.notEvaluated[0];
      return notEvaluated(
        `no principal in scope could be evaluated (${data.notEvaluated.length}; first: ${first.arn}: ${first.reason})`,
      );
    }
    const limit = ctx.config.lastAccessed.unusedDays;
    const takenAtMs = Date.parse(account.takenAt);
    const principals = new Map<string, { kind: 'user' | 'role'; name: string; created?: string }>();
    for (const u of account.users) principals.set(u.Arn, { kind: 'user', name: u.UserName, created: u.CreateDate });
    for (const r of account.roles) principals.set(r.Arn, { kind: 'role', name: r.RoleName, created: r.CreateDate });

    const hits: RuleHit[] = [];
    const standings = adminUserStandings(account);
    let checked = 0;
    for (const report of data.principals) {
      const who = principals.get(report.arn);
      if (who?.kind === 'role' && roleExempt(unusedPermissions.id, report.arn, undefined, account, ctx.config)) continue;
      checked++;
      const u = unusedGrants(report, takenAtMs, limit, parseDate(who?.created));
      if (u.unusedServices.length === 0 && u.unusedActions.length === 0) continue;
      const sensitive = [...u.unusedServices, ...u.unusedActions.map((a) => a.split(':')[0])].filter((s) => SENSITIVE_SERVICES.has(s));
      const guideAdmin = standings.get(report.arn)?.guideAdmin === true;
      const severity: Severity = guideAdmin ? 'info' : sensitive.length > 0 ? 'medium' : 'low';
      const name = who ? `IAM ${who.kind} ${who.name}` : report.arn;
      const parts: string[] = [];
      if (u.unusedServices.length > 0) parts.push(unusedServicesText(u, limit));
      if (u.unusedActions.length > 0) {
        parts.push(`${u.unusedServices.length > 0 ? 'and ' : 'has not used '}${u.unusedActions.length} tracked actions of services it does use (${unusedActionsText(u.unusedActions)})`);
      }
      const since = report.jobCompletionDate ? ` IAM last-accessed data of ${report.jobCompletionDate.slice(0, 10)}.` : '';
      const why = guideAdmin
        ? " It is the guide's admin user (a person with MFA, admin through a group): expected to hold more than it uses; check it still needs administrator access."
        : sensitive.length > 0
          ? ` Unused control-plane or secrets access: ${[...new Set(sensitive)].sort().join(', ')}.`
          : '';
      hits.push({
        resource: report.arn,
        severity: severity === unusedPermissions.severity ? undefined : severity,
        message: `${name} ${parts.join(' ')}.${why}${since}`,
        fix: { ...unusedPermissions.fix, cli: fixCli(report.arn, who) },
        evidence: {
          unusedServices: u.unusedServices.slice(0, EVIDENCE_MAX),
          unusedServiceCount: u.unusedServices.length,
          grantedServiceCount: u.granted,
          neverUsedServices: u.neverUsed.slice(0, EVIDENCE_MAX),
          unusedActions: u.unusedActions.slice(0, EVIDENCE_MAX),
          unusedActionCount: u.unusedActions.length,
          unusedActionsByService: countByService(u.unusedActions),
          usedServices: u.used.slice(0, EVIDENCE_MAX),
          unusedDays: limit,
          granularity: report.granularity,
          jobCompletionDate: report.jobCompletionDate ?? null,
        },
      });
    }
    return { checked, hits, ...(notEvaluatedResources.length > 0 ? { notEvaluatedResources } : {}) };
  },
};

