/**
 * Reading a policy file's text: the document as JSON or URL-encoded JSON, or inside the output of
 * `aws iam get-policy-version` ({PolicyVersion: {Document}}), get-user/group/role-policy ({PolicyDocument}) or
 * get-role ({Role: {AssumeRolePolicyDocument}}). Keeps the raw document (for the grammar check) and where it sits in
 * the file (so problems get a line and column). Pure: the caller reads the file.
 */
import { decodePolicyText, parsePolicyDocument, type PolicyDocument } from '../document';
import { checkGrammar } from './grammar';
import { locateJson, type JsonLocations, type JsonPath } from './locate';
import type { LintProblem } from './types';

export interface PolicyInput {
  document: PolicyDocument;
  /** Notes of the lenient parser (limits hit, entries it skipped). */
  warnings: string[];
  /** Grammar problems (errors: AWS rejects the document). */
  grammar: LintProblem[];
  /** Where the document sits in the file, when the file is JSON text holding it as an object. */
  locations?: { locations: JsonLocations; base: JsonPath };
  /** `Statement` is one object, not a list (statement paths are then `["Statement", …]`). */
  singleStatement: boolean;
}

/** Unwraps the AWS CLI / API envelopes around a policy document. */
export function unwrapPolicyInput(value: unknown): unknown {
  return unwrapWithPath(value).value;
}

function unwrapWithPath(value: unknown): { value: unknown; path: JsonPath; decoded: boolean } {
  let v = value;
  const path: JsonPath = [];
  for (let depth = 0; depth < 4; depth++) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { value: v, path, decoded: false };
    const o = v as Record<string, unknown>;
    if ('Statement' in o) return { value: o, path, decoded: false };
    const key = ['PolicyVersion', 'Document', 'PolicyDocument', 'AssumeRolePolicyDocument', 'Role', 'Policy'].find((k) => o[k] !== undefined);
    if (key === undefined) return { value: o, path, decoded: false };
    const next = o[key];
    path.push(key);
    if (typeof next === 'string') {
      const decoded = decodePolicyText(next);
      return { value: decoded.ok ? decoded.value : next, path, decoded: true };
    }
    v = next;
  }
  return { value: v, path, decoded: false };
}

/** What the text is when it is valid JSON but not an object ("an array", "a number", …); undefined otherwise. */
function jsonNonObject(text: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return undefined;
  // A JSON string may hold the (URL-encoded) document itself.
  if (typeof v === 'string') return /^\s*(\{|%7b)/i.test(v) ? undefined : 'a string';
  return `a ${typeof v}`;
}

/**
 * The policy in `text`, or why it cannot be read at all (`shown` names the file in the message). A document AWS would
 * reject is read: its problems are in `grammar`.
 */
export function readPolicyText(text: string, shown: string): { ok: true; input: PolicyInput } | { ok: false; error: string } {
  const notObject = jsonNonObject(text);
  if (notObject) return { ok: false, error: `${shown}: valid JSON, but ${notObject}, not a policy document (a JSON object with a Statement)` };
  const decoded = decodePolicyText(jsonStringContent(text) ?? text);
  if (!decoded.ok) return { ok: false, error: `${shown}: ${decoded.error}` };
  const unwrapped = unwrapWithPath(decoded.value);
  const grammar = checkGrammar(unwrapped.value);
  const parsed = parsePolicyDocument(unwrapped.value);
  const errors = grammar.some((p) => p.severity === 'error');
  if (!parsed.ok && !errors) return { ok: false, error: `${shown}: ${parsed.error}` };
  const document: PolicyDocument = parsed.ok ? parsed.document : { statements: [] };
  // Parts beyond the parser's limits (too deep, too long, too many) were not evaluated: say so with the warnings.
  const warnings = parsed.ok ? [...(parsed.limits ?? []).map((l) => `not fully evaluated: ${l}`), ...parsed.warnings] : [];
  const raw = unwrapped.value as Record<string, unknown> | undefined;
  const input: PolicyInput = { document, warnings, grammar, singleStatement: raw !== undefined && raw !== null && typeof raw === 'object' && raw.Statement !== undefined && !Array.isArray(raw.Statement) };
  if (!unwrapped.decoded && text.trimStart().startsWith('{')) {
    const base = unwrapped.path;
    const locations = locateJson(text, base.length + 8);
    input.locations = { locations, base };
    // Duplicate keys: JSON.parse keeps the last one, AWS rejects the document.
    for (const d of locations.duplicates) {
      if (d.path.length < base.length || base.some((k, i) => d.path[i] !== k)) continue;
      grammar.push({ severity: 'error', code: 'duplicate-key', path: [...d.path.slice(base.length), d.key], onKey: true, message: `${JSON.stringify(d.key)} appears twice in the same object: AWS rejects the policy` });
    }
  }
  return { ok: true, input };
}

/** The content of `text` when it is a JSON string (one holding the document, as JSON or URL-encoded); undefined otherwise. */
function jsonStringContent(text: string): string | undefined {
  if (!text.trimStart().startsWith('"')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
