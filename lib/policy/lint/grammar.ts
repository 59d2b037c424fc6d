/**
 * The IAM JSON policy grammar (IAM User Guide, "Grammar of the IAM JSON policy language" and its notes), checked on
 * the raw document so that what AWS rejects is an error with its place, not a statement the analysis quietly skips:
 * unknown keys (`Efect`, `Statment`), a bad or missing Effect, an empty or missing Statement, a statement without
 * Action/NotAction or with both, Resource with NotResource, Principal with NotPrincipal, identity statements without
 * Resource, actions without a service prefix, resources that are neither "*" nor an ARN, malformed Principal and
 * Condition blocks, unknown condition operators, duplicate or non-alphanumeric Sids in an identity policy, a Version
 * that is not one of the two AWS knows. Actions that are well formed but unknown are warnings (AWS accepts them; they
 * grant nothing) with "did you mean". Pure, bounded by the document parser's limits, never throws on any value.
 */
import { describeJsonValue, POLICY_LIMITS } from '../document';
import { closest, didYouMean } from '../../text/did-you-mean';
import { checkAction } from './actions';
import type { JsonPath } from './locate';
import type { LintProblem } from './types';

const TOP_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const VERSIONS = ['2012-10-17', '2008-10-17'];

/** IAM condition operators (IAM User Guide, "Condition operators"); each takes the IfExists suffix except Null. */
const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];
let operatorNames: string[] | undefined;
function allOperators(): string[] {
  if (!operatorNames) {
    const base = [...OPERATORS, ...OPERATORS.filter((o) => o !== 'Null').map((o) => `${o}IfExists`)];
    operatorNames = [...base, ...base.flatMap((o) => [`ForAnyValue:${o}`, `ForAllValues:${o}`])];
  }
  return operatorNames;
}

/** Most problems reported for one document (a crafted document could otherwise produce millions). */
const MAX_PROBLEMS = 200;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

class Problems {
  readonly list: LintProblem[] = [];
  add(p: LintProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
  }
  error(code: string, path: JsonPath, message: string, onKey = false): void {
    this.add({ severity: 'error', code, path, message, ...(onKey ? { onKey } : {}) });
  }
}

function where(path: JsonPath): string {
  const [, index] = path;
  return typeof index === 'number' ? `Statement ${index}` : 'the statement';
}

function unknownKeys(o: Record<string, unknown>, allowed: string[], path: JsonPath, what: string, out: Problems): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k)) continue;
    const near = closest(k, allowed);
    out.error('unknown-key', [...path, k], `${what} has an unknown key ${JSON.stringify(k)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}: AWS rejects the policy`, true);
  }
}

/** Strings of an Action/Resource/Principal value, or a problem. */
function stringList(v: unknown, path: JsonPath, label: string, out: Problems): { value: string; path: JsonPath }[] {
  if (typeof v === 'string') return [{ value: v, path }];
  if (!Array.isArray(v)) {
    out.error('bad-value', path, `${label} must be a string or a list of strings, not ${describeJsonValue(v)}`);
    return [];
  }
  if (v.length === 0) out.error('empty-list', path, `${label} is an empty list: AWS rejects it`);
  const items: { value: string; path: JsonPath }[] = [];
  v.slice(0, POLICY_LIMITS.maxEntries).forEach((x, i) => {
    if (typeof x === 'string') items.push({ value: x, path: [...path, i] });
    else out.error('bad-value', [...path, i], `${label} entry ${i} is ${describeJsonValue(x)}, not a string`);
  });
  return items;
}

function checkPrincipal(v: unknown, path: JsonPath, label: string, out: Problems): void {
  if (v === '*') return;
  if (!isObject(v)) {
    out.error('bad-principal', path, `${where(path)} ${label} must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}, not ${describeJsonValue(v)}`);
    return;
  }
  unknownKeys(v, PRINCIPAL_KEYS, path, `${where(path)} ${label}`, out);
  for (const k of PRINCIPAL_KEYS) {
    if (!(k in v)) continue;
    for (const item of stringList(v[k], [...path, k], `${where(path)} ${label}.${k}`, out)) {
      const problem = principalValueProblem(k, item.value);
      if (problem) out.error('bad-principal', item.path, `${where(path)} ${label}.${k} ${describeJsonValue(item.value, 80)} ${problem}: AWS rejects the policy ("Invalid principal in policy")`);
    }
  }
}

/** An AWS principal: "*", a 12-digit account, an ARN, or the unique id AWS itself writes in place of a deleted principal. */
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:\S+|A[A-Z0-9]{15,127})$/;

