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
  | { ok: true; document: PolicyDocument; warnings: string[] }
  | { ok: false; error: string };

const MAX_DOC_CHARS = 1_000_000;

function toStringArray(v: unknown, field: string, warnings: string[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const x of v) {
      if (typeof x === 'string') out.push(x);
      else warnings.push(`${field} has a non-string entry (${JSON.stringify(x)?.slice(0, 40)}) that was ignored`);
    }
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

function parseCondition(v: unknown, warnings: string[]): ConditionBlock | undefined {
  if (v === undefined) return undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    warnings.push('Condition is not an object');
    return {};
  }
  const out: ConditionBlock = {};
  for (const [op, block] of Object.entries(v as Record<string, unknown>)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) {
      warnings.push(`Condition operator ${op} does not hold an object`);
      continue;
    }
    const keys: Record<string, string[]> = {};
    for (const [key, val] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(val) ? val : [val];
      keys[key] = list.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
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

export function parsePolicyDocument(input: unknown): ParseResult {
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
  const rawStatements = obj.Statement;
  if (rawStatements === undefined) return { ok: false, error: 'policy document has no Statement' };
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const statements: Statement[] = [];
  list.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      warnings.push(`Statement ${index} is not an object`);
      return;
    }
    const s = raw as Record<string, unknown>;
    const effect = s.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') {
      warnings.push(`Statement ${index} has Effect ${JSON.stringify(effect)}; it is ignored`);
      return;
    }
    const st: Statement = { index, effect };
    if (typeof s.Sid === 'string') st.sid = s.Sid;
    const action = toStringArray(s.Action, `Statement ${index} Action`, warnings);
    const notAction = toStringArray(s.NotAction, `Statement ${index} NotAction`, warnings);
    const resource = toStringArray(s.Resource, `Statement ${index} Resource`, warnings);
    const notResource = toStringArray(s.NotResource, `Statement ${index} NotResource`, warnings);
    if (action) st.action = action;
    if (notAction) st.notAction = notAction;
    if (resource) st.resource = resource;
    if (notResource) st.notResource = notResource;
    const principal = parsePrincipal(s.Principal, `Statement ${index} Principal`, warnings);
    const notPrincipal = parsePrincipal(s.NotPrincipal, `Statement ${index} NotPrincipal`, warnings);
    if (principal) st.principal = principal;
    if (notPrincipal) st.notPrincipal = notPrincipal;
    const condition = parseCondition(s.Condition, warnings);
    if (condition) st.condition = condition;
    if (!st.action && !st.notAction) warnings.push(`Statement ${index} has neither Action nor NotAction`);
    statements.push(st);
  });
  const doc: PolicyDocument = { statements };
  if (typeof obj.Version === 'string') doc.version = obj.Version;
  return { ok: true, document: doc, warnings };
}
