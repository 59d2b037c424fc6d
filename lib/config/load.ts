/**
 * Reads, validates and resolves the user's configuration (iam-guardian.config.yaml / .yml / .json).
 *
 * - `loadConfig({ file, cwd })`: `file` when given (the CLI's `--config FILE`), else the first of
 *   iam-guardian.config.yaml, .yml, .json in `cwd`, else DEFAULT_CONFIG.
 * - The file is checked against lib/config/schema.json (ajv) and then semantically: unknown rule ids, bad globs,
 *   suppressions expired or missing reason / expires, bad schedules, account ids, e-mail, regions.
 * - Any problem throws ConfigError whose message names the file and line of each problem:
 *   `iam-guardian.config.yaml:14: suppressions[2].expires 2025-01-01 is in the past`.
 * - The user's values are deep-merged onto DEFAULT_CONFIG (objects merge key by key; lists replace, except
 *   `allowList`, which extends the shipped DEFAULT_ALLOW_LIST unless `replaceDefaultAllowList: true`).
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { LineCounter, Document, Node } from 'yaml';
import type { ParseError, ParseErrorCode } from 'jsonc-parser';
import { MAX_PATTERN_CHARS } from '../policy/glob';
import { FileTooLargeError, readBoundedTextSync } from '../io/bounded-read';
import schema from './schema.json';
import { describeValue, showPath } from './show';
import { DEFAULT_CONFIG, type Config } from './types';
import { ConfigError, resolveConfig, type ConfigProblem, type UserConfig } from './resolve';
import { globMatch, suppressionExpired } from './apply';
import { knownRuleIds } from './rule-ids';
import { closest as closestWord } from '../text/suggest';
import { scheduleProblem } from './schedule';

/*
 * yaml, jsonc-parser and ajv are loaded on the first configuration file read: a CLI command run without a
 * configuration file never loads them (the published CLI keeps them out of its bundles, scripts/build.js).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const yamlLib = (): typeof import('yaml') => require('yaml') as typeof import('yaml');
const jsoncLib = (): typeof import('jsonc-parser') => require('jsonc-parser') as typeof import('jsonc-parser');
const ajvLib = (): { Ajv: typeof import('ajv').default; addFormats: typeof import('ajv-formats').default } => ({
  Ajv: (require('ajv') as typeof import('ajv')).default,
  addFormats: (require('ajv-formats') as typeof import('ajv-formats')).default,
});
/* eslint-enable @typescript-eslint/no-require-imports */

// The merge, the error type and the user's shape live in ./resolve (no yaml/ajv: the Lambdas import it directly).
export { ConfigError, resolveConfig, type ConfigProblem, type UserConfig };

/** Largest configuration file read (bytes). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export const CONFIG_FILE_NAMES = ['iam-guardian.config.yaml', 'iam-guardian.config.yml', 'iam-guardian.config.json'];

export interface LoadConfigOptions {
  /** Explicit file (`--config FILE`); relative to cwd. */
  file?: string;
  cwd: string;
  /** Reference time for "expiry in the past" (ISO string or Date). Default: now. */
  now?: string | Date;
  /** Accept suppressions whose expiry has passed (they simply no longer apply). Default false. */
  allowExpired?: boolean;
  /** Receives non-fatal problems (with allowExpired: the suppressions that have expired, with their lines). */
  warnings?: ConfigProblem[];
}

export interface LoadedConfig {
  config: Config;
  /** The file read, or undefined when defaults were used. */
  file?: string;
  /** The validated user values (before merging with the defaults). */
  user: UserConfig;
}

