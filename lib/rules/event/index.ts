/** Every event (real-time) rule, in the order of design.md (first wave, then the second wave's ids). A contract test fails when a rule file in this folder is not listed here. */
import type { EventRule } from '../types';
import { rootSignIn } from './root-sign-in';
import { rootSignInFailed } from './root-sign-in-failed';
import { rootActivity } from './root-activity';
import { rootAccessKeyCreated } from './root-access-key-created';
import { rootCredentialsChanged } from './root-credentials-changed';
import { userSignInWithoutMfa } from './user-sign-in-without-mfa';
import { accessKeyCreated } from './access-key-created';
import { accessKeyCreatedForOtherUser } from './access-key-created-for-other-user';
import { adminGranted } from './admin-granted';
import { policyAttachedToUser } from './policy-attached-to-user';
import { permissivePolicyChange } from './permissive-policy-change';
import { privilegeEscalationGranted } from './privilege-escalation-granted';
import { trustPolicyPublic } from './trust-policy-public';
import { trustPolicyExternal } from './trust-policy-external';
import { loginProfileForOtherUser } from './login-profile-for-other-user';
import { mfaRemoved } from './mfa-removed';
import { cloudtrailTampered } from './cloudtrail-tampered';
import { monitorTampered } from './monitor-tampered';
import { passwordPolicyWeakened } from './password-policy-weakened';
import { permissionsBoundaryRemoved } from './permissions-boundary-removed';
import { deniedSensitiveCall } from './denied-sensitive-call';
import { unparseableEvent } from './unparseable-event';
import { resourcePolicyOpened } from './resource-policy-opened';
import { organizationTampered } from './organization-tampered';
import { loggingDisabled } from './logging-disabled';
import { trailBucketTampered } from './trail-bucket-tampered';
import { iamPolicyChanged } from './iam-policy-changed';
import { identityProviderChanged } from './identity-provider-changed';
import { rolesAnywhereTrustChanged } from './roles-anywhere-trust-changed';
import { federationTokenIssued } from './federation-token-issued';
import { compromisedKeyQuarantined } from './compromised-key-quarantined';
import { consoleSignInAttack } from './console-sign-in-attack';

export const EVENT_RULES: EventRule[] = [
  rootSignIn,
  rootSignInFailed,
  rootActivity,
  rootAccessKeyCreated,
  rootCredentialsChanged,
  userSignInWithoutMfa,
  accessKeyCreated,
  accessKeyCreatedForOtherUser,
  adminGranted,
  policyAttachedToUser,
  permissivePolicyChange,
  privilegeEscalationGranted,
  trustPolicyPublic,
  trustPolicyExternal,
  loginProfileForOtherUser,
  mfaRemoved,
  cloudtrailTampered,
  monitorTampered,
  passwordPolicyWeakened,
  permissionsBoundaryRemoved,
  deniedSensitiveCall,
  unparseableEvent,
  identityProviderChanged,
  rolesAnywhereTrustChanged,
  federationTokenIssued,
  resourcePolicyOpened,
  compromisedKeyQuarantined,
  consoleSignInAttack,
  organizationTampered,
  loggingDisabled,
  trailBucketTampered,
  iamPolicyChanged,
];
