/**
 * Least-privilege suggestion for `check-policy --needs`: which needed actions the policy does not grant, which
 * wildcard statements grant far more than needed, and a narrower document granting exactly the needed actions
 * (same conditions, each statement limited to the needed actions it already covers; same resources, or with
 * `resources` the given ARNs that each statement's Resource/NotResource covers).
 */
import { matchActionPattern, forEachMember, getCatalog, setHas, emptySet, unionInto, setSize, type ActionSet } from './catalog';
import { compileDocument, PermissionSet } from './analyse';
import { globCovers, globMatches } from './glob';
import type { PolicyDocument, Statement } from './document';

export interface LeastPrivilegeStatement {
  statement: string;
  uses: string[];
  grants: number;
  needed: string[];
  suggestion: string[];
}

export interface LeastPrivilege {
  needs: string[];
  /** Needed entries that match no catalogued action. */
  unknownNeeds: string[];
  /** Needed actions the policy does not allow (on any resource). */
  missing: string[];
  /** Actions the policy allows beyond the needs. */
  excessCount: number;
  statements: LeastPrivilegeStatement[];
  /** The resources the suggestion is narrowed to (`--resource`), when given. */
  resources?: string[];
  /** Needed actions granted by the policy, but not on any of the given resources. */
  notOnResources?: string[];
  /** The narrowed policy (AWS JSON form). */
  suggestedPolicy: { Version: string; Statement: Record<string, unknown>[] };
}

function ids(set: ActionSet): string[] {
  const out: string[] = [];
  const c = getCatalog();
  forEachMember(set, (i) => out.push(c.actions[i].id));
  return out;
}

function one(xs: string[]): string | string[] {
  return xs.length === 1 ? xs[0] : xs;
}

function toAws(st: Statement, action: string[], narrowed?: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (st.sid) o.Sid = st.sid;
  o.Effect = st.effect;
  o.Action = one(action);
  if (narrowed) o.Resource = one(narrowed);
  else {
    if (st.resource) o.Resource = one(st.resource);
    if (st.notResource) o.NotResource = one(st.notResource);
  }
  if (st.condition) o.Condition = st.condition;
  return o;
}

/** The given resources a statement's Resource / NotResource covers. */
function coveredResources(st: Statement, resources: string[]): string[] {
  if (st.resource) return resources.filter((r) => st.resource?.some((p) => globCovers(p, r)));
  if (st.notResource) return resources.filter((r) => !st.notResource?.some((p) => globMatches(p, r, false) || globCovers(p, r)));
  return [];
}

export function leastPrivilege(doc: PolicyDocument, needs: string[], opts: { resources?: string[] } = {}): LeastPrivilege {
  const narrow = opts.resources && opts.resources.length ? opts.resources : undefined;
  const grantedOnResources = emptySet();
  const needed = emptySet();
  const unknownNeeds: string[] = [];
  for (const n of needs) {
    const m = matchActionPattern(n);
    if (m.unknown) unknownNeeds.push(n);
    else unionInto(needed, m.set);
  }
  const allowed = new PermissionSet([doc]).allowed;
  const missing = ids(needed).filter((id) => !setHas(allowed, getCatalog().index.get(id.toLowerCase()) as number));
  let excess = 0;
  forEachMember(allowed, (i) => {
    if (!setHas(needed, i)) excess++;
  });
  const compiled = compileDocument(doc);
  const statements: LeastPrivilegeStatement[] = [];
  const suggested: Record<string, unknown>[] = [];
  for (const s of compiled.statements) {
    const st = s.stmt;
    if (s.effect === 'Deny') {
      suggested.push(st.action ? toAws(st, st.action) : { ...toAws(st, []), Action: undefined, NotAction: one(st.notAction ?? []) });
      continue;
    }
    const covered = emptySet();
    unionInto(covered, s.actions);
    for (let w = 0; w < covered.length; w++) covered[w] &= needed[w];
    const neededHere = ids(covered);
    const uses = st.action ?? (st.notAction ? st.notAction.map((a) => `NotAction ${a}`) : []);
    const wild = st.notAction !== undefined || (st.action ?? []).some((a) => /[*?]/.test(a));
    const grants = setSize(s.actions);
    if (wild || grants > neededHere.length) statements.push({ statement: `Statement ${st.sid ? `"${st.sid}"` : st.index}`, uses, grants, needed: neededHere, suggestion: neededHere });
    if (neededHere.length === 0) continue;
    if (!narrow) {
      suggested.push(toAws(st, neededHere));
      continue;
    }
    const on = coveredResources(st, narrow);
    if (on.length === 0) continue;
    unionInto(grantedOnResources, covered);
    suggested.push(toAws(st, neededHere, on));
  }
  const notOnResources = narrow ? ids(needed).filter((id) => !missing.includes(id) && !setHas(grantedOnResources, getCatalog().index.get(id.toLowerCase()) as number)) : undefined;
  for (const o of suggested) if (o.Action === undefined) delete o.Action;
  return {
    needs,
    unknownNeeds,
    missing,
    excessCount: excess,
    statements,
    ...(narrow ? { resources: narrow, notOnResources } : {}),
    suggestedPolicy: { Version: '2012-10-17', Statement: suggested },
  };
}