/** The config file in `cwd`, if any. */
export function findConfigFile(cwd: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const p = resolve(cwd, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function loadConfig(opts: LoadConfigOptions): Config {
  return loadConfigDetailed(opts).config;
}

export function loadConfigDetailed(opts: LoadConfigOptions): LoadedConfig {
  const path = opts.file !== undefined ? resolve(opts.cwd, opts.file) : findConfigFile(opts.cwd);
  if (path === undefined) return { config: cloneDefaults(), user: {} };
  const shown = opts.file ?? basename(path);
  let text: string;
  try {
    // A configuration is a few kilobytes; a bounded read keeps `--config /dev/zero` from filling memory.
    text = readBoundedTextSync(path, MAX_CONFIG_BYTES);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new ConfigError(shown, [{ problem: `cannot read configuration: ${err.problem}` }]);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : (err as Error).message;
    throw new ConfigError(shown, [{ problem: `cannot read configuration: ${why}` }]);
  }
  const user = parseConfigText(text, shown, opts);
  return { config: resolveConfig(user), file: path, user };
}

/** Parses and validates a config's text (YAML or JSON, chosen by the file name; YAML when unknown). */
export function parseConfigText(
  text: string,
  file: string,
  opts: { now?: string | Date; allowExpired?: boolean; warnings?: ConfigProblem[] } = {},
): UserConfig {
  const lineCounter = new (yamlLib().LineCounter)();
  const isJson = /\.json$/i.test(file);
  if (isJson) {
    // JSON.parse does not always say where; jsonc-parser gives the offset of each syntax error.
    const errors: ParseError[] = [];
    jsoncLib().parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
    if (errors.length > 0) {
      throw new ConfigError(
        file,
        errors.slice(0, 5).map((e) => ({
          line: text.slice(0, e.offset).split('\n').length,
          problem: `not valid JSON: ${jsonErrorText(e.error)}`,
        })),
      );
    }
  }
  const doc = yamlLib().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        problem: `not valid ${isJson ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  let data: unknown;
  try {
    // maxAliasCount bounds alias expansion (a "billion laughs" file); whatever toJS throws is named with the file.
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new ConfigError(file, [{ problem: `cannot be read: ${/alias/i.test(msg) ? 'too many YAML alias expansions (at most 100; a resource exhaustion attack?)' : msg.split('\n')[0].slice(0, 200)}` }]);
  }
  const locate = (path: (string | number)[], key?: string): number | undefined => lineOf(doc, lineCounter, path, key);
  const problems = validate(data, locate, opts);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return data as UserConfig;
}

function jsonErrorText(code: ParseErrorCode): string {
  // InvalidSymbol → "invalid symbol", ValueExpected → "value expected", …
  return jsoncLib().printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function cloneDefaults(): Config {
  return structuredClone(DEFAULT_CONFIG);
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

// Compiled on the first file read: a command run without a configuration file never pays for it.
let compiledSchema: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!compiledSchema) {
    const { Ajv, addFormats } = ajvLib();
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv, ['email', 'date', 'date-time']);
    compiledSchema = ajv.compile(schema);
  }
  return compiledSchema;
}

type Locate = (path: (string | number)[], key?: string) => number | undefined;

function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(cur) && /^\d+$/.test(seg) ? Number(seg) : seg;
    out.push(key);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}

function schemaProblem(e: ErrorObject, data: unknown, locate: Locate): ConfigProblem | undefined {
  const path = pointerToPath(e.instancePath, data);
  const where = showPath(path);
  let value: unknown = data;
  for (const p of path) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[p] : undefined;
  switch (e.keyword) {
    case 'required': {
      const missing = String(e.params.missingProperty);
      const what = path[0] === 'suppressions' ? ' (every suppression needs rule, resource, reason and expires)' : '';
      return { line: locate(path), problem: `${where} is missing required "${missing}"${what}` };
    }
    case 'additionalProperties': {
      const extra = String(e.params.additionalProperty);
      const near = closest(extra, schemaKeysAt(path));
      return { line: locate(path, extra), problem: `${where === '(top level)' ? '' : `${where}: `}unknown key "${extra}"${near ? ` (did you mean "${near}"?)` : ''}` };
    }
    case 'enum':
      return {
        line: locate(path),
        problem: `${where} ${describeValue(value)} is not one of ${(e.params.allowedValues as unknown[]).join(', ')}`,
      };
    case 'type': {
      let hint = '';
      if (e.params.type === 'string' && typeof value === 'number')
        hint = ' (quote it: YAML reads unquoted digits as a number and drops leading zeros)';
      return { line: locate(path), problem: `${where} must be ${/^[aeiou]/.test(String(e.params.type)) ? 'an' : 'a'} ${e.params.type}, got ${describeValue(value)}${hint}` };
    }
    case 'format':
    case 'anyOf': {
      if (e.keyword === 'anyOf' || e.params.format === 'date' || e.params.format === 'date-time')
        return { line: locate(path), problem: `${where} ${describeValue(value)} is not a date (use YYYY-MM-DD or an ISO 8601 timestamp)` };
      if (e.params.format === 'email') return { line: locate(path), problem: `${where} ${describeValue(value)} is not an e-mail address` };
      return { line: locate(path), problem: `${where} ${describeValue(value)} is not a valid ${String(e.params.format)}` };
    }
    case 'pattern': {
      if (path[0] === 'trustedAccounts') return { line: locate(path), problem: `${where} ${describeValue(value)} is not a 12-digit account id` };
      if (path[0] === 'forwardRegions') return { line: locate(path), problem: `${where} ${describeValue(value)} is not an AWS region name (e.g. eu-west-1)` };
      return { line: locate(path), problem: `${where} ${describeValue(value)} does not match ${String(e.params.pattern)}` };
    }
    case 'minLength':
      return { line: locate(path), problem: `${where} is empty` };
    case 'minProperties':
      return { line: locate(path), problem: `${where} is empty${path[0] === 'accounts' ? ': give accountIds: ["123456789012"] or ous: ["ou-…"]' : ''}` };
    case 'minimum':
    case 'maximum':
      return { line: locate(path), problem: `${where} ${describeValue(value)} must be ${e.keyword === 'minimum' ? '≥' : '≤'} ${String(e.params.limit)}` };
    case 'uniqueItems':
      return { line: locate(path), problem: `${where} lists the same value twice` };
    default:
      return { line: locate(path), problem: `${where} ${e.message ?? 'is invalid'}` };
  }
}

const GLOB_FORBIDDEN = /[\s[\]{}()!\\|+@^$]/;

/** Problem with a glob (we support `*` and `?` only), or undefined. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'is empty';
  const bad = GLOB_FORBIDDEN.exec(pattern);
  if (bad) return `${describeValue(pattern)} is not a valid glob: "${bad[0] === ' ' ? 'space' : bad[0]}" is not allowed (only * and ? are wildcards)`;
  if (pattern.includes('**')) return `${describeValue(pattern)} is not a valid glob: use a single * (it already matches across / and :)`;
  if (pattern.length > MAX_PATTERN_CHARS) return `is a glob of ${pattern.length} characters (at most ${MAX_PATTERN_CHARS})`;
  return undefined;
}

function resourceGlobProblem(pattern: string): string | undefined {
  const g = globProblem(pattern);
  if (g) return g;
  if (/^[\d?*]+$/.test(pattern)) {
    if (/^\d+$/.test(pattern) && pattern.length !== 12) return `${describeValue(pattern)} is not a 12-digit account id`;
    return undefined;
  }
  if (!/^(arn|[*?])/.test(pattern)) {
    // A bare name (what a person remembers): offer the ARN shapes a finding's resource has (sweep and score print it).
    const name = /^[\w+=,.@-]+$/.test(pattern) ? ` (did you mean "arn:aws:iam::*:user/${pattern}" or "arn:aws:iam::*:role/${pattern}"? the resource of a finding is printed by \`iam-guardian sweep\` and \`score\`)` : '';
    return `${describeValue(pattern)} must be an ARN (arn:aws:iam::…) or a 12-digit account id; * and ? globs allowed${name}`;
  }
  return undefined;
}

/** The known value nearest to `id` when it is close enough to be a typo of it. */
function closest(id: string, known: readonly string[]): string | undefined {
  return closestWord(id, known);
}

function unknownRule(id: string, known: string[]): string {
  const near = closest(id, known);
  return `${describeValue(id)} is not a rule id${near ? ` (did you mean "${near}"?)` : ''}`;
}

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/** The keys schema.json allows for the object at `path` (array indexes step into items; `$ref`s into the schema). */
function schemaKeysAt(path: (string | number)[]): string[] {
  const root = schema as unknown as SchemaNode;
  const deref = (n: SchemaNode | undefined): SchemaNode | undefined => {
    for (let i = 0; n?.$ref && i < 5; i++) {
      n = n.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), root) as SchemaNode | undefined;
    }
    return n;
  };
  let node = deref(root);
  for (const p of path) {
    if (!node) return [];
    node = deref(typeof p === 'number' ? node.items : node.properties?.[p]);
    // allowList items: a string or an object.
    if (node?.anyOf) node = node.anyOf.find((b) => b.properties) ?? node;
  }
  return Object.keys(node?.properties ?? {});
}

