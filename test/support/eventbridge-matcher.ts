/**
 * A small EventBridge event-pattern matcher for the operators iam-guardian's rules use, following the documented
 * semantics (EventBridge user guide, "Event patterns", "Content filtering", "Comparison operators"; aws/event-ruler):
 *
 * - A pattern is a JSON object. Sibling keys AND; a leaf is an array of alternatives (OR).
 * - Nested objects descend into the event. The event is read as Event Ruler reads it: flattened to
 *   path → leaf values, where an array contributes each of its elements (so a leaf matches when ANY element matches)
 *   and an object value is not a leaf (so `exists` works on leaves only: `exists: true` never matches an object,
 *   `exists: false` matches a missing field, an object-valued field and an empty array).
 * - Exact values: strings, numbers (numeric equality), booleans and `null` (null and "" are different).
 * - `prefix`, `suffix` (string or `{equals-ignore-case: s}`), `equals-ignore-case`, `wildcard` match strings only.
 * - `anything-but`: a value, a list of values, or `{prefix|suffix|equals-ignore-case|wildcard}`. It never matches a
 *   missing field but does match `null` (and any other present value that is not excluded).
 * - `numeric`: `[op, n]` or `[op, n, op, n]` with `= > >= < <=`; numbers only.
 * - `cidr`: IPv4 CIDR blocks (strings only).
 * - `$or`: an array of at least two patterns, each ANDed with the siblings of `$or`; allowed at any object level.
 *
 * Unknown operators, malformed operands and non-array leaves throw at compile time (`compilePattern`) so a typo in a
 * deployed pattern is caught by the tests instead of silently matching nothing.
 *
 * Not modelled: array consistency for arrays of objects (each field is matched independently across elements, the
 * original EventBridge behaviour), `$not`, and the numeric precision limits of the service.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Leaf = null | boolean | number | string;

/** One alternative inside a leaf array. */
type Matcher =
  | { kind: 'exact'; value: Leaf }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; re: RegExp }
  | { kind: 'numeric'; checks: Array<{ op: string; n: number }> }
  | { kind: 'cidr'; net: number; mask: number }
  | { kind: 'exists'; value: boolean }
  | { kind: 'anything-but'; inner: Matcher[] };

/** A compiled pattern: fields (AND) and `$or` groups (each: any of the alternatives, ANDed with the fields). */
export interface CompiledPattern {
  fields: Array<{ key: string; leaf?: Matcher[]; nested?: CompiledPattern }>;
  or: CompiledPattern[][];
}

