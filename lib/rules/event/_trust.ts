/** Shared reading of trust-policy changes (CreateRole, UpdateAssumeRolePolicy) for the trust rules. */
import type { NormalizedEvent } from '../../cloudtrail/types';
import type { Config } from '../../config/types';
import { parsePolicyDocument } from '../../policy/document';
import { analyseTrust, type TrustAnalysis } from '../../policy/trust';
import { isAwsManagedRoleName, param, roleArnOf } from './_util';
import { allowListEntryFor, expectedCaller, trustDocumentProblems } from '../../posture/allowlist';

export interface TrustChange {
  roleName: string;
  roleArn: string;
  verb: string;
  analysis: TrustAnalysis;
}

export const TRUST_EVENTS = ['CreateRole', 'UpdateAssumeRolePolicy'];

/**
 * The trust policy a successful CreateRole / UpdateAssumeRolePolicy set, analysed. Undefined when the event is not
 * one, failed, names an AWS-managed / allow-listed role, or its document cannot be read (unparseable-event reports that).
 */
export function trustChange(ev: NormalizedEvent, config: Config, ruleId: string): TrustChange | undefined {
  if (ev.failed || ev.eventSource !== 'iam.amazonaws.com') return undefined;
  const field = ev.eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : ev.eventName === 'UpdateAssumeRolePolicy' ? 'policyDocument' : undefined;
  if (!field) return undefined;
  const roleName = param(ev.requestParameters, 'roleName');
  if (!roleName) return undefined;
  const parsed = parsePolicyDocument(ev.requestParameters[field]);
  if (!parsed.ok) return undefined;
  const roleArn = roleArnOf(ev, roleName);
  const analysis = analyseTrust(parsed.document, ev.account, { trustedAccounts: config.trustedAccounts });
  // Identity Center and service-linked roles are AWS's own (reserved paths): never judged.
  if (isAwsManagedRoleName(roleName) || roleArn.includes('/aws-service-role/') || roleArn.includes('/aws-reserved/sso.amazonaws.com/')) return undefined;
  // Allow-listed names are chosen by whoever creates the role (and a caller's role name by whoever creates that role):
  // the entry covers only a trust it expects, set by a caller it names. A public trust is never expected.
  const entry = allowListEntryFor(roleArn, config);
  if (entry && entry.covers.includes(ruleId) && expectedCaller(entry, ev.actor) && trustDocumentProblems(analysis, config, entry).length === 0) return undefined;
  return { roleName, roleArn, verb: ev.eventName === 'CreateRole' ? 'created role' : 'changed the trust policy of role', analysis };
}
