/**
 * Conditions that can be decided without a request: dates against "now" (aws:CurrentTime, aws:EpochTime,
 * aws:TokenIssueTime), the organization (aws:PrincipalOrgID when the snapshot's organization is known) and, for a
 * trust policy judged for one principal, that principal's ARN, account and type. A statement whose Condition can
 * never hold grants (or denies) nothing; one whose Condition always holds is unconditional; the rest keep only the
 * keys that could not be decided (and stay "conditional").
 */
import type { ConditionBlock, PolicyDocument, Statement } from './document';
import { globMatches } from './glob';

export interface StaticContext {
  /** The evaluation time (the snapshot's time, or now). */
  now: Date;
  /** The organization of the account, when known (aws:PrincipalOrgID). */
  orgId?: string;
  /** The account every principal of the snapshot belongs to (aws:PrincipalAccount). */
  accountId?: string;
  /** Set when judging a trust policy for one principal: aws:PrincipalArn, aws:PrincipalType. */
  principalArn?: string;
  principalType?: 'User' | 'AssumedRole';
}

export type Truth = 'always' | 'never' | 'unknown';

/** Longest life of temporary credentials (GetSessionToken / GetFederationToken: 36 hours). */
const MAX_TOKEN_LIFE_MS = 36 * 3600 * 1000;