export class PatternError extends Error {
  constructor(path: string[], message: string) {
    super(`event pattern ${path.length ? `at "${path.join('.')}"` : '(root)'}: ${message}`);
    this.name = 'PatternError';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLeaf(v: unknown): v is Leaf {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileWildcard(path: string[], w: unknown): RegExp {
  if (typeof w !== 'string') throw new PatternError(path, '"wildcard" needs a string');
  if (w.includes('**')) throw new PatternError(path, '"wildcard" does not allow consecutive "*" characters');
  let re = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    if (c === '\\') {
      const next = w[i + 1];
      if (next !== '*' && next !== '\\') throw new PatternError(path, '"wildcard" only allows escaping "*" and "\\"');
      re += escapeRe(next);
      i++;
    } else if (c === '*') {
      re += '[\\s\\S]*';
    } else {
      re += escapeRe(c);
    }
  }
  return new RegExp(`^${re}$`);
}

/** `prefix` / `suffix` operand: a string or `{ "equals-ignore-case": string }`. */
function compileAffix(path: string[], op: 'prefix' | 'suffix', v: unknown): Matcher {
  if (typeof v === 'string') return { kind: op, value: v, ignoreCase: false };
  if (isPlainObject(v) && Object.keys(v).length === 1 && typeof v['equals-ignore-case'] === 'string') {
    return { kind: op, value: (v['equals-ignore-case'] as string).toLowerCase(), ignoreCase: true };
  }
  throw new PatternError(path, `"${op}" needs a string or {"equals-ignore-case": string}`);
}

const NUMERIC_OPS = new Set(['=', '<', '<=', '>', '>=']);

function compileNumeric(path: string[], v: unknown): Matcher {
  if (!Array.isArray(v) || (v.length !== 2 && v.length !== 4)) {
    throw new PatternError(path, '"numeric" needs [op, number] or [op, number, op, number]');
  }
  const checks: Array<{ op: string; n: number }> = [];
  for (let i = 0; i < v.length; i += 2) {
    const op = v[i];
    const n = v[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPS.has(op)) throw new PatternError(path, `unknown numeric operator ${JSON.stringify(op)}`);
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new PatternError(path, `"numeric" operand must be a number`);
    checks.push({ op, n });
  }
  if (checks.length === 2 && (checks[0].op === '=' || checks[1].op === '=')) {
    throw new PatternError(path, '"numeric" "=" cannot be combined with a second comparison');
  }
  return { kind: 'numeric', checks };
}

function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function compileCidr(path: string[], v: unknown): Matcher {
  const m = typeof v === 'string' ? /^([^/]+)\/(\d{1,2})$/.exec(v) : null;
  const ip = m ? parseIpv4(m[1]) : undefined;
  const bits = m ? Number(m[2]) : NaN;
  if (ip === undefined || !(bits >= 0 && bits <= 32)) throw new PatternError(path, '"cidr" needs an IPv4 block like "10.0.0.0/24"');
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { kind: 'cidr', net: (ip & mask) >>> 0, mask };
}

function compileAnythingBut(path: string[], v: unknown): Matcher {
  if (isLeaf(v) && v !== null) return { kind: 'anything-but', inner: [{ kind: 'exact', value: v }] };
  if (Array.isArray(v)) {
    if (v.length === 0) throw new PatternError(path, '"anything-but" list must not be empty');
    const strings = v.every((x) => typeof x === 'string');
    const numbers = v.every((x) => typeof x === 'number');
    if (!strings && !numbers) throw new PatternError(path, '"anything-but" list must hold only strings or only numbers');
    return { kind: 'anything-but', inner: v.map((x: Leaf) => ({ kind: 'exact', value: x })) };
  }
  if (isPlainObject(v) && Object.keys(v).length === 1) {
    const [op, operand] = Object.entries(v)[0];
    const list = Array.isArray(operand) ? operand : [operand];
    if (list.length === 0) throw new PatternError(path, `"anything-but" "${op}" list must not be empty`);
    switch (op) {
      case 'prefix':
      case 'suffix':
        if (typeof operand !== 'string') throw new PatternError(path, `"anything-but" "${op}" needs a string`);
        return { kind: 'anything-but', inner: [{ kind: op, value: operand, ignoreCase: false }] };
      case 'equals-ignore-case':
        if (!list.every((x) => typeof x === 'string')) throw new PatternError(path, '"anything-but" "equals-ignore-case" needs strings');
        return { kind: 'anything-but', inner: list.map((x: string) => ({ kind: 'equals-ignore-case', value: x.toLowerCase() })) };
      case 'wildcard':
        return { kind: 'anything-but', inner: list.map((x: unknown) => ({ kind: 'wildcard', re: compileWildcard(path, x) })) };
      default:
        throw new PatternError(path, `unknown "anything-but" operator "${op}"`);
    }
  }
  throw new PatternError(path, '"anything-but" needs a string, a number, a list, or {prefix|suffix|equals-ignore-case|wildcard}');
}

function compileAlternative(path: string[], alt: unknown): Matcher {
  if (isLeaf(alt)) return { kind: 'exact', value: alt };
  if (!isPlainObject(alt)) throw new PatternError(path, `a leaf alternative must be a value or an operator object, got ${JSON.stringify(alt)}`);
  const keys = Object.keys(alt);
  if (keys.length !== 1) throw new PatternError(path, `an operator object needs exactly one operator, got ${JSON.stringify(keys)}`);
  const op = keys[0];
  const v = alt[op];
  switch (op) {
    case 'prefix':
    case 'suffix':
      return compileAffix(path, op, v);
    case 'equals-ignore-case':
      if (typeof v !== 'string') throw new PatternError(path, '"equals-ignore-case" needs a string');
      return { kind: 'equals-ignore-case', value: v.toLowerCase() };
    case 'wildcard':
      return { kind: 'wildcard', re: compileWildcard(path, v) };
    case 'numeric':
      return compileNumeric(path, v);
    case 'cidr':
      return compileCidr(path, v);
    case 'exists':
      if (typeof v !== 'boolean') throw new PatternError(path, '"exists" needs true or false');
      return { kind: 'exists', value: v };
    case 'anything-but':
      return compileAnythingBut(path, v);
    default:
      throw new PatternError(path, `unknown operator "${op}"`);
  }
}

function compileObject(path: string[], pattern: unknown): CompiledPattern {
  if (!isPlainObject(pattern)) throw new PatternError(path, 'must be an object');
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new PatternError(path, 'must not be empty');
  const out: CompiledPattern = { fields: [], or: [] };
  for (const key of keys) {
    const v = pattern[key];
    const here = [...path, key];
    if (key === '$or') {
      if (!Array.isArray(v) || v.length < 2) throw new PatternError(here, '"$or" needs an array of at least two patterns');
      out.or.push(v.map((p, i) => compileObject([...here, String(i)], p)));
    } else if (Array.isArray(v)) {
      if (v.length === 0) throw new PatternError(here, 'a leaf array must not be empty');
      out.fields.push({ key, leaf: v.map((alt) => compileAlternative(here, alt)) });
    } else if (isPlainObject(v)) {
      out.fields.push({ key, nested: compileObject(here, v) });
    } else {
      throw new PatternError(here, `a leaf must be an array of alternatives, got ${JSON.stringify(v)}`);
    }
  }
  return out;
}

/** Validates and compiles a pattern (object or JSON string). Throws PatternError on anything EventBridge would reject. */
export function compilePattern(pattern: unknown): CompiledPattern {
  let p = pattern;
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p);
    } catch (e) {
      throw new PatternError([], `not valid JSON: ${(e as Error).message}`);
    }
  }
  return compileObject([], p);
}