function ruleGlobProblem(pattern: string, known: string[]): string | undefined {
  const g = globProblem(pattern);
  if (g) return g;
  if (!/[*?]/.test(pattern)) return known.includes(pattern) ? undefined : unknownRule(pattern, known);
  return known.some((k) => globMatch(pattern, k)) ? undefined : `${describeValue(pattern)} matches no rule id`;
}

function toIso(now: string | Date | undefined): string {
  if (now === undefined) return new Date().toISOString();
  return typeof now === 'string' ? new Date(now).toISOString() : now.toISOString();
}

function validate(
  data: unknown,
  locate: Locate,
  opts: { now?: string | Date; allowExpired?: boolean; warnings?: ConfigProblem[] },
): ConfigProblem[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return [{ line: 1, problem: 'the configuration must be a mapping of keys (alertThreshold, suppressions, …)' }];
  const problems: ConfigProblem[] = [];
  const validateSchema = schemaValidator();
  if (!validateSchema(data)) {
    const errors = (validateSchema.errors ?? []).filter(
      // anyOf reports each branch's format error, then itself: keep only the anyOf summary.
      (e, _i, all) => !(e.keyword === 'format' && all.some((o) => o.keyword === 'anyOf' && e.instancePath === o.instancePath)),
    );
    for (const e of errors) {
      const p = schemaProblem(e, data, locate);
      if (p) problems.push(p);
    }
  }
  // Semantic checks run even when the schema failed (each guards its own types) so one run reports everything.
  const c = data as Record<string, unknown>;
  const add = (path: (string | number)[], problem: string, key?: string): void => {
    problems.push({ line: locate(path, key), problem });
  };
  const known = knownRuleIds();
  const now = toIso(opts.now);

  const obj = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const strings = (v: unknown): [string, number][] =>
    Array.isArray(v) ? v.map((x, i) => [x, i] as [unknown, number]).filter((p): p is [string, number] => typeof p[0] === 'string') : [];

  for (const [name, expr] of Object.entries(obj(c.schedules))) {
    const p = typeof expr === 'string' && expr !== '' ? scheduleProblem(expr) : undefined;
    if (p) add(['schedules', name], `schedules.${name} ${p}`);
  }
  for (const [r, i] of strings(c.disabledRules)) {
    const p = r === '' ? undefined : ruleGlobProblem(r, known);
    if (p) add(['disabledRules', i], `disabledRules[${i}] ${p}`);
  }
  for (const id of Object.keys(obj(c.severityOverrides))) {
    if (!known.includes(id)) add(['severityOverrides'], `severityOverrides: ${unknownRule(id, known)}`, id);
  }
  for (const [r, i] of strings(c.forwardRegions)) {
    if (r === 'us-east-1')
      add(['forwardRegions', i], `forwardRegions[${i}] "us-east-1" is the home region of the stack; list only the other regions`);
  }
  const arnGlobProblem = (a: string): string | undefined =>
    globProblem(a) ?? (a.startsWith('arn:') ? undefined : `${describeValue(a)} must be an ARN glob (arn:aws:iam::*:role/…)`);
  for (const [a, i] of strings(c.allowList)) {
    if (a === '') continue;
    const p = arnGlobProblem(a);
    if (p) add(['allowList', i], `allowList[${i}] ${p}`);
  }
  // Entries written as objects: their arn and adminPolicies are ARN globs, covers names rule ids, callers are
  // service principals or role ARN globs.
  (Array.isArray(c.allowList) ? c.allowList : []).forEach((raw: unknown, i) => {
    if (typeof raw === 'string') return;
    const e = obj(raw);
    const at = `allowList[${i}]`;
    if (typeof e.arn === 'string' && e.arn !== '') {
      const p = arnGlobProblem(e.arn);
      if (p) add(['allowList', i, 'arn'], `${at}.arn ${p}`);
    }
    for (const [r, j] of strings(e.covers)) {
      if (r !== '' && !known.includes(r)) add(['allowList', i, 'covers', j], `${at}.covers[${j}]: ${unknownRule(r, known)}`);
    }
    for (const [g, j] of strings(e.adminPolicies)) {
      const p = g === '' ? undefined : arnGlobProblem(g);
      if (p) add(['allowList', i, 'adminPolicies', j], `${at}.adminPolicies[${j}] ${p}`);
    }
    for (const [g, j] of strings(e.callers)) {
      const p = g === '' ? undefined : g.startsWith('arn:') ? globProblem(g) : /^(\*|[a-z0-9.-]+\.amazonaws\.com)$/.test(g) ? undefined : `${describeValue(g)} must be an AWS service principal (controltower.amazonaws.com), * or a role ARN glob`;
      if (p) add(['allowList', i, 'callers', j], `${at}.callers[${j}] ${p}`);
    }
  });
  const attestedDate = obj(obj(c.attestations).billingAccess).date;
  if (typeof attestedDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(attestedDate) && attestedDate > now.slice(0, 10))
    add(['attestations', 'billingAccess', 'date'], `attestations.billingAccess.date ${attestedDate} is in the future`);
  const checkSuppressions = (list: unknown, base: (string | number)[]): void => {
    (Array.isArray(list) ? list : []).forEach((raw: unknown, i) => {
      const s = obj(raw);
      const path = [...base, i];
      const at = showPath(path);
      if (typeof s.rule === 'string' && s.rule !== '') {
        const rp = ruleGlobProblem(s.rule, known);
        if (rp) add([...path, 'rule'], `${at}.rule ${rp}`);
      }
      if (typeof s.resource === 'string' && s.resource !== '') {
        const gp = resourceGlobProblem(s.resource);
        if (gp) add([...path, 'resource'], `${at}.resource ${gp}`);
      }
      if (typeof s.reason === 'string' && s.reason !== '' && s.reason.trim() === '')
        add([...path, 'reason'], `${at}.reason is blank: say why the finding is accepted`);
      const expires = s.expires;
      if (typeof expires === 'string' && !Number.isNaN(Date.parse(expires)) && suppressionExpired({ rule: '', resource: '', reason: '', expires }, now)) {
        if (!opts.allowExpired) add([...path, 'expires'], `${at}.expires ${expires} is in the past (renew it with a new date or remove the suppression)`);
        else
          opts.warnings?.push({
            line: locate([...path, 'expires']),
            problem: `${at}.expires ${expires} has passed: its findings are no longer suppressed (renew or remove it)`,
          });
      }
    });
  };
  checkSuppressions(c.suppressions, ['suppressions']);
  // Organizations mode: per-account entries get the same rule-id, glob and suppression checks as the top level.
  (Array.isArray(c.accounts) ? c.accounts : []).forEach((raw: unknown, i) => {
    const e = obj(raw);
    const at = `accounts[${i}]`;
    const m = obj(e.match);
    if ('match' in e && Object.keys(m).length > 0 && !strings(m.accountIds).length && !strings(m.ous).length)
      add(['accounts', i, 'match'], `${at}.match names no account: give accountIds: ["123456789012"] or ous: ["ou-…"]`);
    for (const [r, j] of strings(e.disabledRules)) {
      const p = r === '' ? undefined : ruleGlobProblem(r, known);
      if (p) add(['accounts', i, 'disabledRules', j], `${at}.disabledRules[${j}] ${p}`);
    }
    for (const id of Object.keys(obj(e.severityOverrides))) {
      if (!known.includes(id)) add(['accounts', i, 'severityOverrides'], `${at}.severityOverrides: ${unknownRule(id, known)}`, id);
    }
    checkSuppressions(e.suppressions, ['accounts', i, 'suppressions']);
  });
  const seen = new Set<string>();
  return sortProblems(problems.filter((p) => (seen.has(p.problem) ? false : (seen.add(p.problem), true))));
}

function sortProblems(p: ConfigProblem[]): ConfigProblem[] {
  return p
    .map((x, i) => [x, i] as const)
    .sort((a, b) => (a[0].line ?? Infinity) - (b[0].line ?? Infinity) || a[1] - b[1])
    .map(([x]) => x);
}

/** 1-based line of the node at `path` (or of the key `key` inside that mapping); nearest existing ancestor if absent. */
function lineOf(doc: Document, lc: LineCounter, path: (string | number)[], key?: string): number | undefined {
  const { isMap, isScalar } = yamlLib();
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    const node = (sub.length === 0 ? doc.contents : doc.getIn(sub, true)) as Node | null | undefined;
    if (!node) continue;
    if (key !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
      const k = pair?.key as Node | undefined;
      if (k?.range) return lc.linePos(k.range[0]).line;
    }
    if (node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}
