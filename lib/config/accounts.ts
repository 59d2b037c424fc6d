/**
 * Per-account configuration (Organizations mode): the `accounts` entries of the configuration that match an account
 * (by id, or by an OU the account sits under — its parents' OUs included) merged onto the top-level values, in file
 * order: `alertThreshold` and each named threshold replace, `disabledRules`, `suppressions` and `trustedAccounts` add
 * to the top-level lists, `severityOverrides` merge (a later entry wins). Pure: the OU path is looked up by the caller
 * (lib/org/account-directory.ts); without it only the entries matching by account id apply.
 *
 * The merged Config of an account is memoised (per base config, account and OU path): the engine caches its rule index
 * per Config object, so every event of one account reuses one index.
 */
import type { AccountOverride, Config } from './types';

/** Merged configurations remembered per base configuration (accounts × OU paths seen by one process). */
const MAX_MEMO = 2_000;
const memo = new WeakMap<Config, Map<string, Config>>();

/** Whether any entry matches by OU (then the caller needs the account's OU path). */
export function needsOus(config: Config): boolean {
  return (config.accounts ?? []).some((a) => (a.match.ous?.length ?? 0) > 0);
}

/** The entries that apply to the account, in file order. `ous` = the OU ids above it (undefined: not known). */
export function matchingAccountOverrides(config: Config, accountId: string, ous?: readonly string[]): AccountOverride[] {
  return (config.accounts ?? []).filter(
    (a) => (a.match.accountIds ?? []).includes(accountId) || (ous !== undefined && (a.match.ous ?? []).some((ou) => ous.includes(ou))),
  );
}

function merge(base: Config, entries: AccountOverride[]): Config {
  const out: Config = {
    ...base,
    disabledRules: [...base.disabledRules],
    severityOverrides: { ...base.severityOverrides },
    thresholds: { ...base.thresholds },
    suppressions: [...base.suppressions],
    trustedAccounts: [...base.trustedAccounts],
  };
  for (const e of entries) {
    if (e.alertThreshold) out.alertThreshold = e.alertThreshold;
    if (e.thresholds) Object.assign(out.thresholds, e.thresholds);
    for (const r of e.disabledRules ?? []) if (!out.disabledRules.includes(r)) out.disabledRules.push(r);
    Object.assign(out.severityOverrides, e.severityOverrides);
    out.suppressions.push(...(e.suppressions ?? []));
    for (const a of e.trustedAccounts ?? []) if (!out.trustedAccounts.includes(a)) out.trustedAccounts.push(a);
  }
  return out;
}

/**
 * The configuration that applies to `accountId`: `config` itself when no entry matches (same object), else the merge.
 * `ous`: the OU ids above the account, nearest first; undefined when unknown (entries matching by OU do not apply).
 */
export function configForAccount(config: Config, accountId: string, ous?: readonly string[]): Config {
  const entries = matchingAccountOverrides(config, accountId, ous);
  if (entries.length === 0) return config;
  let perConfig = memo.get(config);
  if (!perConfig) {
    perConfig = new Map();
    memo.set(config, perConfig);
  }
  // The key is the list of matching entries (not the account): accounts with the same overrides share one Config.
  const key = entries.map((e) => (config.accounts ?? []).indexOf(e)).join(',');
  const hit = perConfig.get(key);
  if (hit) return hit;
  const merged = merge(config, entries);
  if (perConfig.size >= MAX_MEMO) perConfig.clear();
  perConfig.set(key, merged);
  return merged;
}
