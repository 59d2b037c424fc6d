/** Shared reading of trust-policy changes (CreateRole, UpdateAssumeRolePolicy) for the trust rules. */
import type { NormalizedEvent } from '../../cloudtrail/types';
import type { Config } from '../../config/types';
import { parsePolicyDocument } from '../../policy/document';
import { analyseTrust, type TrustAnalysis } from '../../policy/trust';
import { param, roleArnOf, skipRoleChange } from './_util';

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
export function trustChange(ev: NormalizedEvent, config: Config): TrustChange | undefined {
  if (ev.failed || ev.eventSource !== 'iam.amazonaws.com') return undefined;
  const field = ev.eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : ev.eventName === 'UpdateAssumeRolePolicy' ? 'policyDocument' : undefined;
  if (!field) return undefined;
  const roleName = param(ev.requestParameters, 'roleName');
  if (!roleName) return undefined;
  const parsed = parsePolicyDocument(ev.requestParameters[field]);
  if (!parsed.ok) return undefined;
  const roleArn = roleArnOf(ev, roleName);
  const analysis = analyseTrust(parsed.document, ev.account, { trustedAccounts: config.trustedAccounts });
  // Allow-listed names are chosen by whoever creates the role (and the "automation" actor is recognised by name too):
  // a trust policy made public is reported whoever made it and whatever the role is called.
  if (!analysis.public && skipRoleChange(ev, roleArn, roleName, config.allowList)) return undefined;
  return { roleName, roleArn, verb: ev.eventName === 'CreateRole' ? 'created role' : 'changed the trust policy of role', analysis };
}
