/**
 * `rightsize --all`: granted vs used services and actions for every user and role, sorted by what is unused (the
 * number of granted actions no call needed, then unused services). Principals seen in CloudTrail but absent from the
 * account's IAM state are listed apart (deleted since, or of another account). Service-linked and IAM Identity Center
 * roles (AWS manages their policies) come last, marked.
 */
import { actionIndex, getCatalog, setHas, setSize } from '../policy/catalog';
import { currentAllowed, type CurrentPolicies } from './propose';
import type { PrincipalUsage } from './usage';
import { isServiceLinkedRole, isSsoRole } from '../cloudtrail/normalize';

export interface TableRow {
  principal: string;
  kind: 'user' | 'role';
  grantedServices: number;
  usedServices: number;
  unusedServices: number;
  grantedActions: number;
  usedActions: number;
  unusedActions: number;
  calls: number;
  /** Used actions the current policies do not grant (allowed then by something else). */
  usedNotGranted: number;
  lastUsed?: string;
  /** A service-linked or IAM Identity Center role: AWS manages its policies (listed last, not to be rightsized here). */
  awsManaged: boolean;
}

export interface UsageTable {
  rows: TableRow[];
  notInAccount: { principal: string; calls: number }[];
}

export function usageTable(currents: readonly CurrentPolicies[], usage: ReadonlyMap<string, PrincipalUsage>): UsageTable {
  const c = getCatalog();
  const rows: TableRow[] = [];
  const known = new Set<string>();
  for (const cur of currents) {
    known.add(cur.arn);
    const allowed = currentAllowed(cur);
    const grantedServices = new Set<string>();
    for (const [service, r] of c.serviceRanges) {
      for (let w = r.start >>> 5; w <= (r.end - 1) >>> 5 && r.end > r.start; w++) {
        if (allowed[w] === 0) continue;
        let hit = false;
        for (let i = Math.max(r.start, w * 32); i < Math.min(r.end, w * 32 + 32); i++) if (setHas(allowed, i)) { hit = true; break; }
        if (hit) { grantedServices.add(service); break; }
      }
    }
    const u = usage.get(cur.arn);
    const usedServices = new Set<string>();
    let usedActions = 0;
    let usedNotGranted = 0;
    let lastUsed: string | undefined;
    for (const a of u?.actions.values() ?? []) {
      const i = actionIndex(a.action);
      if (i >= 0 && setHas(allowed, i)) {
        usedActions++;
        usedServices.add(c.actions[i].service);
      } else usedNotGranted++;
      if (a.last && (!lastUsed || a.last > lastUsed)) lastUsed = a.last;
    }
    const grantedActions = setSize(allowed);
    rows.push({
      principal: cur.arn,
      kind: cur.kind,
      grantedServices: grantedServices.size,
      usedServices: usedServices.size,
      unusedServices: grantedServices.size - usedServices.size,
      grantedActions,
      usedActions,
      unusedActions: grantedActions - usedActions,
      calls: u?.calls ?? 0,
      usedNotGranted,
      lastUsed,
      awsManaged: cur.kind === 'role' && (isServiceLinkedRole(cur.arn) || isSsoRole(cur.arn)),
    });
  }
  rows.sort((a, b) => Number(a.awsManaged) - Number(b.awsManaged) || b.unusedActions - a.unusedActions || b.unusedServices - a.unusedServices || a.principal.localeCompare(b.principal));
  const notInAccount = [...usage.values()].filter((u) => !known.has(u.arn)).map((u) => ({ principal: u.arn, calls: u.calls }));
  notInAccount.sort((a, b) => b.calls - a.calls || a.principal.localeCompare(b.principal));
  return { rows, notInAccount };
}