function parseDate(v: string): number | undefined {
  if (/^\d{1,12}$/.test(v)) return Number(v) * 1000; // epoch seconds
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

interface Op {
  base: string;
  negated: boolean;
  ifExists: boolean;
  /** ForAnyValue:/ForAllValues: set operators are never decided here. */
  setOp: boolean;
}

function parseOp(op: string): Op {
  let o = op;
  const setOp = /^for(any|all)values:/i.test(o);
  if (setOp) o = o.replace(/^for(any|all)values:/i, '');
  const ifExists = /ifexists$/i.test(o);
  if (ifExists) o = o.slice(0, -'IfExists'.length);
  const lower = o.toLowerCase();
  // StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, ArnNotEquals, ArnNotLike, DateNotEquals, NumericNotEquals.
  const neg = /^(.*?)not(equals|equalsignorecase|like)$/.exec(lower);
  return { base: neg ? neg[1] + neg[2] : lower, negated: neg !== null, ifExists, setOp };
}

function not(t: Truth): Truth {
  return t === 'always' ? 'never' : t === 'never' ? 'always' : 'unknown';
}

/** Date comparison of `t` (the key's value) against the values (any may match). */
function compareDates(base: string, t: number, values: string[]): Truth {
  let unknown = false;
  for (const v of values) {
    const d = parseDate(v);
    if (d === undefined) {
      unknown = true;
      continue;
    }
    const ok = base === 'datelessthan' ? t < d : base === 'datelessthanequals' ? t <= d : base === 'dategreaterthan' ? t > d : base === 'dategreaterthanequals' ? t >= d : base === 'dateequals' ? t === d : undefined;
    if (ok === undefined) return 'unknown';
    if (ok) return 'always';
  }
  return unknown ? 'unknown' : 'never';
}

function stringMatch(base: string, actual: string, values: string[]): Truth | undefined {
  const like = base === 'stringlike' || base === 'arnlike';
  const eq = base === 'stringequals' || base === 'arnequals';
  const ci = base === 'stringequalsignorecase';
  if (!like && !eq && !ci) return undefined;
  const hit = values.some((v) => (like ? globMatches(v, actual, false) : ci ? v.toLowerCase() === actual.toLowerCase() : v === actual));
  return hit ? 'always' : 'never';
}

/** Truth of one (operator, key, values) condition entry in `ctx`. */
export function evaluateEntry(op: string, key: string, values: string[], ctx: StaticContext): Truth {
  const o = parseOp(op);
  if (o.setOp) return 'unknown';
  const k = key.toLowerCase();
  const now = ctx.now.getTime();
  if (o.base.startsWith('date') && !o.negated) {
    if (k === 'aws:currenttime' || k === 'aws:epochtime') {
      const t = compareDates(o.base, now, values);
      // A window that starts later is not a grant today, but it will be: keep it conditional, never dismiss it.
      return t === 'never' && (o.base === 'dategreaterthan' || o.base === 'dategreaterthanequals') ? 'unknown' : t;
    }
    if (k === 'aws:tokenissuetime') {
      // Present only for temporary credentials, issued within the last 36 hours: the entry never holds when no issue
      // time in [now - 36 h, now] satisfies it (IfExists: it still holds for long-term credentials).
      const oldest = now - MAX_TOKEN_LIFE_MS;
      let never = false;
      if (o.base === 'datelessthan' || o.base === 'datelessthanequals') never = compareDates(o.base, oldest, values) === 'never';
      else if (o.base === 'dateequals') never = values.every((v) => {
        const d = parseDate(v);
        return d !== undefined && (d < oldest || d > now);
      });
      return never && !o.ifExists ? 'never' : 'unknown';
    }
    return 'unknown';
  }
  // A Map, not an object literal: a key named "constructor" or "toString" must not find Object.prototype's members.
  const known = new Map<string, string | undefined>([
    ['aws:principalorgid', ctx.orgId],
    ['aws:principalaccount', ctx.accountId],
    ['aws:principalarn', ctx.principalArn],
    ['aws:principaltype', ctx.principalType],
  ]);
  const actual = known.get(k);
  if (actual === undefined) return 'unknown';
  const t = stringMatch(o.base, actual, values);
  if (t === undefined) return 'unknown';
  return o.negated ? not(t) : t;
}

export interface StatementTruth {
  truth: Truth;
  /** The Condition without the entries that always hold (undefined when none is left). */
  remaining?: ConditionBlock;
  /** The entries that can never hold (for messages). */
  never: string[];
}

export function describeEntry(op: string, key: string, values: string[]): string {
  return `${op} ${key} ${values.length === 1 ? values[0] : `[${values.join(', ')}]`}`;
}

/** Truth of a whole Condition block (entries are ANDed). */
export function evaluateCondition(cond: ConditionBlock | undefined, ctx: StaticContext): StatementTruth {
  if (!cond || Object.keys(cond).length === 0) return { truth: 'always', never: [] };
  const remaining: ConditionBlock = {};
  const never: string[] = [];
  let unknown = false;
  for (const [op, block] of Object.entries(cond)) {
    for (const [key, values] of Object.entries(block)) {
      const t = evaluateEntry(op, key, values, ctx);
      if (t === 'never') never.push(describeEntry(op, key, values));
      else if (t === 'unknown') {
        unknown = true;
        (remaining[op] ??= {})[key] = values;
      }
    }
  }
  if (never.length) return { truth: 'never', never };
  if (!unknown) return { truth: 'always', never };
  return { truth: 'unknown', remaining, never };
}

/** Human list of the undecided condition entries of a block. */
export function describeCondition(cond: ConditionBlock | undefined): string[] {
  const out: string[] = [];
  for (const [op, block] of Object.entries(cond ?? {})) for (const [k, v] of Object.entries(block)) out.push(describeEntry(op, k, v));
  return out;
}

const pruneCache = new WeakMap<PolicyDocument, { key: string; doc: PolicyDocument }>();

function ctxKey(ctx: StaticContext): string {
  return `${ctx.now.getTime()}|${ctx.orgId ?? ''}|${ctx.accountId ?? ''}|${ctx.principalArn ?? ''}|${ctx.principalType ?? ''}`;
}

/**
 * The document as it stands in `ctx`: statements whose Condition can never hold are dropped, entries that always
 * hold are removed. Returns the same object when nothing changes (so per-document caches keep working) and one
 * cached object per (document, context).
 */
export function pruneDocument(doc: PolicyDocument, ctx: StaticContext): PolicyDocument {
  if (!doc.statements.some((s) => s.condition && Object.keys(s.condition).length > 0)) return doc;
  const key = ctxKey(ctx);
  const cached = pruneCache.get(doc);
  if (cached && cached.key === key) return cached.doc;
  let changed = false;
  const statements: Statement[] = [];
  for (const st of doc.statements) {
    if (!st.condition || Object.keys(st.condition).length === 0) {
      statements.push(st);
      continue;
    }
    const t = evaluateCondition(st.condition, ctx);
    if (t.truth === 'never') {
      changed = true;
      continue;
    }
    if (t.truth === 'always') {
      changed = true;
      const copy: Statement = { ...st };
      delete copy.condition;
      statements.push(copy);
      continue;
    }
    const sameSize = describeCondition(t.remaining).length === describeCondition(st.condition).length;
    if (sameSize) statements.push(st);
    else {
      changed = true;
      statements.push({ ...st, condition: t.remaining });
    }
  }
  const out = changed ? { ...doc, statements } : doc;
  pruneCache.set(doc, { key, doc: out });
  return out;
}