/**
 * The values at `key` of each node: arrays are flattened (a leaf array contributes its elements; an array of objects
 * contributes each object as a node for nested patterns).
 */
function childNodes(nodes: JsonValue[], key: string): JsonValue[] {
  const out: JsonValue[] = [];
  const push = (v: JsonValue | undefined) => {
    // Stryker disable next-line ConditionalExpression: equivalent (docs/mutation.md): an undefined value is neither a leaf nor an object, so every reader skips it.
    if (v === undefined) return;
    if (Array.isArray(v)) for (const e of v) push(e);
    else out.push(v);
  };
  for (const n of nodes) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent (docs/mutation.md): nodes are always objects, and an inherited property is a function or Object.prototype, which hold no leaf.
    if (isPlainObject(n) && Object.prototype.hasOwnProperty.call(n, key)) push(n[key] as JsonValue);
  }
  return out;
}

function matchOne(m: Matcher, v: Leaf): boolean {
  switch (m.kind) {
    case 'exact':
      return v === m.value;
    case 'prefix':
      return typeof v === 'string' && (m.ignoreCase ? v.toLowerCase().startsWith(m.value) : v.startsWith(m.value));
    case 'suffix':
      return typeof v === 'string' && (m.ignoreCase ? v.toLowerCase().endsWith(m.value) : v.endsWith(m.value));
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === m.value;
    case 'wildcard':
      return typeof v === 'string' && m.re.test(v);
    case 'numeric':
      return (
        typeof v === 'number' &&
        m.checks.every(({ op, n }) =>
          op === '=' ? v === n : op === '<' ? v < n : op === '<=' ? v <= n : op === '>' ? v > n : v >= n,
        )
      );
    case 'cidr': {
      const ip = typeof v === 'string' ? parseIpv4(v) : undefined;
      return ip !== undefined && ((ip & m.mask) >>> 0) === m.net;
    }
    case 'anything-but':
      return !m.inner.some((i) => matchOne(i, v));
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent (docs/mutation.md): matchLeaf answers `exists` itself; this case only keeps the switch exhaustive.
    case 'exists':
      return m.value; // only reached with a present leaf value
  }
}

function matchLeaf(alternatives: Matcher[], values: JsonValue[]): boolean {
  const leaves = values.filter(isLeaf);
  return alternatives.some((m) => {
    if (m.kind === 'exists') return m.value ? leaves.length > 0 : leaves.length === 0;
    return leaves.some((v) => matchOne(m, v));
  });
}

function matchNodes(p: CompiledPattern, nodes: JsonValue[]): boolean {
  for (const f of p.fields) {
    const values = childNodes(nodes, f.key);
    if (f.leaf) {
      if (!matchLeaf(f.leaf, values)) return false;
      // Stryker disable next-line ConditionalExpression: equivalent (docs/mutation.md): a field without a leaf always has a nested pattern.
    } else if (f.nested) {
      // Stryker disable next-line MethodExpression: equivalent (docs/mutation.md): childNodes reads objects only, so unfiltered leaves are skipped there.
      if (!matchNodes(f.nested, values.filter(isPlainObject))) return false;
    }
  }
  return p.or.every((alternatives) => alternatives.some((alt) => matchNodes(alt, nodes)));
}

/** True when the event matches the compiled pattern. */
export function matchCompiled(pattern: CompiledPattern, event: unknown): boolean {
  return isPlainObject(event) && matchNodes(pattern, [event as JsonValue]);
}

/** Compiles (validating) and matches in one call. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return matchCompiled(compilePattern(pattern), event);
}
