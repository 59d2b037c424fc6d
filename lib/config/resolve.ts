/**
 * The light half of the configuration code, safe for the Lambda bundles: the user's values as written, merging them
 * onto DEFAULT_CONFIG, the ConfigError every config problem is reported with, and a cheap structural check of values
 * that were already fully validated at deploy time (IAM_GUARDIAN_CONFIG, lib/config/env.ts).
 *
 * No YAML, JSON Schema or glob-compiler imports here: lib/config/load.ts (files, ajv, yaml, semantic checks) builds on
 * this module, never the other way round, so a function that only decodes its environment does not load them.
 */
import type { Severity } from '../findings/types';
import { describeValue, showPath } from './show';
import { ALL_SEVERITIES, DEFAULT_ALERTS, DEFAULT_ALLOW_LIST, DEFAULT_CONFIG, WEBHOOK_DEFAULTS, type AccountOverride, type AlertsConfig, type WebhookSpec, type AllowListSpec, type Config, type Suppression, type Thresholds } from './types';

/** The shape of the file as the user writes it (every key optional). */
export interface UserConfig {
  alertThreshold?: Severity;
  schedules?: Partial<Config['schedules']>;
  thresholds?: Partial<Thresholds>;
  disabledRules?: string[];
  severityOverrides?: Record<string, Severity>;
  email?: string;
  forwardRegions?: string[];
  trustedAccounts?: string[];
  trailBuckets?: string[];
  attestations?: Config['attestations'];
  suppressions?: Suppression[];
  /** ARN globs, or entries stating what they cover and expect (AllowListSpec). */
  allowList?: (string | AllowListSpec)[];
  replaceDefaultAllowList?: boolean;
  monitor?: Partial<Config['monitor']>;
  reportRetentionDays?: number;
  securityHub?: Partial<Config['securityHub']>;
  lastAccessed?: Partial<Config['lastAccessed']>;
  /** Organizations mode: per-account overrides (lib/config/accounts.ts). */
  accounts?: AccountOverride[];
  alerts?: UserAlerts;
}

/** `alerts` as written: every key optional (webhook entries need name and parameter). */
export interface UserAlerts {
  email?: { severities?: Severity[] };
  chat?: { severities?: Severity[]; weeklySummary?: boolean };
  webhooks?: (Pick<WebhookSpec, 'name' | 'parameter'> & Partial<WebhookSpec>)[];
}

function resolveAlerts(a: UserAlerts | undefined): AlertsConfig | undefined {
  if (!a) return undefined;
  return {
    email: { severities: a.email?.severities ?? [...DEFAULT_ALERTS.email.severities] },
    chat: { severities: a.chat?.severities ?? [...DEFAULT_ALERTS.chat.severities], weeklySummary: a.chat?.weeklySummary ?? DEFAULT_ALERTS.chat.weeklySummary },
    webhooks: (a.webhooks ?? []).map((w) => ({ ...WEBHOOK_DEFAULTS, severities: [...ALL_SEVERITIES], ...w })),
  };
}

export interface ConfigProblem {
  line?: number;
  problem: string;
}

/** A configuration that cannot be used. `message` lists every problem as `file:line: problem`. */
export class ConfigError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly problem: string;
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    const list = problems.length > 0 ? problems : [{ problem: 'invalid configuration' }];
    super(list.map((p) => `${file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.problem}`).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.line = list[0].line;
    this.problem = list[0].problem;
    this.problems = list;
  }
}

