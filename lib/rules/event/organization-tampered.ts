/**
 * AWS Organizations changes that remove the guard rails an organization puts on this account: leaving it (even an
 * attempt), deleting it, removing an account, disabling a policy type, detaching a policy (service control policies).
 */
import type { EventRule, RuleHit } from '../types';
import type { NormalizedEvent } from '../../cloudtrail/types';
import type { Fix, Severity } from '../../findings/types';
import { baseEvidence, fillFix, param, when } from './_util';

export const ORGANIZATION_EVENTS = ['LeaveOrganization', 'DeleteOrganization', 'RemoveAccountFromOrganization', 'DisablePolicyType', 'DetachPolicy'];

const FIXES: Record<string, Fix> = {
  LeaveOrganization: {
    console: [
      'Find out who called LeaveOrganization (the alert names the principal) and revoke their sessions and keys if it was not a planned move.',
      'If the account left: from the management account, AWS Organizations console > AWS accounts > Add an AWS account > Invite an existing account, and accept the invitation in this account.',
      'Deny organizations:LeaveOrganization to every member account with a service control policy.',
    ],
    cli: 'aws organizations invite-account-to-organization --target Id=<account-id>,Type=ACCOUNT   # run in the management account, then accept in this account: aws organizations accept-handshake --handshake-id <handshake-id>',
  },
  DeleteOrganization: {
    console: ['AWS Organizations console (management account) > Create an organization (all features), then invite the accounts again and re-attach the service control policies.'],
    cli: 'aws organizations create-organization --feature-set ALL',
  },
  RemoveAccountFromOrganization: {
    console: ['AWS Organizations console (management account) > AWS accounts > Add an AWS account > Invite an existing account: <account-id>.'],
    cli: 'aws organizations invite-account-to-organization --target Id=<account-id>,Type=ACCOUNT',
  },
  DisablePolicyType: {
    console: ['AWS Organizations console (management account) > Policies > <policy-type>: Enable, then attach the policies again to the root, OUs and accounts.'],
    cli: 'aws organizations enable-policy-type --root-id <root-id> --policy-type <policy-type>',
  },
  DetachPolicy: {
    console: ['AWS Organizations console (management account) > Policies > <policy-id> > Targets > Attach: <target-id>.'],
    cli: 'aws organizations attach-policy --policy-id <policy-id> --target-id <target-id>',
  },
};

function hit(ev: NormalizedEvent, resource: string, severity: Severity, what: string, values: Record<string, string | undefined>, tail?: string): RuleHit {
  return {
    resource,
    severity,
    message: `${ev.actor.display} ${what}${when(ev)}${tail ? `: ${tail}` : ''}.`,
    evidence: baseEvidence(ev),
    fix: fillFix(FIXES[ev.eventName], values),
    ...(ev.failed ? { factors: { failedAttempt: true } } : {}),
  };
}

export const organizationTampered: EventRule = {
  id: 'organization-tampered',
  kind: 'event',
  title: 'Account left the organization, or organization guard rails removed',
  severity: 'medium',
  guide:
    'Monitor AWS Organizations changes (CIS 4.15): an account stays in its organization, and service control policies stay enabled and attached.',
  why: 'Service control policies, organization trails and the security team\'s delegated administrators only reach accounts inside the organization. Leaving it, or detaching or disabling its policies, lifts every one of those limits at once; attackers try LeaveOrganization right after taking over an account.',
  fix: FIXES.DisablePolicyType,
  controls: ['CIS-4.15'],
  eventNames: ORGANIZATION_EVENTS,
  evaluate(ev) {
    if (ev.eventSource !== 'organizations.amazonaws.com') return [];
    const rp = ev.requestParameters;
    if (ev.eventName === 'LeaveOrganization') {
      // Also when refused: the attempt itself shows someone trying to escape the organization's controls.
      const what = ev.failed
        ? `tried to take account ${ev.account} out of its AWS organization (refused: ${ev.errorCode ?? 'error'})`
        : `took account ${ev.account} out of its AWS organization`;
      const tail = ev.failed ? 'someone holding these credentials is trying to escape the organization\'s controls' : 'its service control policies no longer apply';
      return [hit(ev, ev.account, 'high', what, { 'account-id': ev.account }, tail)];
    }
    if (ev.failed) return [];
    switch (ev.eventName) {
      case 'DeleteOrganization':
        return [hit(ev, ev.account, 'medium', 'deleted the AWS organization (its service control policies are gone)', {})];
      case 'RemoveAccountFromOrganization': {
        const account = param(rp, 'accountId');
        return [hit(ev, account ?? ev.account, 'medium', `removed account ${account ?? '(unnamed)'} from the AWS organization`, { 'account-id': account })];
      }
      case 'DisablePolicyType': {
        const type = param(rp, 'policyType');
        const root = param(rp, 'rootId');
        const scp = type === 'SERVICE_CONTROL_POLICY' ? 'no service control policy applies any more' : undefined;
        return [hit(ev, root ?? ev.account, 'medium', `disabled organization policy type ${type ?? '(unnamed)'} on root ${root ?? '(unnamed)'}`, { 'root-id': root, 'policy-type': type }, scp)];
      }
      case 'DetachPolicy': {
        const policy = param(rp, 'policyId');
        const target = param(rp, 'targetId');
        // The record does not carry the policy type: say so rather than guess.
        const kind = policy === 'p-FullAWSAccess' ? 'the AWS-managed FullAWSAccess service control policy' : `organization policy ${policy ?? '(unnamed)'} (a service control policy unless it is a tag, backup or AI opt-out policy)`;
        return [hit(ev, policy ?? ev.account, 'medium', `detached ${kind} from ${target ?? '(unnamed target)'}`, { 'policy-id': policy, 'target-id': target })];
      }
      default:
        return [];
    }
  },
};
