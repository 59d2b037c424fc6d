import { MAX_PATTERN_CHARS } from './glob';
import { lruGet, lruSet } from '../runtime/lru';

/**
 * IAM policy grammar: a normalised PolicyDocument and a parser that never throws.
 * Accepts an object, a JSON string, or a URL-encoded JSON string (SDK v3 / responseElements form).
 */
export type Effect = 'Allow' | 'Deny';

export interface PrincipalMap {
  AWS?: string[];
  Service?: string[];
  Federated?: string[];
  CanonicalUser?: string[];
}

/** Condition block: operator → key → values (values always arrays of strings). */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  /** Position in the document's statement list. */
  index: number;
  sid?: string;
  effect: Effect;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: '*' | PrincipalMap;
  notPrincipal?: '*' | PrincipalMap;
  condition?: ConditionBlock;
}

export interface PolicyDocument {
  version?: string;
  statements: Statement[];
}

export type ParseResult =
  /** `limits`: parts beyond the parser's bounds (too deep, too long, too many); present only when some were hit. */
  | { ok: true; document: PolicyDocument; warnings: string[]; limits?: string[] }
  | { ok: false; error: string };

const MAX_DOC_CHARS = 1_000_000;
/**
 * Bounds on crafted documents. IAM accepts at most 10,240 characters for the largest identity policy and 20 KB for
 * the largest resource policy, nested 5 levels deep, so real documents are far inside them; beyond them the parser
 * reports a limit (a specific problem the rules turn into an `unparseable-event` finding) instead of working without end.
 */
export const POLICY_LIMITS = {
  /** Nesting depth of the JSON value (a real policy: document → Statement → Condition → operator → key → values = 6). */
  maxDepth: 32,
  /** Characters of one Action/NotAction/Resource/NotResource/Principal entry. */
  maxPatternChars: MAX_PATTERN_CHARS,
  /** Statements in one document. */
  maxStatements: 1000,
  /** Action/NotAction/Resource/NotResource entries in one document, all statements together. */
  maxEntries: 10_000,
} as const;

/** A short, safe description of any value (never throws, never deeper than one level, at most `max` characters). */
export function describeJsonValue(v: unknown, max = 40): string {
  try {
    if (typeof v === 'string') return JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return `a list of ${v.length}`;
    if (typeof v === 'object') return 'an object';
    return typeof v;
  } catch {
    return 'an unreadable value';
  }
}

/** Nesting depth of a JSON value, counted iteratively up to `limit` + 1 (so a 100,000-deep value costs little). */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  let visited = 0;
  while (stack.length) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (v === null || typeof v !== 'object') continue;
    if (d >= limit) return true;
    // A wide but shallow value is fine; the visit count only bounds this walk on enormous values.
    if (++visited > 200_000) return false;
    for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) if (x !== null && typeof x === 'object') stack.push({ v: x, d: d + 1 });
  }
  return false;
}

interface Budget {
  entries: number;
  limits: string[];
}

function toStringArray(v: unknown, field: string, warnings: string[], budget?: Budget): string[] | undefined {
  if (v === undefined) return undefined;
  const list: unknown[] = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  if (typeof v === 'string' || Array.isArray(v)) {
    const out: string[] = [];
    let skipped = 0;
    for (const x of list) {
      if (typeof x !== 'string') {
        warnings.push(`${field} has a non-string entry (${describeJsonValue(x)}) that was ignored`);
        continue;
      }
      if (budget) {
        if (x.length > POLICY_LIMITS.maxPatternChars) {
          budget.limits.push(`${field} has an entry of ${x.length} characters (limit ${POLICY_LIMITS.maxPatternChars}); it was not evaluated`);
          continue;
        }
        if (++budget.entries > POLICY_LIMITS.maxEntries) {
          skipped++;
          continue;
        }
      }
      out.push(x);
    }
    if (skipped > 0) budget?.limits.push(`${field}: ${skipped} entries beyond the document's limit of ${POLICY_LIMITS.maxEntries} were not evaluated`);
    return out;
  }
  warnings.push(`${field} is neither a string nor a list`);
  return [];
}

function parsePrincipal(v: unknown, field: string, warnings: string[]): '*' | PrincipalMap | undefined {
  if (v === undefined) return undefined;
  if (v === '*') return '*';
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const out: PrincipalMap = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      const arr = toStringArray(val, `${field}.${k}`, warnings) ?? [];
      if (k === 'AWS' || k === 'Service' || k === 'Federated' || k === 'CanonicalUser') out[k] = arr;
      else warnings.push(`${field} has an unknown key ${k}`);
    }
    return out;
  }
  warnings.push(`${field} is not "*" or an object`);
  return undefined;
}

function parseCondition(v: unknown, field: string, warnings: string[]): ConditionBlock | undefined {
  if (v === undefined) return undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    warnings.push(`${field} is not an object`);
    return {};
  }
  const out: ConditionBlock = {};
  for (const [op, block] of Object.entries(v as Record<string, unknown>)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) {
      warnings.push(`${field} operator ${op} does not hold an object`);
      continue;
    }
    const keys: Record<string, string[]> = {};
    for (const [key, val] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(val) ? val : [val];
      keys[key] = list.map((x) => (typeof x === 'string' ? x : describeJsonValue(x, 200)));
    }
    out[op] = keys;
  }
  return out;
}