/** Merges validated user values onto DEFAULT_CONFIG. */
export function resolveConfig(user: UserConfig): Config {
  const d = structuredClone(DEFAULT_CONFIG);
  const allowItems = user.allowList ?? [];
  const allow = allowItems.map((a) => (typeof a === 'string' ? a : a.arn));
  const specs = allowItems.filter((a): a is AllowListSpec => typeof a !== 'string');
  return {
    alertThreshold: user.alertThreshold ?? d.alertThreshold,
    disabledRules: user.disabledRules ?? d.disabledRules,
    severityOverrides: { ...d.severityOverrides, ...user.severityOverrides },
    thresholds: { ...d.thresholds, ...user.thresholds },
    trustedAccounts: user.trustedAccounts ?? d.trustedAccounts,
    trailBuckets: user.trailBuckets ?? d.trailBuckets,
    attestations: { ...d.attestations, ...user.attestations },
    suppressions: user.suppressions ?? d.suppressions,
    allowList: user.replaceDefaultAllowList ? [...allow] : [...DEFAULT_ALLOW_LIST, ...allow.filter((a) => !DEFAULT_ALLOW_LIST.includes(a))],
    ...(specs.length ? { allowListEntries: Object.fromEntries(specs.map((e) => [e.arn, structuredClone(e)])) } : {}),
    monitor: { ...d.monitor, ...user.monitor },
    schedules: { ...d.schedules, ...user.schedules },
    email: user.email ?? d.email,
    forwardRegions: user.forwardRegions ?? d.forwardRegions,
    reportRetentionDays: user.reportRetentionDays ?? d.reportRetentionDays,
    securityHub: { ...d.securityHub, ...user.securityHub },
    lastAccessed: { ...d.lastAccessed, ...user.lastAccessed },
    ...(user.accounts?.length ? { accounts: structuredClone(user.accounts) } : {}),
    ...(user.alerts ? { alerts: resolveAlerts(user.alerts) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Structural check (types, known keys, severities, required suppression fields). Ranges, patterns, formats, rule ids,
// globs and expiry are checked by lib/config/load.ts at deploy time; this only guards the run-time merge against a
// value that does not have the shape resolveConfig relies on (e.g. an environment variable edited by hand).

const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** What a value must be. An object spec lists its keys (closed) or gives the spec of every value (`values`). */
export type ShapeSpec =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'severity'
  | { array: ShapeSpec }
  | { keys: Record<string, ShapeSpec>; required?: readonly string[]; requiredHint?: string }
  | { values: ShapeSpec }
  /** A string, or an object of the given spec. */
  | { stringOr: ShapeSpec };

const strings: ShapeSpec = { array: 'string' };

const THRESHOLDS_SHAPE = {
  keys: {
    accessKeyMaxAgeDays: 'integer',
    credentialsUnusedDays: 'integer',
    rootRecentUseDays: 'integer',
    unusedRoleDays: 'integer',
    passwordMinLength: 'integer',
    passwordReusePrevention: 'integer',
    passwordMaxAgeDays: 'integer',
    reminderDays: 'integer',
    trailLogRetentionDays: 'integer',
    signInFailures: 'integer',
    signInWindowMinutes: 'integer',
  },
} as const satisfies ShapeSpec;

const SUPPRESSIONS_SHAPE = {
  array: {
    keys: { rule: 'string', resource: 'string', tags: { values: 'string' }, reason: 'string', owner: 'string', expires: 'string' },
    required: ['rule', 'resource', 'reason', 'expires'],
    requiredHint: ' (every suppression needs rule, resource, reason and expires)',
  },
} as const satisfies ShapeSpec;

/** The shape of a user configuration, key for key as in lib/config/schema.json (a test keeps the two in step). */
export const USER_CONFIG_SHAPE = {
  keys: {
    $schema: 'string',
    alertThreshold: 'severity',
    schedules: { keys: { sweep: 'string', report: 'string' } },
    thresholds: THRESHOLDS_SHAPE,
    disabledRules: strings,
    severityOverrides: { values: 'severity' },
    email: 'string',
    forwardRegions: strings,
    trustedAccounts: strings,
    trailBuckets: strings,
    attestations: {
      keys: { billingAccess: { keys: { attested: 'boolean', by: 'string', date: 'string' }, required: ['attested'] } },
    },
    suppressions: SUPPRESSIONS_SHAPE,
    allowList: {
      array: {
        stringOr: {
          keys: { arn: 'string', reason: 'string', covers: strings, trustedServices: strings, otherAccounts: 'boolean', adminPolicies: strings, callers: strings },
          required: ['arn'],
          requiredHint: ' (an allowList entry written as an object needs its arn glob)',
        },
      },
    },
    replaceDefaultAllowList: 'boolean',
    monitor: { keys: { namePrefix: 'string' } },
    reportRetentionDays: 'integer',
    securityHub: { keys: { enabled: 'boolean' } },
    lastAccessed: { keys: { scope: 'string', maxPrincipals: 'integer', unusedDays: 'integer', maxPollsPerJob: 'integer', budgetSeconds: 'integer', orgRotationDays: 'integer' } },
    accounts: {
      array: {
        keys: {
          match: { keys: { accountIds: strings, ous: strings } },
          alertThreshold: 'severity',
          thresholds: THRESHOLDS_SHAPE,
          disabledRules: strings,
          severityOverrides: { values: 'severity' },
          suppressions: SUPPRESSIONS_SHAPE,
          trustedAccounts: strings,
        },
        required: ['match'],
        requiredHint: ' (an accounts entry needs match: {accountIds: [...]} or {ous: [...]})',
      },
    },
    alerts: {
      keys: {
        email: { keys: { severities: { array: 'severity' } } },
        chat: { keys: { severities: { array: 'severity' }, weeklySummary: 'boolean' } },
        webhooks: {
          array: {
            keys: { name: 'string', parameter: 'string', severities: { array: 'severity' }, weeklySummary: 'boolean', timeoutSeconds: 'integer', retries: 'integer' },
            required: ['name', 'parameter'],
            requiredHint: ' (a webhook needs its name and the SSM parameter holding its URL)',
          },
        },
      },
    },
  },
} as const satisfies ShapeSpec;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkShape(value: unknown, spec: ShapeSpec, path: (string | number)[], out: string[]): void {
  const where = showPath(path);
  const mustBe = (what: string): void => {
    out.push(`${where} must be ${what}, got ${describeValue(value)}`);
  };
  if (spec === 'string') {
    if (typeof value !== 'string') mustBe('a string');
  } else if (spec === 'boolean') {
    if (typeof value !== 'boolean') mustBe('a boolean');
  } else if (spec === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) mustBe('an integer');
  } else if (spec === 'severity') {
    if (!SEVERITIES.includes(value as Severity)) out.push(`${where} ${describeValue(value)} is not one of ${SEVERITIES.join(', ')}`);
  } else if ('stringOr' in spec) {
    if (typeof value !== 'string') checkShape(value, spec.stringOr, path, out);
  } else if ('array' in spec) {
    if (!Array.isArray(value)) mustBe('an array');
    else value.forEach((item, i) => checkShape(item, spec.array, [...path, i], out));
  } else if (!isRecord(value)) {
    mustBe('an object');
  } else if ('values' in spec) {
    for (const [k, v] of Object.entries(value)) checkShape(v, spec.values, [...path, k], out);
  } else {
    for (const key of spec.required ?? []) {
      if (!(key in value)) out.push(`${where} is missing required "${key}"${spec.requiredHint ?? ''}`);
    }
    for (const [k, v] of Object.entries(value)) {
      const sub = spec.keys[k];
      if (sub === undefined) out.push(`${path.length === 0 ? '' : `${where}: `}unknown key "${k}"`);
      else checkShape(v, sub, [...path, k], out);
    }
  }
}

/**
 * Checks that `data` has the structure of a user configuration (see the comment above for what is not checked) and
 * returns it typed; throws ConfigError naming `file` and every problem otherwise. `line` is given to every problem
 * (e.g. 1 for single-line JSON) when known.
 */
export function checkUserConfigShape(data: unknown, file: string, line?: number): UserConfig {
  if (!isRecord(data)) throw new ConfigError(file, [{ line, problem: 'the configuration must be a mapping of keys (alertThreshold, suppressions, …)' }]);
  const problems: string[] = [];
  checkShape(data, USER_CONFIG_SHAPE, [], problems);
  if (problems.length > 0) throw new ConfigError(file, problems.map((problem) => ({ line, problem })));
  return data as UserConfig;
}