/**
 * Why a Principal value cannot be valid, or undefined. Only what AWS always refuses: an empty or blank value (every
 * key), and an AWS value that is none of the forms above (a bare user or role name, an e-mail address). The trust
 * analysis would otherwise read such a principal as letting no one in.
 */
function principalValueProblem(key: string, value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (key === 'AWS' && !AWS_PRINCIPAL.test(value)) return 'is not "*", a 12-digit account id or an ARN';
  return undefined;
}

function checkCondition(v: unknown, path: JsonPath, out: Problems): void {
  if (!isObject(v)) {
    out.error('bad-condition', path, `${where(path)} Condition must be an object such as {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}, not ${describeJsonValue(v)}`);
    return;
  }
  const ops = allOperators();
  for (const [op, block] of Object.entries(v)) {
    const opPath = [...path, op];
    if (!ops.includes(op)) {
      const sameCase = ops.find((o) => o.toLowerCase() === op.toLowerCase());
      if (sameCase) out.add({ severity: 'low', code: 'operator-case', path: opPath, onKey: true, message: `${where(path)} Condition operator ${JSON.stringify(op)} is spelt ${JSON.stringify(sameCase)} by AWS` });
      else out.error('unknown-operator', opPath, `${where(path)} Condition has an unknown operator ${JSON.stringify(op)}${didYouMean(op, ops)}: AWS rejects the policy`, true);
    }
    if (!isObject(block)) {
      out.error('bad-condition', opPath, `${where(path)} Condition operator ${JSON.stringify(op)} must hold an object of condition keys, not ${describeJsonValue(block)}`);
      continue;
    }
    for (const [key, val] of Object.entries(block)) {
      const values = Array.isArray(val) ? val : [val];
      values.slice(0, POLICY_LIMITS.maxEntries).forEach((x, i) => {
        if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') out.error('bad-condition', Array.isArray(val) ? [...opPath, key, i] : [...opPath, key], `${where(path)} Condition value of ${JSON.stringify(key)} is ${describeJsonValue(x)}: values are strings, numbers or booleans`);
      });
    }
  }
}

function checkStatement(s: unknown, path: JsonPath, identity: boolean, out: Problems): void {
  if (!isObject(s)) {
    out.error('bad-statement', path, `${where(path)} is ${describeJsonValue(s)}, not an object: AWS rejects the policy`);
    return;
  }
  const label = where(path);
  unknownKeys(s, STATEMENT_KEYS, path, label, out);
  if (!('Effect' in s)) {
    const typo = Object.keys(s).find((k) => closest(k, ['Effect']) === 'Effect');
    if (!typo) out.error('missing-effect', path, `${label} has no Effect ("Allow" or "Deny"): AWS rejects the policy`);
  } else if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    const near = typeof s.Effect === 'string' ? closest(s.Effect, ['Allow', 'Deny']) : undefined;
    out.error('bad-effect', [...path, 'Effect'], `${label} has Effect ${describeJsonValue(s.Effect)}: AWS accepts only "Allow" or "Deny" (case-sensitive)${near ? ` — did you mean ${JSON.stringify(near)}?` : ''}`);
  }
  if (s.Sid !== undefined && typeof s.Sid !== 'string') out.error('bad-sid', [...path, 'Sid'], `${label} Sid is ${describeJsonValue(s.Sid)}, not a string`);
  else if (identity && typeof s.Sid === 'string' && !/^[A-Za-z0-9]*$/.test(s.Sid)) out.error('bad-sid', [...path, 'Sid'], `${label} Sid ${describeJsonValue(s.Sid)} has characters other than A-Z, a-z, 0-9: IAM rejects it`);
  const hasAction = 'Action' in s;
  const hasNotAction = 'NotAction' in s;
  if (hasAction && hasNotAction) out.error('action-and-notaction', path, `${label} has both Action and NotAction: AWS rejects the policy (keep one)`);
  if (!hasAction && !hasNotAction) {
    const typo = Object.keys(s).some((k) => ['Action', 'NotAction'].includes(closest(k, ['Action', 'NotAction']) ?? ''));
    if (!typo) out.error('missing-action', path, `${label} has neither Action nor NotAction: AWS rejects the policy ("Policy statement must contain actions")`);
  }
  for (const key of ['Action', 'NotAction'] as const) {
    if (!(key in s)) continue;
    for (const item of stringList(s[key], [...path, key], `${label} ${key}`, out)) {
      const c = checkAction(item.value);
      if (c.ok) continue;
      if (c.malformed) out.error('bad-action', item.path, `${label} ${key}: ${c.message}`);
      else out.add({ severity: 'low', code: 'unknown-action', path: item.path, message: `${label} ${key}: ${c.message}` });
    }
  }
  const hasResource = 'Resource' in s;
  const hasNotResource = 'NotResource' in s;
  if (hasResource && hasNotResource) out.error('resource-and-notresource', path, `${label} has both Resource and NotResource: AWS rejects the policy (keep one)`);
  if (identity && !hasResource && !hasNotResource && !Object.keys(s).some((k) => ['Resource', 'NotResource'].includes(closest(k, ['Resource', 'NotResource']) ?? ''))) {
    out.error('missing-resource', path, `${label} has neither Resource nor NotResource: AWS rejects an identity policy statement without one ("Policy statement must contain resources")`);
  }
  for (const key of ['Resource', 'NotResource'] as const) {
    if (!(key in s)) continue;
    for (const item of stringList(s[key], [...path, key], `${label} ${key}`, out)) {
      if (item.value !== '*' && !item.value.startsWith('arn:')) out.error('bad-resource', item.path, `${label} ${key} ${describeJsonValue(item.value, 80)} is neither "*" nor an ARN (arn:aws:…): AWS rejects it`);
    }
  }
  if ('Principal' in s && 'NotPrincipal' in s) out.error('principal-and-notprincipal', path, `${label} has both Principal and NotPrincipal: AWS rejects the policy (keep one)`);
  for (const key of ['Principal', 'NotPrincipal'] as const) if (key in s) checkPrincipal(s[key], [...path, key], key, out);
  if ('Condition' in s) checkCondition(s.Condition, [...path, 'Condition'], out);
}