/** Decodes the textual forms: JSON, URL-encoded JSON (possibly with '+' for spaces). */
export function decodePolicyText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.length > MAX_DOC_CHARS) return { ok: false, error: `policy document is too large (${text.length} characters)` };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'policy document is empty' };
  if (trimmed.startsWith('{')) {
    try {
      return { ok: true, value: JSON.parse(trimmed) };
    } catch (e) {
      return { ok: false, error: `policy document is not valid JSON: ${(e as Error).message}` };
    }
  }
  if (trimmed.startsWith('%7B') || trimmed.startsWith('%7b') || trimmed.includes('%22')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(trimmed.replace(/\+/g, '%20'));
    } catch {
      return { ok: false, error: 'policy document has invalid URL-encoding' };
    }
    try {
      return { ok: true, value: JSON.parse(decoded) };
    } catch (e) {
      return { ok: false, error: `URL-decoded policy document is not valid JSON: ${(e as Error).message}` };
    }
  }
  return { ok: false, error: 'policy document is neither JSON nor URL-encoded JSON' };
}

/** Parses a policy document. Never throws: anything unexpected (a throwing getter, a Proxy) becomes `ok: false`. */
export function parsePolicyDocument(input: unknown): ParseResult {
  try {
    return parseUnsafe(input);
  } catch (err) {
    return { ok: false, error: `policy document could not be read (${describeError(err)})` };
  }
}

function describeError(err: unknown): string {
  try {
    return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 200);
  } catch {
    return 'unprintable error';
  }
}

function parseUnsafe(input: unknown): ParseResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    const decoded = decodePolicyText(input);
    if (!decoded.ok) return decoded;
    value = decoded.value;
  }
  if (value === null || value === undefined) return { ok: false, error: 'policy document is missing' };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'policy document is not a JSON object' };
  const obj = value as Record<string, unknown>;
  const warnings: string[] = [];
  const budget: Budget = { entries: 0, limits: [] };
  if (jsonDepthExceeds(obj, POLICY_LIMITS.maxDepth)) budget.limits.push(`policy document is nested more than ${POLICY_LIMITS.maxDepth} levels deep; the deeper parts were not evaluated`);
  const rawStatements = obj.Statement;
  if (rawStatements === undefined) return { ok: false, error: 'policy document has no Statement' };
  let list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  if (list.length > POLICY_LIMITS.maxStatements) {
    budget.limits.push(`policy document has ${list.length} statements (limit ${POLICY_LIMITS.maxStatements}); the rest were not evaluated`);
    list = list.slice(0, POLICY_LIMITS.maxStatements);
  }
  const statements: Statement[] = [];
  list.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      warnings.push(`Statement ${index} is not an object`);
      return;
    }
    const s = raw as Record<string, unknown>;
    const effect = s.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') {
      warnings.push(`Statement ${index} has Effect ${describeJsonValue(effect)}; it is ignored`);
      return;
    }
    const st: Statement = { index, effect };
    if (typeof s.Sid === 'string') st.sid = s.Sid;
    const action = toStringArray(s.Action, `Statement ${index} Action`, warnings, budget);
    const notAction = toStringArray(s.NotAction, `Statement ${index} NotAction`, warnings, budget);
    const resource = toStringArray(s.Resource, `Statement ${index} Resource`, warnings, budget);
    const notResource = toStringArray(s.NotResource, `Statement ${index} NotResource`, warnings, budget);
    if (action) st.action = action;
    if (notAction) st.notAction = notAction;
    if (resource) st.resource = resource;
    if (notResource) st.notResource = notResource;
    const principal = parsePrincipal(s.Principal, `Statement ${index} Principal`, warnings);
    const notPrincipal = parsePrincipal(s.NotPrincipal, `Statement ${index} NotPrincipal`, warnings);
    if (principal) st.principal = principal;
    if (notPrincipal) st.notPrincipal = notPrincipal;
    const condition = parseCondition(s.Condition, `Statement ${index} Condition`, warnings);
    if (condition) st.condition = condition;
    if (!st.action && !st.notAction) warnings.push(`Statement ${index} has neither Action nor NotAction`);
    statements.push(st);
  });
  const doc: PolicyDocument = { statements };
  if (typeof obj.Version === 'string') doc.version = obj.Version;
  return budget.limits.length ? { ok: true, document: doc, warnings, limits: budget.limits } : { ok: true, document: doc, warnings };
}

/**
 * Event-carried policy texts already parsed, by their exact text: the same document reaches IAM again and again
 * (infrastructure as code re-applying it, replays of an archive), and decoding and parsing it was a tenth of such an
 * event's scoring (measured on the bench archive). The 512 most recently used texts of at most 64 KiB are kept; longer
 * ones are parsed each time (bounded memory).
 */
const MAX_MEMO_TEXT = 64 * 1024;
const MEMO_ENTRIES = 512;
const parsedTexts = new Map<string, ParseResult>();
/** Documents from parsedTexts: shared between callers and never changed, so their identity stands for their content. */
const sharedDocIds = new WeakMap<PolicyDocument, number>();
let nextDocId = 0;

/**
 * parsePolicyDocument, remembered for policy texts (what a CloudTrail event carries): the same text gives the same
 * result object. Callers must not change the document.
 */
export function parsePolicyText(input: unknown): ParseResult {
  if (typeof input !== 'string' || input.length > MAX_MEMO_TEXT) return parsePolicyDocument(input);
  let parsed = lruGet(parsedTexts, input);
  if (!parsed) {
    parsed = parsePolicyDocument(input);
    if (parsed.ok) sharedDocIds.set(parsed.document, nextDocId++);
    lruSet(parsedTexts, input, parsed, MEMO_ENTRIES);
  }
  return parsed;
}

/** The id of a document parsePolicyText shared (equal ids: equal content), else undefined. */
export function sharedDocumentId(d: PolicyDocument): number | undefined {
  return sharedDocIds.get(d);
}
