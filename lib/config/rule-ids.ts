/**
 * The rule ids of design.md. Config validation accepts these plus every id in ALL_RULES, so a config that names a
 * rule is checked against the product's full rule set even in a build where a rule file is missing.
 */
import { ALL_RULES } from '../rules';

export const DESIGN_EVENT_RULE_IDS = [
  'root-sign-in',
  'root-sign-in-failed',
  'root-activity',
  'root-access-key-created',
  'root-credentials-changed',
  'user-sign-in-without-mfa',
  'access-key-created',
  'access-key-created-for-other-user',
  'admin-granted',
  'policy-attached-to-user',
  'permissive-policy-change',
  'privilege-escalation-granted',
  'trust-policy-public',
  'trust-policy-external',
  'login-profile-for-other-user',
  'mfa-removed',
  'cloudtrail-tampered',
  'monitor-tampered',
  'password-policy-weakened',
  'permissions-boundary-removed',
  'denied-sensitive-call',
  'unparseable-event',
  // second wave (design.md)
  'identity-provider-changed',
  'roles-anywhere-trust-changed',
  'federation-token-issued',
  'resource-policy-opened',
  'compromised-key-quarantined',
  'console-sign-in-attack',
  'organization-tampered',
  'logging-disabled',
  'trail-bucket-tampered',
  'iam-policy-changed',
] as const;

export const DESIGN_POSTURE_RULE_IDS = [
  'root-mfa-disabled',
  'root-hardware-mfa-missing',
  'root-access-key-present',
  'root-used-recently',
  'user-console-no-mfa',
  'user-direct-policy',
  'user-not-in-group',
  'admin-access',
  'policy-admin-statement',
  'policy-service-wildcard',
  'privilege-escalation',
  'access-key-not-rotated',
  'credentials-unused',
  'user-two-active-keys',
  'access-key-at-setup',
  'password-policy-weak',
  'role-trust-public',
  'role-trust-external-no-condition',
  'role-trust-confused-deputy',
  'cloudtrail-not-logging',
  'support-role-missing',
  'cloudshell-full-access',
  'server-certificate-expired',
  'access-analyzer-disabled',
  'unused-role',
  'billing-access-unverified',
  // second wave (design.md)
  'unused-permissions',
] as const;

/** Every rule id a config may name: design.md's ids (both waves) plus any rule the build registers. Sorted. */
export function knownRuleIds(): string[] {
  const ids = new Set<string>([...DESIGN_EVENT_RULE_IDS, ...DESIGN_POSTURE_RULE_IDS]);
  for (const r of ALL_RULES) ids.add(r.id);
  return [...ids].sort();
}