/**
 * The grammar problems of a raw policy document (the value JSON.parse gave). Paths are relative to the document.
 * `identity` is decided from the statements (none has a Principal) unless given.
 */
export function checkGrammar(doc: unknown): LintProblem[] {
  const out = new Problems();
  try {
    if (!isObject(doc)) {
      out.error('not-a-policy', [], `the document is ${describeJsonValue(doc)}, not a JSON object with a Statement`);
      return out.list;
    }
    unknownKeys(doc, TOP_KEYS, [], 'the policy', out);
    if (!('Version' in doc)) {
      out.add({ severity: 'low', code: 'no-version', path: [], message: 'no "Version": AWS then reads the policy as version 2008-10-17, where policy variables such as ${aws:username} are not replaced; add "Version": "2012-10-17"' });
    } else if (typeof doc.Version !== 'string' || !VERSIONS.includes(doc.Version)) {
      out.error('bad-version', ['Version'], `Version ${describeJsonValue(doc.Version)} is not one AWS knows: use "2012-10-17"`);
    }
    if ('Id' in doc && typeof doc.Id !== 'string') out.error('bad-id', ['Id'], `Id is ${describeJsonValue(doc.Id)}, not a string`);
    if (!('Statement' in doc)) {
      if (!Object.keys(doc).some((k) => closest(k, ['Statement']) === 'Statement')) out.error('missing-statement', [], 'the policy has no Statement: AWS rejects it');
      return out.list;
    }
    const raw = doc.Statement;
    const single = !Array.isArray(raw);
    const list: unknown[] = single ? [raw] : (raw as unknown[]).slice(0, POLICY_LIMITS.maxStatements);
    if (!single && list.length === 0) out.error('empty-statement', ['Statement'], 'Statement is an empty list: AWS rejects a policy without statements');
    const pathOf = (i: number): JsonPath => (single ? ['Statement'] : ['Statement', i]);
    const withPrincipal = list.map((s) => isObject(s) && ('Principal' in s || 'NotPrincipal' in s));
    const identity = !withPrincipal.some(Boolean);
    if (!identity && !withPrincipal.every(Boolean)) {
      const a = withPrincipal.indexOf(true);
      const b = withPrincipal.indexOf(false);
      out.error('mixed-principal', pathOf(b), `Statement ${a} has a Principal but Statement ${b} has none: a resource or trust policy needs one in every statement, an identity policy in none`);
    }
    const sids = new Map<string, number>();
    list.forEach((s, i) => {
      checkStatement(s, pathOf(i), identity, out);
      if (isObject(s) && typeof s.Sid === 'string' && s.Sid !== '') {
        const first = sids.get(s.Sid);
        if (first !== undefined) out.error('duplicate-sid', [...pathOf(i), 'Sid'], `Statement ${i} repeats the Sid ${describeJsonValue(s.Sid)} of Statement ${first}: Sids must be unique in a policy`);
        else sids.set(s.Sid, i);
      }
    });
  } catch (err) {
    out.error('unreadable', [], `the document could not be checked (${err instanceof Error ? err.message.slice(0, 100) : 'unreadable value'})`);
  }
  return out.list;
}
