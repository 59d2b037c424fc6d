/** Every posture (sweep) rule. A contract test fails when a rule file in this folder is not listed here. */
import type { PostureRule } from '../types';
import { accessAnalyzerDisabled } from './access-analyzer-disabled';
import { accessKeyAtSetup } from './access-key-at-setup';
import { accessKeyNotRotated } from './access-key-not-rotated';
import { adminAccess } from './admin-access';
import { billingAccessUnverified } from './billing-access-unverified';
import { cloudshellFullAccess } from './cloudshell-full-access';
import { cloudtrailNotLogging } from './cloudtrail-not-logging';
import { credentialsUnused } from './credentials-unused';
import { passwordPolicyWeak } from './password-policy-weak';
import { policyAdminStatement } from './policy-admin-statement';
import { policyServiceWildcard } from './policy-service-wildcard';
import { privilegeEscalation } from './privilege-escalation';
import { roleTrustConfusedDeputy } from './role-trust-confused-deputy';
import { roleTrustExternalNoCondition } from './role-trust-external-no-condition';
import { roleTrustPublic } from './role-trust-public';
import { rootAccessKeyPresent } from './root-access-key-present';
import { rootHardwareMfaMissing } from './root-hardware-mfa-missing';
import { rootMfaDisabled } from './root-mfa-disabled';
import { rootUsedRecently } from './root-used-recently';
import { serverCertificateExpired } from './server-certificate-expired';
import { supportRoleMissing } from './support-role-missing';
import { unusedPermissions } from './unused-permissions';
import { unusedRole } from './unused-role';
import { userConsoleNoMfa } from './user-console-no-mfa';
import { userDirectPolicy } from './user-direct-policy';
import { userNotInGroup } from './user-not-in-group';
import { userTwoActiveKeys } from './user-two-active-keys';

export const POSTURE_RULES: PostureRule[] = [
  accessAnalyzerDisabled,
  accessKeyAtSetup,
  accessKeyNotRotated,
  adminAccess,
  billingAccessUnverified,
  cloudshellFullAccess,
  cloudtrailNotLogging,
  credentialsUnused,
  passwordPolicyWeak,
  policyAdminStatement,
  policyServiceWildcard,
  privilegeEscalation,
  roleTrustConfusedDeputy,
  roleTrustExternalNoCondition,
  roleTrustPublic,
  rootAccessKeyPresent,
  rootHardwareMfaMissing,
  rootMfaDisabled,
  rootUsedRecently,
  serverCertificateExpired,
  supportRoleMissing,
  unusedPermissions,
  unusedRole,
  userConsoleNoMfa,
  userDirectPolicy,
  userNotInGroup,
  userTwoActiveKeys,
];
